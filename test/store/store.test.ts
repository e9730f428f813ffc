// Store basics on every backend: opening, migrations, transactions, column types.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { migrate, openDatabase } from '../../src/store/database.js';
import { LATEST_MIGRATION, MIGRATIONS } from '../../src/store/migrations.js';
import { TABLE_NAMES } from '../../src/store/schema.js';
import type { Store } from '../../src/store/database.js';
import { BACKENDS, withStore, withTestDatabase } from './backends.js';

const execFileAsync = promisify(execFile);

async function appliedMigrations(store: Store): Promise<string[]> {
  const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(store.db);
  return rows.rows.map((r) => r.name);
}

// A separate process, like a second server: better-sqlite3 waits for locks synchronously, so two Stores on one
// SQLite file in one process would block each other's event loop (one Store per file per process is the rule).
async function openInChildProcess(url: string): Promise<void> {
  const module = new URL('../../src/store/database.js', import.meta.url).href;
  const script = `const { openDatabase } = await import(${JSON.stringify(module)});
    const store = await openDatabase(process.env.GH_DB_URL); await store.close();`;
  await execFileAsync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, GH_DB_URL: url } });
}

async function addAccount(db: Store['db'], id: string): Promise<void> {
  await db
    .insertInto('accounts')
    .values({ id, name: `acct ${id}`, email: `${id}@example.com`, status: 'ACTIVE', created_at: Date.now() })
    .execute();
}

describe('migrations list', () => {
  it('is in order and ends at LATEST_MIGRATION', () => {
    const names = MIGRATIONS.map((m) => m.name);
    assert.deepEqual(names, [...names].sort());
    assert.equal(names.at(-1), LATEST_MIGRATION);
  });
});

describe('openDatabase', () => {
  it('rejects an unsupported URL without echoing it', async () => {
    await assert.rejects(openDatabase('mysql://user:hunter2@host/db'), (err: Error) => {
      assert.match(err.message, /unsupported database URL/);
      assert.doesNotMatch(err.message, /hunter2/);
      return true;
    });
  });

  it('rejects a PostgreSQL schema that is not a plain identifier', async () => {
    await assert.rejects(openDatabase('postgres://127.0.0.1/test?schema=a;drop'), /plain identifier/);
  });
});

for (const backend of BACKENDS) {
  describe(`store on ${backend.name}`, () => {
    it('creates every registered table, and only those', async () => {
      await withStore(backend, async (store) => {
        const tables = await store.db.introspection.getTables();
        const names = tables
          .filter((t) => store.schema === undefined || t.schema === store.schema)
          .map((t) => t.name)
          .sort();
        assert.deepEqual(names, [...TABLE_NAMES].sort());
        assert.deepEqual(await appliedMigrations(store), MIGRATIONS.map((m) => m.name));
        assert.equal(store.version, LATEST_MIGRATION);
      });
    });

    if (backend.name.startsWith('postgres')) {
      // Caches derived from any table (the authorize step's resolver answers) hear of other replicas' writes only
      // through these triggers: a migration that adds a table without one fails here.
      it('every table notifies other processes of its writes', async () => {
        await withStore(backend, async (store) => {
          const { rows } = await sql<{ table_name: string }>`
            select c.relname as table_name from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where n.nspname = current_schema() and c.relkind = 'r' and c.relname not like 'kysely\\_%'
              and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = c.relname || '_notify_write')`.execute(store.db);
          assert.deepEqual(rows.map((r) => r.table_name), []);
        });
      });
    }

    it('migrations are idempotent: migrating again and reopening change nothing', async () => {
      await withTestDatabase(backend, async (tdb) => {
        const first = await openDatabase(tdb.url);
        try {
          await addAccount(first.db, '111111111111');
          await migrate(first.db, first.schema);
          assert.deepEqual(await appliedMigrations(first), MIGRATIONS.map((m) => m.name));
        } finally {
          await first.close();
        }
        if (!backend.shared) return;
        const second = await openDatabase(tdb.url);
        try {
          assert.deepEqual(await appliedMigrations(second), MIGRATIONS.map((m) => m.name));
          const rows = await second.db.selectFrom('accounts').select('id').execute();
          assert.deepEqual(rows, [{ id: '111111111111' }]);
        } finally {
          await second.close();
        }
      });
    });

    if (backend.shared) {
      it('several servers (processes) opening a new database at once migrate it once', async () => {
        await withTestDatabase(backend, async (tdb) => {
          await Promise.all([1, 2, 3].map(() => openInChildProcess(tdb.url)));
          const store = await openDatabase(tdb.url);
          try {
            assert.deepEqual(await appliedMigrations(store), MIGRATIONS.map((m) => m.name));
          } finally {
            await store.close();
          }
        });
      });
    }

    it('a transaction that throws leaves nothing behind', async () => {
      await withStore(backend, async (store) => {
        const boom = new Error('boom');
        await assert.rejects(
          store.transaction(async (trx) => {
            await addAccount(trx, '222222222222');
            await trx
              .insertInto('credentials')
              .values({
                access_key_id: 'AKIAEXAMPLE',
                account_id: '222222222222',
                kind: 'root',
                principal: '{}',
                secret: 'v1:x',
                session_token_hash: null,
                status: 'Active',
                created_at: 1,
                expires_at: null,
              })
              .execute();
            await trx.insertInto('settings').values({ key: 'k', value: 'v' }).execute();
            throw boom;
          }),
          (err) => err === boom,
        );
        for (const table of TABLE_NAMES) {
          const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(store.db);
          assert.equal(Number(rows[0]?.n), 0, table);
        }
      });
    });

    it('a committed transaction returns its value and keeps its rows', async () => {
      await withStore(backend, async (store) => {
        const value = await store.transaction(async (trx) => {
          await addAccount(trx, '333333333333');
          return 42;
        });
        assert.equal(value, 42);
        assert.equal((await store.db.selectFrom('accounts').selectAll().execute()).length, 1);
      });
    });

    it('enforces foreign keys and unique emails', async () => {
      await withStore(backend, async (store) => {
        await assert.rejects(
          store.db
            .insertInto('credentials')
            .values({
              access_key_id: 'AKIAORPHAN',
              account_id: '999999999999',
              kind: 'user',
              principal: '{}',
              secret: 'v1:x',
              session_token_hash: null,
              status: 'Active',
              created_at: 1,
              expires_at: null,
            })
            .execute(),
        );
        await addAccount(store.db, '444444444444');
        await assert.rejects(
          store.db
            .insertInto('accounts')
            .values({ id: '555555555555', name: 'x', email: '444444444444@example.com', status: 'ACTIVE', created_at: 1 })
            .execute(),
        );
      });
    });

    it('reads bigint epoch-ms columns back as numbers, up to 2^53-1', async () => {
      await withStore(backend, async (store) => {
        const big = Number.MAX_SAFE_INTEGER;
        await store.db
          .insertInto('accounts')
          .values({ id: '666666666666', name: 'n', email: 'e@example.com', status: 'SUSPENDED', created_at: big })
          .execute();
        const row = await store.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
        assert.equal(row.created_at, big);
        const { rows } = await sql<{ n: unknown }>`select count(*) as n from accounts`.execute(store.db);
        assert.equal(rows[0]?.n, 1);
      });
    });
  });
}
