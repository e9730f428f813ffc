import type { Kysely } from 'kysely';
import type { Cursor } from '../../lib/keyset-pages.js';
import type { AccountRow, AccountStatus, CredentialRow, CredentialStatus, Database, NewAccount, NewCredential, RoleRow } from '../../store/schema.js';
import { pathStartsWith } from './pages.js';
import { IamTags } from './tags.js';

export type { CredentialRow };

// The IAM service's tables: accounts (the containers every principal lives in), credentials (access keys of
// every kind, secrets sealed), roles with their inline and attached policies, and the server-wide settings it owns.
// Every role query names the account or a role id found through it: an account sees only its own roles.


export const settingKeys = {
  managementAccountId: 'management_account_id',
} as const;

export class IamStore {
  /** A role's tags, which go with it. */
  private readonly tags: IamTags;

  constructor(private readonly db: Kysely<Database>) {
    this.tags = new IamTags(db);
  }

  async setting(key: string, db: Kysely<Database> = this.db): Promise<string | undefined> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async insertSetting(key: string, value: string, db: Kysely<Database> = this.db): Promise<void> {
    await db.insertInto('settings').values({ key, value }).execute();
  }

  async insertAccount(row: NewAccount, db: Kysely<Database> = this.db): Promise<void> {
    await db.insertInto('accounts').values(row).execute();
  }

  async accountByEmail(email: string, db: Kysely<Database> = this.db): Promise<AccountRow | undefined> {
    return await db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
  }

