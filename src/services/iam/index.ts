import { model } from '../../aws/api/iam.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/database.js';
import { AccessKeys } from './access-keys.js';
import { authz } from './authz.js';
import type { IamDomain } from './domain.js';
import { EntitiesStore } from './entities-store.js';
import { Groups } from './groups.js';
import { GroupsProvider } from './groups-provider.js';
import { LoginProfiles } from './login-profiles.js';
import { IamProvider } from './provider.js';
import { RolesRead } from './roles-read.js';
import { Users } from './users.js';
import { UsersProvider } from './users-provider.js';

export interface IamDeps {
  readonly store: Store;
  /** Accounts and credentials: access keys of IAM users are issued and looked up through it. */
  readonly iam: IamDomain;
  readonly clock: Clock;
}

/** IAM wired to a store: roles (read), users, groups, access keys and the account calls tools make first; the rest
 * answer NotImplemented. */
export interface Iam {
  readonly service: ServiceDefinition;
}

export function createIam(deps: IamDeps): Iam {
  const entities = new EntitiesStore(deps.store.db);
  const accessKeys = new AccessKeys({ store: deps.store, iam: deps.iam, entities });
  const users = new Users({ store: deps.store, iam: deps.iam, clock: deps.clock, entities, accessKeys });
  const groups = new Groups({ store: deps.store, clock: deps.clock, entities });
  // IAM's operations are split over providers by topic; each is the only place its operations see wire names.
  const providers = [
    new IamProvider(new RolesRead(deps.store.db), entities),
    new UsersProvider(users, new LoginProfiles({ store: deps.store, clock: deps.clock, entities }), accessKeys, deps.iam),
    new GroupsProvider(groups, users),
  ];
  return { service: defineService('iam', model, authz, providers) };
}
