import assert from 'node:assert/strict';
import { chmod, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gatehouseBin, run } from '../support/processes.js';
import { startGatehouseAtTerminal } from './live.js';
import { signedInCli, type SignedInCli } from './signed-in.js';

// `assume -c` in the browser `gatehouse browser set` chose, each AWS profile kept apart as Granted does: a Chromium
// family browser started with a --user-data-dir of the profile's own, Firefox given Granted's container URL. The
// browsers here are a script on PATH that records its argv (not our component: what a browser is handed is the
// point), and Debian's Chromium, headless, which must land on the server's console page as the role.

const DEV = 'Development/AdministratorAccess';
const PROD = 'Production/AdministratorAccess';

/** Polls until `probe` gives a value: a detached browser finishes after gatehouse has exited. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 600; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe('assume -c in a chosen browser, a browser profile per AWS profile', { timeout: 240_000 }, () => {
  let cli: SignedInCli;
  let env: NodeJS.ProcessEnv;
  const log = () => cli.home.path('browser.log');
  const launches = async () => (await readFile(log(), 'utf8').catch(() => '')).split('\n').filter(Boolean).map((line) => JSON.parse(line) as { name: string; args: string[] });
  const gatehouse = (...args: string[]) => run(process.execPath, [gatehouseBin, ...args], { env });
  const atTerminal = async (...args: string[]) => {
    const running = startGatehouseAtTerminal(args, env);
    const done = await running.done;
    assert.equal(done.code, 0, running.stderr());
    return running.stderr();
  };
  const set = (...args: string[]) => gatehouse('browser', 'set', ...args);

  before(async () => {
    cli = await signedInCli('Browser');
    const recorder = `#!${process.execPath}\nconst { appendFileSync } = require('node:fs');\nappendFileSync(process.env.FAKE_BROWSER_LOG, JSON.stringify({ name: require('node:path').basename(process.argv[1]), args: process.argv.slice(2) }) + '\\n');\n`;
    for (const name of ['chromium', 'firefox']) {
      await cli.home.write(`fake/${name}`, recorder);
      await chmod(cli.home.path(`fake/${name}`), 0o755);
    }
    // Debian's Chromium as a person's would run, but headless (no display here): it writes the page it lands on.
    await cli.home.write('fake/chromium-headless', `#!/bin/sh\n/usr/bin/chromium --headless --no-sandbox --disable-gpu --dump-dom "$@" > "$HOME/landing.tmp" 2> "$HOME/chromium.err"\nmv "$HOME/landing.tmp" "$HOME/landing.html"\n`);
    await chmod(cli.home.path('fake/chromium-headless'), 0o755);
    env = { ...cli.env, PATH: `${cli.home.path('fake')}:${cli.env['PATH']}`, FAKE_BROWSER_LOG: log() };
  });
  after(() => cli.close());

  it('browser set finds a browser by name on PATH, or takes a path; what it cannot use is a usage error', async () => {
    assert.match((await gatehouse('browser')).stdout, /^default: the system browser/);
    const chosen = await set('chromium');
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.match(chosen.stderr, /the console opens with chromium \(.*\/fake\/chromium\): a browser profile per AWS profile/);
    assert.equal((await gatehouse('browser')).stdout.split(' ')[1], `(${cli.home.path('fake', 'chromium')}):`);
    for (const args of [['netscape'], ['/no/such/browser'], ['/bin/true'], ['/bin/true', '--family', 'safari']]) {
      const refused = await set(...args);
      assert.equal(refused.code, 2, `${args.join(' ')}: ${refused.stderr}`);
    }
    assert.match((await set('/bin/true')).stderr, /add --family chromium or --family firefox/);
  });

  it('Chromium: each profile in a --user-data-dir of its own; --browser-profile names another; --url only prints', async () => {
    assert.equal((await set('chromium')).code, 0);
    const printed = await atTerminal('assume', DEV, '-c', '--url');
    assert.match(printed, /\/federation\?Action=login&/);

    const opened = await atTerminal('assume', DEV, '-c');
    assert.match(opened, /opened the console as Development\/AdministratorAccess \(role AdministratorAccess in account \d{12}, until \d\d:\d\d UTC\) in chromium, browser profile Development\/AdministratorAccess/);
    await atTerminal('assume', PROD, '-c', '--browser-profile', 'team prod');
    const seen = await eventually(async () => ((await launches()).length >= 2 ? launches() : undefined), 'two launches');
    assert.equal(seen.length, 2, 'assume -c --url started no browser');

    const profiles = cli.home.path('.cache', 'gatehouse', 'browser-profiles');
    const byDir = new Map(seen.map((l) => [l.args[0], l]));
    for (const dir of [`${profiles}/Development%2FAdministratorAccess`, `${profiles}/team%20prod`]) {
      const launch = byDir.get(`--user-data-dir=${dir}`);
      assert.ok(launch, `a launch with ${dir}: ${JSON.stringify(seen)}`);
      assert.equal(launch.name, 'chromium');
      assert.deepEqual(launch.args.slice(1, 3), ['--no-first-run', '--no-default-browser-check']);
      assert.equal(launch.args.length, 4);
      const url = new URL(launch.args[3]!);
      assert.equal(`${url.origin}${url.pathname}`, `${cli.t.url}/federation`);
      assert.equal(url.searchParams.get('Action'), 'login');
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
    }
  });

  it("Firefox: Granted's ext+granted-containers: URL, the container named after the profile", async () => {
    assert.equal((await set('firefox')).code, 0);
    const before = (await launches()).length;
    const opened = await atTerminal('assume', DEV, '-c', '-s', 'iam');
    assert.match(opened, /in firefox, container Development\/AdministratorAccess \(needs the Granted add-on\)/);
    const launch = (await eventually(async () => ((await launches()).length > before ? launches() : undefined), 'the firefox launch'))[before]!;
    assert.equal(launch.name, 'firefox');
    assert.equal(launch.args.length, 2);
    assert.equal(launch.args[0], '--new-tab');
    const prefix = 'ext+granted-containers:';
    assert.ok(launch.args[1]!.startsWith(`${prefix}name=Development%2FAdministratorAccess&url=http%3A%2F%2F127.0.0.1%3A`), launch.args[1]);
    // As the add-on reads it (granted-containers src/opener/parser.ts): URLSearchParams after the prefix.
    const params = new URLSearchParams(launch.args[1]!.slice(prefix.length));
    assert.equal(params.get('name'), DEV);
    const url = new URL(params.get('url')!);
    assert.equal(`${url.origin}${url.pathname}`, `${cli.t.url}/federation`);
    assert.ok(url.searchParams.get('SigninToken'));
  });

  it("Debian's Chromium (headless) lands on the console as the role, its cookies in the profile's own user-data-dir", async () => {
    assert.equal((await set(cli.home.path('fake', 'chromium-headless'))).code, 0);
    await atTerminal('assume', PROD, '-c');
    const page = await eventually(() => readFile(cli.home.path('landing.html'), 'utf8'), 'Chromium to land');
    assert.match(page, /Signed in/);
    assert.ok(page.includes(cli.world.production), 'the Production account');
    assert.match(page, /AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}/);
    const dir = cli.home.path('.cache', 'gatehouse', 'browser-profiles', 'Production%2FAdministratorAccess');
    assert.ok((await readdir(join(dir, 'Default'))).includes('Cookies'), `Chromium's profile, with the console cookie, in ${dir}`);
  });
});
