import type { Kysely, Selectable } from 'kysely';
import { rowLimit } from '../../store/row-limit.js';
import type {
  Database,
  SsoAccessControlAttributesTable,
  SsoAccountAssignmentsTable,
  SsoAssignmentRequestsTable,
  SsoInstancesTable,
  SsoPermissionSetsTable,
  SsoPortalSettingsTable,
  SsoProvisionedTable,
  SsoProvisioningRequestsTable,
  SsoStatus,
} from '../../store/schema.js';

// The queries of sso-admin. Each list reads one index range in its keyset order and asks for `limit` rows
// (callers pass page size + 1 to learn whether another page follows).

type Db = Kysely<Database>;
export type InstanceRow = Selectable<SsoInstancesTable>;
export type PermissionSetRow = Selectable<SsoPermissionSetsTable>;
export type AssignmentRow = Selectable<SsoAccountAssignmentsTable>;
export type AssignmentRequestRow = Selectable<SsoAssignmentRequestsTable>;
export type ProvisionedRow = Selectable<SsoProvisionedTable>;
export type ProvisioningRequestRow = Selectable<SsoProvisioningRequestsTable>;
export type AccessControlRow = Selectable<SsoAccessControlAttributesTable>;
export type PortalSettingsRow = Selectable<SsoPortalSettingsTable>;

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
    await db.deleteFrom('sso_account_assignments').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_assignment_requests').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_provisioned').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_provisioning_requests').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_ps_managed_policies').where('permission_set_arn', 'in', sets).execute();
    await db.deleteFrom('sso_ps_customer_policies').where('permission_set_arn', 'in', sets).execute();
    await db.deleteFrom('sso_tags').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_permission_sets').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_access_control_attributes').where('instance_arn', '=', arn).execute();
    await db.deleteFrom('sso_portal_settings').where('instance_arn', '=', arn).execute();
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
    return (await q.orderBy('arn').limit(rowLimit(limit)).execute()).map((r) => r.arn);
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
    await this.markOutdated(db, arn);
  }

  /** The permission set changed: every account it is provisioned to now has an older version (until re-provisioned). */
  async markOutdated(db: Db, permissionSetArn: string): Promise<void> {
    await db.updateTable('sso_provisioned').set({ outdated: 1 }).where('permission_set_arn', '=', permissionSetArn).execute();
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
    return q.orderBy('policy_arn').limit(rowLimit(limit)).execute();
  }

  async hasManagedPolicy(db: Db, permissionSetArn: string, policyArn: string): Promise<boolean> {
    const row = await db.selectFrom('sso_ps_managed_policies').select('policy_arn').where('permission_set_arn', '=', permissionSetArn).where('policy_arn', '=', policyArn).executeTakeFirst();
    return row !== undefined;
  }

  async attachManagedPolicy(db: Db, permissionSetArn: string, policyArn: string, name: string, at: number): Promise<void> {
    await db.insertInto('sso_ps_managed_policies').values({ permission_set_arn: permissionSetArn, policy_arn: policyArn, name, attached_at: at }).execute();
    await this.markOutdated(db, permissionSetArn);
  }

  async detachManagedPolicy(db: Db, permissionSetArn: string, policyArn: string): Promise<boolean> {
    const r = await db.deleteFrom('sso_ps_managed_policies').where('permission_set_arn', '=', permissionSetArn).where('policy_arn', '=', policyArn).executeTakeFirst();
    await this.markOutdated(db, permissionSetArn);
    return Number(r.numDeletedRows) > 0;
  }

  async customerPolicies(db: Db, permissionSetArn: string, after: string | undefined, limit: number) {
    let q = db.selectFrom('sso_ps_customer_policies').select(['reference', 'name', 'path']).where('permission_set_arn', '=', permissionSetArn);
    if (after !== undefined) q = q.where('reference', '>', after);
    return q.orderBy('reference').limit(rowLimit(limit)).execute();
  }

  async hasCustomerPolicy(db: Db, permissionSetArn: string, reference: string): Promise<boolean> {
    const row = await db.selectFrom('sso_ps_customer_policies').select('reference').where('permission_set_arn', '=', permissionSetArn).where('reference', '=', reference).executeTakeFirst();
    return row !== undefined;
  }

  async attachCustomerPolicy(db: Db, permissionSetArn: string, name: string, path: string, at: number): Promise<void> {
    await db.insertInto('sso_ps_customer_policies').values({ permission_set_arn: permissionSetArn, reference: `${path}${name}`, name, path, attached_at: at }).execute();
    await this.markOutdated(db, permissionSetArn);
  }

  async detachCustomerPolicy(db: Db, permissionSetArn: string, reference: string): Promise<boolean> {
    const r = await db.deleteFrom('sso_ps_customer_policies').where('permission_set_arn', '=', permissionSetArn).where('reference', '=', reference).executeTakeFirst();
    await this.markOutdated(db, permissionSetArn);
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
    if (limit !== undefined) q = q.limit(rowLimit(limit));
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

  // ---- account assignments

  async assignment(db: Db, permissionSetArn: string, accountId: string, principal: string): Promise<AssignmentRow | undefined> {
    const row = await db
      .selectFrom('sso_account_assignments')
      .selectAll()
      .where('permission_set_arn', '=', permissionSetArn)
      .where('account_id', '=', accountId)
      .where('principal', '=', principal)
      .executeTakeFirst();
    return row && { ...row, created_at: Number(row.created_at) };
  }

  async insertAssignment(db: Db, row: AssignmentRow): Promise<void> {
    await db.insertInto('sso_account_assignments').values(row).execute();
  }

  async deleteAssignment(db: Db, permissionSetArn: string, accountId: string, principal: string): Promise<void> {
    await db.deleteFrom('sso_account_assignments').where('permission_set_arn', '=', permissionSetArn).where('account_id', '=', accountId).where('principal', '=', principal).execute();
  }

  async assignmentCount(db: Db, permissionSetArn: string, accountId: string): Promise<number> {
    const row = await db
      .selectFrom('sso_account_assignments')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('permission_set_arn', '=', permissionSetArn)
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** ListAccountAssignments: one permission set on one account, in principal order. */
  async assignmentsOn(db: Db, permissionSetArn: string, accountId: string, after: string | undefined, limit: number): Promise<AssignmentRow[]> {
    let q = db.selectFrom('sso_account_assignments').selectAll().where('permission_set_arn', '=', permissionSetArn).where('account_id', '=', accountId);
    if (after !== undefined) q = q.where('principal', '>', after);
    return q.orderBy('principal').limit(rowLimit(limit)).execute();
  }

  /** ListAccountAssignmentsForPrincipal: in (account, permission set) order, optionally on one account. */
  async assignmentsOf(
    db: Db,
    instanceArn: string,
    principal: string,
    accountId: string | undefined,
    after: { readonly accountId: string; readonly permissionSetArn: string } | undefined,
    limit: number,
  ): Promise<AssignmentRow[]> {
    let q = db.selectFrom('sso_account_assignments').selectAll().where('instance_arn', '=', instanceArn).where('principal', '=', principal);
    if (accountId !== undefined) q = q.where('account_id', '=', accountId);
    if (after !== undefined) {
      q = q.where((eb) =>
        eb.or([eb('account_id', '>', after.accountId), eb.and([eb('account_id', '=', after.accountId), eb('permission_set_arn', '>', after.permissionSetArn)])]),
      );
    }
    return q.orderBy('account_id').orderBy('permission_set_arn').limit(rowLimit(limit)).execute();
  }

  // ---- assignment requests

  async insertAssignmentRequest(db: Db, row: AssignmentRequestRow): Promise<void> {
    await db.insertInto('sso_assignment_requests').values(row).execute();
  }

  async assignmentRequest(db: Db, id: string): Promise<AssignmentRequestRow | undefined> {
    const row = await db.selectFrom('sso_assignment_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, created_at: Number(row.created_at) };
  }

  async finishAssignmentRequest(db: Db, id: string, status: SsoStatus, failureReason: string | null): Promise<void> {
    await db.updateTable('sso_assignment_requests').set({ status, failure_reason: failureReason }).where('id', '=', id).where('status', '=', 'IN_PROGRESS').execute();
  }

  async assignmentRequests(
    db: Db,
    instanceArn: string,
    operation: 'CREATE' | 'DELETE',
    status: SsoStatus | undefined,
    after: { readonly at: number; readonly id: string } | undefined,
    limit: number,
  ): Promise<AssignmentRequestRow[]> {
    let q = db.selectFrom('sso_assignment_requests').selectAll().where('instance_arn', '=', instanceArn).where('operation', '=', operation);
    if (status !== undefined) q = q.where('status', '=', status);
    if (after !== undefined) q = q.where((eb) => eb.or([eb('created_at', '>', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '>', after.id)])]));
    const rows = await q.orderBy('created_at').orderBy('id').limit(rowLimit(limit)).execute();
    return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }));
  }

  // ---- provisioned permission sets

  async provisioned(db: Db, permissionSetArn: string, accountId: string): Promise<ProvisionedRow | undefined> {
    return db.selectFrom('sso_provisioned').selectAll().where('permission_set_arn', '=', permissionSetArn).where('account_id', '=', accountId).executeTakeFirst();
  }

  async provisionedAccounts(db: Db, permissionSetArn: string): Promise<string[]> {
    return (await db.selectFrom('sso_provisioned').select('account_id').where('permission_set_arn', '=', permissionSetArn).orderBy('account_id').execute()).map((r) => r.account_id);
  }

  async putProvisioned(db: Db, row: ProvisionedRow): Promise<void> {
    await db
      .insertInto('sso_provisioned')
      .values(row)
      .onConflict((oc) => oc.columns(['permission_set_arn', 'account_id']).doUpdateSet({ role_name: row.role_name, outdated: row.outdated, provisioned_at: row.provisioned_at }))
      .execute();
  }

  /** Every role the instance's permission sets have in accounts (the instance is being deleted). */
  async provisionedRolesOf(db: Db, instanceArn: string): Promise<{ account_id: string; role_name: string }[]> {
    return db.selectFrom('sso_provisioned').select(['account_id', 'role_name']).where('instance_arn', '=', instanceArn).orderBy('account_id').orderBy('role_name').execute();
  }

  async deleteProvisioned(db: Db, permissionSetArn: string, accountId: string): Promise<void> {
    await db.deleteFrom('sso_provisioned').where('permission_set_arn', '=', permissionSetArn).where('account_id', '=', accountId).execute();
  }

  async isProvisionedAnywhere(db: Db, permissionSetArn: string): Promise<boolean> {
    return (await db.selectFrom('sso_provisioned').select('account_id').where('permission_set_arn', '=', permissionSetArn).limit(rowLimit(1)).executeTakeFirst()) !== undefined;
  }

  /** ListPermissionSetsProvisionedToAccount, in ARN order; outdated filters by LATEST_PERMISSION_SET_(NOT_)PROVISIONED. */
  async permissionSetsProvisionedTo(db: Db, instanceArn: string, accountId: string, outdated: number | undefined, after: string | undefined, limit: number): Promise<string[]> {
    let q = db.selectFrom('sso_provisioned').select('permission_set_arn').where('instance_arn', '=', instanceArn).where('account_id', '=', accountId);
    if (outdated !== undefined) q = q.where('outdated', '=', outdated);
    if (after !== undefined) q = q.where('permission_set_arn', '>', after);
    return (await q.orderBy('permission_set_arn').limit(rowLimit(limit)).execute()).map((r) => r.permission_set_arn);
  }

  /** ListAccountsForProvisionedPermissionSet, in account order. */
  async accountsProvisionedWith(db: Db, permissionSetArn: string, outdated: number | undefined, after: string | undefined, limit: number): Promise<string[]> {
    let q = db.selectFrom('sso_provisioned').select('account_id').where('permission_set_arn', '=', permissionSetArn);
    if (outdated !== undefined) q = q.where('outdated', '=', outdated);
    if (after !== undefined) q = q.where('account_id', '>', after);
    return (await q.orderBy('account_id').limit(rowLimit(limit)).execute()).map((r) => r.account_id);
  }

  // ---- provisioning requests

  async insertProvisioningRequest(db: Db, row: ProvisioningRequestRow): Promise<void> {
    await db.insertInto('sso_provisioning_requests').values(row).execute();
  }

  async provisioningRequest(db: Db, id: string): Promise<ProvisioningRequestRow | undefined> {
    const row = await db.selectFrom('sso_provisioning_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row && { ...row, created_at: Number(row.created_at) };
  }

  async finishProvisioningRequest(db: Db, id: string, status: SsoStatus, failureReason: string | null): Promise<void> {
    await db.updateTable('sso_provisioning_requests').set({ status, failure_reason: failureReason }).where('id', '=', id).where('status', '=', 'IN_PROGRESS').execute();
  }

  async provisioningRequests(db: Db, instanceArn: string, status: SsoStatus | undefined, after: { readonly at: number; readonly id: string } | undefined, limit: number): Promise<ProvisioningRequestRow[]> {
    let q = db.selectFrom('sso_provisioning_requests').selectAll().where('instance_arn', '=', instanceArn);
    if (status !== undefined) q = q.where('status', '=', status);
    if (after !== undefined) q = q.where((eb) => eb.or([eb('created_at', '>', after.at), eb.and([eb('created_at', '=', after.at), eb('id', '>', after.id)])]));
    const rows = await q.orderBy('created_at').orderBy('id').limit(rowLimit(limit)).execute();
    return rows.map((r) => ({ ...r, created_at: Number(r.created_at) }));
  }

  // ---- attribute-based access control

  async accessControl(db: Db, instanceArn: string): Promise<AccessControlRow | undefined> {
    return db.selectFrom('sso_access_control_attributes').selectAll().where('instance_arn', '=', instanceArn).executeTakeFirst();
  }

  async insertAccessControl(db: Db, row: AccessControlRow): Promise<void> {
    await db.insertInto('sso_access_control_attributes').values(row).execute();
  }

  /** False when the instance has no configuration. */
  async updateAccessControl(db: Db, instanceArn: string, attributes: string, at: number): Promise<boolean> {
    const r = await db.updateTable('sso_access_control_attributes').set({ attributes, updated_at: at }).where('instance_arn', '=', instanceArn).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** False when the instance has no configuration. */
  async deleteAccessControl(db: Db, instanceArn: string): Promise<boolean> {
    const r = await db.deleteFrom('sso_access_control_attributes').where('instance_arn', '=', instanceArn).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  // ---- access portal settings

  async portalSettings(db: Db, instanceArn: string): Promise<PortalSettingsRow | undefined> {
    return db.selectFrom('sso_portal_settings').selectAll().where('instance_arn', '=', instanceArn).executeTakeFirst();
  }

  async portalSettingsByAlias(db: Db, alias: string): Promise<PortalSettingsRow | undefined> {
    return db.selectFrom('sso_portal_settings').selectAll().where('alias', '=', alias).executeTakeFirst();
  }

  async putPortalSettings(db: Db, row: PortalSettingsRow): Promise<void> {
    const { instance_arn: _key, ...set } = row;
    await db.insertInto('sso_portal_settings').values(row).onConflict((oc) => oc.column('instance_arn').doUpdateSet(set)).execute();
  }
}
