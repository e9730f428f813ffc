import { model } from '../../aws/api/iam.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/database.js';
import { AccessKeys } from './access-keys.js';
import { AccountPrincipals } from './account-principals.js';
import { AccountProvider } from './account-provider.js';
import { AccountSettings } from './account-settings.js';
import { authz } from './authz.js';
import { IamAuthzNames } from './authz-names.js';
import type { IamDomain } from './domain.js';
import { EntitiesStore } from './entities-store.js';
import { Groups } from './groups.js';
import { GroupsProvider } from './groups-provider.js';
import { LoginProfiles } from './login-profiles.js';
import { MfaDevicesProvider } from './mfa-devices-provider.js';
import { ManagedPolicies } from './policies.js';
import { PoliciesStore } from './policies-store.js';
import { PoliciesProvider } from './policies-provider.js';
import { IamProvider } from './provider.js';
import { RolesProvider } from './roles-provider.js';
import { RolesRead } from './roles-read.js';
import { RolesWrite } from './roles-write.js';
import { SamlProviders } from './saml-providers.js';
import { SamlProvidersProvider } from './saml-providers-provider.js';
import type { AccountControls } from '../../aws/authz/policy-source.js';
import { PrincipalPolicies } from './principal-policies.js';
import { SimulationProvider } from './simulation-provider.js';
import { IamStore } from './store.js';
import { IamTags } from './tags.js';
import { Users } from './users.js';
import { UsersProvider } from './users-provider.js';

export interface IamDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** IAM's domain (built in the composition root, where it is also the credential lookup): access keys of IAM users,
   * role creation and the managed-policy check the role operations share with Identity Center's provisioning. */
  readonly iam: IamDomain;
  /** What binds an account's principals (Organizations' SCPs along its path): the policy simulator includes them. */
  readonly accountControls: (accountId: string) => Promise<AccountControls>;
}

/** IAM wired to a store: roles, managed policies, users, groups, access keys, SAML providers, virtual MFA devices, the account's alias,
 * password policy and summary; the rest answer NotImplemented. */
export interface Iam {
  readonly service: ServiceDefinition;
  /** Principals' policies, for the authorize step's policy source (the simulator uses the same instance). */
  readonly principalPolicies: PrincipalPolicies;
  /** Accounts, users and roles, for the access report. */
  readonly accountPrincipals: AccountPrincipals;
}

export function createIam(deps: IamDeps): Iam {
  const { db } = deps.store;
  const roles = new RolesRead(db);
  const tags = new IamTags(db);
  const entities = new EntitiesStore(db);
  const accessKeys = new AccessKeys({ store: deps.store, iam: deps.iam, entities });
  const users = new Users({ store: deps.store, iam: deps.iam, clock: deps.clock, entities, accessKeys });
  const groups = new Groups({ store: deps.store, clock: deps.clock, entities });
  const policies = new ManagedPolicies(deps.store, deps.clock);
  const iamStore = new IamStore(db);
  const policiesStore = new PoliciesStore(deps.store.dialect === 'postgres');
  const settings = new AccountSettings(deps.store);
  const samlProviders = new SamlProviders(deps.store, deps.clock, tags);
  const principalPolicies = new PrincipalPolicies({ db, iam: iamStore, entities, policies: policiesStore, tags });
  // IAM's operations are split over providers by topic; each is the only place its operations see wire names.
  const providers = [
    new IamProvider(roles, policies, entities, samlProviders),
    new PoliciesProvider(policies),
    new RolesProvider(roles, new RolesWrite(deps.store, deps.iam, tags), tags),
    new SamlProvidersProvider(samlProviders),
    new AccountProvider(settings),
    new UsersProvider(users, new LoginProfiles({ clock: deps.clock, entities, settings }), accessKeys, deps.iam),
    new GroupsProvider(groups, users),
    new MfaDevicesProvider(deps.iam.mfaDevices, users),
    new SimulationProvider({ entityPolicies: (arn) => principalPolicies.entityPolicies(arn), accountControls: deps.accountControls }),
  ];
  const authzNames = new IamAuthzNames({ db, policies: policiesStore, accessKeys });
  return {
    service: defineService('iam', model, authz, providers, {
      resolveAuthzName: (name, input, principal) => authzNames.resolve(name, input, principal),
    }),
    principalPolicies,
    accountPrincipals: new AccountPrincipals(iamStore, entities),
  };
}
