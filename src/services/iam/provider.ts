import type * as api from '../../aws/api/iam.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { RoleRow } from '../../store/schema.js';
import { iamErrors } from './errors.js';
import type { Page } from '../../lib/keyset-pages.js';
import type { RolesRead } from './roles-read.js';
import type { EntitiesStore } from './entities-store.js';

// IAM, wire <-> domain: the read API over roles and the account-level calls tools make first (OrgFormation,
// Terraform). The only IAM file that sees wire names. Every call is scoped to the caller's account.

type Implemented =
  | 'GetRole'
  | 'ListRoles'
  | 'ListRolePolicies'
  | 'GetRolePolicy'
  | 'ListAttachedRolePolicies'
  | 'ListRoleTags'
  | 'ListAccountAliases'
  | 'GetAccountPasswordPolicy'
  | 'GetAccountSummary';

export function account(ctx: OperationContext): string {
  const principal: Principal | undefined = ctx.principal;
  if (!principal) throw new Error('an IAM operation reached its handler without a principal');
  return principal.accountId;
}

export const page = (input: { readonly Marker?: string; readonly MaxItems?: number }) => ({ maxResults: input.MaxItems, nextToken: input.Marker });
export const truncation = <T>(p: Page<T>) => (p.nextToken !== undefined ? { IsTruncated: true, Marker: p.nextToken } : { IsTruncated: false });

/** IAM reports dates in whole seconds. */
export const iamDate = (ms: number | string): Date => new Date(Math.floor(Number(ms) / 1000) * 1000);

/** IAM returns policy documents URL-encoded (boto3 and the AWS CLI decode them; SDK v3 hands the text over). */
export const encodeDocument = (json: string): string => encodeURIComponent(json);

/** The quotas GetAccountSummary reports, at AWS's default values (users, groups and access keys enforce theirs). */
const defaultQuotas: Readonly<Partial<Record<api.summaryKeyType, number>>> = {
  UsersQuota: 5000,
  GroupsQuota: 300,
  ServerCertificatesQuota: 20,
  UserPolicySizeQuota: 2048,
  GroupPolicySizeQuota: 5120,
  GroupsPerUserQuota: 10,
  SigningCertificatesPerUserQuota: 2,
  AccessKeysPerUserQuota: 2,
  AttachedPoliciesPerGroupQuota: 10,
  AttachedPoliciesPerRoleQuota: 10,
  AttachedPoliciesPerUserQuota: 10,
  PoliciesQuota: 1500,
  PolicySizeQuota: 6144,
  PolicyVersionsInUseQuota: 10000,
  VersionsPerPolicyQuota: 5,
  GlobalEndpointTokenVersion: 1,
  AssumeRolePolicySizeQuota: 2048,
  InstanceProfilesQuota: 1000,
  RolePolicySizeQuota: 10240,
  RolesQuota: 1000,
};

export class IamProvider implements Pick<api.IamApi, Implemented> {
  constructor(
    private readonly roles: RolesRead,
    private readonly entities: EntitiesStore,
  ) {}

  // ---- roles

  async GetRole(input: api.GetRoleRequest, ctx: OperationContext): Promise<api.GetRoleResponse> {
    const row = await this.roles.role(account(ctx), input.RoleName);
    // GetRole carries RoleLastUsed (empty until sessions record it); no tags are stored yet, so Tags is absent.
    return { Role: { ...role(row), RoleLastUsed: {} } };
  }

  async ListRoles(input: api.ListRolesRequest, ctx: OperationContext): Promise<api.ListRolesResponse> {
    // As IAM: the listing omits PermissionsBoundary, RoleLastUsed and Tags.
    const p = await this.roles.listRoles(account(ctx), input.PathPrefix, page(input));
    return { Roles: p.items.map(role), ...truncation(p) };
  }

  async ListRolePolicies(input: api.ListRolePoliciesRequest, ctx: OperationContext): Promise<api.ListRolePoliciesResponse> {
    const row = await this.roles.role(account(ctx), input.RoleName);
    const p = await this.roles.inlinePolicyNames(row, page(input));
    return { PolicyNames: p.items, ...truncation(p) };
  }

  async GetRolePolicy(input: api.GetRolePolicyRequest, ctx: OperationContext): Promise<api.GetRolePolicyResponse> {
    const row = await this.roles.role(account(ctx), input.RoleName);
    const document = await this.roles.inlinePolicy(row, input.PolicyName);
    return { RoleName: row.name, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(document) };
  }

  async ListAttachedRolePolicies(input: api.ListAttachedRolePoliciesRequest, ctx: OperationContext): Promise<api.ListAttachedRolePoliciesResponse> {
    const row = await this.roles.role(account(ctx), input.RoleName);
    const p = await this.roles.attachedPolicies(row, input.PathPrefix, page(input));
    return { AttachedPolicies: p.items.map((a) => ({ PolicyName: a.name, PolicyArn: a.arn })), ...truncation(p) };
  }

  async ListRoleTags(input: api.ListRoleTagsRequest, ctx: OperationContext): Promise<api.ListRoleTagsResponse> {
    await this.roles.role(account(ctx), input.RoleName);
    return { Tags: [], IsTruncated: false };
  }

  // ---- the account

  async ListAccountAliases(_input: api.ListAccountAliasesRequest, _ctx: OperationContext): Promise<api.ListAccountAliasesResponse> {
    return { AccountAliases: [], IsTruncated: false };
  }

  async GetAccountPasswordPolicy(_input: Record<string, never>, ctx: OperationContext): Promise<api.GetAccountPasswordPolicyResponse> {
    throw iamErrors.noPasswordPolicy(account(ctx));
  }

  async GetAccountSummary(_input: Record<string, never>, ctx: OperationContext): Promise<api.GetAccountSummaryResponse> {
    const counts = await this.roles.summaryCounts(account(ctx));
    const counted: Partial<Record<api.summaryKeyType, number>> = {
      Users: await this.entities.count('iam_users', account(ctx)),
      Groups: await this.entities.count('iam_groups', account(ctx)),
      ServerCertificates: 0,
      MFADevices: 0,
      MFADevicesInUse: 0,
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: counts.rootAccessKeys > 0 ? 1 : 0,
      AccountSigningCertificatesPresent: 0,
      Policies: 0,
      PolicyVersionsInUse: 0,
      InstanceProfiles: 0,
      Providers: 0,
      Roles: counts.roles,
    };
    return { SummaryMap: { ...defaultQuotas, ...counted } as Record<string, number> };
  }
}

function role(row: RoleRow): api.Role {
  return {
    Path: row.path,
    RoleName: row.name,
    RoleId: row.id,
    Arn: row.arn,
    CreateDate: iamDate(row.created_at),
    AssumeRolePolicyDocument: encodeDocument(row.trust_policy),
    ...(row.description !== null ? { Description: row.description } : {}),
    MaxSessionDuration: Number(row.max_session_duration),
  };
}
