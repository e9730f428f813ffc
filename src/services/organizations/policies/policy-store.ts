import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database, OrgPoliciesTable } from '../../../store/schema.js';
import type { TargetType } from '../ports.js';
import { MANAGED_POLICIES, type ManagedPolicy } from './managed-policies.js';
import type { PolicyType } from './policy-types.js';

// The policy tables (org_policy_types, org_policy_targets, org_policies, org_policy_attachments) and every query
// on them. Every method takes the Kysely to run on: the caller's transaction, or the core's during its hooks.
// Row locks (PostgreSQL only; SQLite transactions are serialized already) keep limits true under concurrency:
// attach/detach lock the target's row, attach shares the policy's and the policy type's rows, delete locks the
// policy's row and disable removes the type's row.

export type PolicyRow = Selectable<OrgPoliciesTable>;

export interface PolicyTypeStatusRow {
  readonly policy_type: string;
  readonly status: string;
}

export interface AttachedPolicyRow {
  readonly policy_id: string;
  readonly target_id: string;
  readonly content: string;
  readonly position: number;
  readonly attached_at: number;
  readonly updated_at: number;
}

export interface TargetRow {
  readonly target_id: string;
  readonly target_type: string;
}

export class PolicyStore {
  /** `locking`: whether the database takes row locks (PostgreSQL). */
  constructor(private readonly locking: boolean) {}

  // -- policy types --------------------------------------------------------------------------------------------

  async policyTypes(db: Kysely<Database>, organizationId: string): Promise<PolicyTypeStatusRow[]> {
    return await db
      .selectFrom('org_policy_types')
      .select(['policy_type', 'status'])
      .where('organization_id', '=', organizationId)
      .orderBy('enabled_at')
      .orderBy('policy_type')
      .execute();
  }

  /** Whether `type` is enabled; with `share`, holds the row until the transaction ends so it cannot be disabled
   * underneath an attachment. */
  async typeEnabled(db: Kysely<Database>, organizationId: string, type: PolicyType, share = false): Promise<boolean> {
    let q = db
      .selectFrom('org_policy_types')
      .select('status')
      .where('organization_id', '=', organizationId)
      .where('policy_type', '=', type);
    if (share && this.locking) q = q.forShare();
    return (await q.executeTakeFirst()) !== undefined;
  }

