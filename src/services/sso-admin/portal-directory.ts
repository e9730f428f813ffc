import type { SsoCore } from './core.js';
import { sessionSeconds } from './permission-sets.js';
import type { AssignedPrincipals, AssignedRole, IdentityStoreFacts, PortalDirectory } from './ports.js';
import type { InstanceRow } from './store.js';

// What the access portal (ListAccounts, ListAccountRoles, GetRoleCredentials) and its sign-in ask of Identity Center
// administration: the instances, and the assignments a user has directly or through a group. Read-only; its
// queries are here rather than in store.ts because only this port uses them.

const facts = (row: InstanceRow): IdentityStoreFacts => ({
  identityStoreId: row.identity_store_id,
  instanceArn: row.arn,
  ownerAccountId: row.owner_account_id,
});

/** sso_account_assignments.principal values: USER:<id> and GROUP:<id>. */
export const principalKeys = (p: AssignedPrincipals): string[] => [`USER:${p.userId}`, ...p.groupIds.map((id) => `GROUP:${id}`)];

export class SsoPortalDirectory implements PortalDirectory {
  constructor(private readonly core: SsoCore) {}

  async instance(instanceArn: string): Promise<IdentityStoreFacts | undefined> {
    const row = await this.core.q.instance(this.core.db, instanceArn);
    return row && facts(row);
  }

  async instanceByIdentityStore(identityStoreId: string): Promise<IdentityStoreFacts | undefined> {
    const row = await this.core.q.instanceByIdentityStore(this.core.db, identityStoreId);
    return row && facts(row);
  }

  async instanceOfAccount(accountId: string): Promise<IdentityStoreFacts | undefined> {
    const row = await this.core.q.instanceOfOwner(this.core.db, accountId);
    return row && facts(row);
  }

  async instances(): Promise<readonly IdentityStoreFacts[]> {
    const rows = await this.core.db.selectFrom('sso_instances').selectAll().orderBy('arn').execute();
    return rows.map(facts);
  }

  async assignedAccounts(instanceArn: string, principals: AssignedPrincipals, after: string | undefined, limit: number): Promise<readonly string[]> {
    let q = this.core.db
      .selectFrom('sso_account_assignments')
      .select('account_id')
      .distinct()
      .where('instance_arn', '=', instanceArn)
      .where('principal', 'in', principalKeys(principals));
    if (after !== undefined) q = q.where('account_id', '>', after);
    return (await q.orderBy('account_id').limit(limit).execute()).map((r) => r.account_id);
  }

  async assignedPermissionSets(
    instanceArn: string,
    principals: AssignedPrincipals,
    accountId: string,
    after: string | undefined,
    limit: number,
  ): Promise<readonly string[]> {
    let q = this.core.db
      .selectFrom('sso_account_assignments as a')
      .innerJoin('sso_permission_sets as ps', 'ps.arn', 'a.permission_set_arn')
      .select('ps.name')
      .distinct()
      .where('a.instance_arn', '=', instanceArn)
      .where('a.account_id', '=', accountId)
      .where('a.principal', 'in', principalKeys(principals));
    if (after !== undefined) q = q.where('ps.name', '>', after);
    return (await q.orderBy('ps.name').limit(limit).execute()).map((r) => r.name);
  }

  async assignedRole(instanceArn: string, principals: AssignedPrincipals, accountId: string, permissionSetName: string): Promise<AssignedRole | undefined> {
    const row = await this.core.db
      .selectFrom('sso_account_assignments as a')
      .innerJoin('sso_permission_sets as ps', 'ps.arn', 'a.permission_set_arn')
      .innerJoin('sso_provisioned as p', (join) => join.onRef('p.permission_set_arn', '=', 'a.permission_set_arn').onRef('p.account_id', '=', 'a.account_id'))
      .select(['ps.arn', 'ps.name', 'ps.session_duration', 'p.role_name'])
      .where('a.instance_arn', '=', instanceArn)
      .where('a.account_id', '=', accountId)
      .where('a.principal', 'in', principalKeys(principals))
      .where('ps.name', '=', permissionSetName)
      .limit(1)
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      permissionSetArn: row.arn,
      permissionSetName: row.name,
      roleName: row.role_name,
      sessionSeconds: sessionSeconds(row.session_duration) ?? 3600,
    };
  }
}
