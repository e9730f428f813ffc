import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Database } from '../../store/schema.js';

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
  /** Throws AccessDeniedException unless the caller is in the organization's management account. */
  requireManagement(principal: Principal, organization: OrganizationFacts): void;
  /** A root, OU or account of the organization by id, or undefined (callers throw TargetNotFoundException). */
  target(organizationId: string, id: string, db?: Kysely<Database>): Promise<OrgTarget | undefined>;
  /** The path from the root down to the target itself, inclusive: [root, ou, ..., target]. */
  path(organizationId: string, id: string, db?: Kysely<Database>): Promise<readonly OrgTarget[]>;
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
}
