import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromSSO } from '@aws-sdk/credential-provider-sso';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { Browser } from 'playwright-core';
import { buildDemoIdentityCenter, buildDemoOrganization } from '../../src/control/demo-organization.js';
import { AwsCli } from '../support/aws-cli.js';
import { launchBrowser } from '../support/browser.js';
import { allowDeviceCode, PortalUser } from '../support/portal-browser.js';
import { run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

// Seed 001, "start my day with a login": the seed's ~/.aws/config (an sso-session and a profile), `aws sso login
// --no-browser` with Debian's AWS CLI 2.9 while Debian's Chromium signs in to the access portal (the demo's admin
// with its one-time password, a new password, an authenticator app) and approves the device code; then `aws sts
// get-caller-identity` answers as the provisioned AWSReservedSSO_ role, and a role not assigned fails as the CLI
// words it. The SDK v3 (fromSSO) and boto3 then use the token the CLI cached, and the SDK refreshes it.

const database = testDatabases[0]!;

describe('seed 001: aws sso login through the access portal (sqlite, chromium, /usr/bin/aws)', () => {
  let t: TestServer;
  let cli: AwsCli;
  let browser: Browser;
  let developmentId: string;
  let oneTimePassword: string;
  let startUrl: string;

  before(async () => {
    t = await startTestServer(database);
    const root = await t.server.iam.defaultPrincipal();
    const demo = await buildDemoOrganization(t.server.services, root, t.server.log);
    const center = await buildDemoIdentityCenter(t.server.services, root, [root.accountId, ...Object.values(demo.accounts)], t.server.log, t.server.signIn);
    developmentId = demo.accounts['Development']!;
    oneTimePassword = center.initialPassword!;
    startUrl = `${t.url}/start/${center.identityStoreId}`;
    cli = await AwsCli.forServer(t);
    await appendFile(
      join(cli.env['HOME']!, '.aws', 'config'),
      `\n[sso-session my-sso]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n` +
        `\n[profile account1]\nsso_session = my-sso\nsso_account_id = ${developmentId}\nsso_role_name = AdministratorAccess\nregion = us-east-1\n` +
        `\n[profile notmine]\nsso_session = my-sso\nsso_account_id = ${developmentId}\nsso_role_name = PowerUserAccess\nregion = us-east-1\n`,
    );
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await cli.close();
    await t.close();
  });

  it('logs in with the device code approved in the browser; the profile then calls STS as the provisioned role', async () => {
    const login = spawn('/usr/bin/aws', ['sso', 'login', '--profile', 'account1', '--no-browser'], { env: cli.env });
    let stdout = '';
    let stderr = '';
    login.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => login.on('exit', resolve));
    const printed = await new Promise<{ url: string; code: string }>((resolve, reject) => {
      login.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const url = /(http:\/\/\S+\/device\?user_code=\S+)/.exec(stdout)?.[1];
        const code = /enter the code:\s+([A-Z0-9-]+)/.exec(stdout)?.[1];
        if (url && code) resolve({ url, code });
      });
      void exited.then((code) => reject(new Error(`aws sso login exited (${code}) before printing a code: ${stdout} ${stderr}`)));
    });
    assert.match(printed.code, /^[A-Z0-9]{4}-[A-Z0-9]{4}$/);

    // the browser side: the first sign-in (one-time password, new password, an authenticator app), then allow the code
    const page = await browser.newPage();
    await page.goto(printed.url);
    await new PortalUser('admin', oneTimePassword).firstSignIn(page, 'Correct-Horse-Battery-9');
    await allowDeviceCode(page, printed.code);
    assert.equal(await exited, 0, stderr);
    assert.match(stdout, new RegExp(`Successfully logged into Start URL: ${startUrl.replace(/[/.]/g, '\\$&')}`));

    const identity = await cli.json('account1', 'sts', 'get-caller-identity');
    assert.match(identity['Arn'] as string, new RegExp(`^arn:aws:sts::${developmentId}:assumed-role/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}/admin$`));
    assert.equal(identity['Account'], developmentId);
    assert.match(identity['UserId'] as string, /^AROA[A-Z2-7]{17}:admin$/);

    const refused = await cli.fails('notmine', 'sts', 'get-caller-identity');
    assert.match(refused, /ForbiddenException/);
    assert.match(refused, /GetRoleCredentials/);
    assert.match(refused, /No access/);

    // the portal home lists the accounts with their roles; the console link opens that role's console session
    await page.goto(startUrl);
    assert.equal(await page.title(), 'AWS access portal | gatehouse');
    await page.getByLabel('Search accounts').fill('Development');
    await page.getByRole('button', { name: 'Search' }).click();
    const [consoleTab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', { name: 'Management console for AdministratorAccess in Development' }).click(),
    ]);
    await consoleTab.waitForLoadState();
    assert.match(await consoleTab.locator('dl.facts').innerText(), /Role\s+AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}/);
    await page.close();

    // the SDK v3 and boto3 reuse the token the AWS CLI cached, and refresh it through CreateToken (refresh_token)
    // when it is close to its end, writing the new one back for everyone
    process.env['HOME'] = cli.env['HOME']; // the SDK finds ~/.aws through HOME
    const tokenFile = join(cli.env['HOME']!, '.aws', 'sso', 'cache', `${createHash('sha1').update('my-sso').digest('hex')}.json`);
    const cached = JSON.parse(await readFile(tokenFile, 'utf8')) as { accessToken: string; refreshToken: string; expiresAt: string };
    const sdkIdentity = async () => {
      const credentials = await fromSSO({ profile: 'account1', clientConfig: { endpoint: t.url, region: 'us-east-1' } })();
      return new STSClient({ endpoint: t.url, region: 'us-east-1', credentials }).send(new GetCallerIdentityCommand({}));
    };
    assert.equal((await sdkIdentity()).Arn, identity['Arn']);
    await writeFile(tokenFile, JSON.stringify({ ...cached, expiresAt: new Date(Date.now() + 60_000).toISOString() }));
    assert.equal((await sdkIdentity()).Arn, identity['Arn']);
    const refreshed = JSON.parse(await readFile(tokenFile, 'utf8')) as typeof cached;
    assert.notEqual(refreshed.accessToken, cached.accessToken, 'the SDK refreshed the token');
    assert.notEqual(refreshed.refreshToken, cached.refreshToken, 'refresh tokens rotate');
    assert.ok(Date.parse(refreshed.expiresAt) > Date.now() + 30 * 60_000);
    const boto3 = await run('python3', ['-c', "import boto3\nprint(boto3.Session(profile_name='account1').client('sts').get_caller_identity()['Arn'])"], { env: cli.env });
    assert.equal(boto3.code, 0, boto3.stderr);
    assert.equal(boto3.stdout.trim(), identity['Arn']);

    const logout = await run('/usr/bin/aws', ['sso', 'logout', '--profile', 'account1'], { env: cli.env });
    assert.equal(logout.code, 0, logout.stderr);
  });
});
