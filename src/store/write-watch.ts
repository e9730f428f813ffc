// Knowing when stored state changed, so a cache derived from it can be trusted: a Kysely plugin sees every statement
// this process runs and bumps the generation of each watch whose tables a write touches, after the write ran; the
// store bumps again after a transaction that wrote ends, so a reader that loaded the uncommitted past under the
// first bump loads again. Other processes' writes arrive as `remote(table)` (PostgreSQL NOTIFY from triggers).
// A watch's generation only grows; a cache entry made at generation g is good while the watch is still at g.

import {
  AliasNode,
  DeleteQueryNode,
  InsertQueryNode,
  RawNode,
  TableNode,
  UpdateQueryNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** A set of tables whose writes invalidate what was derived from them (`all`: every table). */
export class Watch {
  private value = 0;
  constructor(
    readonly tables: ReadonlySet<string>,
    readonly all = false,
  ) {}

  /** Whether a write to this table (undefined or '*': unknown) concerns this watch. */
  covers(table: string | undefined): boolean {
    return table === undefined || table === '*' || this.all || this.tables.has(table);
  }

  /** Grows whenever a watched table may have changed. */
  get generation(): number {
    return this.value;
  }

  bump(): void {
    this.value++;
  }
}

export class WriteWatch implements KyselyPlugin {
  private readonly watches: Watch[] = [];
  /** Writes seen by transformQuery, waiting for their result: the watches they touch. */
  private readonly running = new WeakMap<QueryId, readonly Watch[]>();

  /** A new watch over these tables. */
  watch(tables: Iterable<string>): Watch {
    const watch = new Watch(new Set(tables));
    this.watches.push(watch);
    return watch;
  }

  /** A new watch over every table: what it guards is derived from anything in the store. */
  watchAll(): Watch {
    const watch = new Watch(new Set(), true);
    this.watches.push(watch);
    return watch;
  }

  /** Another process wrote this table (or, with no table, anything): every watch of it is stale. */
  remote(table?: string): void {
    for (const w of this.watches) if (w.covers(table)) w.bump();
  }

  /** The watches' generations, to compare after a transaction with `settle`. */
  snapshot(): readonly number[] {
    return this.watches.map((w) => w.generation);
  }

  /** After a transaction ended (committed or not): a watch bumped during it is bumped once more, now that what it
   * wrote is visible (or gone). */
  settle(before: readonly number[]): void {
    this.watches.forEach((w, i) => {
      if (w.generation !== before[i]) w.bump();
    });
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.watches.length > 0) {
      const table = writtenTable(args.node);
      if (table !== undefined) {
        const touched = this.watches.filter((w) => w.covers(table));
        if (touched.length > 0) this.running.set(args.queryId, touched);
      }
    }
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const touched = this.running.get(args.queryId);
    if (touched !== undefined) {
      this.running.delete(args.queryId);
      for (const w of touched) w.bump();
    }
    return args.result;
  }
}

/** The table a statement writes; '*' for raw SQL that writes (its table is not known); undefined for reads. */
function writtenTable(node: RootOperationNode): string | undefined {
  if (InsertQueryNode.is(node)) return node.into ? tableOf(node.into) : '*';
  if (UpdateQueryNode.is(node)) return node.table ? tableOf(node.table) : '*';
  if (DeleteQueryNode.is(node)) {
    const [first] = node.from.froms;
    return node.from.froms.length === 1 && first ? tableOf(first) : '*';
  }
  if (RawNode.is(node)) return /^\s*(insert|update|delete|replace|truncate)\b/i.test(node.sqlFragments[0] ?? '') ? '*' : undefined;
  return undefined;
}

function tableOf(node: OperationNode): string {
  const target = AliasNode.is(node) ? node.node : node;
  return TableNode.is(target) ? target.table.identifier.name : '*';
}