  async account(id: string, db: Kysely<Database> = this.db): Promise<AccountRow | undefined> {
    return await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The accounts with this name (compared without case; names are not unique across accounts), by id. */
  async accountsNamed(name: string, db: Kysely<Database> = this.db): Promise<AccountRow[]> {
    return await db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .orderBy('id')
      .execute();
  }

  async accounts(ids: readonly string[], db: Kysely<Database> = this.db): Promise<AccountRow[]> {
    if (ids.length === 0) return [];
    return await db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute();
  }

  async setAccountStatus(id: string, status: AccountStatus, db: Kysely<Database> = this.db): Promise<void> {
    await db.updateTable('accounts').set({ status }).where('id', '=', id).execute();
  }

  /** Takes the account row's lock until the transaction ends (a write that changes nothing), so a quota check on the
   * account's root user and the write after it are not raced by another server. */
  async lockAccount(id: string, db: Kysely<Database>): Promise<void> {
    await db.updateTable('accounts').set((eb) => ({ name: eb.ref('name') })).where('id', '=', id).execute();
  }

  async insertRole(row: RoleRow, db: Kysely<Database> = this.db): Promise<void> {
    await db.insertInto('roles').values(row).execute();
  }

  async role(accountId: string, name: string, db: Kysely<Database> = this.db): Promise<RoleRow | undefined> {
    return await db
      .selectFrom('roles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
  }

  /** One page of the account's roles in name order, those under `pathPrefix` only; every one without a cursor. */
  async roles(accountId: string, pathPrefix?: string, cursor?: Cursor): Promise<RoleRow[]> {
    let query = this.db.selectFrom('roles').selectAll().where('account_id', '=', accountId).where(pathStartsWith('path', pathPrefix));
    if (cursor?.after !== undefined) query = query.where('name_lower', '>', cursor.after);
    query = query.orderBy('name_lower');
    if (cursor) query = query.limit(cursor.limit + 1);
    return await query.execute();
  }

  async countRoles(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('roles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async attachRolePolicy(roleId: string, policyArn: string, at: number, db: Kysely<Database> = this.db): Promise<void> {
    await db.insertInto('role_attached_policies').values({ role_id: roleId, policy_arn: policyArn, attached_at: at }).execute();
  }

  async putRoleInlinePolicy(roleId: string, name: string, document: string, db: Kysely<Database> = this.db): Promise<void> {
    await this.deleteRoleInlinePolicy(roleId, name, db);
    await db.insertInto('role_inline_policies').values({ role_id: roleId, name, document }).execute();
  }

  async roleAttachedPolicies(roleId: string, db: Kysely<Database> = this.db): Promise<string[]> {
    const rows = await db.selectFrom('role_attached_policies').select('policy_arn').where('role_id', '=', roleId).orderBy('policy_arn').execute();
    return rows.map((r) => r.policy_arn);
  }

  async roleInlinePolicies(roleId: string, db: Kysely<Database> = this.db): Promise<{ name: string; document: string }[]> {
    return await db.selectFrom('role_inline_policies').select(['name', 'document']).where('role_id', '=', roleId).orderBy('name').execute();
  }

  async roleInlinePolicy(roleId: string, name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('role_inline_policies')
      .select('document')
      .where('role_id', '=', roleId)
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.document;
  }

  /** Whether the role had such a policy. */
  async deleteRoleInlinePolicy(roleId: string, name: string, db: Kysely<Database>): Promise<boolean> {
    const deleted = await db.deleteFrom('role_inline_policies').where('role_id', '=', roleId).where('name', '=', name).executeTakeFirst();
    return Number(deleted.numDeletedRows) > 0;
  }

  async insertCredential(row: NewCredential, db: Kysely<Database> = this.db): Promise<void> {
    await db.insertInto('credentials').values(row).execute();
  }

  async credential(accessKeyId: string): Promise<CredentialRow | undefined> {
    return await this.db
      .selectFrom('credentials')
      .selectAll()
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
  }

  async recordCredentialUse(accessKeyId: string, at: number, service: string, region: string): Promise<void> {
    await this.db
      .updateTable('credentials')
      .set({ last_used_at: at, last_used_service: service, last_used_region: region })
      .where('access_key_id', '=', accessKeyId)
      .execute();
  }

  async countActiveRootKeys(accountId: string): Promise<number> {
    const row = await this.db
      .selectFrom('credentials')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('kind', '=', 'root')
      .where('status', '=', 'Active')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The long-term keys of an IAM user (userId) or of the account's root user (accountId), in key id order. */
  async longTermKeys(owner: { readonly userId: string } | { readonly accountId: string }, db: Kysely<Database> = this.db): Promise<Pick<CredentialRow, 'access_key_id' | 'status' | 'created_at'>[]> {
    let query = db.selectFrom('credentials').select(['access_key_id', 'status', 'created_at']);
    query = 'userId' in owner ? query.where('user_id', '=', owner.userId).where('kind', '=', 'user') : query.where('account_id', '=', owner.accountId).where('kind', '=', 'root');
    return await query.orderBy('access_key_id').execute();
  }

  /** A long-term key (root's or an IAM user's) of the account, with its last use and its user's current name. */
  async longTermKey(accountId: string, accessKeyId: string) {
    return await this.db
      .selectFrom('credentials as c')
      .leftJoin('iam_users as u', 'u.id', 'c.user_id')
      .select(['c.kind', 'c.last_used_at', 'c.last_used_service', 'c.last_used_region', 'u.name'])
      .where('c.access_key_id', '=', accessKeyId)
      .where('c.account_id', '=', accountId)
      .where('c.kind', 'in', ['root', 'user'])
      .executeTakeFirst();
  }

  async setCredentialStatus(accessKeyId: string, status: CredentialStatus): Promise<void> {
    await this.db.updateTable('credentials').set({ status }).where('access_key_id', '=', accessKeyId).execute();
  }

  async deleteCredential(accessKeyId: string): Promise<void> {
    await this.db.deleteFrom('credentials').where('access_key_id', '=', accessKeyId).execute();
  }

  /** The principal (JSON) an IAM user's long-term keys authenticate as. */
  async setUserKeysPrincipal(userId: string, principal: string, db: Kysely<Database>): Promise<void> {
    await db.updateTable('credentials').set({ principal }).where('user_id', '=', userId).where('kind', '=', 'user').execute();
  }

  async rootCredential(accountId: string): Promise<CredentialRow | undefined> {
    return await this.db
      .selectFrom('credentials')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', 'root')
      .where('status', '=', 'Active')
      .orderBy('created_at')
      .executeTakeFirst();
  }

  // ---- roles changed by their owner service (sso-admin provisioning)

  async updateRole(roleId: string, set: Partial<Pick<RoleRow, 'trust_policy' | 'max_session_duration' | 'description' | 'permissions_boundary'>>, db: Kysely<Database> = this.db): Promise<void> {
    if (Object.keys(set).length === 0) return;
    await db.updateTable('roles').set(set).where('id', '=', roleId).execute();
  }

  async detachAllRolePolicies(roleId: string, db: Kysely<Database> = this.db): Promise<void> {
    await db.deleteFrom('role_attached_policies').where('role_id', '=', roleId).execute();
  }

  async deleteAllRoleInlinePolicies(roleId: string, db: Kysely<Database> = this.db): Promise<void> {
    await db.deleteFrom('role_inline_policies').where('role_id', '=', roleId).execute();
  }

  async deleteRole(roleId: string, db: Kysely<Database> = this.db): Promise<void> {
    await this.detachAllRolePolicies(roleId, db);
    await this.deleteAllRoleInlinePolicies(roleId, db);
    // a role's tags are keyed by its id (see tags.ts)
    await this.tags.deleteAll(db, roleId);
    await db.deleteFrom('roles').where('id', '=', roleId).execute();
  }
}
