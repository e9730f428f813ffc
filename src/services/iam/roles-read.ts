import type { Kysely } from 'kysely';
import { parseIamArn } from '../../lib/arn.js';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Database, RoleRow } from '../../store/schema.js';
import { iamErrors } from './errors.js';
import { iamPages as pages, inMemoryPage } from './pages.js';
import { IamStore } from './store.js';

// The read side of IAM roles, account-scoped: every query (IamStore's) names the caller's account, so an account sees
// only its own roles. Roles page by keyset on lower(name) (unique per account, and the order IAM lists them in); a role's
// inline and attached policies are few (AWS caps them), so they page in memory with the same opaque Markers.

export interface AttachedPolicyView {
  readonly name: string;
  readonly arn: string;
  readonly path: string;
}

export interface AccountSummaryCounts {
  readonly roles: number;
  readonly rootAccessKeys: number;
}

export class RolesRead {
  private readonly store: IamStore;

  constructor(db: Kysely<Database>) {
    this.store = new IamStore(db);
  }

  /** The caller's role by name (case-insensitive), or NoSuchEntity as IAM words it. */
  async role(accountId: string, name: string): Promise<RoleRow> {
    const row = await this.store.role(accountId, name);
    if (!row) throw iamErrors.noSuchRole(name);
    return row;
  }

  async listRoles(accountId: string, pathPrefix: string | undefined, request: PageRequest): Promise<Page<RoleRow>> {
    const scope = `iam:ListRoles:${accountId}:${pathPrefix ?? ''}`;
    const cursor = pages.pageCursor(scope, request);
    const rows = await this.store.roles(accountId, pathPrefix, cursor);
    return pages.toPage(scope, rows, cursor.limit, (r) => r.name_lower, (r) => r);
  }

  async inlinePolicyNames(role: RoleRow, request: PageRequest): Promise<Page<string>> {
    // sorted here, not by the database: the Markers compare names as JavaScript does, whatever the collation
    const names = (await this.store.roleInlinePolicies(role.id)).map((p) => p.name).sort();
    return inMemoryPage(`iam:ListRolePolicies:${role.id}`, names, (n) => n, request);
  }

  async inlinePolicy(role: RoleRow, policyName: string): Promise<string> {
    const document = await this.store.roleInlinePolicy(role.id, policyName);
    if (document === undefined) throw iamErrors.noSuchRolePolicy(policyName);
    return document;
  }

  async attachedPolicies(role: RoleRow, pathPrefix: string | undefined, request: PageRequest): Promise<Page<AttachedPolicyView>> {
    const views = (await this.store.roleAttachedPolicies(role.id))
      .map(policyView)
      .filter((p) => pathPrefix === undefined || p.path.startsWith(pathPrefix))
      .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
    return inMemoryPage(`iam:ListAttachedRolePolicies:${role.id}:${pathPrefix ?? ''}`, views, (p) => p.arn, request);
  }

  async summaryCounts(accountId: string): Promise<AccountSummaryCounts> {
    return { roles: await this.store.countRoles(accountId), rootAccessKeys: await this.store.countActiveRootKeys(accountId) };
  }
}

/**
 * An attached policy's ARN as IAM lists it: arn:aws:iam::aws:policy/service-role/X -> name X, path /service-role/.
 * Every attachment was written with a managed policy's ARN (checked by AttachRolePolicy and its kin, or an existing
 * policy's), so one that does not parse as such is a broken store, not a caller's mistake.
 */
export function policyView(arn: string): AttachedPolicyView {
  const policy = parseIamArn(arn, 'policy');
  if (!policy) throw new Error(`attached policy ARN ${arn} is not a managed policy's`);
  return { arn, name: policy.name, path: policy.path };
}
