// The database schema as Kysely sees it, and the one registry of tables that generic code (export, import, reset)
// walks. Adding a table: append a migration in migrations.ts, add its interface to `Database`, add its entry to
// `TABLES` (the compiler insists on the last step once the interface is there).
//
// Portability rules (SQLite and PostgreSQL run the same migrations): text ids, `bigint` epoch-ms times (parsed to
// number on both), JSON as text, booleans as integer 0/1, no enum CHECKs (SQLite cannot alter them in place).

import type { Insertable, Selectable, Updateable } from 'kysely';

export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

export interface AccountsTable {
  /** 12-digit AWS account id. */
  id: string;
  name: string;
  email: string;
  status: AccountStatus;
  created_at: number;
}

export type CredentialKind = 'root' | 'user' | 'session';
export type CredentialStatus = 'Active' | 'Inactive';

export interface CredentialsTable {
  access_key_id: string;
  account_id: string;
  kind: CredentialKind;
  /** JSON of the Principal (src/aws/auth/principal.ts) this key authenticates as. */
  principal: string;
  /** The secret access key sealed with the SecretBox (src/lib/secret-box.ts); never plaintext. */
  secret: string;
  /** sha256 hex of the session token, for kind 'session'. */
  session_token_hash: string | null;
  /** The IAM user (iam_users.id) a kind 'user' key belongs to; null for other kinds. */
  user_id: string | null;
  status: CredentialStatus;
  created_at: number;
  expires_at: number | null;
  /** Long-term keys: when a request signed with the key last authenticated (epoch ms; recorded at most once a minute). */
  last_used_at: number | null;
  /** The SigV4 scope's service and region of that request. */
  last_used_service: string | null;
  last_used_region: string | null;
}

/** Server-wide facts (management account id, bootstrap done, ...), one row per key. */
export interface SettingsTable {
  key: string;
  value: string;
}

export type JobState = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  /** JSON. Stored in plaintext and included in exports: never put secrets here. */
  payload: string;
  state: JobState;
  run_at: number;
  /** Claims so far, including the current one; also the fencing token of the current claim. */
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

// Organizations policies (services/organizations/policies). Rows are keyed by organization: AWS-managed policies
// (p-FullAWSAccess, p-RCPFullAWSAccess) have the same id in every organization and get one row in each.

export interface OrgPolicyTypesTable {
  organization_id: string;
  /** SERVICE_CONTROL_POLICY, TAG_POLICY, ... */
  policy_type: string;
  /** ENABLED (enabling and disabling are immediate here; AWS's PENDING_* states never show). */
  status: string;
  enabled_at: number;
}

/** The roots, OUs and accounts of each organization, as the core's hooks report them. */
export interface OrgPolicyTargetsTable {
  organization_id: string;
  target_id: string;
  /** ROOT | ORGANIZATIONAL_UNIT | ACCOUNT */
  target_type: string;
  joined_at: number;
}

export interface OrgPoliciesTable {
  organization_id: string;
  /** p-xxxxxxxx, or p-FullAWSAccess / p-RCPFullAWSAccess for the AWS-managed ones. */
  id: string;
  policy_type: string;
  name: string;
  description: string;
  /** The document exactly as the caller sent it (size limits count every character). */
  content: string;
  /** 0/1 */
  aws_managed: number;
  created_at: number;
  updated_at: number;
}

export interface OrgPolicyAttachmentsTable {
  organization_id: string;
  policy_id: string;
  target_id: string;
  policy_type: string;
  /** Order of attachment on the target (management policies on one target merge in this order). */
  position: number;
  attached_at: number;
}

// IAM roles (services/iam): the role, its attached managed policies and its inline policies.

export interface RolesTable {
  /** AROA + 17 base32 characters. */
  id: string;
  account_id: string;
  name: string;
  /** lower(name): role names are unique per account, compared case-insensitively. */
  name_lower: string;
  path: string;
  arn: string;
  description: string | null;
  /** The trust policy document, JSON text. */
  trust_policy: string;
  /** Seconds. */
  max_session_duration: number;
  created_at: number;
  /** The managed policy ARN of the role's permissions boundary, or null. */
  permissions_boundary: string | null;
}

