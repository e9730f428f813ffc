// The databases the behavioural store suite runs on: SQLite in memory, SQLite in a temporary file, and PostgreSQL
// in a fresh schema per test database (dropped afterwards). PostgreSQL is found at GATEHOUSE_TEST_PG_URL (default
// postgres://postgres@127.0.0.1:5432/test) and is required: `.ci/run` starts it when it is down.

import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../src/store/database.js';
import type { Store } from '../../src/store/database.js';

export interface TestDatabase {
  /** Open as many Stores on it as a test needs (for :memory: every open is a new, separate database). */
  readonly url: string;
  dispose(): Promise<void>;
}

export interface Backend {
  readonly name: string;
  /** Whether two Stores opened on one url share the data (not so for :memory:). */
  readonly shared: boolean;
  /** Whether several Stores in one process may use the database at once (SQLite: one Store per file per process). */
  readonly concurrentStores: boolean;
  create(): Promise<TestDatabase>;
}

const PG_URL = process.env['GATEHOUSE_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export const BACKENDS: readonly Backend[] = [
  {
    name: 'sqlite :memory:',
    shared: false,
    concurrentStores: false,
    async create() {
      return { url: ':memory:', dispose: async () => undefined };
    },
  },
  {
    name: 'sqlite file',
    shared: true,
    concurrentStores: false,
    async create() {
      const dir = await mkdtemp(join(tmpdir(), 'gatehouse-store-'));
      return { url: `sqlite:${join(dir, 'state.db')}`, dispose: () => rm(dir, { recursive: true, force: true }) };
    },
  },
  {
    name: 'postgres',
    shared: true,
    concurrentStores: true,
    async create() {
      const schema = `gh_test_${randomBytes(6).toString('hex')}`;
      const url = new URL(PG_URL);
      url.searchParams.set('schema', schema);
      return {
        url: url.toString(),
        async dispose() {
          const client = new pg.Client({ connectionString: PG_URL });
          await client.connect();
          try {
            await client.query(`drop schema if exists "${schema}" cascade`);
          } finally {
            await client.end();
          }
        },
      };
    },
  },
];

/** Runs `fn` with a fresh test database, disposing of it afterwards whatever happens. */
export async function withTestDatabase<T>(backend: Backend, fn: (tdb: TestDatabase) => Promise<T>): Promise<T> {
  const tdb = await backend.create();
  try {
    return await fn(tdb);
  } finally {
    await tdb.dispose();
  }
}

/** Runs `fn` with a Store on a fresh test database; closes and disposes of both afterwards. */
export async function withStore<T>(backend: Backend, fn: (store: Store, tdb: TestDatabase) => Promise<T>): Promise<T> {
  return withTestDatabase(backend, async (tdb) => {
    const store = await openDatabase(tdb.url);
    try {
      return await fn(store, tdb);
    } finally {
      await store.close();
    }
  });
}
