// Whole-state export, import and reset, for moving state between servers, backups and test fixtures.
//
// AN EXPORT HOLDS SECRETS IN PLAINTEXT. Sealed columns (TABLES[..].sealed, e.g. credentials.secret) are opened
// on export and sealed again with the importing server's key on import, because the document exists to move state
// between servers whose keys differ. Treat the document like the key file: private, never logged.
//
// The tables come from TABLES in schema.ts; nothing here names a table.

import type { Kysely } from 'kysely';
import type { SecretBox } from '../lib/secret-box.js';
import { retryOnDroppedSchema, type Store } from './database.js';
import { TABLE_NAMES, tableInfo } from './schema.js';
import type { TableName } from './schema.js';

export const STATE_FORMAT = 'gatehouse-state';

export type StateRow = Readonly<Record<string, string | number | null>>;

export interface StateDocument {
  readonly format: typeof STATE_FORMAT;
  /** Name of the newest migration of the exporting server; an import requires the same. */
  readonly version: string;
  /** ISO 8601. */
  readonly exportedAt: string;
  readonly tables: Readonly<Record<TableName, readonly StateRow[]>>;
}

/** The document is not importable here; nothing was changed. The message names the problem, never a value. */
export class StateDocumentError extends Error {
  override readonly name = 'StateDocumentError';
}

export async function exportState(store: Store, box: SecretBox, now: Date = new Date()): Promise<StateDocument> {
  // One transaction, repeatable read on PostgreSQL, so the tables are read as of one moment.
  const raw = await store.transaction(
    async (trx) => {
      const db = trx as unknown as Kysely<any>; // generic over tables: rows are checked below, not by the compiler
      const out: Partial<Record<TableName, Record<string, unknown>[]>> = {};
      for (const table of TABLE_NAMES) {
        const skip = tableInfo(table).notExported;
        let q = db.selectFrom(table).selectAll();
        if (skip) q = q.where(skip.column, 'not in', skip.values);
        out[table] = await q.execute();
      }
      return out as Record<TableName, Record<string, unknown>[]>;
    },
    { isolationLevel: 'repeatable read' },
  );

  const tables = {} as Record<TableName, StateRow[]>;
  for (const table of TABLE_NAMES) {
    const info = tableInfo(table);
    const rows = raw[table].map((row) => {
      const copy: Record<string, string | number | null> = {};
      for (const [column, value] of Object.entries(row)) copy[column] = value as string | number | null;
      for (const column of info.sealed ?? []) {
        const sealed = copy[column];
        if (typeof sealed === 'string') {
          try {
            copy[column] = box.open(sealed);
          } catch (err) {
            throw new Error(`cannot open ${table}.${column} for export (is this the server's key?)`, { cause: err });
          }
        }
      }
      return copy;
    });
    // Sorted here rather than in SQL so the order does not depend on the database's collation.
    tables[table] = rows.sort((a, b) => compareKeys(a, b, info.primaryKey));
  }
  return { format: STATE_FORMAT, version: store.version, exportedAt: now.toISOString(), tables };
}

export interface ImportSummary {
  readonly rows: Readonly<Record<TableName, number>>;
}

/**
 * Replaces all state with the document's, in one transaction: the document is validated first (format, version,
 * tables, columns, value types), and any error, including a constraint the database enforces, leaves the state
 * as it was. Accepts `unknown` because the document comes from outside.
 */
export async function importState(store: Store, doc: unknown, box: SecretBox): Promise<ImportSummary> {
  const tables = await validate(store, doc);
  const prepared = {} as Record<TableName, Record<string, unknown>[]>;
  for (const table of TABLE_NAMES) {
    const sealed = tableInfo(table).sealed ?? [];
    prepared[table] = tables[table].map((row) => {
      const copy: Record<string, unknown> = { ...row };
      for (const column of sealed) {
        const value = copy[column];
        if (typeof value === 'string') copy[column] = box.seal(value);
      }
      return copy;
    });
  }
  try {
    await store.transaction(async (trx) => {
      const db = trx as unknown as Kysely<any>;
      await deleteAll(db);
      for (const table of TABLE_NAMES) {
        const rows = prepared[table];
        const first = rows[0];
        if (!first) continue;
        // Stay well under both dialects' bound-parameter limits (SQLite 32766, PostgreSQL 65535).
        const perChunk = Math.max(1, Math.floor(10_000 / Object.keys(first).length));
        for (let i = 0; i < rows.length; i += perChunk) {
          await db.insertInto(table).values(rows.slice(i, i + perChunk)).execute();
        }
      }
    });
  } catch (err) {
    if (isConstraintViolation(err)) {
      throw new StateDocumentError(`the document violates a database constraint: ${(err as Error).message}`, { cause: err });
    }
    throw err;
  }
  const rows = {} as Record<TableName, number>;
  for (const table of TABLE_NAMES) rows[table] = prepared[table].length;
  return { rows };
}