export interface RoleAttachedPoliciesTable {
  role_id: string;
  policy_arn: string;
  attached_at: number;
}

export interface RoleInlinePoliciesTable {
  role_id: string;
  name: string;
  /** JSON text. */
  document: string;
}

// IAM entities beyond roles (services/iam): users, groups and memberships, customer managed policies and their
// versions, user and group policies, tags, SAML providers, the account alias and password policy.

/** Users and groups: same columns (users add a boundary and a console password). */
export interface IamPrincipalEntityColumns {
  /** AIDA (users) or AGPA (groups) + 17 base32 characters. */
  id: string;
  account_id: string;
  name: string;
  /** lower(name): unique per account. */
  name_lower: string;
  path: string;
  arn: string;
  created_at: number;
}

export interface IamUsersTable extends IamPrincipalEntityColumns {
  permissions_boundary: string | null;
  /** scrypt hash of the console password (CreateLoginProfile), never the password; null: no login profile. */
  password_hash: string | null;
  /** 0/1 */
  password_reset_required: number | null;
  password_created_at: number | null;
}

export type IamGroupsTable = IamPrincipalEntityColumns;

/** A virtual MFA device (migration 0016). */
export interface IamMfaDevicesTable {
  serial_number: string;
  account_id: string;
  name: string;
  path: string;
  /** The TOTP seed (base32), sealed. */
  seed: string;
  created_at: number;
  /** The IAM user it is enabled for; null while unassigned. */
  user_id: string | null;
  enabled_at: number | null;
  /** The last TOTP time step a code was accepted for (no code is accepted twice). */
  last_step: number | null;
}
export type IamMfaDeviceRow = Selectable<IamMfaDevicesTable>;

export interface IamGroupMembersTable {
  group_id: string;
  user_id: string;
  added_at: number;
}

export interface IamUserInlinePoliciesTable {
  user_id: string;
  name: string;
  /** JSON text. */
  document: string;
}

export interface IamGroupInlinePoliciesTable {
  group_id: string;
  name: string;
  document: string;
}

export interface IamUserAttachedPoliciesTable {
  user_id: string;
  policy_arn: string;
  attached_at: number;
}

export interface IamGroupAttachedPoliciesTable {
  group_id: string;
  policy_arn: string;
  attached_at: number;
}

/** Customer managed policies (AWS managed ones are a catalogue shipped with the server). */
export interface IamPoliciesTable {
  /** ANPA + 17 base32 characters. */
  id: string;
  account_id: string;
  name: string;
  name_lower: string;
  path: string;
  arn: string;
  description: string | null;
  default_version_id: string;
  /** The number of the next version (v<n>): ids are never reused. */
  next_version: number;
  created_at: number;
  updated_at: number;
}

export interface IamPolicyVersionsTable {
  policy_id: string;
  /** v1, v2, ... */
  version_id: string;
  /** JSON text. */
  document: string;
  created_at: number;
}

export interface IamTagsTable {
  /** The tagged entity's id (role, user, customer managed policy) or ARN (SAML provider). */
  entity_id: string;
  key: string;
  value: string;
}

export interface IamSamlProvidersTable {
  arn: string;
  account_id: string;
  name: string;
  metadata_document: string;
  created_at: number;
  valid_until: number;
}

export interface IamAccountAliasesTable {
  account_id: string;
  alias: string;
}

export interface IamPasswordPoliciesTable {
  account_id: string;
  /** The PasswordPolicy settings, JSON text. */
  policy: string;
}

// Organizations, the core (services/organizations): organizations with their root, OUs, member accounts,
// account-creation requests, handshakes, tags, service access, delegated administrators, the resource policy and
// responsibility transfers.

export type FeatureSet = 'ALL' | 'CONSOLIDATED_BILLING';

