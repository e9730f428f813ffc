import type { Kysely, Selectable } from 'kysely';
import { rowLimit } from '../../store/row-limit.js';
import type { Database, IdstoreGroupsTable, IdstoreMembershipsTable, IdstoreUsersTable } from '../../store/schema.js';

// Every query of the identity store. Rows are always looked up within their store: an id from another store is not
// found. Lists are keyset pages in id order, each served by an index (migration 0006).

type Db = Kysely<Database>;

export type UserRow = Selectable<IdstoreUsersTable>;
export type GroupRow = Selectable<IdstoreGroupsTable>;
export type MembershipRow = Selectable<IdstoreMembershipsTable>;

export interface Keyset {
  /** Rows to fetch: the page size plus one. */
  readonly limit: number;
  readonly after: string | undefined;
}

export class IdentityStoreQueries {
  // ---- users

  user(db: Db, storeId: string, userId: string): Promise<UserRow | undefined> {
    return db.selectFrom('idstore_users').selectAll().where('identity_store_id', '=', storeId).where('id', '=', userId).executeTakeFirst();
  }

  userByName(db: Db, storeId: string, userNameLower: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('idstore_users')
      .selectAll()
      .where('identity_store_id', '=', storeId)
      .where('user_name_lower', '=', userNameLower)
      .executeTakeFirst();
  }

  /** Emails are not unique: the first user (by id) with the email. */
  userByEmail(db: Db, storeId: string, emailLower: string): Promise<UserRow | undefined> {
    return db
      .selectFrom('idstore_users')
      .selectAll()
      .where('identity_store_id', '=', storeId)
      .where('email_lower', '=', emailLower)
      .orderBy('id')
      .limit(rowLimit(1))
      .executeTakeFirst();
  }

  users(db: Db, storeId: string, page: Keyset, userNameLower?: string): Promise<UserRow[]> {
    let q = db.selectFrom('idstore_users').selectAll().where('identity_store_id', '=', storeId);
    if (userNameLower !== undefined) q = q.where('user_name_lower', '=', userNameLower);
    if (page.after !== undefined) q = q.where('id', '>', page.after);
    return q.orderBy('id').limit(rowLimit(page.limit)).execute();
  }

  async insertUser(db: Db, row: UserRow): Promise<void> {
    await db.insertInto('idstore_users').values(row).execute();
  }

  async updateUser(
    db: Db,
    userId: string,
    set: Pick<UserRow, 'user_name' | 'user_name_lower' | 'display_name' | 'email_lower' | 'profile' | 'updated_at' | 'updated_by'>,
  ): Promise<void> {
    await db.updateTable('idstore_users').set(set).where('id', '=', userId).execute();
  }

  async deleteUser(db: Db, userId: string): Promise<void> {
    await db.deleteFrom('idstore_memberships').where('user_id', '=', userId).execute();
    await db.deleteFrom('idstore_users').where('id', '=', userId).execute();
  }

  // ---- groups

  group(db: Db, storeId: string, groupId: string): Promise<GroupRow | undefined> {
    return db.selectFrom('idstore_groups').selectAll().where('identity_store_id', '=', storeId).where('id', '=', groupId).executeTakeFirst();
  }

  groupByName(db: Db, storeId: string, displayNameLower: string): Promise<GroupRow | undefined> {
    return db
      .selectFrom('idstore_groups')
      .selectAll()
      .where('identity_store_id', '=', storeId)
      .where('display_name_lower', '=', displayNameLower)
      .executeTakeFirst();
  }

  groups(db: Db, storeId: string, page: Keyset, displayNameLower?: string): Promise<GroupRow[]> {
    let q = db.selectFrom('idstore_groups').selectAll().where('identity_store_id', '=', storeId);
    if (displayNameLower !== undefined) q = q.where('display_name_lower', '=', displayNameLower);
    if (page.after !== undefined) q = q.where('id', '>', page.after);
    return q.orderBy('id').limit(rowLimit(page.limit)).execute();
  }

  async insertGroup(db: Db, row: GroupRow): Promise<void> {
    await db.insertInto('idstore_groups').values(row).execute();
  }

  async updateGroup(
    db: Db,
    groupId: string,
    set: Pick<GroupRow, 'display_name' | 'display_name_lower' | 'description' | 'updated_at' | 'updated_by'>,
  ): Promise<void> {
    await db.updateTable('idstore_groups').set(set).where('id', '=', groupId).execute();
  }

  async deleteGroup(db: Db, groupId: string): Promise<void> {
    await db.deleteFrom('idstore_memberships').where('group_id', '=', groupId).execute();
    await db.deleteFrom('idstore_groups').where('id', '=', groupId).execute();
  }

  // ---- memberships

  membership(db: Db, storeId: string, membershipId: string): Promise<MembershipRow | undefined> {
    return db
      .selectFrom('idstore_memberships')
      .selectAll()
      .where('identity_store_id', '=', storeId)
      .where('id', '=', membershipId)
      .executeTakeFirst();
  }

  membershipOf(db: Db, groupId: string, userId: string): Promise<MembershipRow | undefined> {
    return db.selectFrom('idstore_memberships').selectAll().where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  }

  membershipsOfGroup(db: Db, groupId: string, page: Keyset): Promise<MembershipRow[]> {
    let q = db.selectFrom('idstore_memberships').selectAll().where('group_id', '=', groupId);
    if (page.after !== undefined) q = q.where('id', '>', page.after);
    return q.orderBy('id').limit(rowLimit(page.limit)).execute();
  }

  membershipsOfUser(db: Db, userId: string, page: Keyset): Promise<MembershipRow[]> {
    let q = db.selectFrom('idstore_memberships').selectAll().where('user_id', '=', userId);
    if (page.after !== undefined) q = q.where('id', '>', page.after);
    return q.orderBy('id').limit(rowLimit(page.limit)).execute();
  }

  /** Every member of a group with their user names, in user name order. */
  groupMemberNames(db: Db, storeId: string, groupId: string): Promise<{ user_id: string; user_name: string }[]> {
    return db
      .selectFrom('idstore_memberships as m')
      .innerJoin('idstore_users as u', 'u.id', 'm.user_id')
      .select(['u.id as user_id', 'u.user_name'])
      .where('m.identity_store_id', '=', storeId)
      .where('m.group_id', '=', groupId)
      .orderBy('u.user_name_lower')
      .execute();
  }

  /** The groups among `groupIds` that the user is a member of. */
  async memberGroupIds(db: Db, userId: string, groupIds: readonly string[]): Promise<Set<string>> {
    if (groupIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('idstore_memberships')
      .select('group_id')
      .where('user_id', '=', userId)
      .where('group_id', 'in', [...groupIds])
      .execute();
    return new Set(rows.map((r) => r.group_id));
  }

  async insertMembership(db: Db, row: MembershipRow): Promise<void> {
    await db.insertInto('idstore_memberships').values(row).execute();
  }

  async deleteMembership(db: Db, membershipId: string): Promise<void> {
    await db.deleteFrom('idstore_memberships').where('id', '=', membershipId).execute();
  }

  /** Everything of one store (its instance is being deleted). */
  async deleteStore(db: Db, storeId: string): Promise<void> {
    await db.deleteFrom('idstore_memberships').where('identity_store_id', '=', storeId).execute();
    await db.deleteFrom('idstore_groups').where('identity_store_id', '=', storeId).execute();
    await db.deleteFrom('idstore_users').where('identity_store_id', '=', storeId).execute();
  }
}
