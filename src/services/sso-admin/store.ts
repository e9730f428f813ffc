import type { Kysely, Selectable } from 'kysely';
import type { Database, SsoInstancesTable, SsoPermissionSetsTable } from '../../store/schema.js';

// The queries of sso-admin. Each list reads one index range in its keyset order and asks for `limit` rows
// (callers pass page size + 1 to learn whether another page follows).

type Db = Kysely<Database>;
export type InstanceRow = Selectable<SsoInstancesTable>;
export type PermissionSetRow = Selectable<SsoPermissionSetsTable>;

const instanceOut = (r: InstanceRow): InstanceRow => ({ ...r, created_at: Number(r.created_at) });
const permissionSetOut = (r: PermissionSetRow): PermissionSetRow => ({ ...r, created_at: Number(r.created_at) });

export class SsoAdminStore {
  // ---- instances

  async instance(db: Db, arn: string): Promise<InstanceRow | undefined> {
    const row = await db.selectFrom('sso_instances').selectAll().where('arn', '=', arn).executeTakeFirst();
    return row && instanceOut(row);
  }

  async instanceByIdentityStore(db: Db, identityStoreId: string): Promise<InstanceRow | undefined> {
    const row = await db.selectFrom('sso_instances').selectAll().where('identity_store_id', '=', identityStoreId).executeTakeFirst();
    return row && instanceOut(row);
  }

  async instanceOfOwner(db: Db, accountId: string): Promise<InstanceRow | undefined> {
    const row = await db.selectFrom('sso_instances').selectAll().where('owner_account_id', '=', accountId).executeTakeFirst();
    return row && instanceOut(row);
  }

  async insertInstance(db: Db, row: InstanceRow): Promise<void> {
    await db.insertInto('sso_instances').values(row).execute();
  }

  async renameInstance(db: Db, arn: string, name: string): Promise<void> {
    await db.updateTable('sso_instances').set({ name }).where('arn', '=', arn).execute();
  }

