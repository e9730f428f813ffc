// Authorization table for the OIDC service of IAM Identity Center (sso-oidc): one entry per operation of the model.
// CreateToken, RegisterClient and StartDeviceAuthorization are unsigned (client secrets and device codes, not IAM);
// CreateTokenWithIAM is signed and authorized as sso-oauth:CreateTokenWithIAM on the application, whose ARN is its
// clientId.
import type { operationNames } from '../../aws/api/sso-oidc.js';
import type { AuthzEntry, AuthzTable } from '../../aws/authz/types.js';

type Operation = (typeof operationNames)[number];

/** What the service resolver must answer (everything else is the request or the input). */
export const resolverNames: readonly string[] = [];

export const authz: AuthzTable = {
  CreateToken: { action: null, resources: [] },
  CreateTokenWithIAM: { action: 'sso-oauth:CreateTokenWithIAM', resources: ['${clientId}'] },
  RegisterClient: { action: null, resources: [] },
  StartDeviceAuthorization: { action: null, resources: [] },
} satisfies Record<Operation, AuthzEntry>;
