import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CompiledQuery, createQueryId, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely';
import { IdentityStoreQueries } from '../../src/services/identitystore/store.js';
import { SsoAdminStore } from '../../src/services/sso-admin/store.js';
import { openDatabase, type Store } from '../../src/store/database.js';
import type { Database } from '../../src/store/schema.js';

// The reads the identity-center benchmark measures at 100,000 users and 500,000 assignments stay fast because
// each one is an index range read in the order it pages: SQLite's EXPLAIN QUERY PLAN of the exact statements the
// stores run shows no table scan and no sort. (PostgreSQL has the same indexes from the same migrations.)

/** Runs `read` against a database that records each statement instead of trusting its builder, and returns the
 * SQLite query plans of what it ran. */
async function plansOf(store: Store, read: (db: Kysely<Database>) => Promise<unknown>): Promise<{ sql: string; plan: string[] }[]> {
  const captured: RootOperationNode[] = [];
  const recorder: KyselyPlugin = {
    transformQuery: (args) => {
      captured.push(args.node);
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  await read(store.db.withPlugin(recorder));
  const out: { sql: string; plan: string[] }[] = [];
  for (const node of captured) {
    const compiled = store.db.getExecutor().compileQuery(node, createQueryId());
    const rows = await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${compiled.sql}`, [...compiled.parameters]));
    out.push({ sql: compiled.sql, plan: rows.rows.map((r) => r.detail) });
  }
  return out;
}

function assertIndexed(plans: { sql: string; plan: string[] }[], index: string): void {
  assert.ok(plans.length > 0);
  for (const { sql, plan } of plans) {
    const text = plan.join(' | ');
    assert.doesNotMatch(text, /\bSCAN \w+(?! USING)/, `a table scan in ${sql}: ${text}`);
    assert.doesNotMatch(text, /TEMP B-TREE/, `a sort in ${sql}: ${text}`);
    assert.match(text, new RegExp(index), `${sql}: ${text}`);
  }
}

describe('query plans of the identity-center reads (sqlite)', () => {
  let store: Store;
  before(async () => {
    store = await openDatabase(':memory:');
  });
  after(async () => store.close());

  it('ListAccountAssignmentsForPrincipal reads the principal index in page order, first page and later ones', async () => {
    const q = new SsoAdminStore();
    const instance = 'arn:aws:sso:::instance/ssoins-0000000000000000';
    const first = await plansOf(store, (db) => q.assignmentsOf(db, instance, 'USER:u', undefined, undefined, 21));
    assertIndexed(first, 'sso_account_assignments_principal_idx');
    const later = await plansOf(store, (db) => q.assignmentsOf(db, instance, 'USER:u', undefined, { accountId: '111111111111', permissionSetArn: 'p' }, 21));
    assertIndexed(later, 'sso_account_assignments_principal_idx');
    const onAccount = await plansOf(store, (db) => q.assignmentsOf(db, instance, 'USER:u', '111111111111', undefined, 21));
    assertIndexed(onAccount, 'sso_account_assignments_principal_idx');
  });

  it('ListUsers filtered by UserName and GetUserId read the unique (store, lower(name)) index', async () => {
    const q = new IdentityStoreQueries();
    assertIndexed(await plansOf(store, (db) => q.users(db, 'd-0000000000', { limit: 51, after: undefined }, 'bench-user-050000')), 'idstore_users_store_name_idx');
    assertIndexed(await plansOf(store, (db) => q.userByName(db, 'd-0000000000', 'bench-user-050000')), 'idstore_users_store_name_idx');
    // the unfiltered list pages by id within the store
    assertIndexed(await plansOf(store, (db) => q.users(db, 'd-0000000000', { limit: 51, after: 'x' })), 'idstore_users_store_id_idx');
  });
});
