import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { Principal } from '../../src/aws/auth/principal.js';
import type { SessionCredentials } from '../../src/services/iam/domain.js';
import { launchBrowser } from '../support/browser.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

// The console sign-in as Granted and aws-vault drive it (getSigninToken with a role session's credentials, then
// login) and the console landing, in Debian's Chromium: who you are, the account's roles, and sessions of two
// roles side by side in tabs of one browser.

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::111111111111:root' }, Action: 'sts:AssumeRole' }] };

const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';

/** A session of a new role that may read everything (ReadOnlyAccess) unless given other policies. */
async function roleSession(t: TestServer, roleName: string, sessionName: string, ttlMs = 3_600_000, attachedPolicyArns = [READ_ONLY]): Promise<SessionCredentials> {
  const accountId = t.root.accountId;
  const role = await t.server.iam.createRole(t.server.store.db, { accountId, name: roleName, trustPolicy: trust, attachedPolicyArns });
  const principal: Principal = {
    type: 'assumed-role',
    accountId,
    arn: `arn:aws:sts::${accountId}:assumed-role/${roleName}/${sessionName}`,
    userId: `${role.roleId}:${sessionName}`,
    roleArn: role.arn,
    sessionName,
  };
  return t.server.iam.issueSessionCredentials(principal, Date.now() + ttlMs);
}

async function signinToken(t: TestServer, credentials: SessionCredentials, extra = ''): Promise<Response> {
  const session = JSON.stringify({ sessionId: credentials.accessKeyId, sessionKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken });
  return fetch(`${t.url}/federation?Action=getSigninToken${extra}&Session=${encodeURIComponent(session)}`);
}

const loginUrl = (t: TestServer, token: string) =>
  `${t.url}/federation?Action=login&Issuer=${encodeURIComponent('https://example.com')}&Destination=${encodeURIComponent('https://console.aws.amazon.com/')}&SigninToken=${encodeURIComponent(token)}`;

const database = testDatabases[0]!;
describe('console sign-in and landing (chromium)', () => {
  let t: TestServer;
  let browser: Browser;
  before(async () => {
    t = await startTestServer(database);
    browser = await launchBrowser();
  });
  after(async () => {
    await browser.close();
    await t.close();
  });

  it('getSigninToken then login opens a console session that shows the account, the role and its resources', async () => {
    const credentials = await roleSession(t, 'Developer', 'alice');
    const response = await signinToken(t, credentials);
    assert.equal(response.status, 200);
    const { SigninToken } = (await response.json()) as { SigninToken: string };
    assert.ok(SigninToken.length > 20);
    assert.ok(!SigninToken.includes(credentials.secretAccessKey));

    const page = await browser.newPage();
    await page.goto(loginUrl(t, SigninToken));
    assert.match(new URL(page.url()).pathname, /^\/console\/s\/[0-9a-f]{12}\/$/);
    assert.equal(await page.title(), `Account ${t.root.accountId} | gatehouse`);
    const facts = await page.locator('dl.facts').innerText();
    assert.match(facts, /Role\s+Developer/);
    assert.match(facts, new RegExp(`assumed-role/Developer/alice`));
    assert.ok(await page.getByRole('cell', { name: 'Developer', exact: true }).isVisible());
    await page.close();
  });

  it("shows what a role may not read as AWS's denial, not as an empty list", async () => {
    const credentials = await roleSession(t, 'Nothing', 'erin', 3_600_000, []);
    const { SigninToken } = (await (await signinToken(t, credentials)).json()) as { SigninToken: string };
    const page = await browser.newPage();
    await page.goto(loginUrl(t, SigninToken));
    const text = await page.locator('main').innerText();
    assert.match(text, /is not authorized to perform: iam:ListRoles on resource: .* because no identity-based policy allows the iam:ListRoles action/);
    assert.equal(await page.getByRole('cell', { name: 'Developer', exact: true }).count(), 0);
    await page.close();
  });

  it('two role sessions in tabs of one browser do not replace each other', async () => {
    const context = await browser.newContext();
    const first = await context.newPage();
    const second = await context.newPage();
    const a = (await (await signinToken(t, await roleSession(t, 'Auditor', 'bob'))).json()) as { SigninToken: string };
    const b = (await (await signinToken(t, await roleSession(t, 'Operator', 'bob'))).json()) as { SigninToken: string };
    await first.goto(loginUrl(t, a.SigninToken));
    await second.goto(loginUrl(t, b.SigninToken));
    await first.reload();
    assert.match(await first.locator('dl.facts').innerText(), /Role\s+Auditor/);
    assert.match(await second.locator('dl.facts').innerText(), /Role\s+Operator/);
    await context.close();
  });

  it('refuses credentials that are not a live session, a bad SessionDuration, and a forged or replayed-late token', async () => {
    const credentials = await roleSession(t, 'Checker', 'carol');
    const wrongKey = { ...credentials, secretAccessKey: `${credentials.secretAccessKey}x` };
    assert.equal((await signinToken(t, wrongKey)).status, 400);
    const wrongToken = { ...credentials, sessionToken: `${credentials.sessionToken}x` };
    assert.equal((await signinToken(t, wrongToken)).status, 400);
    assert.equal((await signinToken(t, credentials, '&SessionDuration=60')).status, 400);
    const root = { accessKeyId: t.root.accessKeyId, secretAccessKey: t.root.secretAccessKey, sessionToken: 'x', expiresAt: 0 };
    assert.equal((await signinToken(t, root)).status, 400, 'long-term keys are not console sessions');
    const expired = await roleSession(t, 'Gone', 'dave', -1000);
    assert.equal((await signinToken(t, expired)).status, 400);

    const forged = await fetch(loginUrl(t, 'AAAA'), { redirect: 'manual' });
    assert.equal(forged.status, 400);
    const landing = await fetch(`${t.url}/console/s/000000000000/`, { headers: { cookie: 'gh_console=forged' } });
    assert.equal(landing.status, 401);
  });

  it('the pages leave the API paths alone and carry security headers', async () => {
    const page = await fetch(`${t.url}/console/s/abc/`);
    assert.equal(page.headers.get('x-frame-options'), 'DENY');
    assert.match(page.headers.get('content-security-policy') ?? '', /frame-ancestors 'none'/);
    const api = await fetch(`${t.url}/federation/credentials?role_name=x&account_id=111111111111`, { headers: { 'x-amz-sso_bearer_token': 'x' } });
    assert.notEqual(api.headers.get('content-type'), 'text/html; charset=UTF-8');
    assert.ok(api.headers.get('x-amzn-errortype'), 'the portal API answered, not a page');
  });
});
