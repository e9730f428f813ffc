// Export, import and reset of the whole state, on every backend.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { createSecretBox } from '../../src/lib/secret-box.js';
import type { SecretBox } from '../../src/lib/secret-box.js';
import { openDatabase } from '../../src/store/database.js';
import type { Store } from '../../src/store/database.js';
import { enqueue } from '../../src/store/jobs.js';
import { TABLE_NAMES } from '../../src/store/schema.js';
import { exportState, importState, resetState, STATE_FORMAT, StateDocumentError } from '../../src/store/snapshot.js';
import type { StateDocument } from '../../src/store/snapshot.js';
import { BACKENDS, withStore } from './backends.js';

const newBox = (): SecretBox => createSecretBox(randomBytes(32));
const SECRET_A = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const SECRET_B = 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY';

async function seed(store: Store, box: SecretBox): Promise<void> {
  await store.transaction(async (trx) => {
    await trx
      .insertInto('accounts')
      .values([
        { id: '111111111111', name: 'management', email: 'mgmt@example.com', status: 'ACTIVE', created_at: 1_700_000_000_000 },
        { id: '222222222222', name: 'dev', email: 'dev@example.com', status: 'SUSPENDED', created_at: 1_700_000_000_001 },
      ])
      .execute();
    await trx
      .insertInto('credentials')
      .values([
        {
          access_key_id: 'AKIAAAAAAAAAAAAAAAAA',
          account_id: '111111111111',
          kind: 'root',
          principal: JSON.stringify({ type: 'root', accountId: '111111111111', arn: 'arn:aws:iam::111111111111:root' }),
          secret: box.seal(SECRET_A),
          session_token_hash: null,
          status: 'Active',
          created_at: 1_700_000_000_002,
          expires_at: null,
        },
        {
          access_key_id: 'ASIABBBBBBBBBBBBBBBB',
          account_id: '222222222222',
          kind: 'session',
          principal: JSON.stringify({ type: 'assumed-role', accountId: '222222222222' }),
          secret: box.seal(SECRET_B),
          session_token_hash: 'ab'.repeat(32),
          status: 'Inactive',
          created_at: 1_700_000_000_003,
          expires_at: 1_700_000_003_600,
        },
      ])
      .execute();
    await trx.insertInto('settings').values({ key: 'management_account_id', value: '111111111111' }).execute();
    await enqueue(trx, { id: 'job-pending', kind: 'k', payload: { a: 1 }, now: 5 });
    await enqueue(trx, { id: 'job-done', kind: 'k', payload: null, now: 6 });
    await enqueue(trx, { id: 'job-failed', kind: 'k', payload: null, now: 7 });
    await trx.updateTable('jobs').set({ state: 'done' }).where('id', '=', 'job-done').execute();
    await trx.updateTable('jobs').set({ state: 'failed', last_error: 'x', attempts: 5 }).where('id', '=', 'job-failed').execute();
  });
}

async function countRows(store: Store): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLE_NAMES) out[t] = (await store.db.selectFrom(t).selectAll().execute()).length;
  return out;
}

const withoutTime = (doc: StateDocument) => ({ ...doc, exportedAt: undefined });

