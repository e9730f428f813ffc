import { randomBytes } from 'node:crypto';
import type { ServiceDefinition } from '../aws/protocol/service-definition.js';
import { createLogger, type Logger } from '../lib/log.js';
import { createSecretBox, type SecretBox } from '../lib/secret-box.js';
import type { JobHandlers } from '../store/jobs.js';
import type { AccountPrincipals } from '../services/iam/account-principals.js';
import { createIam } from '../services/iam/index.js';
import { createIdentitystore, type Identitystore } from '../services/identitystore/index.js';
import { createOrganizations, type OrganizationsDeps } from '../services/organizations/index.js';
import { createSsoAdmin, type SsoAdmin } from '../services/sso-admin/index.js';
import type { IdentityDirectory } from '../services/sso-admin/ports.js';
import type { IamDomain } from '../services/iam/domain.js';
import { createSsoOidc, type OidcPages } from '../services/sso-oidc/index.js';
import { createSsoPortal, type PortalWeb } from '../services/sso-portal/index.js';
import { createSignIn, type SignInDomain } from '../services/sso-portal/sign-in/index.js';
import { stsService } from '../services/sts/index.js';
import { principalPolicyTables, type PrincipalPolicies } from '../services/iam/principal-policies.js';
import type { AccountControls } from '../aws/authz/policy-source.js';
import type { OrgMembership } from '../services/organizations/ports.js';

/** What the services need from the composition root. IAM's domain also makes and removes the roles sso-admin
 * provisions, issues IAM users' access keys and mints the portal's role credentials. */
export type ServiceDeps = OrganizationsDeps & {
  readonly iam: IamDomain;
  /** Seals TOTP secrets and the authorization messages of denials (default: a throwaway key, for callers that never
   * sign anyone in nor decode a denial). */
  readonly sealer?: SecretBox;
  readonly log?: Logger;
};

export interface Services {
  /** Every AWS service the edge serves, in the order docs/coverage.md lists them. */
  readonly definitions: readonly ServiceDefinition[];
  /** The durable jobs the services enqueue, by kind, for the job runner. */
  readonly jobHandlers: JobHandlers;
  /** Identity Center administration, whose identity-store directory identitystore is handed. */
  readonly ssoAdmin: SsoAdmin;
  /** The Identity Store, whose users and groups sso-admin and the portal will ask about. */
  readonly identitystore: Identitystore;
  /** Sign-in to the access portal: the domain API the pages and the control API call. */
  readonly signIn: SignInDomain;
  /** What the device and authorize pages call (with a signed-in PortalSession). */
  readonly oidcPages: OidcPages;
  /** The access portal's accounts, roles and role credentials for the pages' signed-in user. */
  readonly portalWeb: PortalWeb;
  /** What binds an account's principals (Organizations: organization, path, SCPs), for the authorize step. */
  readonly accountControls: (accountId: string) => Promise<AccountControls>;
  /** Organizations' member accounts, for the access report. */
  readonly organizationMembership: OrgMembership;
  /** IAM principals' policies (identity policies, boundary, tags, trust policies, managed policy documents), for the
   * authorize step's policy source. */
  readonly principalPolicies: PrincipalPolicies;
  /** IAM's accounts, users and roles, for the access report. */
  readonly accountPrincipals: AccountPrincipals;
  /** Every table the authorize step's policy source reads (IAM's and Organizations'). */
  readonly policyTables: readonly string[];
}

export function createServices(deps: ServiceDeps): Services {
  const organizations = createOrganizations(deps);
  const accountControls = (accountId: string) => organizations.accountControls(accountId);
  // sso-admin and identitystore need each other (instances own identity stores; assignments name their users and
  // groups): sso-admin is handed a getter that resolves once identitystore exists.
  let identities: IdentityDirectory | undefined;
  const ssoAdmin = createSsoAdmin({
    store: deps.store,
    clock: deps.clock,
    organizations: organizations.trustedAccess,
    iam: deps.iam,
    identities: () => {
      if (!identities) throw new Error('identitystore is not wired yet');
      return identities;
    },
    wakeJobsAt: deps.wakeJobsAt,
  });
  const identitystore = createIdentitystore({ store: deps.store, clock: deps.clock, directory: ssoAdmin.directory });
  identities = identitystore.directory;
  const log = deps.log ?? createLogger('silent');
  const sealer = deps.sealer ?? createSecretBox(randomBytes(32));
  const signIn = createSignIn({
    store: deps.store,
    clock: deps.clock,
    sealer,
    users: identitystore.directory,
    directory: ssoAdmin.portal,
    // the access portal's settings are sso-admin's (the control API edits them)
    settings: {
      settings: (instanceArn, db) => ssoAdmin.portalSettings.sessionSettings(instanceArn, db),
      instanceByAlias: (alias) => ssoAdmin.portalSettings.instanceByAlias(alias),
    },
    managementAccountId: () => deps.iam.managementAccountId(),
    log,
  });
  const oidc = createSsoOidc({ store: deps.store, clock: deps.clock, instances: signIn.instances, log });
  const portal = createSsoPortal({
    tokens: oidc.tokens,
    users: identitystore.directory,
    access: ssoAdmin.portal,
    sessionTags: ssoAdmin.accessControl,
    iam: deps.iam,
    clock: deps.clock,
    log,
  });
  const iamService = createIam({ store: deps.store, clock: deps.clock, iam: deps.iam, accountControls });
  return {
    definitions: [
      organizations.service,
      ssoAdmin.service,
      identitystore.service,
      portal.service,
      oidc.service,
      stsService({ iam: deps.iam, box: sealer }),
      iamService.service,
    ],
    jobHandlers: { ...organizations.jobHandlers, ...ssoAdmin.jobHandlers },
    ssoAdmin,
    identitystore,
    signIn: signIn.domain,
    oidcPages: oidc.pages,
    portalWeb: portal.web,
    accountControls,
    organizationMembership: organizations.membership,
    principalPolicies: iamService.principalPolicies,
    accountPrincipals: iamService.accountPrincipals,
    policyTables: [...principalPolicyTables, ...organizations.accountControlTables],
  };
}
