import { sql, type Kysely } from 'kysely';
import type { Database, IamPolicyRow, IamPolicyVersionRow } from '../../store/schema.js';

// The SQL of managed policies: customer managed policies with their versions (iam_policies, iam_policy_versions) and
// the writes of their tags (iam_tags, with the policy's own key rules; IamTags reads and deletes them), and the attachments of any managed policy, customer or AWS, to the roles, users and
// groups of an account (role_attached_policies, iam_user_attached_policies, iam_group_attached_policies) along with
// the permissions boundaries that name one (roles, iam_users). Every query names the account.

/** The IAM entities a managed policy attaches to. */
export type EntityKind = 'role' | 'user' | 'group';

/** Where each kind keeps its rows and its attachments; the three attachment tables have the same shape. */
const kinds = {
  role: { table: 'roles', attached: 'role_attached_policies', idColumn: 'role_id', boundary: true },
  user: { table: 'iam_users', attached: 'iam_user_attached_policies', idColumn: 'user_id', boundary: true },
  group: { table: 'iam_groups', attached: 'iam_group_attached_policies', idColumn: 'group_id', boundary: false },
} as const satisfies Record<EntityKind, { table: string; attached: string; idColumn: string; boundary: boolean }>;

export const entityKinds: readonly EntityKind[] = ['group', 'role', 'user'];

/** A role, user or group as the policy operations need it. */
export interface EntityRow {
  readonly id: string;
  readonly name: string;
  readonly path: string;
  readonly arn: string;
}

export type Lock = 'update' | 'none';

export class PoliciesStore {
  /** locking: FOR UPDATE row locks (PostgreSQL); SQLite serializes write transactions instead. */
  constructor(private readonly locking: boolean) {}

  // ---- customer managed policies

  async policyByArn(db: Kysely<Database>, accountId: string, arn: string, lock: Lock = 'none'): Promise<IamPolicyRow | undefined> {
    let q = db.selectFrom('iam_policies').selectAll().where('account_id', '=', accountId).where('arn', '=', arn);
    if (this.locking && lock === 'update') q = q.forUpdate();
    return await q.executeTakeFirst();
  }

  async policyByName(db: Kysely<Database>, accountId: string, name: string): Promise<IamPolicyRow | undefined> {
    return await db
      .selectFrom('iam_policies')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('name_lower', '=', name.toLowerCase())
      .executeTakeFirst();
  }

  async insertPolicy(db: Kysely<Database>, row: IamPolicyRow, document: string): Promise<void> {
    await db.insertInto('iam_policies').values(row).execute();
    await this.insertVersion(db, { policy_id: row.id, version_id: row.default_version_id, document, created_at: row.created_at });
  }

  async updatePolicy(db: Kysely<Database>, id: string, set: Partial<Pick<IamPolicyRow, 'default_version_id' | 'next_version' | 'updated_at'>>): Promise<void> {
    await db.updateTable('iam_policies').set(set).where('id', '=', id).execute();
  }

  /** The policy and its versions (its tags are IamTags'). */
  async deletePolicy(db: Kysely<Database>, id: string): Promise<void> {
    await db.deleteFrom('iam_policy_versions').where('policy_id', '=', id).execute();
    await db.deleteFrom('iam_policies').where('id', '=', id).execute();
  }

  /** The account's customer managed policies whose path starts with pathPrefix, by lower(name), after `after`. */
  async listPolicies(db: Kysely<Database>, accountId: string, pathPrefix: string | undefined, after: string | undefined, limit: number): Promise<IamPolicyRow[]> {
    let q = db.selectFrom('iam_policies').selectAll().where('account_id', '=', accountId);
    // substr rather than LIKE: paths may contain % and _, which LIKE would read as wildcards.
    if (pathPrefix !== undefined && pathPrefix !== '/') {
      q = q.where((eb) => eb(eb.fn('substr', ['path', eb.val(1), eb.val(pathPrefix.length)]), '=', pathPrefix));
    }
    if (after !== undefined) q = q.where('name_lower', '>', after);
    return await q.orderBy('name_lower').limit(limit).execute();
  }

