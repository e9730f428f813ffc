import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { IamDomain } from '../iam/domain.js';

// What sso-admin offers other services (wired in src/server/services.ts) and what it needs from them.

export interface IdentityStoreFacts {
  /** d-<10 hex> */
  readonly identityStoreId: string;
  /** arn:aws:sso:::instance/ssoins-<16 hex> */
  readonly instanceArn: string;
  /** The account that owns the instance: the organization's management account for an organization instance. */
  readonly ownerAccountId: string;
}

/** The identity stores Identity Center instances own: identitystore asks it which store an IdentityStoreId names. */
export interface IdentityStoreDirectory {
  /** The store and its instance, or undefined when no instance has that identity store (ResourceNotFoundException). */
  store(identityStoreId: string, db?: Kysely<Database>): Promise<IdentityStoreFacts | undefined>;
}

export type { OrgTrustedAccess } from '../organizations/ports.js';

/** The identity store's users and groups: assignments name them as principals. */
export type { IdentityDirectory, UserAttributes } from '../identitystore/ports.js';

/** What provisioning asks of IAM (IamDomain implements it): the roles it makes, changes and removes in accounts, and
 * the account's Identity Center SAML provider those roles trust. */
export type SsoIamRoles = Pick<IamDomain, 'createRole' | 'role' | 'updateRole' | 'replaceRolePolicies' | 'deleteRole' | 'managedPolicyExists' | 'ensureSamlProvider'>;

/** Whose assignments count for a portal user: the user's own and those of every group the user is in. */
export interface AssignedPrincipals {
  readonly userId: string;
  readonly groupIds: readonly string[];
}

/** A permission set assigned to a portal user on an account, provisioned there as an IAM role. */
export interface AssignedRole {
  readonly permissionSetArn: string;
  readonly permissionSetName: string;
  /** AWSReservedSSO_<name>_<16 hex>. */
  readonly roleName: string;
  /** The permission set's SessionDuration in seconds. */
  readonly sessionSeconds: number;
}

/**
 * What the access portal and its sign-in ask sso-admin (wired in src/server/services.ts): the instances users sign
 * in to, and what a user's assignments (direct or through groups) reach. Lists are keyset pages.
 */
export interface PortalDirectory {
  instance(instanceArn: string): Promise<IdentityStoreFacts | undefined>;
  instanceByIdentityStore(identityStoreId: string): Promise<IdentityStoreFacts | undefined>;
  /** The instance an account owns (the organization instance of its management account). */
  instanceOfAccount(accountId: string): Promise<IdentityStoreFacts | undefined>;
  /** Every instance (one per organization: few). */
  instances(): Promise<readonly IdentityStoreFacts[]>;
  /** Accounts where the principals have an assignment, in account id order, after `after`. */
  assignedAccounts(instanceArn: string, principals: AssignedPrincipals, after: string | undefined, limit: number): Promise<readonly string[]>;
  /** Names of the permission sets the principals have on the account, in name order, after `after`. */
  assignedPermissionSets(instanceArn: string, principals: AssignedPrincipals, accountId: string, after: string | undefined, limit: number): Promise<readonly string[]>;
  /** The permission set of that name when the principals have it on the account and its role is provisioned there. */
  assignedRole(instanceArn: string, principals: AssignedPrincipals, accountId: string, permissionSetName: string): Promise<AssignedRole | undefined>;
}

/** The session tags a user's role sessions carry: the instance's attributes for access control (ABAC), by key. */
export interface SessionTagSource {
  /** Empty without a configuration, or for a user with no value for any attribute. */
  sessionTagsFor(instanceArn: string, userId: string): Promise<Record<string, string>>;
}

/** A permission set provisioned in an account as its AWSReservedSSO_ role, with whoever is assigned it there. */
export interface ProvisionedRole {
  readonly roleName: string;
  readonly permissionSetArn: string;
  readonly permissionSetName: string;
  readonly instanceArn: string;
  readonly identityStoreId: string;
  /** The users and groups assigned the permission set on the account (groups not expanded). */
  readonly assignees: readonly { readonly type: 'USER' | 'GROUP'; readonly id: string }[];
}

/** A role a user reaches through an assignment (own or a group's), provisioned in its account. */
export interface ReachableRole {
  readonly accountId: string;
  readonly permissionSetName: string;
  readonly roleName: string;
}

/** What the access report asks of Identity Center: which roles of an account are permission sets and who has them,
 * and every role a user's assignments reach. */
export interface AccessDirectory {
  provisionedRoles(accountId: string): Promise<readonly ProvisionedRole[]>;
  /** In (account, permission set name) order. */
  reachableRoles(instanceArn: string, principals: AssignedPrincipals): Promise<readonly ReachableRole[]>;
}
