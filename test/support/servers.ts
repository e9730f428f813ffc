import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startServer, type RunningServer, type StartOptions } from '../../src/server/server.js';
import type { RootCredentials } from '../../src/services/iam/domain.js';

// Real servers for tests: listening on a free port, with a fresh data directory and a fresh store on either
// SQLite (in memory) or PostgreSQL (a schema of its own in database `test`, dropped afterwards).

export const postgresUrl = process.env['GATEHOUSE_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly name: 'sqlite' | 'postgres';
  /** A fresh database URL and how to throw it away. */
  create(): { readonly url: string; drop(): Promise<void> };
}

export const testDatabases: readonly TestDatabase[] = [
  { name: 'sqlite', create: () => ({ url: ':memory:', drop: async () => {} }) },
  {
    name: 'postgres',
    create() {
      const schema = `gh_test_${randomBytes(6).toString('hex')}`;
      return {
        url: `${postgresUrl}?schema=${schema}`,
        async drop() {
          const client = new pg.Client({ connectionString: postgresUrl });
          await client.connect();
          try {
            await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
          } finally {
            await client.end();
          }
        },
      };
    },
  },
];

export interface TestServer {
  readonly server: RunningServer;
  readonly url: string;
  readonly root: RootCredentials;
  readonly dataDir: string;
  close(): Promise<void>;
}

export async function startTestServer(database: TestDatabase, options: StartOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'gatehouse-test-')));
  const db = database.create();
  const server = await startServer({ port: 0, dataDir, db: db.url, logLevel: 'silent', ...options });
  const root = server.bootstrapped ?? (await server.iam.managementRootCredentials());
  return {
    server,
    url: server.url,
    root,
    dataDir,
    async close() {
      await server.close();
      await db.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface ReplicaPair {
  /** The first server, with the test server's extras (root credentials, data directory). */
  readonly a: TestServer;
  /** A second server on the same PostgreSQL schema and data directory (replicas share the key that seals secrets). */
  readonly b: RunningServer;
  close(): Promise<void>;
}

/** Two servers on one PostgreSQL store, as replicas behind a load balancer. */
export async function startReplicaPair(): Promise<ReplicaPair> {
  const a = await startTestServer(testDatabases.find((d) => d.name === 'postgres')!);
  const b = await startServer({ port: 0, dataDir: a.dataDir, db: a.server.config.db, logLevel: 'silent' });
  return {
    a,
    b,
    async close() {
      await b.close();
      await a.close();
    },
  };
}
