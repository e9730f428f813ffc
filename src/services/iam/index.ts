import { model } from '../../aws/api/iam.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import type { Store } from '../../store/database.js';
import { authz } from './authz.js';
import { IamProvider } from './provider.js';
import { RolesRead } from './roles-read.js';

export interface IamDeps {
  readonly store: Store;
}

/** IAM wired to a store: the read API over roles and the account calls tools make first; the rest answer NotImplemented. */
export interface Iam {
  readonly service: ServiceDefinition;
}

export function createIam(deps: IamDeps): Iam {
  // IAM's operations are split over providers by topic; each is the only place its operations see wire names.
  const providers = [new IamProvider(new RolesRead(deps.store.db))];
  return { service: defineService('iam', model, authz, providers) };
}
