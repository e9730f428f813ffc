import type { ServiceDefinition } from '../aws/protocol/service-definition.js';
import type { JobHandlers } from '../store/jobs.js';
import { createIam } from '../services/iam/index.js';
import { createIdentitystore, type Identitystore } from '../services/identitystore/index.js';
import { createOrganizations, type OrganizationsDeps } from '../services/organizations/index.js';
import { createSsoAdmin, type SsoAdmin } from '../services/sso-admin/index.js';
import type { IdentityDirectory, SsoIamRoles } from '../services/sso-admin/ports.js';
import { ssoOidcService } from '../services/sso-oidc/index.js';
import { ssoPortalService } from '../services/sso-portal/index.js';
import { stsService } from '../services/sts/index.js';

/** What the services need from the composition root. IAM also makes and removes the roles sso-admin provisions. */
export type ServiceDeps = OrganizationsDeps & { readonly iam: OrganizationsDeps['iam'] & SsoIamRoles };

export interface Services {
  /** Every AWS service the edge serves, in the order docs/coverage.md lists them. */
  readonly definitions: readonly ServiceDefinition[];
  /** The durable jobs the services enqueue, by kind, for the job runner. */
  readonly jobHandlers: JobHandlers;
  /** Identity Center administration, whose identity-store directory identitystore is handed. */
  readonly ssoAdmin: SsoAdmin;
  /** The Identity Store, whose users and groups sso-admin and the portal will ask about. */
  readonly identitystore: Identitystore;
}

export function createServices(deps: ServiceDeps): Services {
  const organizations = createOrganizations(deps);
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
  return {
    definitions: [
      organizations.service,
      ssoAdmin.service,
      identitystore.service,
      ssoPortalService(),
      ssoOidcService(),
      stsService(),
      createIam({ store: deps.store, clock: deps.clock, domain: deps.iam }).service,
    ],
    jobHandlers: { ...organizations.jobHandlers, ...ssoAdmin.jobHandlers },
    ssoAdmin,
    identitystore,
  };
}
