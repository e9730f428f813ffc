import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { endMarker, findBlock } from '../../src/cli/aws-config/managed-block.js';
import { sha1Hex } from '../../src/cli/aws-config/json-files.js';
import { buildDemoIdentityCenter, buildDemoOrganization } from '../../src/control/demo-organization.js';
import { launchBrowser } from '../support/browser.js';
import { allowDeviceCode, PortalUser } from '../support/portal-browser.js';
import { gatehouseBin, parseExports, run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { startGatehouse } from './live.js';
import { TempHome } from './support.js';

// The developer CLI against a running gatehouse with a person in a real browser, as the seed tutorials go:
// `gatehouse login --device-code` prints a URL and a code; Debian's Chromium opens it, signs in to the access portal
// (the demo's admin: one-time password, new password, an authenticator app; the next time password and a code) and
// allows the code. What gatehouse cached then serves /usr/bin/aws and SDK v3 directly (sso_session profiles), the
// assume function in bash, --exec and credential_process; populate and --prune leave every byte of the user's own
// config outside the gatehouse block as it was. SQLite only: the store does not matter to a client.

const database = testDatabases.find((d) => d.name === 'sqlite')!;

const userConfig = `# my own settings ; kept as they are
[default]
region = eu-west-1   # inline comment

[profile granted-made]
granted_sso_start_url = https://x.awsapps.com/start
common_fate_generated_from = aws-sso
credential_process = granted credential-process --profile granted-made

# BEGIN_AWS_SSO_CLI
[profile aws-sso-cli/thing]
credential_process = /usr/local/bin/aws-sso -S "Default" process --arn arn:aws:iam::111122223333:role/x
# END_AWS_SSO_CLI
`;

/** The config with the gatehouse block of sso-session `demo` cut out: what must never change. */
function outsideBlock(text: string): string {
  const block = findBlock(text, 'demo');
  assert.ok(block, text);
  return text.slice(0, block.start) + text.slice(block.end);
}

describe('gatehouse login approved in Chromium, then every way to use it', { timeout: 300_000 }, () => {
  let t: TestServer;
  let browser: Browser;
  let home: TempHome;
  let env: NodeJS.ProcessEnv;
  let admin: PortalUser;
  let startUrl: string;
  let development: string;
  const gatehouse = (...args: string[]) => run(process.execPath, [gatehouseBin, ...args], { env });
  const bash = (script: string) => run('/bin/bash', ['--noprofile', '--norc', '-c', `eval "$('${process.execPath}' '${gatehouseBin}' shell-init bash)"\n${script}`], { env });
  const arnOf = (role: string, account = development) => new RegExp(`^arn:aws:sts::${account}:assumed-role/AWSReservedSSO_${role}_[0-9a-f]{16}/admin$`);

  /** `gatehouse login --device-code ...` while the browser signs in (with `signIn`) and allows the printed code. */
  async function browserLogin(signIn: (page: import('playwright-core').Page) => Promise<void>, ...args: string[]): Promise<string> {
    const login = startGatehouse(['login', '--device-code', ...args], env);
    const [, url, code] = await login.stderrMatch(/open this page:\n\n {2}(\S+)\n\nand check that it shows the code (\S+)\./);
    // A new browser context: no portal cookie from an earlier sign-in, so the person signs in again.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(url!);
      await signIn(page);
      await allowDeviceCode(page, code!);
    } finally {
      await context.close();
    }
    const done = await login.done;
    assert.equal(done.code, 0, done.stderr);
    return done.stderr;
  }

  before(async () => {
    t = await startTestServer(database);
    const root = await t.server.iam.defaultPrincipal();
    const demo = await buildDemoOrganization(t.server.services, root, t.server.log);
    const center = await buildDemoIdentityCenter(t.server.services, root, [root.accountId, ...Object.values(demo.accounts)], t.server.log, t.server.signIn);
    development = demo.accounts['Development']!;
    startUrl = `${t.url}/start/${center.identityStoreId}`;
    admin = new PortalUser(center.userName, center.initialPassword!);
    home = await TempHome.create();
    await home.write('.aws/config', userConfig);
    const exported = await run(process.execPath, [gatehouseBin, 'env', '--port', new URL(t.url).port, '--data-dir', t.dataDir], { env: home.env() });
    assert.equal(exported.code, 0, exported.stderr);
    // gatehouse on PATH, as an install puts it, for credential_process.
    await home.write('bin/gatehouse', `#!/bin/sh\nexec '${process.execPath}' '${gatehouseBin}' "$@"\n`);
    await run('/bin/chmod', ['755', home.path('bin/gatehouse')]);
    env = home.env({ ...parseExports(exported.stdout), PATH: `${home.path('bin')}:${process.env['PATH']}`, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
    await home?.remove();
  });

  it('login --device-code: Chromium signs in for the first time (new password, authenticator app) and allows the code', async () => {
    const stderr = await browserLogin((page) => admin.firstSignIn(page, 'Correct-Horse-Battery-9'), '--sso-session', 'demo', '--start-url', startUrl, '--sso-region', 'us-east-1');
    assert.match(stderr, /signed in to .* \(sso-session demo\) until /);
    const config = await home.read('.aws/config');
    assert.ok(config.startsWith(userConfig), 'the user config stays as it was; the sso-session is added after it');
    assert.ok(config.endsWith(`[sso-session demo]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`), config);
    const tokenPath = home.path('.aws', 'sso', 'cache', `${sha1Hex('demo')}.json`);
    const token = JSON.parse(await readFile(tokenPath, 'utf8')) as Record<string, string>;
    // What the AWS CLI and the SDKs need to use and refresh the sign-in themselves.
    for (const field of ['accessToken', 'expiresAt', 'refreshToken', 'clientId', 'clientSecret', 'registrationExpiresAt']) assert.ok(token[field], field);
    assert.equal((await stat(tokenPath)).mode & 0o777, 0o600);
  });

  it('populate --prefix; /usr/bin/aws and SDK v3 use the cached sign-in through the sso_session profiles', async () => {
    const populated = await gatehouse('populate', '--prefix', 'demo_');
    assert.equal(populated.code, 0, populated.stderr);
    assert.match(populated.stderr, /16 added, 0 changed, 0 removed, 0 unchanged \(8 accounts\)/);
    const profiles = (await gatehouse('profiles')).stdout.split('\n');
    assert.ok(profiles.includes('demo_Development/AdministratorAccess') && profiles.includes('demo_Production/ReadOnlyAccess'), profiles.join('\n'));
    assert.equal(outsideBlock(await home.read('.aws/config')), `${userConfig}\n[sso-session demo]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n\n`);

    const cli = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'demo_Development/AdministratorAccess', '--query', 'Arn', '--output', 'text'], { env });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout.trim(), arnOf('AdministratorAccess'));

    const sdk = await run(process.execPath, ['--input-type=module', '-e', `
      import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
      console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn);`], { env: { ...env, AWS_PROFILE: 'demo_Development/ReadOnlyAccess' }, cwd: process.cwd() });
    assert.equal(sdk.code, 0, sdk.stderr);
    assert.match(sdk.stdout.trim(), arnOf('ReadOnlyAccess'));
  });

  it('in bash: assume exports the role for /usr/bin/aws, --exec gives it to one command, --unset clears it', async () => {
    const result = await bash(`
      assume demo_Development/AdministratorAccess && /usr/bin/aws sts get-caller-identity --query Arn --output text
      assume demo_Development/ReadOnlyAccess --exec -- /usr/bin/aws sts get-caller-identity --query Arn --output text
      echo "still=$AWS_CREDENTIAL_EXPIRATION" | sed 's/=2.*/=set/'
      assume --unset; echo "after-unset=\${AWS_ACCESS_KEY_ID:-none}"`);
    assert.equal(result.code, 0, result.stderr);
    const [exported, executed, still, unset] = result.stdout.trim().split('\n');
    assert.match(exported!, arnOf('AdministratorAccess'));
    assert.match(executed!, arnOf('ReadOnlyAccess'));
    assert.equal(still, 'still=set', 'the shell kept the role it assumed before --exec');
    assert.equal(unset, 'after-unset=none');
  });

  it('a credential_process profile serves /usr/bin/aws and SDK v3', async () => {
    const config = await home.read('.aws/config');
    await home.write('.aws/config', `${config}\n[profile via-process]\ncredential_process = gatehouse credential-process --profile demo_Production/ReadOnlyAccess\nregion = us-east-1\n`);
    const production = /\[profile demo_Production\/ReadOnlyAccess\]\nsso_session = demo\nsso_account_id = (\d{12})/.exec(config)![1]!;
    const cli = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'via-process', '--query', 'Arn', '--output', 'text'], { env });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout.trim(), arnOf('ReadOnlyAccess', production));
    const sdk = await run(process.execPath, ['--input-type=module', '-e', `
      import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
      console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn);`], { env: { ...env, AWS_PROFILE: 'via-process' }, cwd: process.cwd() });
    assert.equal(sdk.code, 0, sdk.stderr);
    assert.match(sdk.stdout.trim(), arnOf('ReadOnlyAccess', production));
  });

  it('populate --prune removes a stale profile of the block; everything outside the block stays byte for byte', async () => {
    const before = await home.read('.aws/config');
    // A profile for an account no longer assigned, inside the block (an earlier populate's).
    const stale = before.replace(`${endMarker('demo')}\n`, `\n[profile demo_Gone/AdministratorAccess]\nsso_session = demo\nsso_account_id = 999999999999\nsso_role_name = AdministratorAccess\nregion = us-east-1\n${endMarker('demo')}\n`);
    await home.write('.aws/config', stale);
    const kept = await gatehouse('populate', '--prefix', 'demo_');
    assert.match(kept.stderr, /0 added, 0 changed, 0 removed, 16 unchanged, 1 kept/);
    assert.equal(await home.read('.aws/config'), stale);
    const pruned = await gatehouse('populate', '--prefix', 'demo_', '--prune');
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stderr, /0 added, 0 changed, 1 removed, 16 unchanged/);
    const after = await home.read('.aws/config');
    assert.equal(after, before);
    assert.equal(outsideBlock(after), outsideBlock(stale));
  });

  it('after logout, a second login signs in with password and authenticator code; the cache serves /usr/bin/aws again', async () => {
    const out = await gatehouse('logout', '--sso-session', 'demo');
    assert.equal(out.code, 0, out.stderr);
    const denied = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'demo_Development/AdministratorAccess'], { env });
    assert.notEqual(denied.code, 0);
    const assume = await gatehouse('assume', 'demo_Development/AdministratorAccess');
    assert.equal(assume.code, 3, assume.stderr);
    assert.match(assume.stderr, /run gatehouse login --sso-session demo/);

    await browserLogin((page) => admin.signIn(page), '--sso-session', 'demo');
    const cli = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'demo_Development/AdministratorAccess', '--query', 'Arn', '--output', 'text'], { env });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout.trim(), arnOf('AdministratorAccess'));
  });
});