  /** The instance and everything under it. */
  async deleteInstance(db: Db, arn: string): Promise<void> {
    const sets = db.selectFrom('sso_permission_sets').select('arn').where('instance_arn', '=', arn);
    await db.deleteFrom('sso_ps_managed_policies').where('permission_set_arn', 'in', sets).execute();
    await db.deleteFrom('sso_ps_customer_policies').where('permission_set_arn', 'in', sets).execute();
    await db.deleteFrom('sso_tags').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_permission_sets').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_instances').where('arn', '=', arn).execute();
  }

  // ---- permission sets

  async permissionSet(db: Db, instanceArn: string, arn: string): Promise<PermissionSetRow | undefined> {
    const row = await db.selectFrom('sso_permission_sets').selectAll().where('arn', '=', arn).where('instance_arn', '=', instanceArn).executeTakeFirst();
    return row && permissionSetOut(row);
  }

  async permissionSetByName(db: Db, instanceArn: string, name: string): Promise<PermissionSetRow | undefined> {
    const row = await db.selectFrom('sso_permission_sets').selectAll().where('instance_arn', '=', instanceArn).where('name', '=', name).executeTakeFirst();
    return row && permissionSetOut(row);
  }

  async permissionSetCount(db: Db, instanceArn: string): Promise<number> {
    const row = await db.selectFrom('sso_permission_sets').select((eb) => eb.fn.countAll<string | number>().as('n')).where('instance_arn', '=', instanceArn).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async permissionSetArns(db: Db, instanceArn: string, after: string | undefined, limit: number): Promise<string[]> {
    let q = db.selectFrom('sso_permission_sets').select('arn').where('instance_arn', '=', instanceArn);
    if (after !== undefined) q = q.where('arn', '>', after);
    return (await q.orderBy('arn').limit(limit).execute()).map((r) => r.arn);
  }

  async insertPermissionSet(db: Db, row: PermissionSetRow): Promise<void> {
    await db.insertInto('sso_permission_sets').values(row).execute();
  }

  async updatePermissionSet(
    db: Db,
    arn: string,
    set: Partial<Pick<PermissionSetRow, 'description' | 'session_duration' | 'relay_state' | 'inline_policy' | 'permissions_boundary'>>,
  ): Promise<void> {
    if (Object.keys(set).length === 0) return;
    await db.updateTable('sso_permission_sets').set(set).where('arn', '=', arn).execute();
  }

  async deletePermissionSet(db: Db, arn: string): Promise<void> {
    await db.deleteFrom('sso_ps_managed_policies').where('permission_set_arn', '=', arn).execute();
    await db.deleteFrom('sso_ps_customer_policies').where('permission_set_arn', '=', arn).execute();
    await db.deleteFrom('sso_tags').where('resource_arn', '=', arn).execute();
    await db.deleteFrom('sso_permission_sets').where('arn', '=', arn).execute();
  }

  // ---- policies attached to permission sets

  async managedPolicies(db: Db, permissionSetArn: string, after: string | undefined, limit: number) {
    let q = db.selectFrom('sso_ps_managed_policies').select(['policy_arn', 'name']).where('permission_set_arn', '=', permissionSetArn);
    if (after !== undefined) q = q.where('policy_arn', '>', after);
    return q.orderBy('policy_arn').limit(limit).execute();
  }

  async hasManagedPolicy(db: Db, permissionSetArn: string, policyArn: string): Promise<boolean> {
    const row = await db.selectFrom('sso_ps_managed_policies').select('policy_arn').where('permission_set_arn', '=', permissionSetArn).where('policy_arn', '=', policyArn).executeTakeFirst();
    return row !== undefined;
  }

  async attachManagedPolicy(db: Db, permissionSetArn: string, policyArn: string, name: string, at: number): Promise<void> {
    await db.insertInto('sso_ps_managed_policies').values({ permission_set_arn: permissionSetArn, policy_arn: policyArn, name, attached_at: at }).execute();
  }

  async detachManagedPolicy(db: Db, permissionSetArn: string, policyArn: string): Promise<boolean> {
    const r = await db.deleteFrom('sso_ps_managed_policies').where('permission_set_arn', '=', permissionSetArn).where('policy_arn', '=', policyArn).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  async customerPolicies(db: Db, permissionSetArn: string, after: string | undefined, limit: number) {
    let q = db.selectFrom('sso_ps_customer_policies').select(['reference', 'name', 'path']).where('permission_set_arn', '=', permissionSetArn);
    if (after !== undefined) q = q.where('reference', '>', after);
    return q.orderBy('reference').limit(limit).execute();
  }

  async hasCustomerPolicy(db: Db, permissionSetArn: string, reference: string): Promise<boolean> {
    const row = await db.selectFrom('sso_ps_customer_policies').select('reference').where('permission_set_arn', '=', permissionSetArn).where('reference', '=', reference).executeTakeFirst();
    return row !== undefined;
  }

  async attachCustomerPolicy(db: Db, permissionSetArn: string, name: string, path: string, at: number): Promise<void> {
    await db.insertInto('sso_ps_customer_policies').values({ permission_set_arn: permissionSetArn, reference: `${path}${name}`, name, path, attached_at: at }).execute();
  }

  async detachCustomerPolicy(db: Db, permissionSetArn: string, reference: string): Promise<boolean> {
    const r = await db.deleteFrom('sso_ps_customer_policies').where('permission_set_arn', '=', permissionSetArn).where('reference', '=', reference).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** AWS's quota counts AWS managed and customer managed policies of a permission set separately. */
  async attachedCount(db: Db, permissionSetArn: string, table: 'sso_ps_managed_policies' | 'sso_ps_customer_policies'): Promise<number> {
    const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).where('permission_set_arn', '=', permissionSetArn).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // ---- tags

  async tags(db: Db, resourceArn: string, after?: string, limit?: number) {
    let q = db.selectFrom('sso_tags').select(['key', 'value']).where('resource_arn', '=', resourceArn);
    if (after !== undefined) q = q.where('key', '>', after);
    q = q.orderBy('key');
    if (limit !== undefined) q = q.limit(limit);
    return q.execute();
  }

  async putTags(db: Db, instanceArn: string, resourceArn: string, tags: readonly { readonly Key: string; readonly Value: string }[]): Promise<void> {
    for (const tag of tags) {
      await db
        .insertInto('sso_tags')
        .values({ instance_arn: instanceArn, resource_arn: resourceArn, key: tag.Key, value: tag.Value })
        .onConflict((oc) => oc.columns(['resource_arn', 'key']).doUpdateSet({ value: tag.Value }))
        .execute();
    }
  }

  async deleteTags(db: Db, resourceArn: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await db.deleteFrom('sso_tags').where('resource_arn', '=', resourceArn).where('key', 'in', keys).execute();
  }
}
