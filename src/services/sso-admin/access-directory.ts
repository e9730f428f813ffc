import type { SsoCore } from './core.js';
import type { AccessDirectory, AssignedPrincipals, ProvisionedRole, ReachableRole } from './ports.js';
import { principalKeys } from './portal-directory.js';

// What the access report (src/control/access-report.ts) asks of Identity Center administration: the AWSReservedSSO_
// roles an account has, as permission sets with their assignees, and the roles a user's assignments reach.
// Read-only; its queries are here rather than in store.ts because only this port uses them.

export class SsoAccessDirectory implements AccessDirectory {
  constructor(private readonly core: SsoCore) {}

  async provisionedRoles(accountId: string): Promise<readonly ProvisionedRole[]> {
    const { db } = this.core;
    const rows = await db
      .selectFrom('sso_provisioned as p')
      .innerJoin('sso_permission_sets as ps', 'ps.arn', 'p.permission_set_arn')
      .innerJoin('sso_instances as i', 'i.arn', 'p.instance_arn')
      .select(['p.role_name', 'ps.arn', 'ps.name', 'i.arn as instance_arn', 'i.identity_store_id'])
      .where('p.account_id', '=', accountId)
      .orderBy('ps.name')
      .execute();
    if (rows.length === 0) return [];
    const assignments = await db
      .selectFrom('sso_account_assignments')
      .select(['permission_set_arn', 'principal_type', 'principal_id'])
      .where('account_id', '=', accountId)
      .where('permission_set_arn', 'in', rows.map((r) => r.arn))
      .orderBy('principal')
      .execute();
    return rows.map((r) => ({
      roleName: r.role_name,
      permissionSetArn: r.arn,
      permissionSetName: r.name,
      instanceArn: r.instance_arn,
      identityStoreId: r.identity_store_id,
      assignees: assignments.filter((a) => a.permission_set_arn === r.arn).map((a) => ({ type: a.principal_type, id: a.principal_id })),
    }));
  }

  async reachableRoles(instanceArn: string, principals: AssignedPrincipals): Promise<readonly ReachableRole[]> {
    const rows = await this.core.db
      .selectFrom('sso_account_assignments as a')
      .innerJoin('sso_permission_sets as ps', 'ps.arn', 'a.permission_set_arn')
      .innerJoin('sso_provisioned as p', (join) => join.onRef('p.permission_set_arn', '=', 'a.permission_set_arn').onRef('p.account_id', '=', 'a.account_id'))
      .select(['a.account_id', 'ps.name', 'p.role_name'])
      .distinct()
      .where('a.instance_arn', '=', instanceArn)
      .where('a.principal', 'in', principalKeys(principals))
      .orderBy('a.account_id')
      .orderBy('ps.name')
      .execute();
    return rows.map((r) => ({ accountId: r.account_id, permissionSetName: r.name, roleName: r.role_name }));
  }
}
