import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

// The pages' forms refuse cross-site requests: a POST without the form's token, with another page's token, or from
// another origin is 403 before any sign-in logic runs; the same form from the page itself reaches it.

const database = testDatabases[0]!;

describe('pages: CSRF protection', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(database);
  });
  after(async () => t.close());

  /** A visit to the sign-in page: the nonce cookie it sets and the form token it renders. */
  async function visit(): Promise<{ cookie: string; token: string }> {
    const page = await fetch(`${t.url}/start`);
    const cookie = page.headers.getSetCookie().find((c) => c.startsWith('gh_csrf='))!.split(';')[0]!;
    const token = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
    return { cookie, token };
  }

  const signIn = (headers: Record<string, string>, fields: Record<string, string>) =>
    fetch(`${t.url}/start/sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams({ username: 'admin', password: 'not-the-password', start: `${t.url}/start`, ...fields }),
    });

  it('the sign-in cookie is HttpOnly and SameSite=Strict', async () => {
    const page = await fetch(`${t.url}/start`);
    assert.match(page.headers.getSetCookie().join('\n'), /gh_csrf=[\w-]{22}; Path=\/; HttpOnly; SameSite=Strict/);
  });

  it('refuses a post without the token, with a forged or another browser\'s token, and from another origin', async () => {
    const mine = await visit();
    const theirs = await visit();
    assert.equal((await signIn({ cookie: mine.cookie, origin: t.url }, {})).status, 403);
    assert.equal((await signIn({ cookie: mine.cookie, origin: t.url }, { csrf: 'forged' })).status, 403);
    assert.equal((await signIn({ cookie: mine.cookie, origin: t.url }, { csrf: theirs.token })).status, 403);
    assert.equal((await signIn({ origin: t.url }, { csrf: mine.token })).status, 403, 'no cookie');
    assert.equal((await signIn({ cookie: mine.cookie, origin: 'http://evil.example' }, { csrf: mine.token })).status, 403);
    assert.equal((await signIn({ cookie: mine.cookie, origin: 'null' }, { csrf: mine.token })).status, 403);
  });

  it('lets the page\'s own form through to sign-in (which answers: this server has no Identity Center yet)', async () => {
    const mine = await visit();
    const response = await signIn({ cookie: mine.cookie, origin: t.url }, { csrf: mine.token });
    assert.equal(response.status, 401);
    assert.match(await response.text(), /role="alert">No IAM Identity Center instance answers at this start URL\./);
  });
});
