// The database schema as Kysely sees it, and the one registry of tables that generic code (export, import, reset)
// walks. Adding a table: append a migration in migrations.ts, add its interface to `Database`, add its entry to
// `TABLES` (the compiler insists on the last step once the interface is there).
//
// Portability rules (SQLite and PostgreSQL run the same migrations): text ids, `bigint` epoch-ms times (parsed to
// number on both), JSON as text, booleans as integer 0/1, no enum CHECKs (SQLite cannot alter them in place).

import type { Insertable, Selectable, Updateable } from 'kysely';

export type AccountStatus = 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE';

export interface AccountsTable {
  /** 12-digit AWS account id. */
  id: string;
  name: string;
  email: string;
  status: AccountStatus;
  created_at: number;
}

export type CredentialKind = 'root' | 'user' | 'session';
export type CredentialStatus = 'Active' | 'Inactive';

export interface CredentialsTable {
  access_key_id: string;
  account_id: string;
  kind: CredentialKind;
  /** JSON of the Principal (src/aws/auth/principal.ts) this key authenticates as. */
  principal: string;
  /** The secret access key sealed with the SecretBox (src/lib/secret-box.ts); never plaintext. */
  secret: string;
  /** sha256 hex of the session token, for kind 'session'. */
  session_token_hash: string | null;
  status: CredentialStatus;
  created_at: number;
  expires_at: number | null;
}

/** Server-wide facts (management account id, bootstrap done, ...), one row per key. */
export interface SettingsTable {
  key: string;
  value: string;
}

export type JobState = 'pending' | 'running' | 'done' | 'failed';

export interface JobsTable {
  id: string;
  kind: string;
  /** JSON. Stored in plaintext and included in exports: never put secrets here. */
  payload: string;
  state: JobState;
  run_at: number;
  /** Claims so far, including the current one; also the fencing token of the current claim. */
  attempts: number;
  max_attempts: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database {
  accounts: AccountsTable;
  credentials: CredentialsTable;
  settings: SettingsTable;
  jobs: JobsTable;
}

export type TableName = keyof Database & string;

export type AccountRow = Selectable<AccountsTable>;
export type NewAccount = Insertable<AccountsTable>;
export type AccountUpdate = Updateable<AccountsTable>;
export type CredentialRow = Selectable<CredentialsTable>;
export type NewCredential = Insertable<CredentialsTable>;
export type SettingRow = Selectable<SettingsTable>;
export type JobRow = Selectable<JobsTable>;

export interface TableInfo<T> {
  /** Orders exported rows, so two exports of the same state are byte-identical. */
  readonly primaryKey: readonly [keyof T & string, ...(keyof T & string)[]];
  /** Columns holding SecretBox-sealed values: plaintext in an export, re-sealed on import. */
  readonly sealed?: readonly (keyof T & string)[];
  /** Rows left out of exports: those whose `column` holds one of `values` (finished work, not state). */
  readonly notExported?: { readonly column: keyof T & string; readonly values: readonly string[] };
}

/**
 * Every table, in foreign-key order: a table comes after the tables it references (import inserts in this order,
 * reset deletes in reverse). Kysely's own migration tables are not listed: they are bookkeeping, not state.
 */
export const TABLES = {
  accounts: { primaryKey: ['id'] },
  credentials: { primaryKey: ['access_key_id'], sealed: ['secret'] },
  settings: { primaryKey: ['key'] },
  jobs: { primaryKey: ['id'], notExported: { column: 'state', values: ['done'] } },
} as const satisfies { readonly [K in TableName]: TableInfo<Database[K]> };

export const TABLE_NAMES: readonly TableName[] = Object.keys(TABLES) as TableName[];

export function tableInfo(table: TableName): TableInfo<Record<string, unknown>> {
  return TABLES[table] as TableInfo<Record<string, unknown>>;
}
