import { model } from '../../aws/api/iam.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/database.js';
import { authz } from './authz.js';
import { ManagedPolicies } from './policies.js';
import { PoliciesProvider } from './policies-provider.js';
import { IamProvider } from './provider.js';
import { RolesRead } from './roles-read.js';

export interface IamDeps {
  readonly store: Store;
  readonly clock: Clock;
}

/** IAM wired to a store: the read API over roles, managed policies and the account calls tools make first; the rest answer NotImplemented. */
export interface Iam {
  readonly service: ServiceDefinition;
}

export function createIam(deps: IamDeps): Iam {
  // IAM's operations are split over providers by topic; each is the only place its operations see wire names.
  const policies = new ManagedPolicies(deps.store, deps.clock);
  const providers = [new IamProvider(new RolesRead(deps.store.db), policies), new PoliciesProvider(policies)];
  return { service: defineService('iam', model, authz, providers) };
}
