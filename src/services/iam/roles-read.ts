import type { Kysely } from 'kysely';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Database, RoleRow } from '../../store/schema.js';
import { iamErrors } from './errors.js';
import { iamPages as pages, inMemoryPage, pathStartsWith } from './pages.js';

// The read side of IAM roles, account-scoped: every query names the caller's account, so an account sees only its
// own roles. Roles page by keyset on lower(name) (unique per account, and the order IAM lists them in); a role's
// inline and attached policies are few (AWS caps them), so they page in memory with the same opaque Markers.

export interface AttachedPolicyView {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
}

export interface AccountSummaryCounts {
  readonly roles: number;
  readonly rootAccessKeys: number;
  /** SAML providers (IAM counts them with OpenID Connect providers as Providers). */
  readonly samlProviders: number;
}

export class RolesRead {
  constructor(private readonly db: Kysely<Database>) {}

  /** The caller's role by name (case-insensitive), or NoSuchEntity as IAM words it. */
  async role(accountId: string, name: string): Promise<RoleRow> {
    const row = await this.db
      .selectFrom('roles')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
    if (!row) throw iamErrors.noSuchRole(name);
    return row;
  }

  async listRoles(accountId: string, pathPrefix: string | undefined, request: PageRequest): Promise<Page<RoleRow>> {
    const scope = `iam:ListRoles:${accountId}:${pathPrefix ?? ''}`;
    const cursor = pages.pageCursor(scope, request);
    let query = this.db.selectFrom('roles').selectAll().where('account_id', '=', accountId).where(pathStartsWith('path', pathPrefix));
    if (cursor.after !== undefined) query = query.where('name_lower', '>', cursor.after);
    const rows = await query.orderBy('name_lower').limit(cursor.limit + 1).execute();
    return pages.toPage(scope, rows, cursor.limit, (r) => r.name_lower, (r) => r);
  }

  async inlinePolicyNames(role: RoleRow, request: PageRequest): Promise<Page<string>> {
    const rows = await this.db.selectFrom('role_inline_policies').select('name').where('role_id', '=', role.id).execute();
    return inMemoryPage(`iam:ListRolePolicies:${role.id}`, rows.map((r) => r.name).sort(), (n) => n, request);
  }

  async inlinePolicy(role: RoleRow, policyName: string): Promise<string> {
    const row = await this.db
      .selectFrom('role_inline_policies')
      .select('document')
      .where('role_id', '=', role.id)
      .where('name', '=', policyName)
      .executeTakeFirst();
    if (!row) throw iamErrors.noSuchRolePolicy(policyName);
    return row.document;
  }

  async attachedPolicies(role: RoleRow, pathPrefix: string | undefined, request: PageRequest): Promise<Page<AttachedPolicyView>> {
    const rows = await this.db.selectFrom('role_attached_policies').select('policy_arn').where('role_id', '=', role.id).execute();
    const views = rows
      .map((r) => policyView(r.policy_arn))
      .filter((p) => pathPrefix === undefined || p.path.startsWith(pathPrefix))
      .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
    return inMemoryPage(`iam:ListAttachedRolePolicies:${role.id}:${pathPrefix ?? ''}`, views, (p) => p.arn, request);
  }

  async summaryCounts(accountId: string): Promise<AccountSummaryCounts> {
    const roles = await this.db
      .selectFrom('roles')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    const keys = await this.db
      .selectFrom('credentials')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .where('kind', '=', 'root')
      .where('status', '=', 'Active')
      .executeTakeFirstOrThrow();
    const saml = await this.db
      .selectFrom('iam_saml_providers')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return { roles: Number(roles.n), rootAccessKeys: Number(keys.n), samlProviders: Number(saml.n) };
  }
}

/** arn:aws:iam::aws:policy/service-role/X -> name X, path /service-role/. */
export function policyView(arn: string): AttachedPolicyView {
  const resource = arn.slice(arn.indexOf(':policy/') + ':policy'.length);
  const slash = resource.lastIndexOf('/');
  return { arn, name: resource.slice(slash + 1), path: resource.slice(0, slash + 1) || '/' };
}
