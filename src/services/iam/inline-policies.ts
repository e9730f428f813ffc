import type { Kysely } from 'kysely';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Database } from '../../store/schema.js';
import { entityErrors, type EntityKind } from './entity-errors.js';
import { inMemoryPage } from './pages.js';
import { policySize } from '../../policy/index.js';
import { checkPolicyDocument } from './policy-document.js';

// The inline policies of a user or a group: documents stored as sent, checked with IAM's grammar, their aggregate
// size capped per entity (users 2048, groups 5120: IAM's UserPolicySize and GroupPolicySize quotas, counted as
// policy-document.ts counts). Few per entity, so their names page in memory.

interface Owner {
  readonly id: string;
  readonly name: string;
}

const tables = {
  user: { table: 'iam_user_inline_policies', column: 'user_id', quota: 2048 },
  group: { table: 'iam_group_inline_policies', column: 'group_id', quota: 5120 },
} as const;

/** The two tables differ only in the owner column's name, which Kysely's types cannot abstract over. */
interface InlineRow {
  user_id?: string;
  group_id?: string;
  name: string;
  document: string;
}
type InlineDb = Kysely<Record<string, InlineRow>>;

export class InlinePolicies {
  private readonly table: (typeof tables)[EntityKind];

  constructor(
    private readonly db: Kysely<Database>,
    private readonly kind: EntityKind,
  ) {
    this.table = tables[kind];
  }

  /** Creates or replaces the policy inside the caller's transaction (which holds the owner's row lock). */
  async put(db: Kysely<Database>, owner: Owner, policyName: string, document: string): Promise<void> {
    await checkPolicyDocument(document, 'identity');
    const { table, column, quota } = this.table;
    const others = await this.q(db).selectFrom(table).select(['name', 'document']).where(column, '=', owner.id).where('name', '!=', policyName).execute();
    const total = others.reduce((sum, p) => sum + policySize(p.document), policySize(document));
    if (total > quota) throw entityErrors.inlinePolicySize(this.kind, quota, owner.name);
    await this.q(db).deleteFrom(table).where(column, '=', owner.id).where('name', '=', policyName).execute();
    await this.q(db).insertInto(table).values({ [column]: owner.id, name: policyName, document }).execute();
  }

  /** The document, or NoSuchEntity as IAM words it. */
  async get(owner: Owner, policyName: string): Promise<string> {
    const { table, column } = this.table;
    const row = await this.q(this.db).selectFrom(table).select('document').where(column, '=', owner.id).where('name', '=', policyName).executeTakeFirst();
    if (!row) throw entityErrors.noSuchInlinePolicy(this.kind, policyName);
    return row.document;
  }

  async delete(owner: Owner, policyName: string): Promise<void> {
    const { table, column } = this.table;
    const result = await this.q(this.db).deleteFrom(table).where(column, '=', owner.id).where('name', '=', policyName).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw entityErrors.noSuchInlinePolicy(this.kind, policyName);
  }

  async names(owner: Owner, request: PageRequest): Promise<Page<string>> {
    const { table, column } = this.table;
    const rows = await this.q(this.db).selectFrom(table).select('name').where(column, '=', owner.id).execute();
    return inMemoryPage(`iam:${table}:${owner.id}`, rows.map((r) => r.name).sort(), (n) => n, request);
  }

  /** The policies of these owners (a user, or a user's groups), by policy name, in one query. */
  async documents(ownerIds: readonly string[]): Promise<{ readonly ownerId: string; readonly name: string; readonly document: string }[]> {
    if (ownerIds.length === 0) return [];
    const { table, column } = this.table;
    const rows = await this.q(this.db).selectFrom(table).select([column, 'name', 'document']).where(column, 'in', ownerIds).orderBy('name').execute();
    // the owner column is the table's own (InlineRow has both as optional)
    return rows.map((r) => ({ ownerId: r[column] as string, name: r.name, document: r.document }));
  }

  async any(ownerId: string, db: Kysely<Database>): Promise<boolean> {
    const { table, column } = this.table;
    return (await this.q(db).selectFrom(table).select('name').where(column, '=', ownerId).limit(1).executeTakeFirst()) !== undefined;
  }

  private q(db: Kysely<Database>): InlineDb {
    return db as unknown as InlineDb;
  }
}