for (const backend of BACKENDS) {
  describe(`state snapshot on ${backend.name}`, () => {
    it('exports every table with secrets in plaintext and without finished jobs', async () => {
      await withStore(backend, async (store) => {
        const box = newBox();
        await seed(store, box);
        const doc = await exportState(store, box, new Date('2030-01-01T00:00:00Z'));
        assert.equal(doc.format, STATE_FORMAT);
        assert.equal(doc.version, store.version);
        assert.equal(doc.exportedAt, '2030-01-01T00:00:00.000Z');
        assert.deepEqual(Object.keys(doc.tables), [...TABLE_NAMES]);
        assert.deepEqual(doc.tables.credentials.map((c) => c['secret']), [SECRET_A, SECRET_B]);
        assert.deepEqual(doc.tables.jobs.map((j) => j['id']), ['job-failed', 'job-pending']);
        assert.equal(doc.tables.accounts[0]?.['created_at'], 1_700_000_000_000);
        // Stored sealed, never in plaintext.
        const stored = await store.db.selectFrom('credentials').select('secret').execute();
        for (const { secret } of stored) {
          assert.match(secret, /^v1:/);
          assert.ok(secret !== SECRET_A && secret !== SECRET_B);
        }
      });
    });

    it('export -> reset -> import restores identical rows', async () => {
      await withStore(backend, async (store) => {
        const box = newBox();
        await seed(store, box);
        await store.db.deleteFrom('jobs').where('state', '=', 'done').execute(); // not part of the state
        const before = await exportState(store, box);
        const rawBefore = await store.db.selectFrom('accounts').selectAll().orderBy('id').execute();
        const jobsBefore = await store.db.selectFrom('jobs').selectAll().orderBy('id').execute();

        await resetState(store);
        assert.deepEqual(Object.values(await countRows(store)), TABLE_NAMES.map(() => 0));

        const summary = await importState(store, JSON.parse(JSON.stringify(before)), box);
        const seeded: Record<string, number> = { accounts: 2, credentials: 2, settings: 1, jobs: 2 };
        assert.deepEqual(summary.rows, Object.fromEntries(TABLE_NAMES.map((table) => [table, seeded[table] ?? 0])));
        assert.deepEqual(withoutTime(await exportState(store, box)), withoutTime(before));
        assert.deepEqual(await store.db.selectFrom('accounts').selectAll().orderBy('id').execute(), rawBefore);
        assert.deepEqual(await store.db.selectFrom('jobs').selectAll().orderBy('id').execute(), jobsBefore);
      });
    });

    it('moves state to a server with a different key and another database', async () => {
      await withStore(backend, async (store) => {
        const box = newBox();
        await seed(store, box);
        const doc = JSON.parse(JSON.stringify(await exportState(store, box))) as StateDocument;
        const target = await openDatabase(':memory:');
        try {
          const otherBox = newBox();
          await importState(target, doc, otherBox);
          const secrets = await target.db.selectFrom('credentials').select('secret').orderBy('access_key_id').execute();
          assert.deepEqual(secrets.map((s) => otherBox.open(s.secret)), [SECRET_A, SECRET_B]);
          assert.throws(() => box.open(secrets[0]?.secret ?? ''), /failed authentication/);
          assert.deepEqual(withoutTime(await exportState(target, otherBox)), withoutTime(doc));
        } finally {
          await target.close();
        }
      });
    });

    it('resetState empties every table and keeps the schema', async () => {
      await withStore(backend, async (store) => {
        await seed(store, newBox());
        await resetState(store);
        assert.deepEqual(Object.values(await countRows(store)), TABLE_NAMES.map(() => 0));
        await seed(store, newBox()); // still usable
      });
    });

    it('an export made with the wrong key fails without revealing anything', async () => {
      await withStore(backend, async (store) => {
        await seed(store, newBox());
        await assert.rejects(exportState(store, newBox()), (err: Error) => {
          assert.match(err.message, /cannot open credentials\.secret/);
          assert.doesNotMatch(err.message + String((err.cause as Error)?.message), /EXAMPLEKEY|v1:/);
          return true;
        });
      });
    });

    it('a bad document changes nothing', async () => {
      await withStore(backend, async (store) => {
        const box = newBox();
        await seed(store, box);
        const good = JSON.parse(JSON.stringify(await exportState(store, box))) as StateDocument;
        const before = withoutTime(await exportState(store, box));
        const jobsBefore = await store.db.selectFrom('jobs').selectAll().orderBy('id').execute();

        const variant = (edit: (doc: any) => void): unknown => {
          const doc = JSON.parse(JSON.stringify(good));
          edit(doc);
          return doc;
        };
        const cases: [string, unknown, RegExp][] = [
          ['not an object', null, /JSON object/],
          ['an array', [], /JSON object/],
          ['wrong format', variant((d) => (d.format = 'something-else')), /format/],
          ['wrong version', variant((d) => (d.version = '0000_older')), /version/],
          ['no tables', variant((d) => delete d.tables), /"tables"/],
          ['unknown table', variant((d) => (d.tables.kysely_migration = [])), /unknown table "kysely_migration"/],
          ['missing table', variant((d) => delete d.tables.settings), /"settings" is missing/],
          ['row not an object', variant((d) => d.tables.settings.push('x')), /settings\[1\] is not an object/],
          ['unknown column', variant((d) => (d.tables.accounts[0].extra = 1)), /unknown column "extra"/],
          ['missing column', variant((d) => delete d.tables.accounts[0].email), /lacks column "email"/],
          ['wrong type', variant((d) => (d.tables.accounts[0].created_at = '2020')), /created_at must be an integer/],
          ['unsafe integer', variant((d) => (d.tables.accounts[0].created_at = 2 ** 60)), /must be an integer/],
          ['null in a required column', variant((d) => (d.tables.accounts[0].name = null)), /name must be a string$/],
          // These pass validation and fail in the database, after the old rows were deleted in the transaction.
          ['duplicate key', variant((d) => d.tables.accounts.push({ ...d.tables.accounts[0], email: 'x@example.com' })), /constraint/],
          ['dangling reference', variant((d) => (d.tables.credentials[0].account_id = '999999999999')), /constraint/],
          ['duplicate unique email', variant((d) => (d.tables.accounts[1].email = d.tables.accounts[0].email)), /constraint/],
        ];
        for (const [name, doc, message] of cases) {
          await assert.rejects(importState(store, doc, box), (err: Error) => {
            assert.ok(err instanceof StateDocumentError, `${name}: ${err.name} ${err.message}`);
            assert.match(err.message, message, name);
            return true;
          });
          assert.deepEqual(withoutTime(await exportState(store, box)), before, name);
        }
        // Including what exports leave out.
        assert.deepEqual(await store.db.selectFrom('jobs').selectAll().orderBy('id').execute(), jobsBefore);
      });
    });
  });
}
