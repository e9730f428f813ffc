import assert from 'node:assert/strict';
import { chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateRoleCommand, IAMClient, PutRolePolicyCommand } from '@aws-sdk/client-iam';
import { sha1Hex } from '../../src/cli/aws-config/json-files.js';
import { gatehouseBin, parseExports, run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { Authenticator, portalWorld, signIn, testClock, type PortalWorld } from '../sso-portal/support.js';
import type { PortalSession } from '../../src/services/sso-portal/sign-in/index.js';
import { startGatehouse, startGatehouseAtTerminal } from './live.js';
import { TempHome } from './support.js';
import { createMfaUser } from './mfa-user.js';
import { totpCode } from '../support/authenticator.js';

// The developer CLI against a running gatehouse, as the tutorials use Granted: `gatehouse login` by device code
// (approved by alice through the server's sign-in domain, as the device page does), `populate --prefix`, the assume
// function in bash, then Debian's AWS CLI and SDK v3 using what gatehouse wrote: the exported credentials, the token
// cache (native sso_session profiles) and credential_process. The store does not matter to a client: SQLite only.

const ASSUMED = /^arn:aws:sts::(\d{12}):assumed-role\/AWSReservedSSO_(AdministratorAccess|ReadOnlyAccess)_[0-9a-f]{16}\/alice$/;
const database = testDatabases.find((d) => d.name === 'sqlite')!;

// A sign-in that never finishes would wait forever: the suite gives up after two minutes instead.
describe('the developer CLI against gatehouse', { timeout: 120_000 }, () => {
  const clock = testClock();
  const authenticator = new Authenticator(clock);
  let t: TestServer;
  let world: PortalWorld;
  let session: PortalSession;
  let home: TempHome;
  let env: NodeJS.ProcessEnv;
  const gatehouse = (...args: string[]) => run(process.execPath, [gatehouseBin, ...args], { env });
  const bash = (script: string) => run('/bin/bash', ['--noprofile', '--norc', '-c', `eval "$('${process.execPath}' '${gatehouseBin}' shell-init bash)"\n${script}`], { env });
  const tokenPath = () => home.path('.aws', 'sso', 'cache', `${sha1Hex('gh')}.json`);

  /** Runs `gatehouse login ...` by device code and approves the code it prints as alice. */
  async function deviceLogin(...args: string[]): Promise<string> {
    const login = startGatehouse(['login', '--sso-session', 'gh', ...args], env);
    const [, url, code] = await login.stderrMatch(/open this page:\n\n {2}(\S+)\n\nand check that it shows the code (\S+)\./);
    assert.ok(url!.includes(encodeURIComponent(code!)) || url!.includes(code!), url);
    assert.deepEqual(await t.server.oidcPages.approveDevice(code!, session), { ok: true, status: 'approved' });
    const done = await login.done;
    assert.equal(done.code, 0, done.stderr);
    return done.stderr;
  }

  before(async () => {
    t = await startTestServer(database, { clock: clock.clock });
    world = await portalWorld(t, 'Cli');
    session = (await signIn(t.server.signIn, authenticator, world.startUrl, 'alice')).session;
    home = await TempHome.create();
    await home.write('.aws/config', '# my own settings\n[default]\nregion = eu-west-1\n\n[profile other-tool]\ncredential_process = /bin/false\n');
    const exported = await run(process.execPath, [gatehouseBin, 'env', '--port', new URL(t.url).port, '--data-dir', t.dataDir], { env: home.env() });
    assert.equal(exported.code, 0, exported.stderr);
    env = home.env(parseExports(exported.stdout));
  });
  after(async () => {
    await t.close();
    await home.remove();
  });

  it('login by device code writes the sso-session and the AWS CLI token cache', async () => {
    const stderr = await deviceLogin('--start-url', world.startUrl, '--sso-region', 'us-east-1');
    assert.match(stderr, /signing in with a device code: not at a terminal/);
    assert.match(stderr, /signed in to .* \(sso-session gh\) until /);
    const config = await home.read('.aws/config');
    assert.ok(config.startsWith('# my own settings\n[default]\nregion = eu-west-1\n\n[profile other-tool]\ncredential_process = /bin/false\n'));
    assert.match(config, new RegExp(`\\[sso-session gh\\]\\nsso_start_url = ${world.startUrl.replace(/[.?]/g, '\\$&')}\\nsso_region = us-east-1\\nsso_registration_scopes = sso:account:access\\n`));
    const token = JSON.parse(await readFile(tokenPath(), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(token).sort(), ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'refreshToken', 'region', 'registrationExpiresAt', 'startUrl']);
    assert.equal(token['startUrl'], world.startUrl);
    assert.match(token['expiresAt']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal((await stat(tokenPath())).mode & 0o777, 0o600);
  });

  it('populate --prefix writes a profile per account and role; assume in bash gives /usr/bin/aws the role', async () => {
    const populated = await gatehouse('populate', '--prefix', 'loige_');
    assert.equal(populated.code, 0, populated.stderr);
    assert.match(populated.stderr, /3 added, 0 changed, 0 removed, 0 unchanged \(2 accounts\)/);
    const listed = await gatehouse('profiles');
    assert.equal(listed.stdout, 'loige_Development/AdministratorAccess\nloige_Development/ReadOnlyAccess\nloige_Production/AdministratorAccess\n');
    // The account's name and email from ListAccounts, for the picker; a key of the person's own in the block stays.
    const written = await home.read('.aws/config');
    const section = new RegExp(`\\[profile loige_Development/AdministratorAccess\\]\\nsso_session = gh\\nsso_account_id = ${world.development}\\nsso_role_name = AdministratorAccess\\nregion = us-east-1\\ngatehouse_account_name = Development\\ngatehouse_account_email = (\\S+@\\S+)\\n`);
    assert.match(written, section);
    await home.write('.aws/config', written.replace(/(gatehouse_account_email = \S+\n)/, '$1gatehouse_tags = team=core, env=dev\n'));
    const again = await gatehouse('populate', '--prefix', 'loige_');
    assert.match(again.stderr, /0 added, 0 changed, 0 removed, 3 unchanged/);
    assert.match(await home.read('.aws/config'), /gatehouse_account_email = \S+\ngatehouse_tags = team=core, env=dev\n/);

    const result = await bash('assume loige_Development/AdministratorAccess && /usr/bin/aws sts get-caller-identity --output json');
    assert.equal(result.code, 0, result.stderr);
    const identity = JSON.parse(result.stdout) as { Arn: string; Account: string };
    assert.match(identity.Arn, ASSUMED);
    assert.equal(identity.Account, world.development);
    assert.match(result.stderr, /assumed loige_Development\/AdministratorAccess \(role AdministratorAccess in account \d{12}, until \d\d:\d\d UTC\)/);
    const status = await bash('assume loige_Development/AdministratorAccess 2>/dev/null && gatehouse_status=$(\'' + process.execPath + '\' \'' + gatehouseBin + '\' status) && echo "$gatehouse_status"');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^sso-session gh \(\S+\): signed in until \d{4}-\d\d-\d\d \d\d:\d\d UTC \((?:\d+h )?\d+m left\), refreshable$/m);
    assert.match(status.stdout, /^this shell: loige_Development\/AdministratorAccess until \d{4}-\d\d-\d\d \d\d:\d\d UTC \(/m);
  });

  it('--exec runs one command as the role; the shell keeps its own environment', async () => {
    const result = await bash('assume loige_Development/ReadOnlyAccess --exec -- /usr/bin/aws sts get-caller-identity --query Arn --output text; echo "shell=${AWS_ACCESS_KEY_ID:-none}"');
    assert.equal(result.code, 0, result.stderr);
    const [arn, shell] = result.stdout.trim().split('\n');
    assert.match(arn!, ASSUMED);
    assert.match(arn!, /ReadOnlyAccess/);
    assert.equal(shell, 'shell=none');
  });

  it('the AWS CLI and SDK v3 use the token gatehouse cached (sso_session profiles), and credential_process', async () => {
    const cli = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'loige_Production/AdministratorAccess', '--query', 'Arn', '--output', 'text'], { env });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout.trim(), ASSUMED);
    assert.match(await sdkIdentity('loige_Production/AdministratorAccess'), ASSUMED);

    // credential_process, with gatehouse on PATH as an install puts it.
    await home.write('bin/gatehouse', `#!/bin/sh\nexec '${process.execPath}' '${gatehouseBin}' "$@"\n`);
    await run('/bin/chmod', ['755', home.path('bin/gatehouse')]);
    const config = await home.read('.aws/config');
    await writeFile(home.path('.aws/config'), `${config}\n[profile via-process]\ncredential_process = gatehouse credential-process --profile loige_Development/ReadOnlyAccess\nregion = us-east-1\n`);
    const viaProcess = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'via-process', '--query', 'Arn', '--output', 'text'], {
      env: { ...env, PATH: `${home.path('bin')}:${env['PATH']}` },
    });
    assert.equal(viaProcess.code, 0, viaProcess.stderr);
    assert.match(viaProcess.stdout.trim(), /AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}\/alice$/);
  });

  /** The caller SDK v3 finds for AWS_PROFILE=profile, resolving ~/.aws/config itself. */
  async function sdkIdentity(profile: string): Promise<string> {
    const sdk = await run(process.execPath, ['--input-type=module', '-e', `
      import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
      const out = await new STSClient({ region: 'us-east-1' }).send(new GetCallerIdentityCommand({}));
      console.log(out.Arn);`], { env: { ...env, AWS_PROFILE: profile, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, cwd: process.cwd() });
    assert.equal(sdk.code, 0, sdk.stderr);
    return sdk.stdout.trim();
  }

  /** The credentials `gatehouse credential-process` prints for a profile. */
  async function processCredentials(profile: string, ...args: string[]): Promise<{ AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string }> {
    const result = await gatehouse('credential-process', '--profile', profile, ...args);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as { AccessKeyId: string; SecretAccessKey: string; SessionToken: string; Expiration: string };
  }

  it('role chaining: role_arn + source_profile down to an sso-session profile, as the AWS CLI reads it, and --chain', async () => {
    // Alice's AdministratorAccess makes Deployer in Production (trusting Development, with an external id) and
    // Auditor in Development (trusting Deployer), through the credentials gatehouse gives her.
    const iamAs = async (profile: string) => new IAMClient({ endpoint: t.url, region: 'us-east-1', credentials: await processCredentials(profile).then((c) => ({ accessKeyId: c.AccessKeyId, secretAccessKey: c.SecretAccessKey, sessionToken: c.SessionToken })), maxAttempts: 1 });
    const trust = (principal: string, condition?: object) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole', ...(condition ? { Condition: condition } : {}) }] });
    const production = await iamAs('loige_Production/AdministratorAccess');
    await production.send(new CreateRoleCommand({ RoleName: 'Deployer', AssumeRolePolicyDocument: trust(`arn:aws:iam::${world.development}:root`, { StringEquals: { 'sts:ExternalId': 'acme-ext' } }) }));
    await production.send(new PutRolePolicyCommand({ RoleName: 'Deployer', PolicyName: 'chain', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }] }) }));
    const development = await iamAs('loige_Development/AdministratorAccess');
    await development.send(new CreateRoleCommand({ RoleName: 'Auditor', AssumeRolePolicyDocument: trust(`arn:aws:iam::${world.production}:role/Deployer`) }));

    const config = await home.read('.aws/config');
    const deployer = `arn:aws:iam::${world.production}:role/Deployer`;
    await writeFile(home.path('.aws/config'), `${config}
[profile deployer]
role_arn = ${deployer}
source_profile = loige_Development/AdministratorAccess
external_id = acme-ext
role_session_name = alice-deploys
duration_seconds = 1800
region = eu-west-2

[profile no-external-id]
role_arn = ${deployer}
source_profile = loige_Development/AdministratorAccess

[profile auditor]
role_arn = arn:aws:iam::${world.development}:role/Auditor
source_profile = deployer

[profile too-long]
role_arn = arn:aws:iam::${world.development}:role/Auditor
source_profile = deployer
duration_seconds = 7200
`);
    const deployerArn = `arn:aws:sts::${world.production}:assumed-role/Deployer/alice-deploys`;
    const assumed = await bash('assume deployer && echo "$AWS_REGION" && /usr/bin/aws sts get-caller-identity --query Arn --output text');
    assert.equal(assumed.code, 0, assumed.stderr);
    assert.equal(assumed.stdout, `eu-west-2\n${deployerArn}\n`);
    assert.match(assumed.stderr, new RegExp(`assumed deployer \\(role Deployer in account ${world.production}, until `));

    // The AWS SDK resolves the same profiles from the same config (its own AssumeRole calls, through the sign-in
    // gatehouse cached). Debian's AWS CLI 2.9 cannot: it fails on any source_profile that uses an sso_session
    // ("'NoneType' object has no attribute 'get_frozen_token'", fixed in later botocore), so it reads the
    // credentials file in the next test instead.
    assert.equal(await sdkIdentity('deployer'), deployerArn);
    assert.match(await sdkIdentity('auditor'), new RegExp(`^arn:aws:sts::${world.development}:assumed-role/Auditor/aws-sdk-js-\\d+$`));

    // Two links of role_arn + source_profile, and --chain from an sso-session profile and from a role profile.
    const auditor = await bash('assume auditor && /usr/bin/aws sts get-caller-identity --query Arn --output text');
    assert.equal(auditor.code, 0, auditor.stderr);
    assert.match(auditor.stdout.trim(), new RegExp(`^arn:aws:sts::${world.development}:assumed-role/Auditor/gatehouse-\\d+$`));
    const chained = await bash(`assume deployer --chain arn:aws:iam::${world.development}:role/Auditor --exec -- /usr/bin/aws sts get-caller-identity --query Arn --output text`);
    assert.equal(chained.code, 0, chained.stderr);
    assert.match(chained.stdout.trim(), new RegExp(`^arn:aws:sts::${world.development}:assumed-role/Auditor/gatehouse-\\d+$`));

    // The trust policy's external id condition is what the profile's external_id meets.
    const refused = await gatehouse('assume', 'no-external-id');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /could not assume arn:aws:iam::\d{12}:role\/Deployer: AccessDenied: .*not authorized to perform: sts:AssumeRole/);
    // STS allows a chained session an hour at most, and gatehouse says so.
    const tooLong = await gatehouse('assume', 'too-long');
    assert.equal(tooLong.code, 1);
    assert.match(tooLong.stderr, /could not assume .*role\/Auditor: ValidationError: .*DurationSeconds/);

    // credential_source = Environment: the keys in the environment are the source.
    const keys = await processCredentials('loige_Development/AdministratorAccess');
    await writeFile(home.path('.aws/config'), `${await home.read('.aws/config')}
[profile from-env]
role_arn = ${deployer}
credential_source = Environment
external_id = acme-ext
role_session_name = from-env
`);
    const fromEnv = await run(process.execPath, [gatehouseBin, 'credential-process', '--profile', 'from-env'], {
      env: { ...env, AWS_ACCESS_KEY_ID: keys.AccessKeyId, AWS_SECRET_ACCESS_KEY: keys.SecretAccessKey, AWS_SESSION_TOKEN: keys.SessionToken },
    });
    assert.equal(fromEnv.code, 0, fromEnv.stderr);
    const envCredentials = JSON.parse(fromEnv.stdout) as { AccessKeyId: string; AccountId: string };
    assert.equal(envCredentials.AccountId, world.production);
    const noEnv = await gatehouse('credential-process', '--profile', 'from-env', '--refresh');
    assert.equal(noEnv.code, 2);
    assert.match(noEnv.stderr, /credential_source = Environment, but AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set/);

    // credential-process resolves role profiles too, from the cache the second time.
    const first = await processCredentials('auditor');
    const second = await processCredentials('auditor');
    assert.equal(second.AccessKeyId, first.AccessKeyId);
    const refreshed = await processCredentials('auditor', '--refresh');
    assert.notEqual(refreshed.AccessKeyId, first.AccessKeyId);
  });

  it('assume --write-credentials writes one section of ~/.aws/credentials, 0600, and nothing else changes', async () => {
    const before = '# keys of other tools\n[other]\naws_access_key_id = AKIAEXAMPLEOTHER\naws_secret_access_key = other-secret ; theirs\n\n[deploy-creds]\n# written by gatehouse\naws_access_key_id = OLD\naws_secret_access_key = OLD\n\n[tail]\nregion = eu-west-1\n';
    await home.write('.aws/credentials', before);
    await chmod(home.path('.aws/credentials'), 0o644);
    const written = await gatehouse('assume', 'deployer', '--write-credentials', 'deploy-creds');
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, /wrote the credentials of deployer \(role Deployer .*\) to \[deploy-creds\] in /);
    const after = await home.read('.aws/credentials');
    const match = /^# keys of other tools\n\[other\]\naws_access_key_id = AKIAEXAMPLEOTHER\naws_secret_access_key = other-secret ; theirs\n\n\[deploy-creds\]\n# written by gatehouse\naws_access_key_id = (ASIA\w+)\naws_secret_access_key = (\S+)\naws_session_token = (\S+)\n\n\[tail\]\nregion = eu-west-1\n$/.exec(after);
    assert.ok(match, after);
    assert.equal((await stat(home.path('.aws/credentials'))).mode & 0o777, 0o600);
    // A tool that reads only the credentials file.
    const cli = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'deploy-creds', '--region', 'us-east-1', '--query', 'Arn', '--output', 'text'], { env });
    assert.equal(cli.code, 0, cli.stderr);
    assert.equal(cli.stdout.trim(), `arn:aws:sts::${world.production}:assumed-role/Deployer/alice-deploys`);

    // Without a name, the profile's name; a new section is added at the end.
    const named = await gatehouse('assume', 'loige_Development/ReadOnlyAccess', '--write-credentials');
    assert.equal(named.code, 0, named.stderr);
    const appended = await home.read('.aws/credentials');
    assert.ok(appended.startsWith(after), appended);
    assert.match(appended.slice(after.length), /^\n\[loige_Development\/ReadOnlyAccess\]\naws_access_key_id = ASIA\w+\naws_secret_access_key = \S+\naws_session_token = \S+\n$/);
    const bad = await gatehouse('assume', 'deployer', '--write-credentials', 'a]b');
    assert.equal(bad.code, 2);
  });

  it('MFA for an IAM user: mfa_serial asks GetSessionToken for the code, a role profile uses that session; only those sessions pass an MFA condition', async () => {
    const serverNow = () => clock.clock.now().getTime();
    const { accessKeyId, secretAccessKey, serialNumber, seed } = await createMfaUser(t, serverNow);

    await home.write('.aws/credentials', `${await home.read('.aws/credentials')}\n[ops]\naws_access_key_id = ${accessKeyId}\naws_secret_access_key = ${secretAccessKey}\n`);
    await writeFile(home.path('.aws/config'), `${await home.read('.aws/config')}
[profile ops]
region = us-east-1
mfa_serial = ${serialNumber}

[profile ops-admin]
role_arn = arn:aws:iam::${t.root.accountId}:role/OpsAdmin
source_profile = ops
mfa_serial = ${serialNumber}
role_session_name = ops
`);
    // A script without a code is told how to give one.
    const noCode = await gatehouse('credential-process', '--profile', 'ops');
    assert.equal(noCode.code, 2);
    assert.match(noCode.stderr, /profile ops needs the code of MFA device arn:aws:iam::\d{12}:mfa\/ops: give --mfa-code CODE or set GATEHOUSE_MFA_CODE/);

    clock.advance(30_000);
    const listUsers = ['iam', 'list-users', '--query', 'Users[?UserName==`ops`].UserName', '--output', 'text'];
    const code = totpCode(seed, serverNow());
    const session = await run(process.execPath, [gatehouseBin, 'assume', 'ops', '--exec', '--', '/usr/bin/aws', ...listUsers], { env: { ...env, GATEHOUSE_MFA_CODE: code } });
    assert.equal(session.code, 0, session.stderr);
    assert.equal(session.stdout.trim(), 'ops');
    // Cached: no code needed while the session lasts.
    const again = await gatehouse('credential-process', '--profile', 'ops');
    assert.equal(again.code, 0, again.stderr);
    const written = await gatehouse('assume', 'ops', '--write-credentials', 'ops-mfa');
    assert.equal(written.code, 0, written.stderr);
    assert.match(written.stderr, new RegExp(`wrote the credentials of ops \\(MFA session in account ${t.root.accountId}, until \\d\\d:\\d\\d UTC\\) to \\[ops-mfa\\]`));
    // A replayed code is refused by STS, and said so.
    const replay = await gatehouse('credential-process', '--profile', 'ops', '--refresh', '--mfa-code', code);
    assert.equal(replay.code, 1);
    assert.match(replay.stderr, /could not get a session token: AccessDenied: MultiFactorAuthentication failed with invalid MFA one time pass code\./);

    // The role is assumed with that MFA session (as aws-vault does): no code, and its session is MFA-authenticated.
    const role = await gatehouse('assume', 'ops-admin', '--exec', '--', '/usr/bin/aws', ...listUsers);
    assert.equal(role.code, 0, role.stderr);
    assert.equal(role.stdout.trim(), 'ops');
    // The AWS CLI reads mfa_serial only for roles: with the same profile it signs with the bare keys, and the
    // MFA condition denies them.
    const bare = await run('/usr/bin/aws', [...listUsers, '--profile', 'ops'], { env });
    assert.notEqual(bare.code, 0);
  });

  it('assume -c --url gives a console sign-in link that opens a console session', async () => {
    const result = await gatehouse('assume', 'loige_Production/AdministratorAccess', '-c', '--url');
    assert.equal(result.code, 0, result.stderr);
    const url = new URL(result.stdout.trim());
    assert.equal(`${url.origin}${url.pathname}`, `${t.url}/federation`);
    assert.equal(url.searchParams.get('Action'), 'login');
    const response = await fetch(url, { redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.match(response.headers.get('location') ?? '', /^\/console\/s\/[^/]+\/$/);
  });

  it('refreshes a token near its end with the refresh token and writes it back', async () => {
    const before = JSON.parse(await readFile(tokenPath(), 'utf8')) as Record<string, string>;
    await writeFile(tokenPath(), JSON.stringify({ ...before, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z') }));
    const result = await gatehouse('assume', 'loige_Development/AdministratorAccess', '--refresh');
    assert.equal(result.code, 0, result.stderr);
    const after = JSON.parse(await readFile(tokenPath(), 'utf8')) as Record<string, string>;
    assert.notEqual(after['accessToken'], before['accessToken']);
    assert.ok(Date.parse(after['expiresAt']!) > Date.now() + 30 * 60_000);
    assert.equal(after['clientId'], before['clientId']);
  });

  it('processes that need a refresh at once refresh once: the rotating refresh token is never presented twice', async () => {
    const before = JSON.parse(await readFile(tokenPath(), 'utf8')) as Record<string, string>;
    await writeFile(tokenPath(), JSON.stringify({ ...before, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z') }));
    const runs = await Promise.all(Array.from({ length: 4 }, () => gatehouse('credential-process', '--profile', 'loige_Production/AdministratorAccess', '--refresh')));
    for (const r of runs) assert.equal(r.code, 0, r.stderr);
    const after = JSON.parse(await readFile(tokenPath(), 'utf8')) as Record<string, string>;
    assert.notEqual(after['refreshToken'], before['refreshToken']);
    // The sign-in is alive: a replayed refresh token would have revoked it.
    const check = await gatehouse('assume', 'loige_Development/ReadOnlyAccess', '--refresh');
    assert.equal(check.code, 0, check.stderr);
  });

  it('a second login for the session waits for the first and uses its token', async () => {
    const first = startGatehouse(['login', '--sso-session', 'gh'], env);
    const [, code] = await first.stderrMatch(/shows the code (\S+)\./);
    const second = startGatehouse(['login', '--sso-session', 'gh'], env);
    await second.stderrMatch(/another gatehouse login for sso-session gh is in progress: waiting for it/);
    assert.deepEqual(await t.server.oidcPages.approveDevice(code!, session), { ok: true, status: 'approved' });
    const [a, b] = await Promise.all([first.done, second.done]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stderr, /another login signed in to /);
    assert.doesNotMatch(b.stderr, /shows the code/);
  });

  it('login by authorization code with PKCE through the loopback listener', async () => {
    const login = startGatehouse(['login', '--sso-session', 'gh', '--authorization-code'], env);
    const [, shown] = await login.stderrMatch(/open:\n\n {2}(\S+)\n/);
    const url = new URL(shown!);
    assert.equal(`${url.origin}${url.pathname}`, `${t.url}/authorize`);
    const q = url.searchParams;
    assert.match(q.get('redirect_uri')!, /^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const authorized = await t.server.oidcPages.authorize(
      {
        clientId: q.get('client_id')!,
        redirectUri: q.get('redirect_uri')!,
        responseType: q.get('response_type')!,
        codeChallenge: q.get('code_challenge')!,
        codeChallengeMethod: q.get('code_challenge_method')!,
        state: q.get('state')!,
        scopes: q.get('scopes')!.split(' '),
      },
      session,
    );
    assert.ok(authorized.ok, JSON.stringify(authorized));
    // The browser follows the redirect to the listener.
    const page = await fetch(authorized.redirectTo);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const done = await login.done;
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /signed in to .* \(sso-session gh\)/);
    const check = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'loige_Production/AdministratorAccess', '--query', 'Arn', '--output', 'text'], { env });
    assert.equal(check.code, 0, check.stderr);
  });

  it('login --private-refresh-token: the refresh token only in the token store; aws uses the access token, gatehouse refreshes from the store', async () => {
    const secrets = home.path('.cache', 'gatehouse', 'secrets');
    const stored = join(secrets, `refresh-token.${sha1Hex('gh')}`);
    const stderr = await deviceLogin('--private-refresh-token', '--token-store', 'file');
    assert.match(stderr, new RegExp(`the refresh token is only in ${secrets.replace(/[.]/g, '\\.')}: aws and the SDKs use this sign-in until `));
    const token = JSON.parse(await readFile(tokenPath(), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(token).sort(), ['accessToken', 'clientId', 'clientSecret', 'expiresAt', 'region', 'registrationExpiresAt', 'startUrl']);
    const refreshToken = await readFile(stored, 'utf8');
    assert.ok(refreshToken.length > 20);
    const status = JSON.parse((await gatehouse('status', '--json', '--token-store', 'file')).stdout) as { sessions: { session: string; refreshToken: string; signedInUntil: string }[]; tokenStore: { kind: string; where: string } };
    assert.deepEqual(status.sessions.map((s) => [s.session, s.refreshToken]), [['gh', 'token-store']]);
    assert.ok(Date.parse(status.sessions[0]!.signedInUntil) > Date.now());
    assert.deepEqual(status.tokenStore, { kind: 'file', where: secrets });
    assert.equal((await stat(stored)).mode & 0o777, 0o600);
    const cli = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--profile', 'loige_Production/AdministratorAccess', '--query', 'Arn', '--output', 'text'], { env });
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout.trim(), ASSUMED);

    // Near its end, gatehouse refreshes with the stored refresh token and writes the new access token back for aws.
    await writeFile(tokenPath(), JSON.stringify({ ...token, expiresAt: new Date(Date.now() + 5 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z') }));
    const assume = await gatehouse('assume', 'loige_Development/AdministratorAccess', '--refresh', '--token-store', 'file');
    assert.equal(assume.code, 0, assume.stderr);
    const refreshed = JSON.parse(await readFile(tokenPath(), 'utf8')) as Record<string, string>;
    assert.notEqual(refreshed['accessToken'], token['accessToken']);
    assert.equal(refreshed['refreshToken'], undefined, 'still not in the shared file');
    assert.notEqual(await readFile(stored, 'utf8'), refreshToken, 'the rotated refresh token replaced the used one');
    // The role credentials assume fetched are in the store too, not in the AWS CLI's cache.
    assert.ok((await readdir(secrets)).some((name) => name.startsWith('role-credentials.')));

    // A login without the option puts the whole sign-in back in the AWS CLI's file and drops the stored token.
    await deviceLogin('--token-store', 'file');
    assert.ok((JSON.parse(await readFile(tokenPath(), 'utf8')) as Record<string, string>)['refreshToken']);
    await assert.rejects(stat(stored), { code: 'ENOENT' });
  });

  it('logout signs out on the server and removes the token; assume then needs a login (exit 3)', async () => {
    const token = JSON.parse(await readFile(tokenPath(), 'utf8')) as { accessToken: string };
    const result = await gatehouse('logout', '--sso-session', 'gh');
    assert.equal(result.code, 0, result.stderr);
    await assert.rejects(stat(tokenPath()), { code: 'ENOENT' });
    const denied = await fetch(`${t.url}/assignment/accounts`, { headers: { 'x-amz-sso_bearer_token': token.accessToken } });
    assert.equal(denied.status, 401);
    const assume = await gatehouse('assume', 'loige_Development/AdministratorAccess');
    assert.equal(assume.code, 3);
    assert.match(assume.stderr, /not signed in to sso-session gh: run gatehouse login --sso-session gh/);
    const status = await gatehouse('status');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /^sso-session gh \(\S+\): not signed in \(no sign-in\): gatehouse login --sso-session gh$/m);
  });

  it('at a terminal, assume signs in first when there is no sign-in, then exports the role', async () => {
    const assume = startGatehouseAtTerminal(['assume', 'loige_Development/AdministratorAccess'], env);
    await assume.stderrMatch(/not signed in to sso-session gh\n/);
    // Why not a browser depends on the machine (no display, a container): only that it says why.
    await assume.stderrMatch(/signing in with a device code: \S/);
    const [, code] = await assume.stderrMatch(/shows the code (\S+)\./);
    assert.deepEqual(await t.server.oidcPages.approveDevice(code!, session), { ok: true, status: 'approved' });
    const done = await assume.done;
    assert.equal(done.code, 0, assume.stderr());
    assert.match(assume.stderr(), /^export AWS_ACCESS_KEY_ID='ASIA[A-Z0-9]+';$/m);
    assert.match(assume.stderr(), /assumed loige_Development\/AdministratorAccess/);
  });
});
