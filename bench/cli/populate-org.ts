import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../src/server/server.js';
import { writeToken } from '../../src/cli/sso/token-cache.js';
import { region } from '../signed-request.js';
import { seedOrganization } from '../organizations/seed.js';
import { seedUserAccess, ssoAccessToken } from '../portal/user-access.js';
import { gatehouseBin } from './start-times.js';

// `gatehouse populate` for a user who reaches every account of a large organization with several roles in each:
// the server (in this process: the bench signs the user in through its sign-in domain, as the pages would) holds
// the organization, Identity Center, a user in a group assigned every permission set on every account; the CLI, in
// its own process, lists accounts and roles through the portal API and writes the config. Timed from spawn to exit.

export interface PopulateSettings {
  readonly accounts: number;
  readonly roles: number;
  readonly runs: number;
}

export interface PopulateTiming {
  readonly accounts: number;
  readonly rolesPerAccount: number;
  readonly profiles: number;
  /** Seconds to build the organization and the assignments (not the CLI: context for the numbers). */
  readonly seedSeconds: number;
  /** The first run writes every profile; the later ones find them unchanged. */
  readonly firstRunSeconds: number;
  readonly repeatRunSeconds: readonly number[];
  /** Portal calls (ListAccounts pages + ListAccountRoles) per second of the first run. */
  readonly portalCallsPerSecond: number;
  readonly configBytes: number;
}

function runPopulate(env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, [gatehouseBin, 'populate', '--concurrency', '8'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - start) / 1000) : reject(new Error(`gatehouse populate exited ${code}: ${stderr}`))));
  });
}

export async function timePopulate(settings: PopulateSettings, progress: (line: string) => void): Promise<PopulateTiming> {
  const dataDir = await mkdtemp(join(tmpdir(), 'gatehouse-bench-populate-'));
  const home = await mkdtemp(join(tmpdir(), 'gatehouse-bench-home-'));
  const server = await startServer({ port: 0, dataDir, db: ':memory:', logLevel: 'silent' });
  try {
    const root = server.bootstrapped;
    if (!root) throw new Error('gatehouse did not bootstrap a management account');
    const credentials = { accessKeyId: root.accessKeyId, secretAccessKey: root.secretAccessKey };
    const t0 = performance.now();
    progress(`cli: seeding ${settings.accounts} accounts`);
    const { organization } = await seedOrganization('gatehouse', server.url, credentials, process.pid, { accounts: settings.accounts, ous: 1, concurrency: 32 }, progress);

    progress(`cli: assigning ${settings.roles} permission sets on ${settings.accounts} accounts`);
    const access = await seedUserAccess(server.url, credentials, organization.accountIds, settings.roles);
    const seedSeconds = (performance.now() - t0) / 1000;

    // Sign in as the user and cache the token as `gatehouse login` would.
    const { startUrl } = access;
    const token = await ssoAccessToken(server, access);
    const env = { PATH: process.env['PATH'], HOME: home, AWS_ENDPOINT_URL: server.url, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    await mkdir(join(home, '.aws'), { recursive: true });
    await writeFile(join(home, '.aws', 'config'), `[sso-session bench]\nsso_start_url = ${startUrl}\nsso_region = ${region}\nsso_registration_scopes = sso:account:access\n`);
    await writeToken(
      { name: 'bench', startUrl, region, scopes: ['sso:account:access'] },
      { startUrl, region, accessToken: token.accessToken, expiresAt: new Date(Date.now() + token.expiresIn * 1000).toISOString().replace(/\.\d+Z$/, 'Z') },
      env,
    );

    progress(`cli: gatehouse populate x ${settings.runs}`);
    const runs: number[] = [];
    for (let i = 0; i < settings.runs; i++) runs.push(await runPopulate(env));
    const config = await readFile(join(home, '.aws', 'config'), 'utf8');
    const profiles = (config.match(/^\[profile /gm) ?? []).length;
    if (profiles !== settings.accounts * settings.roles) throw new Error(`populate wrote ${profiles} profiles, expected ${settings.accounts * settings.roles}`);
    const portalCalls = Math.ceil(settings.accounts / 100) + settings.accounts;
    const round = (s: number) => Math.round(s * 1000) / 1000;
    return {
      accounts: settings.accounts,
      rolesPerAccount: settings.roles,
      profiles,
      seedSeconds: round(seedSeconds),
      firstRunSeconds: round(runs[0]!),
      repeatRunSeconds: runs.slice(1).map(round),
      portalCallsPerSecond: Math.round(portalCalls / runs[0]!),
      configBytes: Buffer.byteLength(config),
    };
  } finally {
    await server.close();
    await rm(dataDir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  }
}
