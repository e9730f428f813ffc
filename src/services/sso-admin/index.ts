import { AccessControlDomain } from './access-control.js';
import { model } from '../../aws/api/sso-admin.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import type { JobHandlers } from '../../store/jobs.js';
import { AssignmentsDomain } from './assignments.js';
import { authz } from './authz.js';
import { resolveSsoAuthzName } from './authz-names.js';
import { SsoCore, type SsoAdminDeps } from './core.js';
import { InstancesDomain } from './instances.js';
import { PermissionSetsDomain } from './permission-sets.js';
import { SsoPortalDirectory } from './portal-directory.js';
import type { AccessDirectory, IdentityStoreDirectory, PortalDirectory } from './ports.js';
import { SsoAccessDirectory } from './access-directory.js';
import { PortalSettingsDomain } from './portal-settings.js';
import { SsoAdminProvider } from './provider.js';

export type { SsoAdminDeps } from './core.js';

/** IAM Identity Center administration wired to a store: the service the edge serves, and the identity stores its
 * instances own, for identitystore. */
export interface SsoAdmin {
  readonly service: ServiceDefinition;
  readonly directory: IdentityStoreDirectory;
  /** The durable jobs of account assignments and provisioning, for the job runner. */
  readonly jobHandlers: JobHandlers;
  /** Instances and users' assignments, for the access portal and its sign-in. */
  readonly portal: PortalDirectory;
  /** Attribute-based access control, for sign-in: the session tags (aws:PrincipalTag/<key>) of a user's sessions. */
  readonly accessControl: Pick<AccessControlDomain, 'sessionTagsFor'>;
  /** The access portal's settings (start URL alias, session duration, MFA), for the control API. */
  readonly portalSettings: PortalSettingsDomain;
  /** Permission sets as roles in accounts and who is assigned them, for the access report. */
  readonly access: AccessDirectory;
}

export function createSsoAdmin(deps: SsoAdminDeps): SsoAdmin {
  const core = new SsoCore(deps);
  const instances = new InstancesDomain(core);
  const assignments = new AssignmentsDomain(core);
  const accessControl = new AccessControlDomain(core);
  const provider = new SsoAdminProvider({ instances, permissionSets: new PermissionSetsDomain(core), assignments, accessControl });
  return {
    service: defineService('sso-admin', model, authz, provider, {
      resolveAuthzName: (name, input) => resolveSsoAuthzName(core, name, input),
    }),
    directory: instances,
    jobHandlers: assignments.jobHandlers(),
    portal: new SsoPortalDirectory(core),
    accessControl,
    portalSettings: new PortalSettingsDomain(core),
    access: new SsoAccessDirectory(core),
  };
}
