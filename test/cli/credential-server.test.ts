import assert from 'node:assert/strict';
import { readdir, stat } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { parseExports, run, type Run } from '../support/processes.js';
import type { PortalWorld } from '../sso-portal/support.js';
import { startGatehouse, type Running } from './live.js';
import { rawRequest as get } from './raw-http.js';
import { signedInCli, type SignedInCli } from './signed-in.js';
import type { TempHome } from './support.js';

// `gatehouse credential-server PROFILE...` against a running gatehouse: several profiles on one ECS credential
// server, each at /profiles/<name> with a token of its own (a token reads only its own profile), loaded, printed,
// listed and unloaded while it runs; SDK v3, boto3 and Debian's AWS CLI each get the role of the profile they were
// given from the same server.

const PORTAL_ROLE = (role: string, account = '\\d{12}') => new RegExp(`^arn:aws:sts::${account}:assumed-role/AWSReservedSSO_${role}_[0-9a-f]{16}/alice$`);
const ADMIN = 'Development/AdministratorAccess';
const READ_ONLY = 'Development/ReadOnlyAccess';
const PRODUCTION = 'Production/AdministratorAccess';

/** A client environment: the test's, with what print set and without what it unset. */
function clientEnv(base: NodeJS.ProcessEnv, printed: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, ...parseExports(printed), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
  for (const name of Object.keys(env)) if (printed.includes(`unset ${name};`)) delete env[name];
  return env;
}

