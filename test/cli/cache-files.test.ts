import assert from 'node:assert/strict';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { AwsConfig, type SsoSession } from '../../src/cli/aws-config/config-file.js';
import { pythonJsonDumps } from '../../src/cli/aws-config/json-files.js';
import { roleCachePath } from '../../src/cli/credentials/role-credentials.js';
import { loginLockPath, withLoginLock } from '../../src/cli/sso/login-lock.js';
import { readToken, registrationCachePath, tokenCachePath, writeRegistration, writeToken } from '../../src/cli/sso/token-cache.js';
import { TempHome, botocore } from './support.js';

// The cache files gatehouse shares with the AWS CLI and the SDKs: names computed by the Debian AWS CLI's own
// botocore for the same inputs, contents read back by botocore's loaders.

const sessions: SsoSession[] = [
  { name: 'my-sso', startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-east-1', scopes: ['sso:account:access'] },
  { name: 'équipe "prod" ☃ 😀', startUrl: 'https://acme.awsapps.com/start/#', region: 'eu-west-1', scopes: ['sso:account:access', 'codewhisperer:completions'] },
  { name: 'no-scopes', startUrl: 'http://127.0.0.1:4747/start', region: 'us-west-2', scopes: undefined },
  { name: undefined, startUrl: 'https://d-1234567890.awsapps.com/start', region: 'us-east-1', scopes: undefined },
];

describe('cache file names and contents match the AWS CLI', () => {
  let home: TempHome;
  before(async () => (home = await TempHome.create()));
  after(() => home.remove());

  it('names the token file sha1(session name), or sha1(start URL) for a legacy profile', async () => {
    assert.equal(tokenCachePath(sessions[0]!, home.env()), home.path('.aws', 'sso', 'cache', '0ad374308c5a4e22f723adf10145eafad7c4031c.json'));
    for (const session of sessions) {
      const expected = await botocore(
        `import json; from awscli.botocore.utils import SSOTokenFetcher\n` +
          `print(SSOTokenFetcher('r', None)._token_cache_key(${JSON.stringify(session.startUrl)}, ${session.name === undefined ? 'None' : `json.loads(${JSON.stringify(JSON.stringify(session.name))})`}))`,
      );
      assert.equal(tokenCachePath(session, home.env()), home.path('.aws', 'sso', 'cache', `${expected}.json`), String(session.name));
    }
  });

  it('names the registration file as botocore does (json.dumps with sort_keys, ensure_ascii and nulls)', async () => {
    for (const session of sessions) {
      const args = JSON.stringify(JSON.stringify({ url: session.startUrl, region: session.region, name: session.name ?? null, scopes: session.scopes ?? null }));
      const expected = await botocore(
        `import json; from awscli.botocore.utils import SSOTokenFetcher\na = json.loads(${args})\n` +
          `print(SSOTokenFetcher(a['region'], None)._registration_cache_key(a['url'], a['name'], a['scopes']))`,
      );
      assert.equal(registrationCachePath(session, home.env()), home.path('.aws', 'sso', 'cache', `${expected}.json`), String(session.name));
    }
  });

  it('names the role credential file as botocore SSOCredentialFetcher does', async () => {
    for (const session of sessions) {
      const target = { session, accountId: '111122223333', roleName: 'AdministratorAccess' };
      const args = JSON.stringify(JSON.stringify({ url: session.startUrl, name: session.name ?? null }));
      const expected = await botocore(
        `import json; from awscli.botocore.credentials import SSOCredentialFetcher\na = json.loads(${args})\n` +
          `print(SSOCredentialFetcher(a['url'], 'us-east-1', 'AdministratorAccess', '111122223333', None, sso_session_name=a['name'])._create_cache_key())`,
      );
      assert.equal(roleCachePath(target, home.env()), home.path('.aws', 'cli', 'cache', `${expected}.json`), String(session.name));
    }
  });

  it('dumps JSON as Python does, escapes and separators included', async () => {
    const value = { z: ['a', null, 1], b: 'tab\t"q" \\ é \u007f 😀', A: true };
    const expected = await botocore(`import json; print(json.dumps(json.loads(${JSON.stringify(JSON.stringify(value))}), sort_keys=True))`);
    assert.equal(pythonJsonDumps(value), expected);
    const compact = await botocore(`import json; print(json.dumps(json.loads(${JSON.stringify(JSON.stringify(value))}), sort_keys=True, separators=(',', ':')))`);
    assert.equal(pythonJsonDumps(value, true), compact);
  });

  it('writes token and registration files 0600 that botocore loads, and reads the files the AWS CLI writes', async () => {
    const session = sessions[0]!;
    const token = {
      startUrl: session.startUrl,
      region: session.region,
      accessToken: 'at-1',
      expiresAt: '2099-01-01T00:00:00Z',
      clientId: 'cid',
      clientSecret: 'secret',
      registrationExpiresAt: '2099-03-01T00:00:00Z',
      refreshToken: 'rt-1',
    };
    await writeToken(session, token, home.env());
    await writeRegistration(session, { clientId: 'cid', clientSecret: 'secret', expiresAt: '2099-03-01T00:00:00Z', scopes: ['sso:account:access'] }, home.env());
    for (const path of [tokenCachePath(session, home.env()), registrationCachePath(session, home.env())]) {
      assert.equal((await stat(path)).mode & 0o777, 0o600, path);
    }
    assert.equal((await stat(home.path('.aws', 'sso', 'cache'))).mode & 0o777, 0o700);
    const loaded = await botocore(
      `import json\nfrom awscli.botocore.utils import SSOTokenLoader\nfrom awscli.botocore.credentials import JSONFileCache\n` +
        `cache = JSONFileCache(${JSON.stringify(home.path('.aws', 'sso', 'cache'))})\n` +
        `print(json.dumps(SSOTokenLoader(cache)(${JSON.stringify(session.startUrl)}, session_name='my-sso')))`,
    );
    assert.deepEqual(JSON.parse(loaded), token);
    // No temporary files left behind.
    assert.deepEqual((await readdir(home.path('.aws', 'sso', 'cache'))).filter((name) => !name.endsWith('.json')), []);

    // The SDK writes expiresAt with milliseconds; both forms read back.
    await writeFile(tokenCachePath(session, home.env()), JSON.stringify({ ...token, expiresAt: '2099-01-01T00:00:00.123Z' }));
    assert.equal((await readToken(session, home.env()))?.accessToken, 'at-1');
    await writeFile(tokenCachePath(session, home.env()), '{"accessToken": 1}');
    assert.equal(await readToken(session, home.env()), undefined);
  });
});

describe('the login lock', () => {
  let home: TempHome;
  before(async () => (home = await TempHome.create()));
  after(() => home.remove());
  const session = sessions[0]!;

  it('makes a second sign-in for the session wait for the first, then tells it that it waited', async () => {
    const events: string[] = [];
    let releaseFirst!: () => void;
    const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstEntered!: () => void;
    const entered = new Promise<void>((resolve) => (firstEntered = resolve));
    const first = withLoginLock(
      session,
      async (waited) => {
        events.push(`first in (waited ${waited})`);
        firstEntered();
        await firstHolds;
        events.push('first out');
      },
      { env: home.env() },
    );
    await entered;
    let onWait!: () => void;
    const waiting = new Promise<void>((resolve) => (onWait = resolve));
    const second = withLoginLock(session, async (waited) => void events.push(`second in (waited ${waited})`), { env: home.env(), onWait });
    await waiting;
    releaseFirst();
    await Promise.all([first, second]);
    assert.deepEqual(events, ['first in (waited false)', 'first out', 'second in (waited true)']);
    await assert.rejects(stat(loginLockPath(session, home.env())), { code: 'ENOENT' });
  });

  it('takes over a lock whose process is gone', async () => {
    await home.write(loginLockPath(session, home.env()).slice(home.dir.length + 1), '999999999\n');
    let ran = false;
    await withLoginLock(session, async (waited) => {
      ran = true;
      assert.equal(waited, false);
    }, { env: home.env(), onWait: () => assert.fail('must not wait for a dead process') });
    assert.ok(ran);
  });
});

describe('~/.aws/config as read by the developer commands', () => {
  it('reads profiles, sso-sessions, legacy profiles, nested keys and inline comments', () => {
    const config = new AwsConfig(
      '/x/config',
      [
        '# top comment',
        '[default]',
        'region = eu-west-1',
        'sso_session = acme',
        'sso_account_id = 111111111111',
        'sso_role_name = ReadOnly',
        '[sso-session acme]',
        'sso_start_url = https://acme.awsapps.com/start   # the portal',
        'sso_region = us-east-1',
        'sso_registration_scopes = sso:account:access, other:scope ,',
        '[profile legacy]',
        's3 =',
        '  max_concurrent_requests = 10',
        'sso_start_url = https://d-1.awsapps.com/start',
        'sso_region = eu-central-1',
        'sso_account_id = 222222222222',
        'sso_role_name = Admin',
        '[profile keys]',
        'aws_access_key_id = AKIA',
        '[profile broken]',
        'sso_session = missing',
        'sso_account_id = 1',
        'sso_role_name = x',
      ].join('\r\n'),
    );
    assert.deepEqual(config.profileNames(), ['default', 'legacy', 'keys', 'broken']);
    assert.deepEqual(config.session('acme'), { name: 'acme', startUrl: 'https://acme.awsapps.com/start', region: 'us-east-1', scopes: ['sso:account:access', 'other:scope'] });
    assert.equal(config.ssoProfile('default')?.roleName, 'ReadOnly');
    assert.deepEqual(config.ssoProfile('legacy'), {
      profile: 'legacy',
      session: { name: undefined, startUrl: 'https://d-1.awsapps.com/start', region: 'eu-central-1', scopes: undefined },
      accountId: '222222222222',
      roleName: 'Admin',
      region: undefined,
    });
    assert.equal(config.profile('legacy')?.get('max_concurrent_requests'), undefined);
    assert.equal(config.ssoProfile('keys'), undefined);
    assert.throws(() => config.requireSsoProfile('keys'), /does not sign in through IAM Identity Center/);
    assert.throws(() => config.requireSsoProfile('broken'), /no \[sso-session missing\]/);
    assert.deepEqual(config.ssoProfiles().map((p) => p.profile), ['default', 'legacy']);
    assert.equal(config.sessionForStartUrl('https://ACME.awsapps.com/start/')?.name, 'acme');
  });
});