export interface OrganizationsTable {
  /** o- + 10 lower-case alphanumerics. */
  id: string;
  feature_set: FeatureSet;
  management_account_id: string;
  /** r- + 4: the organization's one root. */
  root_id: string;
  created_at: number;
}

export interface OrgUnitsTable {
  /** ou-<root suffix>-<8>. */
  id: string;
  organization_id: string;
  /** The root or an OU. */
  parent_id: string;
  name: string;
  /** 1 directly below the root. */
  depth: number;
  /** o-x/r-x/ou-a/ou-this/ (OUs never move). */
  path: string;
  created_at: number;
}

export type JoinedMethod = 'CREATED' | 'INVITED';

export interface OrgAccountsTable {
  account_id: string;
  organization_id: string;
  parent_id: string;
  joined_method: JoinedMethod;
  joined_at: number;
  close_requested_at: number | null;
  closed_at: number | null;
}

export type CreateAccountState = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface OrgCreateAccountRequestsTable {
  /** car- + 32. */
  id: string;
  organization_id: string;
  account_name: string;
  email: string;
  role_name: string;
  iam_user_access_to_billing: string | null;
  /** JSON [{Key, Value}] or null. */
  tags: string | null;
  state: CreateAccountState;
  failure_reason: string | null;
  account_id: string | null;
  requested_at: number;
  completed_at: number | null;
}

export type HandshakeAction = 'INVITE' | 'ENABLE_ALL_FEATURES' | 'APPROVE_ALL_FEATURES' | 'TRANSFER_RESPONSIBILITY';
/** As stored: EXPIRED is computed from expires_at when read. */
export type StoredHandshakeState = 'REQUESTED' | 'OPEN' | 'CANCELED' | 'ACCEPTED' | 'DECLINED';

export interface OrgHandshakesTable {
  /** h- + 10. */
  id: string;
  /** The sending organization. */
  organization_id: string;
  action: HandshakeAction;
  state: StoredHandshakeState;
  /** The recipient as the sender named it (ACCOUNT | EMAIL), null on a parent handshake. */
  party_type: string | null;
  party_id: string | null;
  recipient_account_id: string | null;
  parent_handshake_id: string | null;
  transfer_id: string | null;
  notes: string | null;
  /** JSON [{Key, Value}] or null. */
  tags: string | null;
  requested_at: number;
  expires_at: number;
  updated_at: number;
}

export interface OrgTagsTable {
  organization_id: string;
  resource_id: string;
  key: string;
  value: string;
}

export interface OrgServiceAccessTable {
  organization_id: string;
  service_principal: string;
  enabled_at: number;
}

export interface OrgDelegatedAdminsTable {
  organization_id: string;
  account_id: string;
  service_principal: string;
  enabled_at: number;
}

export interface OrgResourcePoliciesTable {
  organization_id: string;
  /** rp- + 8. */
  id: string;
  content: string;
  created_at: number;
  updated_at: number;
}

export type TransferStatus = 'REQUESTED' | 'ACCEPTED' | 'DECLINED' | 'CANCELED' | 'WITHDRAWN';

export interface OrgResponsibilityTransfersTable {
  /** rt- + 10. */
  id: string;
  type: string;
  name: string;
  status: TransferStatus;
  /** The inviter, who manages the responsibility: the transfer's Target. */
  target_organization_id: string;
  target_account_id: string;
  /** The invited management account: the transfer's Source. */
  source_account_id: string;
  source_organization_id: string | null;
  start_at: number;
  end_at: number | null;
  handshake_id: string;
  created_at: number;
  updated_at: number;
}

export interface SsoInstancesTable {
  /** arn:aws:sso:::instance/ssoins-<16 hex>. */
  arn: string;
  /** d-<10 hex>. */
  identity_store_id: string;
  owner_account_id: string;
  organization_id: string | null;
  name: string | null;
  status: 'ACTIVE' | 'CREATE_IN_PROGRESS' | 'DELETE_IN_PROGRESS';
  created_at: number;
}

