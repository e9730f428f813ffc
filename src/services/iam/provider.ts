import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import { account, encodeDocument, page, roleShape as role, truncation } from './provider-shapes.js';
import type { RolesRead } from './roles-read.js';
import type { EntitiesStore } from './entities-store.js';
import type { PolicyCounts } from './policies.js';

// IAM, wire <-> domain: the read API over roles' policies and GetAccountSummary. Roles themselves (GetRole, tags,
// the writes) are roles-provider.ts's; SAML providers, the alias and the password policy have providers of their
// own. Every call is scoped to the caller's account.

type Implemented = 'ListRoles' | 'ListRolePolicies' | 'GetRolePolicy' | 'ListAttachedRolePolicies' | 'GetAccountSummary';

/** The quotas GetAccountSummary reports, at AWS's default values (of these only the managed policy ones are enforced: policies.ts). */
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
    private readonly policies: { counts(accountId: string): Promise<PolicyCounts> },
    private readonly entities: EntitiesStore,
    /** SAML providers (IAM counts them with OpenID Connect providers as Providers). */
    private readonly samlProviders: { count(accountId: string): Promise<number> },
  ) {}

  // ---- roles

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

  // ---- the account

  async GetAccountSummary(_input: Record<string, never>, ctx: OperationContext): Promise<api.GetAccountSummaryResponse> {
    const counts = await this.roles.summaryCounts(account(ctx));
    const policies = await this.policies.counts(account(ctx));
    const counted: Partial<Record<api.summaryKeyType, number>> = {
      Users: await this.entities.count('iam_users', account(ctx)),
      Groups: await this.entities.count('iam_groups', account(ctx)),
      ServerCertificates: 0,
      MFADevices: 0,
      MFADevicesInUse: 0,
      AccountMFAEnabled: 0,
      AccountAccessKeysPresent: counts.rootAccessKeys > 0 ? 1 : 0,
      AccountSigningCertificatesPresent: 0,
      Policies: policies.policies,
      PolicyVersionsInUse: policies.policyVersionsInUse,
      InstanceProfiles: 0,
      Providers: await this.samlProviders.count(account(ctx)),
      Roles: counts.roles,
    };
    return { SummaryMap: { ...defaultQuotas, ...counted } as Record<string, number> };
  }
}
