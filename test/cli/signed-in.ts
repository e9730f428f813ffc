import assert from 'node:assert/strict';
import { gatehouseBin, parseExports, run, type Run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { Authenticator, portalWorld, signIn, testClock, type PortalWorld } from '../sso-portal/support.js';
import { startGatehouse } from './live.js';
import { TempHome } from './support.js';

// A running gatehouse (SQLite) with the portal world, and a throwaway HOME where alice has signed in by device code
// (sso-session gh) and populate has written a profile per account and role (Development/AdministratorAccess, ...).
// The token store is the file one, so tests can reach what gatehouse keeps there.

export interface SignedInCli {
  readonly t: TestServer;
  readonly world: PortalWorld;
  readonly home: TempHome;
  /** HOME, PATH, what `gatehouse env` exports for the server, GATEHOUSE_TOKEN_STORE=file. */
  readonly env: NodeJS.ProcessEnv;
  gatehouse(...args: string[]): Promise<Run>;
  close(): Promise<void>;
}

export async function signedInCli(name: string): Promise<SignedInCli> {
  const clock = testClock();
  const t = await startTestServer(testDatabases.find((d) => d.name === 'sqlite')!, { clock: clock.clock });
  const world = await portalWorld(t, name);
  const session = (await signIn(t.server.signIn, new Authenticator(clock), world.startUrl, 'alice')).session;
  const home = await TempHome.create();
  await home.write('.aws/config', '[default]\nregion = eu-west-1\n');
  const exported = await run(process.execPath, [gatehouseBin, 'env', '--port', new URL(t.url).port, '--data-dir', t.dataDir], { env: home.env() });
  assert.equal(exported.code, 0, exported.stderr);
  const env = home.env({ ...parseExports(exported.stdout), GATEHOUSE_TOKEN_STORE: 'file' });
  const gatehouse = (...args: string[]) => run(process.execPath, [gatehouseBin, ...args], { env });
  const login = startGatehouse(['login', '--sso-session', 'gh', '--start-url', world.startUrl, '--sso-region', 'us-east-1'], env);
  const [, code] = await login.stderrMatch(/shows the code (\S+)\./);
  assert.deepEqual(await t.server.oidcPages.approveDevice(code!, session), { ok: true, status: 'approved' });
  assert.equal((await login.done).code, 0, login.stderr());
  const populated = await gatehouse('populate');
  assert.equal(populated.code, 0, populated.stderr);
  return {
    t,
    world,
    home,
    env,
    gatehouse,
    close: async () => {
      await t.close();
      await home.remove();
    },
  };
}