export interface SsoPermissionSetsTable {
  /** arn:aws:sso:::permissionSet/ssoins-<16 hex>/ps-<16 hex>. */
  arn: string;
  instance_arn: string;
  name: string;
  description: string | null;
  session_duration: string;
  relay_state: string | null;
  inline_policy: string | null;
  /** JSON {ManagedPolicyArn} or {CustomerManagedPolicyReference: {Name, Path}}. */
  permissions_boundary: string | null;
  created_at: number;
}

export interface SsoPsManagedPoliciesTable {
  permission_set_arn: string;
  policy_arn: string;
  name: string;
  attached_at: number;
}

export interface SsoPsCustomerPoliciesTable {
  permission_set_arn: string;
  /** path + name. */
  reference: string;
  name: string;
  path: string;
  attached_at: number;
}

export interface SsoTagsTable {
  instance_arn: string;
  resource_arn: string;
  key: string;
  value: string;
}

export type SsoStatus = 'IN_PROGRESS' | 'SUCCEEDED' | 'FAILED';

export interface SsoAccountAssignmentsTable {
  instance_arn: string;
  permission_set_arn: string;
  account_id: string;
  /** USER:<id> or GROUP:<id>. */
  principal: string;
  principal_type: 'USER' | 'GROUP';
  principal_id: string;
  created_at: number;
}

export interface SsoAssignmentRequestsTable {
  /** A UUID. */
  id: string;
  instance_arn: string;
  operation: 'CREATE' | 'DELETE';
  status: SsoStatus;
  failure_reason: string | null;
  target_id: string;
  permission_set_arn: string;
  principal_type: 'USER' | 'GROUP';
  principal_id: string;
  created_at: number;
}

export interface SsoProvisionedTable {
  permission_set_arn: string;
  account_id: string;
  instance_arn: string;
  /** AWSReservedSSO_<name>_<16 hex>. */
  role_name: string;
  /** 1 when the permission set changed after it was last provisioned here. */
  outdated: number;
  provisioned_at: number;
}

export interface SsoProvisioningRequestsTable {
  id: string;
  instance_arn: string;
  permission_set_arn: string;
  /** Null for ALL_PROVISIONED_ACCOUNTS. */
  account_id: string | null;
  status: SsoStatus;
  failure_reason: string | null;
  created_at: number;
}

/** An instance's attribute-based access control configuration (one per instance). */
export interface SsoAccessControlAttributesTable {
  instance_arn: string;
  /** JSON [{Key, Source}], in the order given. */
  attributes: string;
  status: 'ENABLED' | 'CREATION_IN_PROGRESS' | 'CREATION_FAILED';
  status_reason: string | null;
  created_at: number;
  updated_at: number;
}

/** The access portal's settings of an instance (AWS keeps them in its console, not in the sso-admin API). */
export interface SsoPortalSettingsTable {
  instance_arn: string;
  /** The start URL's /start/<alias>; null until set (then the identity store id). Set once. */
  alias: string | null;
  session_minutes: number;
  mfa_mode: 'always-on' | 'context-aware' | 'disabled';
  identity_source: 'identity-center-directory';
  updated_at: number;
}

// IAM Identity Center's identity store (services/identitystore): users, groups and group memberships per store.