  /** False when the type was enabled already (concurrent enablers: one wins). */
  async enableType(db: Kysely<Database>, organizationId: string, type: PolicyType, now: number): Promise<boolean> {
    const result = await db
      .insertInto('org_policy_types')
      .values({ organization_id: organizationId, policy_type: type, status: 'ENABLED', enabled_at: now })
      .onConflict((oc) => oc.columns(['organization_id', 'policy_type']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  }

  /** False when the type was not enabled. */
  async disableType(db: Kysely<Database>, organizationId: string, type: PolicyType): Promise<boolean> {
    const result = await db
      .deleteFrom('org_policy_types')
      .where('organization_id', '=', organizationId)
      .where('policy_type', '=', type)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  // -- targets -------------------------------------------------------------------------------------------------

  async ensureTarget(db: Kysely<Database>, organizationId: string, targetId: string, type: TargetType, now: number): Promise<void> {
    await db
      .insertInto('org_policy_targets')
      .values({ organization_id: organizationId, target_id: targetId, target_type: type, joined_at: now })
      .onConflict((oc) => oc.columns(['organization_id', 'target_id']).doNothing())
      .execute();
  }

  /**
   * Locks the target's row (PostgreSQL) until the transaction ends: 'update' so attachment counts on it hold, or to
   * hold the root while a policy type is enabled or disabled; 'share' on the root while a new target joins, so it
   * sees the policy types as they are once a concurrent enable or disable has committed.
   */
  async lockTarget(db: Kysely<Database>, organizationId: string, targetId: string, mode: 'update' | 'share' = 'update'): Promise<void> {
    if (!this.locking) return;
    const q = db
      .selectFrom('org_policy_targets')
      .select('target_id')
      .where('organization_id', '=', organizationId)
      .where('target_id', '=', targetId);
    // NO KEY UPDATE rather than UPDATE: attachments' foreign-key checks (KEY SHARE) on the row need not wait for it.
    await (mode === 'update' ? q.forNoKeyUpdate() : q.forShare()).execute();
  }

  async removeTarget(db: Kysely<Database>, organizationId: string, targetId: string): Promise<void> {
    await db
      .deleteFrom('org_policy_attachments')
      .where('organization_id', '=', organizationId)
      .where('target_id', '=', targetId)
      .execute();
    await db
      .deleteFrom('org_policy_targets')
      .where('organization_id', '=', organizationId)
      .where('target_id', '=', targetId)
      .execute();
  }

  async deleteOrganization(db: Kysely<Database>, organizationId: string): Promise<void> {
    await db.deleteFrom('org_policy_attachments').where('organization_id', '=', organizationId).execute();
    await db.deleteFrom('org_policies').where('organization_id', '=', organizationId).execute();
    await db.deleteFrom('org_policy_targets').where('organization_id', '=', organizationId).execute();
    await db.deleteFrom('org_policy_types').where('organization_id', '=', organizationId).execute();
  }

  // -- policies ------------------------------------------------------------------------------------------------

  /** The AWS-managed policies' rows of the organization; idempotent. */
  async ensureManagedPolicies(db: Kysely<Database>, organizationId: string, now: number): Promise<void> {
    await db
      .insertInto('org_policies')
      .values(MANAGED_POLICIES.map((p) => managedRow(organizationId, p, now)))
      .onConflict((oc) => oc.columns(['organization_id', 'id']).doNothing())
      .execute();
  }

  async hasManagedPolicies(db: Kysely<Database>, organizationId: string): Promise<boolean> {
    const ids = MANAGED_POLICIES.map((p) => p.id);
    const row = await db
      .selectFrom('org_policies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('id', 'in', ids)
      .executeTakeFirstOrThrow();
    return Number(row.n) === ids.length;
  }

  async policy(db: Kysely<Database>, organizationId: string, id: string, lock: 'share' | 'update' | 'none' = 'none'): Promise<PolicyRow | undefined> {
    let q = db.selectFrom('org_policies').selectAll().where('organization_id', '=', organizationId).where('id', '=', id);
    if (this.locking && lock === 'share') q = q.forShare();
    if (this.locking && lock === 'update') q = q.forUpdate();
    return await q.executeTakeFirst();
  }

  async policyNamed(db: Kysely<Database>, organizationId: string, type: PolicyType, name: string): Promise<PolicyRow | undefined> {
    return await db
      .selectFrom('org_policies')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('policy_type', '=', type)
      .where('name', '=', name)
      .executeTakeFirst();
  }

  async countPolicies(db: Kysely<Database>, organizationId: string, type: PolicyType): Promise<number> {
    const row = await db
      .selectFrom('org_policies')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('policy_type', '=', type)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertPolicy(db: Kysely<Database>, row: PolicyRow): Promise<void> {
    await db.insertInto('org_policies').values(row).execute();
  }

  async updatePolicy(
    db: Kysely<Database>,
    organizationId: string,
    id: string,
    changes: { readonly name?: string; readonly description?: string; readonly content?: string; readonly updated_at: number },
  ): Promise<void> {
    await db.updateTable('org_policies').set(changes).where('organization_id', '=', organizationId).where('id', '=', id).execute();
  }

  async deletePolicy(db: Kysely<Database>, organizationId: string, id: string): Promise<void> {
    await db.deleteFrom('org_policies').where('organization_id', '=', organizationId).where('id', '=', id).execute();
  }

  /** One page of the organization's policies of `type`, ordered by id, after the id `after`. */
  async listPolicies(db: Kysely<Database>, organizationId: string, type: PolicyType, after: string | undefined, limit: number): Promise<PolicyRow[]> {
    let q = db.selectFrom('org_policies').selectAll().where('organization_id', '=', organizationId).where('policy_type', '=', type);
    if (after !== undefined) q = q.where('id', '>', after);
    return await q.orderBy('id').limit(limit).execute();
  }

  // -- attachments ---------------------------------------------------------------------------------------------

  async isAttached(db: Kysely<Database>, organizationId: string, policyId: string, targetId: string): Promise<boolean> {
    const row = await db
      .selectFrom('org_policy_attachments')
      .select('position')
      .where('organization_id', '=', organizationId)
      .where('policy_id', '=', policyId)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    return row !== undefined;
  }

  async countOnTarget(db: Kysely<Database>, organizationId: string, targetId: string, type: PolicyType): Promise<number> {
    const row = await db
      .selectFrom('org_policy_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('target_id', '=', targetId)
      .where('policy_type', '=', type)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async countTargetsOf(db: Kysely<Database>, organizationId: string, policyId: string): Promise<number> {
    const row = await db
      .selectFrom('org_policy_attachments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('policy_id', '=', policyId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async attach(db: Kysely<Database>, organizationId: string, policyId: string, type: PolicyType, targetId: string, now: number): Promise<void> {
    const last = await db
      .selectFrom('org_policy_attachments')
      .select((eb) => eb.fn.max('position').as('p'))
      .where('organization_id', '=', organizationId)
      .where('target_id', '=', targetId)
      .executeTakeFirst();
    const position = Number(last?.p ?? 0) + 1;
    await db
      .insertInto('org_policy_attachments')
      .values({ organization_id: organizationId, policy_id: policyId, target_id: targetId, policy_type: type, position, attached_at: now })
      .onConflict((oc) => oc.columns(['organization_id', 'policy_id', 'target_id']).doNothing())
      .execute();
  }

  /** Attaches `policy` to every target of the organization that lacks it, in one statement. */
  async attachEverywhere(db: Kysely<Database>, organizationId: string, policy: ManagedPolicy, now: number): Promise<void> {
    await db
      .insertInto('org_policy_attachments')
      .columns(['organization_id', 'policy_id', 'target_id', 'policy_type', 'position', 'attached_at'])
      .expression((eb) =>
        eb
          .selectFrom('org_policy_targets as t')
          .select([
            't.organization_id',
            // Typed casts: PostgreSQL cannot infer a parameter's type from the insert's columns in INSERT ... SELECT.
            sql<string>`cast(${policy.id} as text)`.as('policy_id'),
            't.target_id',
            sql<string>`cast(${policy.type} as text)`.as('policy_type'),
            sql<number>`coalesce((select max(a.position) from org_policy_attachments a where a.organization_id = t.organization_id and a.target_id = t.target_id), 0) + 1`.as(
              'position',
            ),
            sql<number>`cast(${now} as bigint)`.as('attached_at'),
          ])
          .where('t.organization_id', '=', organizationId),
      )
      .onConflict((oc) => oc.columns(['organization_id', 'policy_id', 'target_id']).doNothing())
      .execute();
  }

  async detach(db: Kysely<Database>, organizationId: string, policyId: string, targetId: string): Promise<void> {
    await db
      .deleteFrom('org_policy_attachments')
      .where('organization_id', '=', organizationId)
      .where('policy_id', '=', policyId)
      .where('target_id', '=', targetId)
      .execute();
  }

  async detachAllOfType(db: Kysely<Database>, organizationId: string, type: PolicyType): Promise<void> {
    await db
      .deleteFrom('org_policy_attachments')
      .where('organization_id', '=', organizationId)
      .where('policy_type', '=', type)
      .execute();
  }

  /** One page of the policies of `type` attached to `targetId`, ordered by policy id. */
  async listPoliciesForTarget(
    db: Kysely<Database>,
    organizationId: string,
    targetId: string,
    type: PolicyType,
    after: string | undefined,
    limit: number,
  ): Promise<PolicyRow[]> {
    let q = db
      .selectFrom('org_policy_attachments as a')
      .innerJoin('org_policies as p', (j) => j.onRef('p.organization_id', '=', 'a.organization_id').onRef('p.id', '=', 'a.policy_id'))
      .selectAll('p')
      .where('a.organization_id', '=', organizationId)
      .where('a.target_id', '=', targetId)
      .where('a.policy_type', '=', type);
    if (after !== undefined) q = q.where('a.policy_id', '>', after);
    return await q.orderBy('a.policy_id').limit(limit).execute();
  }

  /** One page of the targets `policyId` is attached to, ordered by target id. */
  async listTargetsForPolicy(
    db: Kysely<Database>,
    organizationId: string,
    policyId: string,
    after: string | undefined,
    limit: number,
  ): Promise<TargetRow[]> {
    let q = db
      .selectFrom('org_policy_attachments as a')
      .innerJoin('org_policy_targets as t', (j) => j.onRef('t.organization_id', '=', 'a.organization_id').onRef('t.target_id', '=', 'a.target_id'))
      .select(['a.target_id', 't.target_type'])
      .where('a.organization_id', '=', organizationId)
      .where('a.policy_id', '=', policyId);
    if (after !== undefined) q = q.where('a.target_id', '>', after);
    return await q.orderBy('a.target_id').limit(limit).execute();
  }

  /** The documents of `type` attached to any of `targetIds`, in attachment order per target; undefined when the
   * type is not enabled. One read: the type's row, with the attachments and their policies left-joined to it. */
  async enabledDocuments(db: Kysely<Database>, organizationId: string, targetIds: readonly string[], type: PolicyType): Promise<AttachedPolicyRow[] | undefined> {
    if (targetIds.length === 0) return (await this.typeEnabled(db, organizationId, type)) ? [] : undefined;
    const rows = await db
      .selectFrom('org_policy_types as t')
      .leftJoin('org_policy_attachments as a', (j) =>
        j.onRef('a.organization_id', '=', 't.organization_id').onRef('a.policy_type', '=', 't.policy_type').on('a.target_id', 'in', targetIds),
      )
      .leftJoin('org_policies as p', (j) => j.onRef('p.organization_id', '=', 'a.organization_id').onRef('p.id', '=', 'a.policy_id'))
      .select(['a.policy_id', 'a.target_id', 'p.content', 'a.position', 'a.attached_at', 'p.updated_at'])
      .where('t.organization_id', '=', organizationId)
      .where('t.policy_type', '=', type)
      .orderBy('a.target_id')
      .orderBy('a.position')
      .execute();
    if (rows.length === 0) return undefined;
    // An enabled type with nothing attached is one row of nulls; an attachment without its policy row is left out.
    // A policy's content comes only with its attachment, so a row with content has every column.
    return rows.filter((r): r is AttachedPolicyRow => r.content !== null);
  }
}

function managedRow(organizationId: string, p: ManagedPolicy, now: number): PolicyRow {
  return {
    organization_id: organizationId,
    id: p.id,
    policy_type: p.type,
    name: p.name,
    description: p.description,
    content: p.content,
    aws_managed: 1,
    created_at: now,
    updated_at: now,
  };
}
