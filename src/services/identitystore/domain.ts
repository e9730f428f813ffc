import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/database.js';
import type { Database } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import {
  applyGroupOperations,
  applyUserOperations,
  checkExtensionNames,
  emailKey,
  normalizeUser,
  type AttributeOperation,
  type GroupAttributes,
  type UserAttributes,
} from './attributes.js';
import { idsErrors } from './errors.js';
import { newResourceId } from './ids.js';
import { pageCursor, toPage, type Page, type PageRequest } from './pagination.js';
import type { DirectoryGroup, DirectoryUser, IdentityDirectory, IdentityStoreDirectory, IdentityStoreFacts } from './ports.js';
import { IdentityStoreQueries, type GroupRow, type MembershipRow, type UserRow } from './store.js';

// The identity store's rules: a store exists and the caller's account owns it; UserName and group DisplayName are
// unique per store (case-insensitively); a membership is unique per (group, member); deleting a user or group
// deletes its memberships in the same transaction. Knows no wire names (provider.ts maps them).

type Db = Kysely<Database>;

export interface IdentitystoreDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly directory: IdentityStoreDirectory;
}

interface Audit {
  readonly createdAt: number;
  readonly createdBy: string;
  readonly updatedAt: number;
  readonly updatedBy: string;
}

export interface UserView extends Audit {
  readonly identityStoreId: string;
  readonly userId: string;
  readonly attributes: UserAttributes;
  readonly status: string;
}

export interface GroupView extends Audit {
  readonly identityStoreId: string;
  readonly groupId: string;
  readonly displayName: string | undefined;
  readonly description: string | undefined;
}

export interface MembershipView extends Audit {
  readonly identityStoreId: string;
  readonly membershipId: string;
  readonly groupId: string;
  readonly userId: string;
}

/** A unique attribute to find a user or group by (GetUserId / GetGroupId). */
export type AlternateId =
  | { readonly kind: 'attribute'; readonly path: string; readonly value: unknown }
  | { readonly kind: 'external'; readonly issuer: string; readonly id: string };

export interface Filter {
  readonly path: string;
  readonly value: string;
}

const audit = (row: { created_at: number; created_by: string; updated_at: number; updated_by: string }): Audit => ({
  createdAt: Number(row.created_at),
  createdBy: row.created_by,
  updatedAt: Number(row.updated_at),
  updatedBy: row.updated_by,
});

function userView(row: UserRow): UserView {
  const profile = JSON.parse(row.profile) as Omit<UserAttributes, 'userName' | 'displayName'>;
  const attributes: UserAttributes = {
    userName: row.user_name,
    ...(row.display_name !== null ? { displayName: row.display_name } : {}),
    ...profile,
  };
  return { identityStoreId: row.identity_store_id, userId: row.id, attributes, status: row.status, ...audit(row) };
}

function groupView(row: GroupRow): GroupView {
  return {
    identityStoreId: row.identity_store_id,
    groupId: row.id,
    displayName: row.display_name ?? undefined,
    description: row.description ?? undefined,
    ...audit(row),
  };
}

function membershipView(row: MembershipRow): MembershipView {
  return { identityStoreId: row.identity_store_id, membershipId: row.id, groupId: row.group_id, userId: row.user_id, ...audit(row) };
}

/** The columns a user's attributes are stored in. */
function userColumns(attributes: UserAttributes) {
  const { userName, displayName, ...profile } = attributes;
  return {
    user_name: userName,
    user_name_lower: userName.toLowerCase(),
    display_name: displayName ?? null,
    email_lower: emailKey(attributes),
    profile: JSON.stringify(profile),
  };
}

const DUPLICATE_USER = 'Duplicate UserName';
const DUPLICATE_GROUP = 'Duplicate GroupDisplayName';
const DUPLICATE_MEMBERSHIP = 'Member and Group relationship already exists';

export class IdentityStoreDomain implements IdentityDirectory {
  readonly #q = new IdentityStoreQueries();
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #directory: IdentityStoreDirectory;

