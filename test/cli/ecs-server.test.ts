import assert from 'node:assert/strict';
import { rename } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { sha1Hex } from '../../src/cli/aws-config/json-files.js';
import { roleStoreKey } from '../../src/cli/credentials/role-credentials.js';
import { gatehouseBin, parseExports, run } from '../support/processes.js';
import type { PortalWorld } from '../sso-portal/support.js';
import { startGatehouse, type Running } from './live.js';
import { rawRequest as get } from './raw-http.js';
import { signedInCli, type SignedInCli } from './signed-in.js';
import type { TempHome } from './support.js';

// `assume PROFILE --ecs-server` against a running gatehouse: the ECS container credentials protocol on 127.0.0.1,
// used by real clients through their own default chains (SDK v3, Debian's AWS CLI v2, boto3) with nothing but
// AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN; refused without the token; credentials
// within 20 minutes of their end replaced from the sign-in before they are served.

const ASSUMED = /^arn:aws:sts::(\d{12}):assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/alice$/;
const PROFILE = 'Development/AdministratorAccess';

describe('assume --ecs-server: a local ECS credential endpoint', { timeout: 180_000 }, () => {
  let cli: SignedInCli;
  let world: PortalWorld;
  let home: TempHome;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    cli = await signedInCli('Ecs');
    ({ world, home, env } = cli);
  });
  after(() => cli.close());

  /** Puts credentials 17 minutes from their end where the server finds them: good enough for a plain assume (15), not to be served (20). */
  async function plantNearEnd(): Promise<{ AccessKeyId: string }> {
    const planted = { AccessKeyId: 'ASIAPLANTEDNEAREND01', SecretAccessKey: 'planted', SessionToken: 'planted', Expiration: new Date(Date.now() + 17 * 60_000).toISOString().replace(/\.\d+Z$/, 'Z') };
    const key = roleStoreKey({ accountId: world.development, roleName: 'AdministratorAccess', session: { name: 'gh', startUrl: world.startUrl, region: 'us-east-1', scopes: undefined } });
    await home.write(`.cache/gatehouse/secrets/${key}`, JSON.stringify({ ProviderType: 'sso', Credentials: planted }));
    return planted;
  }

  it('until Ctrl-C: prints the variables; clients get the role through their default chains; no token, no credentials', async () => {
    const planted = await plantNearEnd();

    let server: Running | undefined = startGatehouse(['assume', PROFILE, '--ecs-server'], env);
    try {
      const [, url] = await server.stderrMatch(/serving Development\/AdministratorAccess \(role AdministratorAccess in account \d{12}, until \d\d:\d\d UTC\) at (http:\/\/127\.0\.0\.1:\d+\/): eval the lines above/);
      const printed = server.stdout();
      const exported = parseExports(printed);
      assert.equal(exported['AWS_CONTAINER_CREDENTIALS_FULL_URI'], url);
      const token = exported['AWS_CONTAINER_AUTHORIZATION_TOKEN']!;
      assert.match(token, /^[A-Za-z0-9_-]{43}$/);
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE']) {
        assert.match(printed, new RegExp(`^unset ${name};$`, 'm'));
      }
      assert.equal(exported['AWS_REGION'], 'us-east-1');
      assert.doesNotMatch(server.stderr(), new RegExp(token), 'the token is not a message');

      // Refused without the token, with another, and for anything but GET /.
      assert.equal((await get(url!)).status, 401);
      assert.equal((await get(url!, { authorization: `${token}x` })).status, 401);
      assert.equal((await get(url!, { authorization: token }, 'POST')).status, 405);
      assert.equal((await get(`${url}other`, { authorization: token })).status, 404);

      // The planted credentials were within the window: what is served came from the sign-in, for an hour or more.
      const first = await get(url!, { authorization: token });
      assert.equal(first.status, 200, first.body);
      const served = JSON.parse(first.body) as Record<string, string>;
      assert.deepEqual(Object.keys(served).sort(), ['AccessKeyId', 'AccountId', 'Expiration', 'SecretAccessKey', 'Token']);
      assert.notEqual(served['AccessKeyId'], planted.AccessKeyId);
      assert.equal(served['AccountId'], world.development);
      assert.match(served['Expiration']!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.ok(Date.parse(served['Expiration']!) > Date.now() + 20 * 60_000, served['Expiration']);
      await server.stderrMatch(/Development\/AdministratorAccess: new credentials until \d\d:\d\d UTC/);
      // ... and kept: the next request gets the same ones, not another GetRoleCredentials.
      assert.equal((JSON.parse((await get(url!, { authorization: token })).body) as Record<string, string>)['AccessKeyId'], served['AccessKeyId']);

      // Loopback only: another address of this machine does not answer on the port.
      const port = Number(new URL(url!).port);
      const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
      if (external) await assert.rejects(get(`http://${external.address}:${port}/`, { authorization: token }), { code: 'ECONNREFUSED' });

      const clientEnv = { ...env, ...exported };
      for (const name of Object.keys(clientEnv)) if (printed.includes(`unset ${name};`)) delete clientEnv[name];

      const sdk = await run(process.execPath, ['--input-type=module', '-e', `
        import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
        import { fromContainerMetadata } from '@smithy/credential-provider-imds';
        const chain = await new STSClient({}).send(new GetCallerIdentityCommand({}));
        const container = await fromContainerMetadata()();
        console.log(JSON.stringify({ arn: chain.Arn, key: container.accessKeyId }));`], { env: { ...clientEnv, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, cwd: process.cwd() });
      assert.equal(sdk.code, 0, sdk.stderr);
      const fromSdk = JSON.parse(sdk.stdout) as { arn: string; key: string };
      assert.match(fromSdk.arn, ASSUMED);
      assert.equal(fromSdk.key, served['AccessKeyId']);

      const status = await run(process.execPath, [gatehouseBin, 'status'], { env: clientEnv });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(`^this shell: Development/AdministratorAccess from the credential server at ${url!.replace(/[.]/g, '\\.')}$`, 'm'));

      const boto3 = await run('python3', ['-c', 'import boto3; print(boto3.client("sts").get_caller_identity()["Arn"]); print(boto3.Session().get_credentials().method)'], { env: clientEnv });
      assert.equal(boto3.code, 0, boto3.stderr);
      const [arn, method] = boto3.stdout.trim().split('\n');
      assert.match(arn!, ASSUMED);
      assert.equal(method, 'container-role');

      server.kill('SIGINT');
      const done = await server.done;
      server = undefined;
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stderr, /stopped the credential server/);
      await assert.rejects(get(url!, { authorization: token }), { code: 'ECONNREFUSED' });
    } finally {
      server?.kill('SIGTERM');
    }
  });

  it('signed out: serves the credentials it has while they last, and says why it cannot refresh them', async () => {
    const planted = await plantNearEnd();
    const token = home.path('.aws', 'sso', 'cache', `${sha1Hex('gh')}.json`);
    await rename(token, `${token}.away`);
    let server: Running | undefined = startGatehouse(['assume', PROFILE, '--ecs-server'], env);
    try {
      const [, url] = await server.stderrMatch(/ at (http:\/\/127\.0\.0\.1:\d+\/): eval the lines above/);
      await server.stderrMatch(/Development\/AdministratorAccess: could not refresh the credentials: not signed in to sso-session gh: run gatehouse login --sso-session gh; serving the current ones until \d\d:\d\d UTC/);
      const served = await get(url!, { authorization: parseExports(server.stdout())['AWS_CONTAINER_AUTHORIZATION_TOKEN']! });
      assert.equal(served.status, 200, served.body);
      assert.equal((JSON.parse(served.body) as Record<string, string>)['AccessKeyId'], planted.AccessKeyId);
      server.kill('SIGINT');
      assert.equal((await server.done).code, 0);
      server = undefined;
    } finally {
      server?.kill('SIGTERM');
      await rename(`${token}.away`, token);
    }
  });

  it('--exec: the command gets the endpoint, not keys; the AWS CLI gets the role; the exit status is the command\'s', async () => {
    const script = `/usr/bin/aws sts get-caller-identity --query Arn --output text && echo "keys=\${AWS_ACCESS_KEY_ID:-none} uri=$AWS_CONTAINER_CREDENTIALS_FULL_URI" && exit 5`;
    const result = await run(process.execPath, [gatehouseBin, 'assume', PROFILE, '--ecs-server', '--exec', '--', '/bin/sh', '-c', script], {
      env: { ...env, AWS_ACCESS_KEY_ID: 'AKIALEFTOVER', AWS_SECRET_ACCESS_KEY: 'leftover', AWS_PROFILE: 'leftover' },
    });
    assert.equal(result.code, 5, result.stderr);
    const [arn, line] = result.stdout.trim().split('\n');
    assert.match(arn!, ASSUMED);
    assert.match(line!, /^keys=none uri=http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('usage errors: --port without --ecs-server, --ecs-server with the console, a port that is no port', async () => {
    for (const args of [['--port', '4144'], ['--ecs-server', '-c'], ['--ecs-server', '--port', 'x']]) {
      const result = await cli.gatehouse('assume', PROFILE, ...args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    }
  });
});
