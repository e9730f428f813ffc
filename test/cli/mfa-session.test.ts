import assert from 'node:assert/strict';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts';
import { gatehouseBin, run } from '../support/processes.js';
import type { TestServer } from '../support/servers.js';
import { totpCode } from '../support/authenticator.js';
import { testClock } from '../sso-portal/support.js';
import type { TempHome } from './support.js';
import { startMfaServer, type MfaUser } from './mfa-user.js';

// A role with mfa_serial whose source is an IAM user's long-term keys is assumed as aws-vault does: with an MFA
// session (GetSessionToken with the code), cached, so a fresh AssumeRole later needs no code. The role `MfaOnly`'s
// trust policy requires aws:MultiFactorAuthPresent and its own policy allows iam:ListUsers only with it, so the
// server proves that the role session came from an MFA session; the same role without MFA is denied. Every run has
// no terminal and, unless a test gives one, no code: a run that needed a code would fail with exit code 2.

const node = process.execPath;

describe('MFA sessions for role profiles (aws-vault)', { timeout: 120_000 }, () => {
  const clock = testClock();
  const serverNow = () => clock.clock.now().getTime();
  let t: TestServer;
  let home: TempHome;
  let env: NodeJS.ProcessEnv;
  let user: MfaUser;
  let admin: IAMClient;
  /** The current code of the device, the clock first moved on a step (the server takes each code once). */
  const nextCode = () => {
    clock.advance(30_000);
    return totpCode(user.seed, serverNow());
  };
  const gatehouse = (args: readonly string[], extra: NodeJS.ProcessEnv = {}) => run(node, [gatehouseBin, ...args], { env: { ...env, ...extra } });
  const listUsers = ['--exec', '--', '/usr/bin/aws', 'iam', 'list-users', '--query', 'Users[?UserName==`ops`].UserName', '--output', 'text'];
  const secrets = () => home.path('.cache', 'gatehouse', 'secrets');
  const sessionFiles = async () => (await readdir(secrets())).filter((name) => name.startsWith('session-token.'));
  const removeSessions = async () => {
    for (const name of await sessionFiles()) await rm(`${secrets()}/${name}`);
  };
  let currentKeys = { accessKeyId: '', secretAccessKey: '' };
  const writeKeys = (accessKeyId: string, secretAccessKey: string) => {
    currentKeys = { accessKeyId, secretAccessKey };
    return home.write('.aws/credentials', `[ops]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`);
  };

  before(async () => {
    ({ t, home, env, user } = await startMfaServer(clock));
    delete env['GATEHOUSE_MFA_CODE'];
    admin = new IAMClient({ endpoint: t.url, region: 'us-east-1', credentials: { accessKeyId: t.root.accessKeyId, secretAccessKey: t.root.secretAccessKey }, maxAttempts: 1 });
    const mfaPresent = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } };
    await admin.send(new CreateRoleCommand({
      RoleName: 'MfaOnly',
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${t.root.accountId}:root` }, Action: 'sts:AssumeRole', Condition: mfaPresent }] }),
    }));
    await admin.send(new PutRolePolicyCommand({ RoleName: 'MfaOnly', PolicyName: 'mfa', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*', Condition: mfaPresent }] }) }));

    await writeKeys(user.accessKeyId, user.secretAccessKey);
    const role = (name: string) => `role_arn = arn:aws:iam::${t.root.accountId}:role/${name}\nsource_profile = ops\nregion = us-east-1\n`;
    await home.write('.aws/config', `[profile ops]
region = us-east-1

[profile mfa-only]
${role('MfaOnly')}mfa_serial = ${user.serialNumber}

[profile mfa-only-without-mfa]
${role('MfaOnly')}
[profile ops-admin]
${role('OpsAdmin')}mfa_serial = ${user.serialNumber}
`);
  });
  after(async () => {
    admin.destroy();
    await t.close();
    await home.remove();
  });

  it('the first AssumeRole asks for a code; a fresh one later (--refresh) needs none: the cached MFA session signs it, MFA-present', async () => {
    const noCode = await gatehouse(['credential-process', '--profile', 'mfa-only']);
    assert.equal(noCode.code, 2);
    assert.match(noCode.stderr, new RegExp(`profile mfa-only needs the code of MFA device ${user.serialNumber}: give --mfa-code CODE or set GATEHOUSE_MFA_CODE`));

    const before = serverNow();
    const first = await gatehouse(['credential-process', '--profile', 'mfa-only'], { GATEHOUSE_MFA_CODE: nextCode(), GATEHOUSE_MFA_SESSION_TTL: '2h' });
    const afterwards = serverNow();
    assert.equal(first.code, 0, first.stderr);
    const firstKeys = JSON.parse(first.stdout) as { AccessKeyId: string; SessionToken: string };
    // One MFA session, kept for the TTL asked for; its secret never in what the run printed.
    const sessions = await sessionFiles();
    assert.equal(sessions.length, 1);
    const session = (JSON.parse(await readFile(`${secrets()}/${sessions[0]}`, 'utf8')) as { ProviderType: string; Credentials: { SecretAccessKey: string; Expiration: string } });
    assert.equal(session.ProviderType, 'session-token');
    const expiration = Date.parse(session.Credentials.Expiration);
    assert.ok(expiration >= Math.floor(before / 1000) * 1000 + 7_200_000 && expiration <= afterwards + 7_200_000, session.Credentials.Expiration);
    assert.ok(!first.stderr.includes(session.Credentials.SecretAccessKey) && !first.stdout.includes(session.Credentials.SecretAccessKey));

    // A fresh AssumeRole with no code to give: new role credentials, from the same MFA session.
    const refreshed = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh']);
    assert.equal(refreshed.code, 0, refreshed.stderr);
    const refreshedKeys = JSON.parse(refreshed.stdout) as { AccessKeyId: string; SessionToken: string };
    assert.notEqual(refreshedKeys.AccessKeyId, firstKeys.AccessKeyId);
    assert.deepEqual(await sessionFiles(), sessions);

    // The role session is MFA-authenticated: the role's policy allows iam:ListUsers only so.
    const exec = await gatehouse(['assume', 'mfa-only', '--refresh', ...listUsers]);
    assert.equal(exec.code, 0, exec.stderr);
    assert.equal(exec.stdout.trim(), 'ops');

    // The same keys' and device's session serves another role too (aws-vault shares it); --no-mfa-session does not
    // use it and asks for a code for AssumeRole itself.
    const other = await gatehouse(['assume', 'ops-admin', ...listUsers]);
    assert.equal(other.code, 0, other.stderr);
    assert.equal(other.stdout.trim(), 'ops');
    const direct = await gatehouse(['credential-process', '--profile', 'ops-admin', '--refresh', '--no-mfa-session']);
    assert.equal(direct.code, 2);
    assert.match(direct.stderr, /profile ops-admin needs the code of MFA device/);
    const directWithCode = await gatehouse(['credential-process', '--profile', 'ops-admin', '--refresh', '--no-mfa-session', '--mfa-code', nextCode()]);
    assert.equal(directWithCode.code, 0, directWithCode.stderr);
    // The code given to AssumeRole itself satisfies MfaOnly's trust policy too, as the AWS CLI's mfa_serial does.
    const directToMfaOnly = await gatehouse(['assume', 'mfa-only', '--refresh', '--no-mfa-session', '--mfa-code', nextCode(), ...listUsers]);
    assert.equal(directToMfaOnly.code, 0, directToMfaOnly.stderr);
    assert.equal(directToMfaOnly.stdout.trim(), 'ops');
  });

  it("the role's trust policy is enforced: without MFA the AssumeRole is denied", async () => {
    const denied = await gatehouse(['credential-process', '--profile', 'mfa-only-without-mfa']);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, new RegExp(`could not assume arn:aws:iam::${t.root.accountId}:role/MfaOnly: AccessDenied`));
  });

  it('new access keys need a new code: the MFA session is kept under the key id it was made with', async () => {
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'ops' }))).AccessKey!;
    await writeKeys(key.AccessKeyId!, key.SecretAccessKey!);
    const noCode = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh']);
    assert.equal(noCode.code, 2);
    assert.match(noCode.stderr, /profile mfa-only needs the code of MFA device/);

    const sessionsBefore = (await sessionFiles()).length;
    const withCode = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh', '--mfa-code', nextCode()]);
    assert.equal(withCode.code, 0, withCode.stderr);
    assert.equal((await sessionFiles()).length, sessionsBefore + 1);
    const again = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh']);
    assert.equal(again.code, 0, again.stderr);
  });

  it('GATEHOUSE_MFA_SESSION_TTL takes a duration of 15m to 36h, read only when a new MFA session is made', async () => {
    const kept = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh', '--mfa-code', nextCode()]);
    assert.equal(kept.code, 0, kept.stderr);
    const reused = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh'], { GATEHOUSE_MFA_SESSION_TTL: 'a day' });
    assert.equal(reused.code, 0, reused.stderr);
    await removeSessions();
    for (const [ttl, message] of [
      ['a day', /GATEHOUSE_MFA_SESSION_TTL takes a duration such as 12h, 30m or 1h30m, not 'a day'/],
      ['48h', /GATEHOUSE_MFA_SESSION_TTL is 48h: an MFA session lasts from 15m to 36h/],
    ] as const) {
      const refused = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh'], { GATEHOUSE_MFA_SESSION_TTL: ttl });
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, message);
    }
  });

  it('a kept MFA session the server refuses is replaced once, with a new code', async () => {
    await removeSessions();
    const made = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh', '--mfa-code', nextCode()]);
    assert.equal(made.code, 0, made.stderr);
    const [name] = await sessionFiles();
    const file = `${secrets()}/${name}`;
    // What the server would answer for a session it no longer knows (its state reset, another server): a token it
    // never issued for that key.
    const kept = JSON.parse(await readFile(file, 'utf8')) as { Credentials: { SessionToken: string } };
    kept.Credentials.SessionToken = `${kept.Credentials.SessionToken.slice(0, -4)}AAAA`;
    await writeFile(file, JSON.stringify(kept));

    const noCode = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh']);
    assert.equal(noCode.code, 2, noCode.stderr);
    assert.match(noCode.stderr, /profile mfa-only needs the code of MFA device/);
    const renewed = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh', '--mfa-code', nextCode()]);
    assert.equal(renewed.code, 0, renewed.stderr);
    assert.notEqual((JSON.parse(await readFile(file, 'utf8')) as { Credentials: { SessionToken: string } }).Credentials.SessionToken, kept.Credentials.SessionToken);
    const again = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh']);
    assert.equal(again.code, 0, again.stderr);
  });

  it('keys that carry a session token are a session already: the code goes to AssumeRole, no MFA session is made', async () => {
    await removeSessions();
    const sts = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: currentKeys, maxAttempts: 1 });
    const session = (await sts.send(new GetSessionTokenCommand({}))).Credentials!;
    sts.destroy();
    await home.write('.aws/credentials', `[ops]\naws_access_key_id = ${currentKeys.accessKeyId}\naws_secret_access_key = ${currentKeys.secretAccessKey}\n[ops-session]\naws_access_key_id = ${session.AccessKeyId}\naws_secret_access_key = ${session.SecretAccessKey}\naws_session_token = ${session.SessionToken}\n`);
    await home.write('.aws/config', `${await home.read('.aws/config')}
[profile ops-session]
region = us-east-1

[profile ops-admin-from-session]
role_arn = arn:aws:iam::${t.root.accountId}:role/OpsAdmin
source_profile = ops-session
mfa_serial = ${user.serialNumber}
region = us-east-1
`);
    const noCode = await gatehouse(['credential-process', '--profile', 'ops-admin-from-session']);
    assert.equal(noCode.code, 2);
    assert.match(noCode.stderr, /profile ops-admin-from-session needs the code of MFA device/);
    const withCode = await gatehouse(['credential-process', '--profile', 'ops-admin-from-session', '--mfa-code', nextCode()]);
    assert.equal(withCode.code, 0, withCode.stderr);
    assert.deepEqual(await sessionFiles(), []);
  });

  it('logout --all removes the MFA sessions', async () => {
    const made = await gatehouse(['credential-process', '--profile', 'mfa-only', '--refresh', '--mfa-code', nextCode()]);
    assert.equal(made.code, 0, made.stderr);
    assert.notDeepEqual(await sessionFiles(), []);
    const out = await gatehouse(['logout', '--all']);
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(await sessionFiles(), []);
  });

  // terraform runs credential_process for several providers at once: one of them makes the MFA session, the others
  // wait for it and use it, instead of each asking for a code (the server takes each code once).
  it('two processes needing a new MFA session at once ask for one code: the second waits and uses the first one\'s session', async () => {
    await removeSessions();
    // The first's code comes from an mfa_process that takes a second, so the second starts while the first holds the lock.
    await home.write('.aws/config', `${await home.read('.aws/config')}
[profile mfa-only-slow]
role_arn = arn:aws:iam::${t.root.accountId}:role/MfaOnly
source_profile = ops
mfa_serial = ${user.serialNumber}
mfa_process = sleep 1 && echo ${nextCode()}
region = us-east-1
`);
    const first = gatehouse(['credential-process', '--profile', 'mfa-only-slow']);
    // The second starts once the first holds the lock (it then spends a second in its mfa_process).
    const locks = home.path('.cache', 'gatehouse', 'locks');
    const held = async () => (await readdir(locks).catch(() => [] as string[])).some((name) => name.startsWith('session-token.'));
    while (!(await held())) await new Promise((resolve) => setTimeout(resolve, 20));
    const second = gatehouse(['credential-process', '--profile', 'mfa-only']);
    const [a, b] = await Promise.all([first, second]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.equal((await sessionFiles()).length, 1);
  });
});
