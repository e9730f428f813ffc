// What a storage dialect module provides. The dialects are a registry (dialects/*.ts, listed in database.ts), so
// adding one is a module, not a branch in shared code.

import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';

export interface OpenOptions {
  /** Apply pending migrations at open (default true). */
  readonly migrate?: boolean;
  readonly sqlite?: {
    /** How long a writer waits for another process's lock before SQLITE_BUSY (default 5000). */
    readonly busyTimeoutMs?: number;
    /** Prepared statements kept per connection, by SQL text (default 500; 0 disables). */
    readonly statementCacheSize?: number;
  };
  readonly postgres?: {
    /** Pool size (default 10). */
    readonly poolSize?: number;
    /** Wait for a free pooled connection before failing (default 10000). */
    readonly connectionTimeoutMs?: number;
    /** Errors of idle pooled connections (server restart, network); default: ignored, the pool replaces them. */
    readonly onPoolError?: (err: Error) => void;
  };
}

export interface OpenedDialect {
  readonly db: Kysely<Database>;
  /** Schema holding the tables and Kysely's migration bookkeeping (PostgreSQL only). */
  readonly schema?: string;
  /** Whether row locks can skip rows other transactions hold (FOR UPDATE SKIP LOCKED). */
  readonly skipLocked: boolean;
  /** Other processes' writes to the tables the migrations watch (PostgreSQL: NOTIFY from triggers), reported by
   * table name (undefined: anything may have changed, e.g. after a lost connection; SQLite files: another
   * connection committed, seen by polling `PRAGMA data_version`). Resolves once listening; returns how to stop.
   * Absent: the store belongs to one process (SQLite in memory). */
  readonly listenForWrites?: (onWrite: (table: string | undefined) => void) => Promise<() => Promise<void>>;
}

export interface DialectModule {
  readonly name: DialectName;
  matches(url: string): boolean;
  open(url: string, options: OpenOptions): Promise<OpenedDialect>;
}
