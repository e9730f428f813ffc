// Authorization table for the access portal (botocore `sso`): one entry per operation of the model. The portal is not
// an IAM service: every call carries an SSO bearer token (x-amz-sso_bearer_token), checked by the portal itself.
import type { operationNames } from '../../aws/api/sso.js';
import type { AuthzEntry, AuthzTable } from '../../aws/authz/types.js';

type Operation = (typeof operationNames)[number];

/** What the service resolver must answer (everything else is the request or the input). */
export const resolverNames: readonly string[] = [];

export const authz: AuthzTable = {
  GetRoleCredentials: { action: null, resources: [] },
  ListAccountRoles: { action: null, resources: [] },
  ListAccounts: { action: null, resources: [] },
  Logout: { action: null, resources: [] },
} satisfies Record<Operation, AuthzEntry>;