/** Empties every table in one transaction (Kysely's migration bookkeeping stays: the schema is unchanged). */
export async function resetState(store: Store): Promise<void> {
  await store.transaction((trx) => deleteAll(trx as unknown as Kysely<any>));
}

async function deleteAll(db: Kysely<any>): Promise<void> {
  // Children before parents, so foreign keys hold at every step.
  for (const table of [...TABLE_NAMES].reverse()) await db.deleteFrom(table).execute();
}

type ColumnKind = 'integer' | 'string' | 'any';

interface ColumnInfo {
  readonly kind: ColumnKind;
  readonly nullable: boolean;
}

async function validate(store: Store, doc: unknown): Promise<Record<TableName, readonly StateRow[]>> {
  if (!isPlainObject(doc)) throw new StateDocumentError('state document must be a JSON object');
  if (doc['format'] !== STATE_FORMAT) throw new StateDocumentError(`state document format must be "${STATE_FORMAT}"`);
  if (doc['version'] !== store.version) {
    throw new StateDocumentError(
      `state document version ${JSON.stringify(doc['version'])} does not match this server's schema version "${store.version}"`,
    );
  }
  const tables = doc['tables'];
  if (!isPlainObject(tables)) throw new StateDocumentError('state document "tables" must be an object');
  for (const name of Object.keys(tables)) {
    if (!(TABLE_NAMES as readonly string[]).includes(name)) throw new StateDocumentError(`unknown table "${name}"`);
  }

  const columns = await describeColumns(store);
  for (const table of TABLE_NAMES) {
    const rows = tables[table];
    if (!Array.isArray(rows)) throw new StateDocumentError(`table "${table}" is missing or not an array`);
    const expected = columns.get(table);
    if (!expected) throw new Error(`table ${table} is not in the database`);
    rows.forEach((row: unknown, index) => {
      const where = `${table}[${index}]`;
      if (!isPlainObject(row)) throw new StateDocumentError(`${where} is not an object`);
      for (const column of Object.keys(row)) {
        if (!expected.has(column)) throw new StateDocumentError(`${where} has unknown column "${column}"`);
      }
      for (const [column, info] of expected) {
        if (!(column in row)) throw new StateDocumentError(`${where} lacks column "${column}"`);
        const value = row[column];
        const ok =
          value === null
            ? info.nullable
            : info.kind === 'integer'
              ? Number.isSafeInteger(value)
              : info.kind === 'string'
                ? typeof value === 'string'
                : typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
        if (!ok) {
          const wanted = info.kind === 'integer' ? 'an integer' : info.kind === 'string' ? 'a string' : 'a string or number';
          throw new StateDocumentError(`${where}.${column} must be ${wanted}${info.nullable ? ' or null' : ''}`);
        }
      }
    });
  }
  return tables as Record<TableName, readonly StateRow[]>;
}

// The database, not a second list here, says which columns each table has.
async function describeColumns(store: Store): Promise<Map<string, Map<string, ColumnInfo>>> {
  const metas = await retryOnDroppedSchema(() => store.db.introspection.getTables());
  const out = new Map<string, Map<string, ColumnInfo>>();
  for (const t of metas) {
    if (store.schema !== undefined && t.schema !== store.schema) continue;
    const cols = new Map<string, ColumnInfo>();
    for (const c of t.columns) {
      const type = c.dataType.toLowerCase();
      const kind: ColumnKind = type.includes('int') ? 'integer' : /text|char|clob/.test(type) ? 'string' : 'any';
      cols.set(c.name, { kind, nullable: c.isNullable });
    }
    out.set(t.name, cols);
  }
  return out;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function compareKeys(a: StateRow, b: StateRow, key: readonly string[]): number {
  for (const column of key) {
    const x = a[column];
    const y = b[column];
    if (x === y) continue;
    if (x === null || x === undefined) return -1;
    if (y === null || y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

function isConstraintViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  // better-sqlite3: SQLITE_CONSTRAINT_*; PostgreSQL: SQLSTATE class 23 (integrity constraint violation).
  return code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code);
}
