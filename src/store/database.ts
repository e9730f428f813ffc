// Opening the store: pick the dialect by URL, connect, migrate to the latest schema.
//
//   sqlite:<path>                 a file (the embedded default; WAL beside it)
//   :memory: | sqlite::memory:    SQLite in memory, gone at close
//   postgres://... | postgresql://...[?schema=<name>]
//
// Open one Store per SQLite file per process: better-sqlite3 waits for another connection's lock synchronously,
// so a second Store on the same file in the same process would stall the event loop behind the first's open
// transaction. Several processes on one file, or several Stores on one PostgreSQL database, are fine.

import { Migrator } from 'kysely';
import type { IsolationLevel, Kysely, Transaction } from 'kysely';
import type { DialectModule, DialectName, OpenOptions } from './dialect.js';
import { postgresDialect } from './dialects/postgres.js';
import { sqliteDialect } from './dialects/sqlite.js';
import { LATEST_MIGRATION, migrationProvider } from './migrations.js';
import type { Database } from './schema.js';
import { WriteWatch } from './write-watch.js';

export type { DialectName, OpenOptions } from './dialect.js';

const DIALECTS: readonly DialectModule[] = [sqliteDialect, postgresDialect];

export interface TransactionOptions {
  /** PostgreSQL only (SQLite transactions are always serializable). */
  readonly isolationLevel?: IsolationLevel;
}

export interface Store {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  /** Whether row claims can use FOR UPDATE SKIP LOCKED (PostgreSQL). */
  readonly skipLocked: boolean;
  /** PostgreSQL schema holding the tables (from ?schema=, else the connection's current schema). */
  readonly schema?: string;
  /** The schema version this code expects and migrated to at open (unless opened with migrate: false). */
  readonly version: string;
  /** Sees every write, this process's and (PostgreSQL) other processes' on the watched tables: for caches. */
  readonly writes: WriteWatch;
  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(fn: (trx: Transaction<Database>) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** Closes the connection or pool; idempotent. */
  close(): Promise<void>;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Store> {
  const module = DIALECTS.find((d) => d.matches(url));
  if (!module) {
    // The URL may carry a password: name the accepted forms, not the input.
    throw new Error('unsupported database URL: expected sqlite:<path>, :memory:, postgres:// or postgresql://');
  }
  const opened = await module.open(url, options);
  const { schema, skipLocked } = opened;
  const writes = new WriteWatch();
  const db = opened.db.withPlugin(writes);
  let stopListening: (() => Promise<void>) | undefined;
  try {
    if (options.migrate !== false) await migrate(db, schema);
    stopListening = await opened.listenForWrites?.((table) => writes.remote(table));
  } catch (err) {
    await db.destroy();
    throw err;
  }
  let closed: Promise<void> | undefined;
  return {
    db,
    dialect: module.name,
    skipLocked,
    ...(schema !== undefined ? { schema } : {}),
    version: LATEST_MIGRATION,
    writes,
    async transaction(fn, txOptions) {
      const before = writes.snapshot();
      const builder = db.transaction();
      try {
        return await (txOptions?.isolationLevel ? builder.setIsolationLevel(txOptions.isolationLevel) : builder).execute(fn);
      } finally {
        writes.settle(before);
      }
    },
    close() {
      closed ??= (async () => {
        await stopListening?.();
        await db.destroy();
      })();
      return closed;
    },
  };
}

/** Applies pending migrations. Concurrent openers are serialized by Kysely's migration lock. */
export async function migrate(db: Kysely<Database>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    // Without a schema Kysely looks for its bookkeeping table in every schema, and would find another's.
    ...(schema !== undefined ? { migrationTableSchema: schema } : {}),
  });
  const { error, results } = await retryOnDroppedSchema(async () => {
    const outcome = await migrator.migrateToLatest();
    // the migrator's own scan raced a dropped schema (no migration of ours failed): try again
    if (isDroppedSchema(outcome.error) && !outcome.results?.some((r) => r.status === 'Error')) throw outcome.error;
    return outcome;
  });
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`database migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`, {
      cause: error,
    });
  }
}

/**
 * Kysely's introspection (the migrator's, and getTables) lists tables and their columns in every schema of the
 * database, asking pg_get_serial_sequence of each column; a schema that another process drops meanwhile fails that scan
 * although ours is fine: PostgreSQL 3F000 (invalid_schema_name), or 42P01 / 42703 (the table or column vanished
 * between the catalog read and the call). Such a race passes on a retry; a real error fails every attempt.
 */
export async function retryOnDroppedSchema<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= 5 || !isDroppedSchema(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

const VANISHED_DURING_SCAN: ReadonlySet<string> = new Set(['3F000', '42P01', '42703']);

function isDroppedSchema(error: unknown): boolean {
  return typeof error === 'object' && error !== null && VANISHED_DURING_SCAN.has(String((error as { code?: unknown }).code));
}