describe('gatehouse credential-server: several profiles on one local credential server', { timeout: 180_000 }, () => {
  let cli: SignedInCli;
  let world: PortalWorld;
  let home: TempHome;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    cli = await signedInCli('Slots');
    ({ world, home, env } = cli);
  });
  after(() => cli.close());

  const print = async (profile: string, ...args: string[]): Promise<Run> => {
    const result = await cli.gatehouse('credential-server', 'print', profile, ...args);
    assert.equal(result.code, 0, result.stderr);
    return result;
  };

  it('two roles from one server, each with its own token; load, print (loading), list, unload; the record goes at Ctrl-C', async () => {
    let server: Running | undefined = startGatehouse(['credential-server', ADMIN, READ_ONLY], env);
    let second: Running | undefined;
    try {
      const [, port] = await server.stderrMatch(/credential server on 127\.0\.0\.1:(\d+): in a shell, eval "\$\(gatehouse credential-server print Development\/AdministratorAccess\)"/);
      assert.match(server.stderr(), /serving Development\/ReadOnlyAccess \(role ReadOnlyAccess in account \d{12}, until \d\d:\d\d UTC\) at http:\/\/127\.0\.0\.1:\d+\/profiles\/Development\/ReadOnlyAccess/);
      const origin = `http://127.0.0.1:${port}`;

      // The record other commands find the server by: 0600, in a 0700 folder.
      const records = home.path('.cache', 'gatehouse', 'credential-servers');
      assert.deepEqual(await readdir(records), [`${port}.json`]);
      assert.equal((await stat(records)).mode & 0o777, 0o700);
      assert.equal((await stat(`${records}/${port}.json`)).mode & 0o777, 0o600);

      const admin = await print(ADMIN);
      const readOnly = await print(READ_ONLY);
      const adminVars = parseExports(admin.stdout);
      const readOnlyVars = parseExports(readOnly.stdout);
      assert.equal(adminVars['AWS_CONTAINER_CREDENTIALS_FULL_URI'], `${origin}/profiles/Development/AdministratorAccess`);
      assert.equal(readOnlyVars['AWS_CONTAINER_CREDENTIALS_FULL_URI'], `${origin}/profiles/Development/ReadOnlyAccess`);
      assert.equal(adminVars['GATEHOUSE_PROFILE'], ADMIN);
      assert.notEqual(adminVars['AWS_CONTAINER_AUTHORIZATION_TOKEN'], readOnlyVars['AWS_CONTAINER_AUTHORIZATION_TOKEN']);
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_EC2_METADATA_SERVICE_ENDPOINT']) {
        assert.match(admin.stdout, new RegExp(`^unset ${name};$`, 'm'));
      }
      assert.equal((await print(ADMIN)).stdout, admin.stdout, 'printed again: the same token');
      assert.match((await print(ADMIN, '--shell', 'fish', '-r', 'ew1')).stdout, /^set -gx AWS_REGION 'eu-west-1';$/m);

      // A token reads its own profile only: at the other's path 404, nowhere without one or with another 401.
      const adminToken = adminVars['AWS_CONTAINER_AUTHORIZATION_TOKEN']!;
      const adminUrl = adminVars['AWS_CONTAINER_CREDENTIALS_FULL_URI']!;
      const readOnlyUrl = readOnlyVars['AWS_CONTAINER_CREDENTIALS_FULL_URI']!;
      assert.equal((await get(adminUrl, { authorization: adminToken })).status, 200);
      assert.equal((await get(`${origin}/profiles/Development%2FAdministratorAccess`, { authorization: adminToken })).status, 200);
      assert.equal((await get(readOnlyUrl, { authorization: adminToken })).status, 404);
      assert.equal((await get(readOnlyUrl)).status, 401);
      assert.equal((await get(readOnlyUrl, { authorization: `${adminToken}x` })).status, 401);
      assert.equal((await get(`${origin}/profiles/Nothing/Here`, { authorization: 'nope' })).status, 401);
      // ... nor the control API, which takes the record's token only.
      assert.equal((await get(`${origin}/_gatehouse/profiles`, { authorization: adminToken })).status, 401);
      assert.equal((await get(`${origin}/_gatehouse/profiles`)).status, 401);

      // Real clients, each given one profile, get that profile's role from the same server.
      const sdk = await run(process.execPath, ['--input-type=module', '-e', `
        import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
        console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn);`], { env: clientEnv(env, admin.stdout), cwd: process.cwd() });
      assert.equal(sdk.code, 0, sdk.stderr);
      assert.match(sdk.stdout.trim(), PORTAL_ROLE('AdministratorAccess', world.development));
      const boto3 = await run('python3', ['-c', 'import boto3; print(boto3.client("sts").get_caller_identity()["Arn"]); print(boto3.Session().get_credentials().method)'], { env: clientEnv(env, readOnly.stdout) });
      assert.equal(boto3.code, 0, boto3.stderr);
      assert.deepEqual(boto3.stdout.trim().split('\n').length, 2);
      assert.match(boto3.stdout.trim().split('\n')[0]!, PORTAL_ROLE('ReadOnlyAccess', world.development));
      assert.equal(boto3.stdout.trim().split('\n')[1], 'container-role');
      const aws = await run('/usr/bin/aws', ['sts', 'get-caller-identity', '--query', 'Arn', '--output', 'text'], { env: clientEnv(env, readOnly.stdout) });
      assert.equal(aws.code, 0, aws.stderr);
      assert.match(aws.stdout.trim(), PORTAL_ROLE('ReadOnlyAccess', world.development));

      // print loads a profile the server does not serve yet; list shows all three.
      const production = await print(PRODUCTION);
      assert.match(production.stderr, /loaded Production\/AdministratorAccess into the credential server on port \d+/);
      const fromProduction = await run(process.execPath, ['--input-type=module', '-e', `
        import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
        console.log((await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn);`], { env: clientEnv(env, production.stdout), cwd: process.cwd() });
      assert.equal(fromProduction.code, 0, fromProduction.stderr);
      assert.match(fromProduction.stdout.trim(), PORTAL_ROLE('AdministratorAccess', world.production));
      const listed = await cli.gatehouse('credential-server', 'list', '--json');
      assert.equal(listed.code, 0, listed.stderr);
      const list = JSON.parse(listed.stdout) as { port: number; profiles: { profile: string; roleName: string; accountId: string; url: string; expiration: string }[] };
      assert.equal(list.port, Number(port));
      assert.deepEqual(list.profiles.map((p) => [p.profile, p.roleName, p.accountId]), [
        [ADMIN, 'AdministratorAccess', world.development],
        [READ_ONLY, 'ReadOnlyAccess', world.development],
        [PRODUCTION, 'AdministratorAccess', world.production],
      ]);
      assert.doesNotMatch(listed.stdout, new RegExp(adminToken), 'list shows no token');
      const table = await cli.gatehouse('credential-server', 'list');
      assert.match(table.stdout, /^PROFILE\s+ROLE\s+ACCOUNT\s+REGION\s+UNTIL\s+URL$/m);
      assert.match(table.stdout, /^Development\/ReadOnlyAccess\s+ReadOnlyAccess\s+\d{12}\s+us-east-1\s+\d\d:\d\d UTC\s+http:\/\/127\.0\.0\.1:\d+\/profiles\/Development\/ReadOnlyAccess$/m);

      // Unloaded: its token is refused from then on; the others are untouched. Unloading it again is a usage error.
      const unloaded = await cli.gatehouse('credential-server', 'unload', READ_ONLY);
      assert.equal(unloaded.code, 0, unloaded.stderr);
      assert.equal((await get(readOnlyUrl, { authorization: readOnlyVars['AWS_CONTAINER_AUTHORIZATION_TOKEN']! })).status, 401);
      assert.equal((await get(adminUrl, { authorization: adminToken })).status, 200);
      assert.equal((await cli.gatehouse('credential-server', 'unload', READ_ONLY)).code, 2);
      // Loaded again: a new token.
      const loaded = await cli.gatehouse('credential-server', 'load', READ_ONLY);
      assert.equal(loaded.code, 0, loaded.stderr);
      assert.match(loaded.stderr, /serving Development\/ReadOnlyAccess \(role ReadOnlyAccess in account \d{12}\) at http:\/\/127\.0\.0\.1:\d+\/profiles\/Development\/ReadOnlyAccess/);
      assert.notEqual(parseExports((await print(READ_ONLY)).stdout)['AWS_CONTAINER_AUTHORIZATION_TOKEN'], readOnlyVars['AWS_CONTAINER_AUTHORIZATION_TOKEN']);
      // A profile that does not exist: the usage error of assume, and nothing loaded.
      const unknown = await cli.gatehouse('credential-server', 'load', 'No/Such');
      assert.equal(unknown.code, 2, unknown.stderr);
      assert.match(unknown.stderr, /there is no profile No\/Such/);

      // A second server: the commands now need --port.
      second = startGatehouse(['credential-server'], env);
      const [, secondPort] = await second.stderrMatch(/credential server on 127\.0\.0\.1:(\d+):/);
      const ambiguous = await cli.gatehouse('credential-server', 'list');
      assert.equal(ambiguous.code, 2, ambiguous.stderr);
      assert.match(ambiguous.stderr, /credential servers are running on ports \d+, \d+: choose one with --port/);
      const empty = await cli.gatehouse('credential-server', 'list', '--json', '--port', secondPort!);
      assert.deepEqual((JSON.parse(empty.stdout) as { profiles: unknown[] }).profiles, []);
      second.kill('SIGTERM');
      assert.equal((await second.done).code, 0);
      second = undefined;

      const all = await cli.gatehouse('credential-server', 'unload', '--all');
      assert.equal(all.code, 0, all.stderr);
      assert.match(all.stderr, /stopped serving Development\/AdministratorAccess, Production\/AdministratorAccess, Development\/ReadOnlyAccess/);
      assert.equal((await get(adminUrl, { authorization: adminToken })).status, 401);

      server.kill('SIGINT');
      const done = await server.done;
      server = undefined;
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stderr, /stopped the credential server/);
      assert.deepEqual(await readdir(records), []);
      const none = await cli.gatehouse('credential-server', 'list');
      assert.equal(none.code, 1);
      assert.match(none.stderr, /no credential server is running/);
    } finally {
      server?.kill('SIGTERM');
      second?.kill('SIGTERM');
    }
  });

  it('an unknown profile at the start: a usage error before anything listens; unload without a name or --all too', async () => {
    const result = await cli.gatehouse('credential-server', ADMIN, 'No/Such');
    assert.equal(result.code, 2, result.stderr);
    assert.match(result.stderr, /there is no profile No\/Such/);
    assert.equal((await cli.gatehouse('credential-server', 'unload')).code, 2);
    assert.equal((await cli.gatehouse('credential-server', 'list', '--port', 'x')).code, 2);
  });
});