export interface IdstoreUsersTable {
  /** A UUID. */
  id: string;
  /** d-<10 hex>: the sso-admin instance's store. */
  identity_store_id: string;
  user_name: string;
  /** lower(user_name): unique per store. */
  user_name_lower: string;
  display_name: string | null;
  /** lower() of the user's email, for GetUserId by emails.value. */
  email_lower: string | null;
  /** JSON of every other attribute (services/identitystore/attributes.ts UserProfile). */
  profile: string;
  /** ENABLED | DISABLED */
  status: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

export interface IdstoreGroupsTable {
  /** A UUID. */
  id: string;
  identity_store_id: string;
  display_name: string | null;
  /** lower(display_name): unique per store. */
  display_name_lower: string | null;
  description: string | null;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

export interface IdstoreMembershipsTable {
  /** A UUID. */
  id: string;
  identity_store_id: string;
  group_id: string;
  user_id: string;
  created_at: number;
  created_by: string;
  updated_at: number;
  updated_by: string;
}

// Sign-in to the access portal (services/sso-portal/sign-in) and the OIDC service (services/sso-oidc). Bearer values
// are kept as sha256 hex; passwords as scrypt hashes; TOTP secrets sealed.

export type SignInStage = 'change-password' | 'enrol-mfa' | 'verify-mfa' | 'active';

export interface SigninUsersTable {
  /** idstore_users.id */
  user_id: string;
  identity_store_id: string;
  /** scrypt$<log2 N>$<r>$<p>$<salt>$<key>; null until set. */
  password_hash: string | null;
  /** JSON array of the previous password hashes, newest first. */
  password_history: string;
  must_change_password: number;
  password_set_at: number | null;
  failed_attempts: number;
  locked_until: number | null;
  /** Sealed base32 TOTP secret. */
  totp_secret: string | null;
  /** Sealed base32 secret of an enrolment not yet confirmed. */
  totp_pending_secret: string | null;
  totp_last_step: number | null;
  mfa_enrolled_at: number | null;
  updated_at: number;
}

export interface SigninSessionsTable {
  /** sha256 hex of the cookie value or challenge. */
  id_hash: string;
  user_id: string;
  identity_store_id: string;
  instance_arn: string;
  stage: SignInStage;
  created_at: number;
  expires_at: number;
}

export interface SigninPasswordTokensTable {
  token_hash: string;
  user_id: string;
  identity_store_id: string;
  created_at: number;
  expires_at: number;
}

export interface OidcClientsTable {
  client_id: string;
  secret_hash: string;
  name: string;
  type: string;
  /** JSON arrays. */
  scopes: string;
  grant_types: string;
  redirect_uris: string;
  issuer_url: string | null;
  created_at: number;
  secret_expires_at: number;
}

export type DeviceAuthorizationStatus = 'pending' | 'approved' | 'denied' | 'used';

export interface OidcDeviceAuthorizationsTable {
  device_code_hash: string;
  user_code: string;
  client_id: string;
  instance_arn: string;
  identity_store_id: string;
  start_url: string;
  status: DeviceAuthorizationStatus;
  user_id: string | null;
  interval_seconds: number;
  last_polled_at: number | null;
  created_at: number;
  expires_at: number;
}

export interface OidcAuthorizationCodesTable {
  code_hash: string;
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  /** JSON array. */
  scopes: string;
  instance_arn: string;
  identity_store_id: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface OidcTokensTable {
  token_hash: string;
  kind: 'access' | 'refresh';
  grant_id: string;
  client_id: string;
  instance_arn: string;
  identity_store_id: string;
  user_id: string;
  /** JSON array. */
  scopes: string;
  created_at: number;
  expires_at: number;
  grant_expires_at: number;
  revoked_at: number | null;
}

export interface Database {
  accounts: AccountsTable;
  credentials: CredentialsTable;
  settings: SettingsTable;
  jobs: JobsTable;
  org_policy_types: OrgPolicyTypesTable;
  org_policy_targets: OrgPolicyTargetsTable;
  org_policies: OrgPoliciesTable;
  org_policy_attachments: OrgPolicyAttachmentsTable;
  roles: RolesTable;
  role_attached_policies: RoleAttachedPoliciesTable;
  role_inline_policies: RoleInlinePoliciesTable;
  organizations: OrganizationsTable;
  org_units: OrgUnitsTable;
  org_accounts: OrgAccountsTable;
  org_create_account_requests: OrgCreateAccountRequestsTable;
  org_handshakes: OrgHandshakesTable;
  org_tags: OrgTagsTable;
  org_service_access: OrgServiceAccessTable;
  org_delegated_admins: OrgDelegatedAdminsTable;
  org_resource_policies: OrgResourcePoliciesTable;
  org_responsibility_transfers: OrgResponsibilityTransfersTable;
  sso_instances: SsoInstancesTable;
  sso_permission_sets: SsoPermissionSetsTable;
  sso_ps_managed_policies: SsoPsManagedPoliciesTable;
  sso_ps_customer_policies: SsoPsCustomerPoliciesTable;
  sso_tags: SsoTagsTable;
  sso_account_assignments: SsoAccountAssignmentsTable;
  sso_assignment_requests: SsoAssignmentRequestsTable;
  sso_provisioned: SsoProvisionedTable;
  sso_provisioning_requests: SsoProvisioningRequestsTable;
  sso_access_control_attributes: SsoAccessControlAttributesTable;
  sso_portal_settings: SsoPortalSettingsTable;
  idstore_users: IdstoreUsersTable;
  idstore_groups: IdstoreGroupsTable;
  idstore_memberships: IdstoreMembershipsTable;
  iam_users: IamUsersTable;
  iam_groups: IamGroupsTable;
  iam_group_members: IamGroupMembersTable;
  iam_user_inline_policies: IamUserInlinePoliciesTable;
  iam_user_attached_policies: IamUserAttachedPoliciesTable;
  iam_group_inline_policies: IamGroupInlinePoliciesTable;
  iam_group_attached_policies: IamGroupAttachedPoliciesTable;
  iam_policies: IamPoliciesTable;
  iam_policy_versions: IamPolicyVersionsTable;
  iam_tags: IamTagsTable;
  iam_saml_providers: IamSamlProvidersTable;
  iam_account_aliases: IamAccountAliasesTable;
  iam_password_policies: IamPasswordPoliciesTable;
  iam_mfa_devices: IamMfaDevicesTable;
  signin_users: SigninUsersTable;
  signin_sessions: SigninSessionsTable;
  signin_password_tokens: SigninPasswordTokensTable;
  oidc_clients: OidcClientsTable;
  oidc_device_authorizations: OidcDeviceAuthorizationsTable;
  oidc_authorization_codes: OidcAuthorizationCodesTable;
  oidc_tokens: OidcTokensTable;
}

export type TableName = keyof Database & string;

export type AccountRow = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type CredentialRow = Selectable<CredentialsTable>;
export type NewCredential = Insertable<CredentialsTable>;
export type SettingRow = Selectable<SettingsTable>;
export type JobRow = Selectable<JobsTable>;
export type RoleRow = Selectable<RolesTable>;
export type IamUserRow = Selectable<IamUsersTable>;
export type IamGroupRow = Selectable<IamGroupsTable>;
export type IamPolicyRow = Selectable<IamPoliciesTable>;
export type IamPolicyVersionRow = Selectable<IamPolicyVersionsTable>;
export type IamSamlProviderRow = Selectable<IamSamlProvidersTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type OrgUnitRow = Selectable<OrgUnitsTable>;
export type OrgAccountRow = Selectable<OrgAccountsTable>;
export type CreateAccountRequestRow = Selectable<OrgCreateAccountRequestsTable>;
export type HandshakeRow = Selectable<OrgHandshakesTable>;
export type TransferRow = Selectable<OrgResponsibilityTransfersTable>;

export interface TableInfo<T> {
  /** Orders exported rows, so two exports of the same state are byte-identical. */
  readonly primaryKey: readonly [keyof T & string, ...(keyof T & string)[]];
  /** Columns holding SecretBox-sealed values: plaintext in an export, re-sealed on import. */
  readonly sealed?: readonly (keyof T & string)[];
  /** Rows left out of exports: those whose `column` holds one of `values` (finished work, not state). */
  readonly notExported?: { readonly column: keyof T & string; readonly values: readonly string[] };
}

/**
 * Every table, in foreign-key order: a table comes after the tables it references (import inserts in this order,
 * reset deletes in reverse). Kysely's own migration tables are not listed: they are bookkeeping, not state.
 */
export const TABLES = {
  accounts: { primaryKey: ['id'] },
  credentials: { primaryKey: ['access_key_id'], sealed: ['secret'] },
  settings: { primaryKey: ['key'] },
  jobs: { primaryKey: ['id'], notExported: { column: 'state', values: ['done'] } },
  org_policy_types: { primaryKey: ['organization_id', 'policy_type'] },
  org_policy_targets: { primaryKey: ['organization_id', 'target_id'] },
  org_policies: { primaryKey: ['organization_id', 'id'] },
  org_policy_attachments: { primaryKey: ['organization_id', 'policy_id', 'target_id'] },
  roles: { primaryKey: ['id'] },
  role_attached_policies: { primaryKey: ['role_id', 'policy_arn'] },
  role_inline_policies: { primaryKey: ['role_id', 'name'] },
  organizations: { primaryKey: ['id'] },
  org_units: { primaryKey: ['id'] },
  org_accounts: { primaryKey: ['account_id'] },
  org_create_account_requests: { primaryKey: ['id'] },
  org_handshakes: { primaryKey: ['id'] },
  org_tags: { primaryKey: ['organization_id', 'resource_id', 'key'] },
  org_service_access: { primaryKey: ['organization_id', 'service_principal'] },
  org_delegated_admins: { primaryKey: ['organization_id', 'account_id', 'service_principal'] },
  org_resource_policies: { primaryKey: ['organization_id'] },
  org_responsibility_transfers: { primaryKey: ['id'] },
  sso_instances: { primaryKey: ['arn'] },
  sso_permission_sets: { primaryKey: ['arn'] },
  sso_ps_managed_policies: { primaryKey: ['permission_set_arn', 'policy_arn'] },
  sso_ps_customer_policies: { primaryKey: ['permission_set_arn', 'reference'] },
  sso_tags: { primaryKey: ['resource_arn', 'key'] },
  sso_account_assignments: { primaryKey: ['permission_set_arn', 'account_id', 'principal'] },
  sso_assignment_requests: { primaryKey: ['id'] },
  sso_provisioned: { primaryKey: ['permission_set_arn', 'account_id'] },
  sso_provisioning_requests: { primaryKey: ['id'] },
  sso_access_control_attributes: { primaryKey: ['instance_arn'] },
  sso_portal_settings: { primaryKey: ['instance_arn'] },
  idstore_users: { primaryKey: ['id'] },
  idstore_groups: { primaryKey: ['id'] },
  idstore_memberships: { primaryKey: ['id'] },
  iam_users: { primaryKey: ['id'] },
  iam_groups: { primaryKey: ['id'] },
  iam_group_members: { primaryKey: ['group_id', 'user_id'] },
  iam_user_inline_policies: { primaryKey: ['user_id', 'name'] },
  iam_user_attached_policies: { primaryKey: ['user_id', 'policy_arn'] },
  iam_group_inline_policies: { primaryKey: ['group_id', 'name'] },
  iam_group_attached_policies: { primaryKey: ['group_id', 'policy_arn'] },
  iam_policies: { primaryKey: ['id'] },
  iam_policy_versions: { primaryKey: ['policy_id', 'version_id'] },
  iam_tags: { primaryKey: ['entity_id', 'key'] },
  iam_saml_providers: { primaryKey: ['arn'] },
  iam_account_aliases: { primaryKey: ['account_id'] },
  iam_password_policies: { primaryKey: ['account_id'] },
  iam_mfa_devices: { primaryKey: ['serial_number'], sealed: ['seed'] },
  signin_users: { primaryKey: ['user_id'], sealed: ['totp_secret', 'totp_pending_secret'] },
  signin_sessions: { primaryKey: ['id_hash'] },
  signin_password_tokens: { primaryKey: ['token_hash'] },
  oidc_clients: { primaryKey: ['client_id'] },
  oidc_device_authorizations: { primaryKey: ['device_code_hash'] },
  oidc_authorization_codes: { primaryKey: ['code_hash'] },
  oidc_tokens: { primaryKey: ['token_hash'] },
} as const satisfies { readonly [K in TableName]: TableInfo<Database[K]> };

export const TABLE_NAMES: readonly TableName[] = Object.keys(TABLES) as TableName[];

export function tableInfo(table: TableName): TableInfo<Record<string, unknown>> {
  return TABLES[table] as TableInfo<Record<string, unknown>>;
}
