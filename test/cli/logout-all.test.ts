import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { TempHome } from './support.js';

// `gatehouse logout --all` as `aws sso logout`: every token file goes (after the portal's Logout, which here cannot
// be reached and is reported), client registrations stay, and of the AWS CLI's credential cache only SSO entries go.

describe('gatehouse logout --all', () => {
  let home: TempHome;
  before(async () => {
    home = await TempHome.create();
    const token = (n: number) => JSON.stringify({ startUrl: `https://s${n}.awsapps.com/start`, region: 'us-east-1', accessToken: `at-${n}`, expiresAt: '2099-01-01T00:00:00Z' });
    await home.write('.aws/sso/cache/aaaa.json', token(1));
    await home.write('.aws/sso/cache/bbbb.json', token(2));
    await home.write('.aws/sso/cache/registration.json', JSON.stringify({ clientId: 'c', clientSecret: 's', expiresAt: '2099-01-01T00:00:00Z' }));
    await home.write('.aws/cli/cache/sso-role.json', JSON.stringify({ ProviderType: 'sso', Credentials: {} }));
    await home.write('.aws/cli/cache/assume-role.json', JSON.stringify({ Credentials: {} }));
    // gatehouse's own store (files here): a portal role's and an assumed role's credentials, and a secret of another kind.
    await home.write('.cache/gatehouse/secrets/role-credentials.0abc1234', '{}');
    await home.write('.cache/gatehouse/secrets/assumed-role.0def5678', '{}');
    await home.write('.cache/gatehouse/secrets/keep-me.0123abcd', '{}');
  });
  after(() => home.remove());

  it('removes every token and SSO role credential, keeps registrations and other cached credentials', async () => {
    const result = await home.gatehouse(['logout', '--all', '--endpoint', 'http://127.0.0.1:9'], { env: home.env({ GATEHOUSE_TOKEN_STORE: 'file' }) });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /the portal did not take the sign-out .*; removing the local files anyway/);
    assert.match(result.stderr, /signed out: removed 2 token\(s\) and 3 cached role credential\(s\)/);
    assert.deepEqual(await readdir(home.path('.aws/sso/cache')), ['registration.json']);
    assert.deepEqual(await readdir(home.path('.aws/cli/cache')), ['assume-role.json']);
    assert.deepEqual(await readdir(home.path('.cache/gatehouse/secrets')), ['keep-me.0123abcd']);
  });
});
