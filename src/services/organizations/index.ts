import { model } from '../../aws/api/organizations.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import type { JobHandlers } from '../../store/jobs.js';
import type { Database } from '../../store/schema.js';
import { AccountsDomain } from './accounts.js';
import { authz } from './authz.js';
import { OrgAuthzNames } from './authz-names.js';
import { OrgCore, type OrganizationsDeps } from './core.js';
import { DelegationDomain } from './delegation.js';
import { OrganizationsDomain } from './domain.js';
import { EffectiveValidationDomain } from './effective-validation.js';
import { HandshakesDomain } from './handshakes.js';
import { PolicyDomain } from './policies/policy-domain.js';
import { PolicyProvider } from './policies/policy-provider.js';
import type { OrgDirectory, OrgMembership, OrgTrustedAccess } from './ports.js';
import { OrganizationsProvider } from './provider.js';
import { TagsDomain } from './tags.js';
import { TransfersDomain } from './transfers.js';

import type { AccountControls } from '../../aws/authz/policy-source.js';

export type { OrganizationsDeps } from './core.js';

/** AWS Organizations wired to a store: the service the edge serves, and the jobs the job runner must run for it. */
export interface Organizations {
  readonly service: ServiceDefinition;
  readonly jobHandlers: JobHandlers;
  readonly directory: OrgDirectory;
  /** For services integrated with Organizations (sso-admin). */
  readonly trustedAccess: OrgTrustedAccess;
  /** For the access report: organizations' member accounts. */
  readonly membership: OrgMembership;
  /** What binds an account's principals: its organization, path and SCPs (the authorize step's policy source). */
  accountControls(accountId: string): Promise<AccountControls>;
  /** The tables accountControls reads. */
  readonly accountControlTables: readonly (keyof Database)[];
}

export function createOrganizations(deps: OrganizationsDeps): Organizations {
  const core = new OrgCore(deps);
  const tags = new TagsDomain(core);
  const organizations = new OrganizationsDomain(core, tags);
  // The policies part asks the core (its directory) about the tree; the core tells it about changes (its hooks).
  const policies = new PolicyDomain(deps.store, organizations, deps.clock);
  core.bindPolicyHooks(policies);
  const accounts = new AccountsDomain(core, tags);
  const handshakes = new HandshakesDomain(core, tags);
  const authzNames = new OrgAuthzNames(core, organizations, tags);
  const provider = new OrganizationsProvider({
    organizations,
    accounts,
    handshakes,
    delegation: new DelegationDomain(core, tags),
    tags,
    transfers: new TransfersDomain(core, handshakes, tags),
    validation: new EffectiveValidationDomain(core),
  });
  return {
    service: defineService('organizations', model, authz, [provider, new PolicyProvider(policies)], {
      resolveAuthzName: (name, input, principal) => authzNames.resolve(name, input, principal),
    }),
    jobHandlers: accounts.jobHandlers(),
    directory: organizations,
    trustedAccess: organizations,
    membership: organizations,
    accountControls: (accountId) => policies.accountControls(accountId),
    accountControlTables: ['organizations', 'org_units', 'org_accounts', 'org_policies', 'org_policy_types', 'org_policy_attachments'],
  };
}
