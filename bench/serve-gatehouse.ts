import { startServer } from '../src/server/server.js';
import { bulkSeed } from './identity-center/bulk-seed.js';
import type { IdentityCenterPlan } from './identity-center/plan.js';
import { portalSeed } from './portal/seed.js';

// The real server, as `gatehouse serve` builds it, on a throwaway in-memory store. The data directory (key file,
// control token) is made and removed by the parent, which passes it as the only argument. With
// BENCH_IDENTITY_CENTER_PLAN (JSON) it seeds that Identity Center first (identity-center/bulk-seed.ts) and puts what
// it made, and how long it took, in the ready line as `seed` (JSON text). With BENCH_PORTAL=1 it makes a portal user
// with one role instead (portal/seed.ts), and `seed` carries the account, the role name and the user's access token.

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: serve-gatehouse <empty data dir>');

const server = await startServer({ port: 0, dataDir, db: ':memory:', logLevel: 'silent' });
const root = server.bootstrapped;
if (!root) {
  await server.close();
  throw new Error(`gatehouse did not bootstrap a management account in ${dataDir}; the bench needs a fresh data dir`);
}
const planText = process.env['BENCH_IDENTITY_CENTER_PLAN'];
const seeded = planText
  ? await bulkSeed(server, JSON.parse(planText) as IdentityCenterPlan)
  : process.env['BENCH_PORTAL'] === '1'
    ? await portalSeed(server)
    : undefined;
const seed = seeded === undefined ? undefined : JSON.stringify(seeded);
process.stdout.write(
  `${JSON.stringify({ url: server.url, accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey, ...(seed ? { seed } : {}) })}\n`,
);

process.on('SIGTERM', () => {
  server.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
