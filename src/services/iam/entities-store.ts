import type { Kysely, Selectable } from 'kysely';
import type { Cursor } from '../../lib/keyset-pages.js';
import type { Database, IamGroupRow, IamUserRow, IamUsersTable } from '../../store/schema.js';
import { pathStartsWith } from './pages.js';

// The SQL of IAM users and groups and the memberships between them. Users and groups share their identifying
// columns (id, account_id, name, name_lower, path, arn, created_at), so the queries over those are written once
// for both tables. Every query names the account or an id found through it: an account sees only its own.

export type EntityTable = 'iam_users' | 'iam_groups';
type Row<T extends EntityTable> = Selectable<Database[T]>;

/** The columns a rename or move changes. */
export interface EntityName {
  readonly name: string;
  readonly path: string;
  readonly arn: string;
}

export class EntitiesStore {
  constructor(readonly db: Kysely<Database>) {}

  // ---- users and groups alike (the casts: both tables have these columns, Kysely cannot see it through a union)

  async byName<T extends EntityTable>(table: T, accountId: string, name: string, db: Kysely<Database> = this.db): Promise<Row<T> | undefined> {
    const row = await db
      .selectFrom(table as 'iam_groups')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
    return row as Row<T> | undefined;
  }

  async byId<T extends EntityTable>(table: T, id: string, db: Kysely<Database> = this.db): Promise<Row<T> | undefined> {
    return (await db.selectFrom(table as 'iam_groups').selectAll().where('id', '=', id).executeTakeFirst()) as Row<T> | undefined;
  }

  /** The rows with these ids that exist, in no particular order. */
  async byIds<T extends EntityTable>(table: T, ids: readonly string[], db: Kysely<Database> = this.db): Promise<Row<T>[]> {
    if (ids.length === 0) return [];
    return (await db.selectFrom(table as 'iam_groups').selectAll().where('id', 'in', ids).execute()) as Row<T>[];
  }

  /** One page of an account's users or groups in name order, those under `pathPrefix` only; every one without a
   * cursor. */
  async list<T extends EntityTable>(table: T, accountId: string, pathPrefix: string | undefined, cursor?: Cursor): Promise<Row<T>[]> {
    let query = this.db
      .selectFrom(table as 'iam_groups')
      .selectAll()
      .where('account_id', '=', accountId)
      .where(pathStartsWith('path', pathPrefix));
    if (cursor?.after !== undefined) query = query.where('name_lower', '>', cursor.after);
    query = query.orderBy('name_lower');
    if (cursor) query = query.limit(cursor.limit + 1);
    return (await query.execute()) as Row<T>[];
  }

  async count(table: EntityTable, accountId: string, db: Kysely<Database> = this.db): Promise<number> {
    const row = await db
      .selectFrom(table as 'iam_groups')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async rename(table: EntityTable, id: string, to: EntityName, db: Kysely<Database>): Promise<void> {
    await db
      .updateTable(table as 'iam_groups')
      .set({ name: to.name, name_lower: to.name.toLowerCase(), path: to.path, arn: to.arn })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Takes the row's lock until the transaction ends (a write that changes nothing), so checks of a per-entity
   * quota (access keys, groups per user, policy size) and the write after them are not raced by another server.
   */
  async lock(table: EntityTable, id: string, db: Kysely<Database>): Promise<void> {
    await db
      .updateTable(table as 'iam_groups')
      .set((eb) => ({ name: eb.ref('name') }))
      .where('id', '=', id)
      .execute();
  }

  async remove(table: EntityTable, id: string, db: Kysely<Database>): Promise<void> {
    await db.deleteFrom(table as 'iam_groups').where('id', '=', id).execute();
  }

  // ---- users

  async insertUser(row: IamUserRow, db: Kysely<Database>): Promise<void> {
    await db.insertInto('iam_users').values(row).execute();
  }

  async insertGroup(row: IamGroupRow, db: Kysely<Database>): Promise<void> {
    await db.insertInto('iam_groups').values(row).execute();
  }

  async updateUser(
    id: string,
    set: Partial<Pick<IamUsersTable, 'permissions_boundary' | 'password_hash' | 'password_reset_required' | 'password_created_at'>>,
    db: Kysely<Database> = this.db,
  ): Promise<void> {
    if (Object.keys(set).length === 0) return;
    await db.updateTable('iam_users').set(set).where('id', '=', id).execute();
  }

  /** Whether rows of `table` still refer to the entity (`column` = its id): what DeleteUser and DeleteGroup refuse. */
  async refers(
    table: 'iam_group_members' | 'iam_user_attached_policies' | 'iam_group_attached_policies' | 'credentials' | 'iam_mfa_devices',
    column: 'user_id' | 'group_id',
    id: string,
    db: Kysely<Database>,
  ): Promise<boolean> {
    const row = await (db as unknown as Kysely<Record<string, Record<'user_id' | 'group_id', string>>>)
      .selectFrom(table)
      .select(column)
      .where(column, '=', id)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  // ---- memberships

  /** Adds the user to the group; nothing when it is a member already (AddUserToGroup is idempotent). */
  async addMember(groupId: string, userId: string, at: number, db: Kysely<Database>): Promise<void> {
    await db
      .insertInto('iam_group_members')
      .values({ group_id: groupId, user_id: userId, added_at: at })
      .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
      .execute();
  }

  async removeMember(groupId: string, userId: string, db: Kysely<Database> = this.db): Promise<void> {
    await db.deleteFrom('iam_group_members').where('group_id', '=', groupId).where('user_id', '=', userId).execute();
  }

  async isMember(groupId: string, userId: string, db: Kysely<Database>): Promise<boolean> {
    const row = await db.selectFrom('iam_group_members').select('added_at').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
    return row !== undefined;
  }

  async groupCountOf(userId: string, db: Kysely<Database>): Promise<number> {
    const row = await db
      .selectFrom('iam_group_members')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** One page of a group's users, in name order. */
  async members(groupId: string, cursor: Cursor): Promise<IamUserRow[]> {
    let query = this.db
      .selectFrom('iam_group_members as m')
      .innerJoin('iam_users as u', 'u.id', 'm.user_id')
      .selectAll('u')
      .where('m.group_id', '=', groupId);
    if (cursor.after !== undefined) query = query.where('u.name_lower', '>', cursor.after);
    return await query.orderBy('u.name_lower').limit(cursor.limit + 1).execute();
  }

  /** One page of the groups a user is in, in name order; all of them (10 at most) without a cursor. */
  async groupsOf(userId: string, cursor?: Cursor): Promise<IamGroupRow[]> {
    let query = this.db
      .selectFrom('iam_group_members as m')
      .innerJoin('iam_groups as g', 'g.id', 'm.group_id')
      .selectAll('g')
      .where('m.user_id', '=', userId);
    if (cursor?.after !== undefined) query = query.where('g.name_lower', '>', cursor.after);
    query = query.orderBy('g.name_lower');
    if (cursor) query = query.limit(cursor.limit + 1);
    return await query.execute();
  }
}
