import assert from 'node:assert/strict';
import { access, chmod, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { commandWords } from '../../src/cli/browser.js';
import { containerLook, containerUrl, parseLaunchTemplate, renderLaunchTemplate } from '../../src/cli/console-browser.js';
import { gatehouseBin, run } from '../support/processes.js';
import { startGatehouseAtTerminal } from './live.js';
import { signedInCli, type SignedInCli } from './signed-in.js';

// `assume -c` in the browser `gatehouse browser set` chose, each AWS profile kept apart as Granted does: a Chromium
// family browser started with a --user-data-dir of the profile's own, Firefox given Granted's container URL (with the
// profile's colour and icon), or a launch template's command. The browsers here are a script that records its argv
// (not our component: what a browser is handed is the point), and Debian's Chromium, headless, which must land on
// the server's console page as the role.

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

  it('Firefox: the profile\'s colour and icon (gatehouse_ or granted_ keys) go in the container URL, kept by populate; a wrong one is refused', async () => {
    assert.equal((await set('firefox')).code, 0);
    const config = await cli.home.read('.aws/config');
    const header = `[profile ${DEV}]\n`;
    await cli.home.write('.aws/config', config.replace(header, `${header}granted_color = Red\ngatehouse_icon = briefcase\ngranted_icon = tree\n`));
    const repopulated = await gatehouse('populate');
    assert.equal(repopulated.code, 0, repopulated.stderr);
    assert.match(repopulated.stderr, / 0 changed, 0 removed, \d+ unchanged/, 'populate keeps keys of the person\'s own');
    assert.match(await cli.home.read('.aws/config'), /gatehouse_account_email = \S+\ngranted_color = Red\ngatehouse_icon = briefcase\ngranted_icon = tree\n/);

    const before = (await launches()).length;
    const opened = await atTerminal('assume', DEV, '-c');
    assert.match(opened, /in firefox, container Development\/AdministratorAccess \(red, briefcase\) \(needs the Granted add-on\)/);
    const launch = (await eventually(async () => ((await launches()).length > before ? launches() : undefined), 'the firefox launch'))[before]!;
    const params = new URLSearchParams(launch.args[1]!.slice('ext+granted-containers:'.length));
    assert.deepEqual([...params.keys()], ['name', 'url', 'color', 'icon'], 'as Granted writes them');
    assert.equal(params.get('color'), 'red', 'lower-cased: the add-on takes only its own spelling');
    assert.equal(params.get('icon'), 'briefcase', 'gatehouse_icon wins over granted_icon');

    await cli.home.write('.aws/config', (await cli.home.read('.aws/config')).replace('granted_color = Red', 'granted_color = teal'));
    const refused = startGatehouseAtTerminal(['assume', DEV, '-c'], env);
    assert.equal((await refused.done).code, 2, refused.stderr());
    assert.match(refused.stderr(), /profile Development\/AdministratorAccess: granted_color = teal is not a Firefox container colour; use one of blue, turquoise, green, yellow, orange, red, pink, purple/);
    // Only Firefox reads it: Chromium opens regardless.
    assert.equal((await set('chromium')).code, 0);
    await atTerminal('assume', DEV, '-c');
  });

  it('a launch template: browser set checks it; assume -c runs it with the URL, profile and arguments as words, no shell', async () => {
    // A launcher at a path with a blank in it, which records its argv as a browser would receive it.
    await cli.home.write('fake dir/launcher', `#!${process.execPath}\nrequire('node:fs').appendFileSync(process.env.TEMPLATE_LOG, JSON.stringify(process.argv.slice(2)) + '\\n');\n`);
    await chmod(cli.home.path('fake dir', 'launcher'), 0o755);
    const launcher = cli.home.path('fake dir', 'launcher');
    const templateEnv = { ...env, TEMPLATE_LOG: cli.home.path('template.log') };
    const template = `'${launcher}' --first "two words" --profile={{.Profile}} --app='{{ .URL }}' {{.Args}} --tag={{.Args.tag}} {{.URL}}`;
    const chosen = await run(process.execPath, [gatehouseBin, 'browser', 'set', '--launch-template', template], { env: templateEnv });
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.match(chosen.stderr, /the console opens with launcher \(launch template\): /);
    assert.equal((await gatehouse('browser')).stdout, `launcher (launch template): ${template}\n`);

    // A profile name a shell would run, and arguments with blanks: each stays one word, nothing runs.
    const hostile = 'team"; touch pwned; $(touch pwned2) `touch pwned3` \'x';
    const running = startGatehouseAtTerminal(['assume', PROD, '-c', '--browser-profile', hostile, '--browser-launch-template-arg', '--incognito', '--browser-launch-template-arg', 'tag=a b;c'], templateEnv);
    const done = await running.done;
    assert.equal(done.code, 0, running.stderr());
    assert.match(running.stderr(), /opened the console as Production\/AdministratorAccess \(.*\) with launcher \(the launch template\), profile team"; touch pwned/);
    const [argv] = await eventually(async () => {
      const lines = (await readFile(cli.home.path('template.log'), 'utf8')).split('\n').filter(Boolean);
      return lines.length > 0 ? lines.map((l) => JSON.parse(l) as string[]) : undefined;
    }, 'the launcher');
    assert.equal(argv!.length, 8, JSON.stringify(argv));
    const url = argv![7]!;
    assert.deepEqual(argv, ['--first', 'two words', `--profile=${hostile}`, `--app=${url}`, '--incognito', 'tag=a b;c', '--tag=a b;c', url]);
    for (const file of ['pwned', 'pwned2', 'pwned3']) {
      await assert.rejects(access(cli.home.path(file)), `${file} was not made`);
      await assert.rejects(access(join(process.cwd(), file)), `${file} was not made`);
    }
    // The URL arrived whole: the server trades its sign-in token for the console, as the role.
    const signin = new URL(url);
    assert.equal(`${signin.origin}${signin.pathname}`, `${cli.t.url}/federation`);
    const token = signin.searchParams.get('SigninToken')!;
    assert.ok(token.length > 20);
    assert.ok(!running.stderr().includes(token), 'the sign-in token is never printed');
    const login = await fetch(url, { redirect: 'manual' });
    assert.equal(login.status, 302);
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ');
    const page = await (await fetch(new URL(login.headers.get('location')!, cli.t.url), { headers: { cookie } })).text();
    assert.match(page, /Signed in/);
    assert.ok(page.includes(cli.world.production), 'the Production account');
  });

  it('a launch template: what is wrong is a usage error before any credentials are fetched', async () => {
    const refusedTemplates: [string, RegExp][] = [
      ['', /empty/],
      ['no-such-launcher-here {{.URL}}', /runs no-such-launcher-here, which is not on PATH/],
      ['/bin/echo {{.Profile}}', /must pass the sign-in URL: put \{\{\.URL\}\}/],
      ['/bin/echo {{.Url}}', /has \{\{\.Url\}\}: it knows \{\{\.URL\}\}, \{\{\.Profile\}\}, \{\{\.Args\}\}, \{\{\.Args\.KEY\}\}/],
      ['/bin/echo --x={{.Args}} {{.URL}}', /\{\{\.Args\}\} stands for zero or more words/],
      ['{{.URL}}', /must start with the program/],
      ['/bin/echo "{{.URL}}', /unfinished double quote/],
      ['/bin/echo {{.URL}', /unfinished placeholder/],
    ];
    for (const [template, message] of refusedTemplates) {
      const refused = await gatehouse('browser', 'set', '--launch-template', template);
      assert.equal(refused.code, 2, `${template}: ${refused.stderr}`);
      assert.match(refused.stderr, message, template);
    }
    assert.match((await gatehouse('browser', 'set', 'chrome', '--launch-template', '/bin/echo {{.URL}}')).stderr, /--launch-template is the whole choice/);
    assert.match((await gatehouse('browser', 'set')).stderr, /name a browser .* or give --launch-template/);

    assert.equal((await gatehouse('browser', 'set', '--launch-template', '/bin/echo {{.Args.tag}} {{.URL}}')).code, 0);
    const usage = async (args: string[], message: RegExp) => {
      const running = startGatehouseAtTerminal(['assume', DEV, '-c', ...args], env);
      assert.equal((await running.done).code, 2, running.stderr());
      assert.match(running.stderr(), message);
    };
    await usage([], /uses \{\{\.Args\.tag\}\}: add --browser-launch-template-arg tag=VALUE/);
    await usage(['--browser-profile', 'x', '--browser-launch-template-arg', 'tag=1'], /--browser-profile: the launch template has no \{\{\.Profile\}\}/);
    assert.equal((await set('chromium')).code, 0);
    await usage(['--browser-launch-template-arg', 'x'], /--browser-launch-template-arg goes with a launch template/);
    const alone = await gatehouse('assume', DEV, '--browser-launch-template-arg', 'x');
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--browser-launch-template-arg goes with -c/);
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

describe('launch templates and container looks, as parsed', () => {
  it('splits as a shell would, then fills placeholders in inside their words', () => {
    const template = parseLaunchTemplate(`open -na 'Google Chrome' --args "--profile-directory={{.Profile}}" a\\ b "q\\"d" '' {{.Args}} {{.URL}}`);
    assert.equal(template.program, 'open');
    const url = 'https://signin.aws.amazon.com/federation?Action=login&SigninToken=a b"c\'d$(x)&Destination=y';
    const [program, argv] = renderLaunchTemplate(template, { url, profile: 'p q', args: ['--one', 'two three'] });
    assert.equal(program, 'open');
    assert.deepEqual(argv, ['-na', 'Google Chrome', '--args', '--profile-directory=p q', 'a b', 'q"d', '', '--one', 'two three', url]);
    assert.deepEqual(renderLaunchTemplate(template, { url, profile: '', args: [] })[1].slice(-2), ['', url], '{{.Args}} with none is no word at all');
    // {{.Args.KEY}}: the first KEY=VALUE given; its VALUE may hold '='.
    const keyed = parseLaunchTemplate('/bin/x --dir={{.Args.dir}} {{.URL}}');
    assert.deepEqual(renderLaunchTemplate(keyed, { url: 'u', profile: 'p', args: ['dir=a=b', 'dir=c'] })[1], ['--dir=a=b', 'u']);
    assert.equal(parseLaunchTemplate('/bin/x {{.URL}}').usesProfile, false);
  });

  it('$BROWSER is split the same way, so a quoted path with a blank is one word', () => {
    assert.deepEqual(commandWords(`'/Applications/My Browser' --new %s`), ['/Applications/My Browser', '--new', '%s']);
  });

  it('container colour and icon: gatehouse_ first, then granted_; any case; only what the add-on takes', () => {
    const look = (entries: Record<string, string>) => containerLook('p', new Map(Object.entries(entries)));
    assert.deepEqual(look({}), {});
    assert.deepEqual(look({ granted_color: 'Turquoise', granted_icon: 'fingerprint' }), { color: 'turquoise', icon: 'fingerprint' });
    assert.deepEqual(look({ granted_color: 'red', gatehouse_color: 'blue' }), { color: 'blue' });
    assert.throws(() => look({ gatehouse_icon: 'fence' }), /gatehouse_icon = fence is not a Firefox container icon; use one of fingerprint, briefcase, dollar, cart, circle, gift, vacation, food, fruit, pet, tree, chill/);
    assert.equal(containerUrl('a&b', 'https://x/?y=1&z=2', { color: 'red' }), 'ext+granted-containers:name=a%26b&url=https%3A%2F%2Fx%2F%3Fy%3D1%26z%3D2&color=red');
  });
});