  constructor(deps: IdentitystoreDeps) {
    this.#store = deps.store;
    this.#clock = deps.clock;
    this.#directory = deps.directory;
  }

  get #db(): Db {
    return this.#store.db;
  }

  #now(): number {
    return this.#clock.now().getTime();
  }

  /** The store the id names, which the caller's account must own (the management account, for an organization's). */
  async #requireStore(principal: Principal, storeId: string, db: Db = this.#db): Promise<IdentityStoreFacts> {
    const facts = await this.#directory.store(storeId, db);
    if (!facts) throw idsErrors.notFound('IDENTITY_STORE', storeId);
    if (facts.ownerAccountId !== principal.accountId) throw idsErrors.accessDenied();
    return facts;
  }

  async #requireUser(storeId: string, userId: string, db: Db = this.#db): Promise<UserRow> {
    const row = await this.#q.user(db, storeId, userId);
    if (!row) throw idsErrors.notFound('USER', userId);
    return row;
  }

  async #requireGroup(storeId: string, groupId: string, db: Db = this.#db): Promise<GroupRow> {
    const row = await this.#q.group(db, storeId, groupId);
    if (!row) throw idsErrors.notFound('GROUP', groupId);
    return row;
  }

  async #requireMembership(storeId: string, membershipId: string, db: Db = this.#db): Promise<MembershipRow> {
    const row = await this.#q.membership(db, storeId, membershipId);
    if (!row) throw idsErrors.notFound('GROUP_MEMBERSHIP', membershipId);
    return row;
  }

  /** Runs a write, turning a unique-index violation (a concurrent twin won) into the ConflictException. */
  async #write<T>(conflict: string, fn: (trx: Db) => Promise<T>): Promise<T> {
    try {
      return await this.#store.transaction(fn);
    } catch (error) {
      if (isUniqueViolation(error)) throw idsErrors.duplicate(conflict);
      throw error;
    }
  }

  // ---- users

  async createUser(principal: Principal, storeId: string, input: Record<string, unknown>): Promise<UserView> {
    await this.#requireStore(principal, storeId);
    const attributes = normalizeUser(input);
    const now = this.#now();
    const row: UserRow = {
      id: newResourceId(),
      identity_store_id: storeId,
      ...userColumns(attributes),
      status: 'ENABLED',
      created_at: now,
      created_by: principal.arn,
      updated_at: now,
      updated_by: principal.arn,
    };
    await this.#write(DUPLICATE_USER, async (trx) => {
      if (await this.#q.userByName(trx, storeId, row.user_name_lower)) throw idsErrors.duplicate(DUPLICATE_USER);
      await this.#q.insertUser(trx, row);
    });
    return userView(row);
  }

  async describeUser(principal: Principal, storeId: string, userId: string, extensions?: readonly string[]): Promise<UserView> {
    checkExtensionNames(extensions);
    await this.#requireStore(principal, storeId);
    return userView(await this.#requireUser(storeId, userId));
  }

  async updateUser(principal: Principal, storeId: string, userId: string, operations: readonly AttributeOperation[]): Promise<void> {
    await this.#requireStore(principal, storeId);
    await this.#write(DUPLICATE_USER, async (trx) => {
      const row = await this.#requireUser(storeId, userId, trx);
      const attributes = applyUserOperations(userView(row).attributes, operations);
      const columns = userColumns(attributes);
      if (columns.user_name_lower !== row.user_name_lower) {
        const other = await this.#q.userByName(trx, storeId, columns.user_name_lower);
        if (other && other.id !== userId) throw idsErrors.duplicate(DUPLICATE_USER);
      }
      await this.#q.updateUser(trx, userId, { ...columns, updated_at: this.#now(), updated_by: principal.arn });
    });
  }

  async deleteUser(principal: Principal, storeId: string, userId: string): Promise<void> {
    await this.#requireStore(principal, storeId);
    await this.#store.transaction(async (trx) => {
      await this.#requireUser(storeId, userId, trx);
      await this.#q.deleteUser(trx, userId);
    });
  }

  async listUsers(principal: Principal, storeId: string, filters: readonly Filter[], page: PageRequest, extensions?: readonly string[]): Promise<Page<UserView>> {
    checkExtensionNames(extensions);
    await this.#requireStore(principal, storeId);
    const filter = filters[0];
    if (filter && filter.path.toLowerCase() !== 'username') throw unsupportedFilter(filter.path);
    const nameLower = filter?.value.toLowerCase();
    const scope = `identitystore:ListUsers:${storeId}:${nameLower ?? ''}`;
    const cursor = pageCursor(scope, page);
    const rows = await this.#q.users(this.#db, storeId, { limit: cursor.limit + 1, after: cursor.after }, nameLower);
    return toPage(scope, rows, cursor.limit, (row) => row.id, userView);
  }

  async getUserId(principal: Principal, storeId: string, alternate: AlternateId): Promise<string> {
    await this.#requireStore(principal, storeId);
    if (alternate.kind === 'external') throw idsErrors.notFoundBy('USER');
    const value = uniqueValue(alternate);
    const path = alternate.path.toLowerCase();
    let row: UserRow | undefined;
    if (path === 'username') row = await this.#q.userByName(this.#db, storeId, value.toLowerCase());
    else if (path === 'emails.value') row = await this.#q.userByEmail(this.#db, storeId, value.toLowerCase());
    else throw idsErrors.validation(`The attribute ${alternate.path} is not a unique attribute`);
    if (!row) throw idsErrors.notFoundBy('USER');
    return row.id;
  }

  // ---- groups

  async createGroup(principal: Principal, storeId: string, attributes: GroupAttributes): Promise<GroupView> {
    await this.#requireStore(principal, storeId);
    if (attributes.displayName === undefined) throw idsErrors.validation('displayName is a required attribute');
    const checked = applyGroupOperations({}, [
      { path: 'displayName', value: attributes.displayName },
      ...(attributes.description !== undefined ? [{ path: 'description', value: attributes.description }] : []),
    ]);
    const now = this.#now();
    const row: GroupRow = {
      id: newResourceId(),
      identity_store_id: storeId,
      display_name: checked.displayName ?? null,
      display_name_lower: checked.displayName?.toLowerCase() ?? null,
      description: checked.description ?? null,
      created_at: now,
      created_by: principal.arn,
      updated_at: now,
      updated_by: principal.arn,
    };
    await this.#write(DUPLICATE_GROUP, async (trx) => {
      if (row.display_name_lower !== null && (await this.#q.groupByName(trx, storeId, row.display_name_lower))) {
        throw idsErrors.duplicate(DUPLICATE_GROUP);
      }
      await this.#q.insertGroup(trx, row);
    });
    return groupView(row);
  }

  async describeGroup(principal: Principal, storeId: string, groupId: string): Promise<GroupView> {
    await this.#requireStore(principal, storeId);
    return groupView(await this.#requireGroup(storeId, groupId));
  }

  async updateGroup(principal: Principal, storeId: string, groupId: string, operations: readonly AttributeOperation[]): Promise<void> {
    await this.#requireStore(principal, storeId);
    await this.#write(DUPLICATE_GROUP, async (trx) => {
      const row = await this.#requireGroup(storeId, groupId, trx);
      const current = groupView(row);
      const next = applyGroupOperations(
        {
          ...(current.displayName !== undefined ? { displayName: current.displayName } : {}),
          ...(current.description !== undefined ? { description: current.description } : {}),
        },
        operations,
      );
      const lower = next.displayName?.toLowerCase() ?? null;
      if (lower !== null && lower !== row.display_name_lower) {
        const other = await this.#q.groupByName(trx, storeId, lower);
        if (other && other.id !== groupId) throw idsErrors.duplicate(DUPLICATE_GROUP);
      }
      await this.#q.updateGroup(trx, groupId, {
        display_name: next.displayName ?? null,
        display_name_lower: lower,
        description: next.description ?? null,
        updated_at: this.#now(),
        updated_by: principal.arn,
      });
    });
  }

  async deleteGroup(principal: Principal, storeId: string, groupId: string): Promise<void> {
    await this.#requireStore(principal, storeId);
    await this.#store.transaction(async (trx) => {
      await this.#requireGroup(storeId, groupId, trx);
      await this.#q.deleteGroup(trx, groupId);
    });
  }

  async listGroups(principal: Principal, storeId: string, filters: readonly Filter[], page: PageRequest): Promise<Page<GroupView>> {
    await this.#requireStore(principal, storeId);
    const filter = filters[0];
    if (filter && filter.path.toLowerCase() !== 'displayname') throw unsupportedFilter(filter.path);
    const nameLower = filter?.value.toLowerCase();
    const scope = `identitystore:ListGroups:${storeId}:${nameLower ?? ''}`;
    const cursor = pageCursor(scope, page);
    const rows = await this.#q.groups(this.#db, storeId, { limit: cursor.limit + 1, after: cursor.after }, nameLower);
    return toPage(scope, rows, cursor.limit, (row) => row.id, groupView);
  }

  async getGroupId(principal: Principal, storeId: string, alternate: AlternateId): Promise<string> {
    await this.#requireStore(principal, storeId);
    if (alternate.kind === 'external') throw idsErrors.notFoundBy('GROUP');
    const value = uniqueValue(alternate);
    if (alternate.path.toLowerCase() !== 'displayname') throw idsErrors.validation(`The attribute ${alternate.path} is not a unique attribute`);
    const row = await this.#q.groupByName(this.#db, storeId, value.toLowerCase());
    if (!row) throw idsErrors.notFoundBy('GROUP');
    return row.id;
  }

  // ---- memberships

  async createGroupMembership(principal: Principal, storeId: string, groupId: string, userId: string): Promise<MembershipView> {
    await this.#requireStore(principal, storeId);
    const now = this.#now();
    const row: MembershipRow = {
      id: newResourceId(),
      identity_store_id: storeId,
      group_id: groupId,
      user_id: userId,
      created_at: now,
      created_by: principal.arn,
      updated_at: now,
      updated_by: principal.arn,
    };
    await this.#write(DUPLICATE_MEMBERSHIP, async (trx) => {
      await this.#requireGroup(storeId, groupId, trx);
      await this.#requireUser(storeId, userId, trx);
      if (await this.#q.membershipOf(trx, groupId, userId)) throw idsErrors.duplicate(DUPLICATE_MEMBERSHIP);
      await this.#q.insertMembership(trx, row);
    });
    return membershipView(row);
  }

  async describeGroupMembership(principal: Principal, storeId: string, membershipId: string): Promise<MembershipView> {
    await this.#requireStore(principal, storeId);
    return membershipView(await this.#requireMembership(storeId, membershipId));
  }

  async deleteGroupMembership(principal: Principal, storeId: string, membershipId: string): Promise<void> {
    await this.#requireStore(principal, storeId);
    await this.#store.transaction(async (trx) => {
      await this.#requireMembership(storeId, membershipId, trx);
      await this.#q.deleteMembership(trx, membershipId);
    });
  }

  async getGroupMembershipId(principal: Principal, storeId: string, groupId: string, userId: string): Promise<string> {
    await this.#requireStore(principal, storeId);
    await this.#requireGroup(storeId, groupId);
    await this.#requireUser(storeId, userId);
    const row = await this.#q.membershipOf(this.#db, groupId, userId);
    if (!row) throw idsErrors.notFoundBy('GROUP_MEMBERSHIP');
    return row.id;
  }

  async listGroupMemberships(principal: Principal, storeId: string, groupId: string, page: PageRequest): Promise<Page<MembershipView>> {
    await this.#requireStore(principal, storeId);
    await this.#requireGroup(storeId, groupId);
    const scope = `identitystore:ListGroupMemberships:${groupId}`;
    const cursor = pageCursor(scope, page);
    const rows = await this.#q.membershipsOfGroup(this.#db, groupId, { limit: cursor.limit + 1, after: cursor.after });
    return toPage(scope, rows, cursor.limit, (row) => row.id, membershipView);
  }

  async listGroupMembershipsForMember(principal: Principal, storeId: string, userId: string, page: PageRequest): Promise<Page<MembershipView>> {
    await this.#requireStore(principal, storeId);
    await this.#requireUser(storeId, userId);
    const scope = `identitystore:ListGroupMembershipsForMember:${userId}`;
    const cursor = pageCursor(scope, page);
    const rows = await this.#q.membershipsOfUser(this.#db, userId, { limit: cursor.limit + 1, after: cursor.after });
    return toPage(scope, rows, cursor.limit, (row) => row.id, membershipView);
  }

  /** For each group id, in the order asked, whether the user is a member (groups that do not exist: no). */
  async isMemberInGroups(principal: Principal, storeId: string, userId: string, groupIds: readonly string[]): Promise<{ groupId: string; member: boolean }[]> {
    await this.#requireStore(principal, storeId);
    await this.#requireUser(storeId, userId);
    const member = await this.#q.memberGroupIds(this.#db, userId, groupIds);
    return groupIds.map((groupId) => ({ groupId, member: member.has(groupId) }));
  }

  // ---- IdentityDirectory: what other services ask (no caller checks: they have made their own)

  async user(storeId: string, userId: string, db: Db = this.#db): Promise<DirectoryUser | undefined> {
    const row = await this.#q.user(db, storeId, userId);
    return row && directoryUser(row);
  }

  async userByName(storeId: string, userName: string, db: Db = this.#db): Promise<DirectoryUser | undefined> {
    const row = await this.#q.userByName(db, storeId, userName.toLowerCase());
    return row && directoryUser(row);
  }

  async group(storeId: string, groupId: string, db: Db = this.#db): Promise<DirectoryGroup | undefined> {
    const row = await this.#q.group(db, storeId, groupId);
    return row && { identityStoreId: row.identity_store_id, groupId: row.id, displayName: row.display_name ?? undefined };
  }

  async membersOfGroup(storeId: string, groupId: string, db: Db = this.#db): Promise<readonly { readonly userId: string; readonly userName: string }[]> {
    return (await this.#q.groupMemberNames(db, storeId, groupId)).map((r) => ({ userId: r.user_id, userName: r.user_name }));
  }

  async groupIdsOfUser(storeId: string, userId: string, db: Db = this.#db): Promise<readonly string[]> {
    if (!(await this.#q.user(db, storeId, userId))) return [];
    const ids: string[] = [];
    let after: string | undefined;
    for (;;) {
      const rows = await this.#q.membershipsOfUser(db, userId, { limit: 1000, after });
      ids.push(...rows.map((r) => r.group_id));
      if (rows.length < 1000) return ids;
      after = rows.at(-1)!.id;
    }
  }

  async deleteStore(storeId: string, db: Db = this.#db): Promise<void> {
    await this.#q.deleteStore(db, storeId);
  }

  /** For the authz resolver: a membership's group and user. */
  async membershipParts(storeId: string, membershipId: string): Promise<{ groupId: string; userId: string } | undefined> {
    const row = await this.#q.membership(this.#db, storeId, membershipId);
    return row && { groupId: row.group_id, userId: row.user_id };
  }
}

function directoryUser(row: UserRow): DirectoryUser {
  const view = userView(row);
  return {
    identityStoreId: row.identity_store_id,
    userId: row.id,
    userName: row.user_name,
    displayName: view.attributes.displayName,
    email: view.attributes.emails?.[0]?.value,
    enabled: row.status !== 'DISABLED',
    attributes: view.attributes,
  };
}

function uniqueValue(alternate: { readonly path: string; readonly value: unknown }): string {
  if (typeof alternate.value !== 'string' || alternate.value.length === 0) {
    throw idsErrors.validation(`attribute value cannot be empty or null for attribute path ${alternate.path}`);
  }
  return alternate.value;
}

function unsupportedFilter(path: string) {
  return idsErrors.validation(`The attribute path ${path} is not supported as a filter`);
}