  async policiesByArns(db: Kysely<Database>, accountId: string, arns: readonly string[]): Promise<IamPolicyRow[]> {
    if (arns.length === 0) return [];
    return await db.selectFrom('iam_policies').selectAll().where('account_id', '=', accountId).where('arn', 'in', arns).execute();
  }

  /** The default version's document of each of the account's customer managed policies among `arns`, by ARN: one
   * query whatever their number; an ARN the account has no policy of is absent. */
  async defaultDocuments(db: Kysely<Database>, accountId: string, arns: readonly string[]): Promise<Map<string, string>> {
    if (arns.length === 0) return new Map();
    const rows = await db
      .selectFrom('iam_policies as p')
      .innerJoin('iam_policy_versions as v', (j) => j.onRef('v.policy_id', '=', 'p.id').onRef('v.version_id', '=', 'p.default_version_id'))
      .select(['p.arn', 'v.document'])
      .where('p.account_id', '=', accountId)
      .where('p.arn', 'in', arns)
      .execute();
    return new Map(rows.map((r) => [r.arn, r.document]));
  }

  async countPolicies(db: Kysely<Database>, accountId: string): Promise<number> {
    const row = await db
      .selectFrom('iam_policies')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // ---- versions

  async insertVersion(db: Kysely<Database>, row: IamPolicyVersionRow): Promise<void> {
    await db.insertInto('iam_policy_versions').values(row).execute();
  }

  async version(db: Kysely<Database>, policyId: string, versionId: string): Promise<IamPolicyVersionRow | undefined> {
    return await db
      .selectFrom('iam_policy_versions')
      .selectAll()
      .where('policy_id', '=', policyId)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
  }

  /** Every version of a policy (at most five), without their documents. */
  async versions(db: Kysely<Database>, policyId: string): Promise<Pick<IamPolicyVersionRow, 'version_id' | 'created_at'>[]> {
    return await db.selectFrom('iam_policy_versions').select(['version_id', 'created_at']).where('policy_id', '=', policyId).execute();
  }

  async deleteVersion(db: Kysely<Database>, policyId: string, versionId: string): Promise<void> {
    await db.deleteFrom('iam_policy_versions').where('policy_id', '=', policyId).where('version_id', '=', versionId).execute();
  }

  // ---- tags (iam_tags, keyed by the policy id; read through IamTags)

  async putTags(db: Kysely<Database>, entityId: string, tags: readonly { readonly key: string; readonly value: string }[]): Promise<void> {
    if (tags.length === 0) return;
    await this.removeTags(db, entityId, tags.map((t) => t.key));
    await db.insertInto('iam_tags').values(tags.map((t) => ({ entity_id: entityId, key: t.key, value: t.value }))).execute();
  }

  async removeTags(db: Kysely<Database>, entityId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await db.deleteFrom('iam_tags').where('entity_id', '=', entityId).where('key', 'in', keys).execute();
  }

  // ---- roles, users, groups and their attachments

  /** The account's role, user or group by name (case-insensitive); locked for update when asked. */
  async entity(db: Kysely<Database>, kind: EntityKind, accountId: string, name: string, lock: Lock = 'none'): Promise<EntityRow | undefined> {
    const { table } = kinds[kind];
    const row = await sql<EntityRow>`select id, name, path, arn from ${sql.table(table)}
      where account_id = ${accountId} and name_lower = ${name.toLowerCase()}${this.locking && lock === 'update' ? sql` for update` : sql``}`.execute(db);
    return row.rows[0];
  }

  /** The permissions boundary (a managed policy ARN) of the account's role or user by name (case-insensitive);
   * undefined when it has none or there is no such entity. */
  async permissionsBoundary(db: Kysely<Database>, kind: 'role' | 'user', accountId: string, name: string): Promise<string | undefined> {
    const row = await sql<{ permissions_boundary: string | null }>`select permissions_boundary from ${sql.table(kinds[kind].table)}
      where account_id = ${accountId} and name_lower = ${name.toLowerCase()}`.execute(db);
    return row.rows[0]?.permissions_boundary ?? undefined;
  }

  /** The ARNs attached to these entities of one kind (a user's groups, say), in one query; an ARN attached to
   * several of them comes once for each. */
  async attachedArns(db: Kysely<Database>, kind: EntityKind, entityIds: readonly string[]): Promise<string[]> {
    if (entityIds.length === 0) return [];
    const { attached, idColumn } = kinds[kind];
    const rows = await sql<{ policy_arn: string }>`select policy_arn from ${sql.table(attached)} where ${sql.ref(idColumn)} in (${sql.join(entityIds)})`.execute(db);
    return rows.rows.map((r) => r.policy_arn);
  }

  async attach(db: Kysely<Database>, kind: EntityKind, entityId: string, policyArn: string, at: number): Promise<void> {
    const { attached, idColumn } = kinds[kind];
    await sql`insert into ${sql.table(attached)} (${sql.ref(idColumn)}, policy_arn, attached_at) values (${entityId}, ${policyArn}, ${at})`.execute(db);
  }

  /** Whether there was such an attachment. */
  async detach(db: Kysely<Database>, kind: EntityKind, entityId: string, policyArn: string): Promise<boolean> {
    const { attached, idColumn } = kinds[kind];
    const result = await sql`delete from ${sql.table(attached)} where ${sql.ref(idColumn)} = ${entityId} and policy_arn = ${policyArn}`.execute(db);
    return Number(result.numAffectedRows ?? 0) > 0;
  }

  /** The account's entities of a kind that have the policy attached (usage 'attached') or as their boundary. */
  async entitiesUsing(db: Kysely<Database>, kind: EntityKind, accountId: string, policyArn: string, usage: 'attached' | 'boundary'): Promise<EntityRow[]> {
    const { table, attached, idColumn, boundary } = kinds[kind];
    if (usage === 'boundary') {
      if (!boundary) return [];
      const rows = await sql<EntityRow>`select id, name, path, arn from ${sql.table(table)}
        where account_id = ${accountId} and permissions_boundary = ${policyArn}`.execute(db);
      return rows.rows;
    }
    const rows = await sql<EntityRow>`select e.id, e.name, e.path, e.arn from ${sql.table(attached)} a
      join ${sql.table(table)} e on e.id = a.${sql.ref(idColumn)}
      where e.account_id = ${accountId} and a.policy_arn = ${policyArn}`.execute(db);
    return rows.rows;
  }

  /**
   * How many of the account's roles, users and groups have each policy attached, and how many roles and users use
   * each as their permissions boundary: the policies of `arns`, or every policy in use when arns is undefined.
   */
  async usage(db: Kysely<Database>, accountId: string, arns?: readonly string[]): Promise<PolicyUsage> {
    const attachments = new Map<string, number>();
    const boundaries = new Map<string, number>();
    if (arns?.length === 0) return { attachments, boundaries };
    const only = (column: string) => (arns ? sql` and ${sql.ref(column)} in (${sql.join(arns)})` : sql``);
    const add = (into: Map<string, number>, rows: readonly { arn: string; n: number | string }[]) => {
      for (const r of rows) into.set(r.arn, (into.get(r.arn) ?? 0) + Number(r.n));
    };
    for (const kind of entityKinds) {
      const { table, attached, idColumn, boundary } = kinds[kind];
      const used = await sql<{ arn: string; n: number | string }>`select a.policy_arn as arn, count(*) as n from ${sql.table(attached)} a
        join ${sql.table(table)} e on e.id = a.${sql.ref(idColumn)}
        where e.account_id = ${accountId}${only('a.policy_arn')} group by a.policy_arn`.execute(db);
      add(attachments, used.rows);
      if (!boundary) continue;
      const bounded = await sql<{ arn: string; n: number | string }>`select permissions_boundary as arn, count(*) as n from ${sql.table(table)}
        where account_id = ${accountId} and permissions_boundary is not null${only('permissions_boundary')}
        group by permissions_boundary`.execute(db);
      add(boundaries, bounded.rows);
    }
    return { attachments, boundaries };
  }
}

export interface PolicyUsage {
  /** ARN -> number of roles, users and groups it is attached to. */
  readonly attachments: ReadonlyMap<string, number>;
  /** ARN -> number of roles and users whose permissions boundary it is. */
  readonly boundaries: ReadonlyMap<string, number>;
}
