import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { AccountRow, AccountStatus, Database } from '../../store/schema.js';

// The seam between the Organizations core (organization, roots, OUs, accounts, handshakes: domain.ts) and its
// policies (policy types, policies, attachments, effective policies: policies/). Each side implements one
// interface and is handed the other's in index.ts. `db` is always the caller's transaction or the store's Kysely.

export type TargetType = 'ROOT' | 'ORGANIZATIONAL_UNIT' | 'ACCOUNT';

export interface OrgTarget {
  readonly type: TargetType;
  readonly id: string;
  readonly arn: string;
  readonly name: string;
}

export interface OrganizationFacts {
  readonly id: string;
  readonly arn: string;
  readonly featureSet: 'ALL' | 'CONSOLIDATED_BILLING';
  readonly managementAccountId: string;
  readonly rootId: string;
}

/** What the policies part asks of the core. */
export interface OrgDirectory {
  /** The caller's organization; throws AWSOrganizationsNotInUseException when the caller's account is in none. */
  organizationOf(principal: Principal, db?: Kysely<Database>): Promise<OrganizationFacts>;
  /** The organization an account is a member of, with the account's parent path (o-x/r-y/ou-z/), or undefined. */
  membershipOf(accountId: string, db?: Kysely<Database>): Promise<AccountMembership | undefined>;
  /** Throws AccessDeniedException unless the caller is in the organization's management account. */
  requireManagement(principal: Principal, organization: OrganizationFacts): void;
  /** A root, OU or account of the organization by id, or undefined (callers throw TargetNotFoundException). */
  target(organizationId: string, id: string, db?: Kysely<Database>): Promise<OrgTarget | undefined>;
  /** The path from the root down to the target itself, inclusive: [root, ou, ..., target]. */
  path(organizationId: string, id: string, db?: Kysely<Database>): Promise<readonly OrgTarget[]>;
  /** Tags given at creation (CreatePolicy's Tags), checked as TagResource checks them (50 at most, no duplicate or
   * aws: keys; throws the matching ServiceError), written in the caller's transaction. */
  putTags(db: Kysely<Database>, organizationId: string, resourceId: string, tags: readonly OrgTag[]): Promise<void>;
  /** Drops every tag of a resource that is going away (DeletePolicy). */
  deleteTags(db: Kysely<Database>, organizationId: string, resourceId: string): Promise<void>;
  /** Whether trusted access is enabled for the service principal (EnablePolicyType of e.g. SECURITYHUB_POLICY needs it). */
  serviceAccessEnabled(organizationId: string, servicePrincipal: string, db?: Kysely<Database>): Promise<boolean>;
}

/** The organization an account is a member of, with the account's parent path (o-x/r-y/ou-z/). */
export interface AccountMembership {
  readonly organization: OrganizationFacts;
  readonly parentPath: string;
  /** The ids of the account's path, as OrgDirectory.path gives it: [root, ou, ..., the account]. */
  readonly pathIds: readonly string[];
}

/** What services integrated with Organizations ask of it (sso-admin): the caller's organization, and trusted access
 * turned on by the service itself when it is enabled for the organization (CreateInstance, sso.amazonaws.com). */
export interface OrgTrustedAccess {
  organizationOf(principal: Principal, db?: Kysely<Database>): Promise<OrganizationFacts>;
  /** A no-op when trusted access is already on; written in the caller's transaction. */
  enableServiceAccess(db: Kysely<Database>, organizationId: string, servicePrincipal: string): Promise<void>;
  serviceAccessEnabled(organizationId: string, servicePrincipal: string, db?: Kysely<Database>): Promise<boolean>;
  /** Whether the account is a member of the organization (the management account included). */
  isMember(organizationId: string, accountId: string, db?: Kysely<Database>): Promise<boolean>;
}

/** What the access report asks of Organizations: an account's organization and path, and an organization's accounts. */
export interface OrgMembership {
  membershipOf(accountId: string, db?: Kysely<Database>): Promise<AccountMembership | undefined>;
  /** Every member account, the management account included, in id order; [] for an unknown organization. */
  memberAccountIds(organizationId: string, db?: Kysely<Database>): Promise<readonly string[]>;
}

export interface OrgTag {
  readonly Key: string;
  readonly Value: string;
}

/** One validation error of an account's effective policy (ListEffectivePolicyValidationErrors). */
export interface EffectivePolicyValidationFinding {
  readonly errorCode: string;
  readonly errorMessage: string;
  readonly pathToError: string;
  /** Ids of the policies that contributed to the error. */
  readonly contributingPolicies: readonly string[];
}

/** What the core tells the policies part, inside the core's transaction. */
export interface PolicyHooks {
  /** A root, OU or account joined the organization (created, moved in by invitation): e.g. attach FullAWSAccess
   * when SERVICE_CONTROL_POLICY is enabled. */
  targetCreated(db: Kysely<Database>, organization: OrganizationFacts, target: OrgTarget): Promise<void>;
  /** An OU was deleted or an account left: drop its attachments. */
  targetRemoved(db: Kysely<Database>, organizationId: string, targetId: string): Promise<void>;
  /** The organization is being deleted: drop its policies, attachments and policy types. */
  organizationDeleted(db: Kysely<Database>, organizationId: string): Promise<void>;
  /** For DescribeOrganization's deprecated AvailablePolicyTypes and ListRoots' PolicyTypes. */
  policyTypes(organizationId: string, db?: Kysely<Database>): Promise<readonly { readonly Type: string; readonly Status: string }[]>;
  /** The ARN and type of the organization's policy with this id (AWS-managed ones included), or undefined: what
   * TagResource and friends check p- ids against, and what the authz resolver answers PolicyArn with. */
  policyFacts(organization: OrganizationFacts, policyId: string, db?: Kysely<Database>): Promise<{ readonly arn: string; readonly type: string } | undefined>;
  /** The validation errors of an account's effective policy of a management policy type; undefined when the account
   * has no effective policy of that type (EffectivePolicyNotFoundException). Empty when it is valid. */
  effectivePolicyValidationErrors(
    organization: OrganizationFacts,
    accountId: string,
    policyType: string,
    db?: Kysely<Database>,
  ): Promise<readonly EffectivePolicyValidationFinding[] | undefined>;
}

/** What the core asks of IAM (IamDomain implements it): the accounts and roles it owns. */
export interface IamAccounts {
  /** A new account (unique email, compared case-insensitively) in the caller's transaction; returns its id. */
  createAccount(db: Kysely<Database>, input: { readonly name: string; readonly email: string }): Promise<string>;
  account(id: string, db?: Kysely<Database>): Promise<AccountRow | undefined>;
  accounts(ids: readonly string[], db?: Kysely<Database>): Promise<readonly AccountRow[]>;
  accountByEmail(email: string, db?: Kysely<Database>): Promise<AccountRow | undefined>;
  setAccountStatus(db: Kysely<Database>, id: string, status: AccountStatus): Promise<void>;
  createRole(
    db: Kysely<Database>,
    input: {
      readonly accountId: string;
      readonly name: string;
      readonly trustPolicy: string | object;
      readonly attachedPolicyArns?: readonly string[];
      readonly description?: string;
    },
  ): Promise<{ readonly arn: string }>;
}
