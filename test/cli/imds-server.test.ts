import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ImdsTokens, parseTtl } from '../../src/cli/credentials/imds-server.js';
import { hostName, peerUid } from '../../src/cli/credentials/loopback.js';
import { gatehouseBin, parseExports, run } from '../support/processes.js';
import type { PortalWorld } from '../sso-portal/support.js';
import { startGatehouse, type Running } from './live.js';
import { rawRequest, type Answer } from './raw-http.js';
import { signedInCli, type SignedInCli } from './signed-in.js';

// `assume PROFILE --imds-server` (alias --ec2-server) against a running gatehouse: IMDSv2 on 127.0.0.1, found by
// real clients through AWS_EC2_METADATA_SERVICE_ENDPOINT alone (SDK v3's default chain and fromInstanceMetadata,
// boto3, Debian's AWS CLI v2 through --exec); the token rules as EC2 has them (TTL 1..21600 else 400, X-Forwarded-For
// refused, no or a stale token 401, so IMDSv1 is refused); the extended path newer SDKs ask first, with AccountId.

const ASSUMED = /^arn:aws:sts::(\d{12}):assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/alice$/;
const PROFILE = 'Development/AdministratorAccess';
const CREDENTIALS = '/latest/meta-data/iam/security-credentials/';
const EXTENDED = '/latest/meta-data/iam/security-credentials-extended/';

const send = (url: string, method: string, headers: Record<string, string> = {}): Promise<Answer> => rawRequest(url, headers, method);

describe('assume --imds-server: a local IMDSv2 credential endpoint', { timeout: 180_000 }, () => {
  let cli: SignedInCli;
  let world: PortalWorld;
  let env: NodeJS.ProcessEnv;
  before(async () => {
    cli = await signedInCli('Imds');
    ({ world, env } = cli);
  });
  after(() => cli.close());

  it('until Ctrl-C: prints the variables; the token rules of EC2; SDK v3 and boto3 get the role with IMDSv2', async () => {
    let server: Running | undefined = startGatehouse(['assume', PROFILE, '--imds-server'], env);
    try {
      const [, url] = await server.stderrMatch(/serving Development\/AdministratorAccess \(role AdministratorAccess in account \d{12}, until \d\d:\d\d UTC\) as an IMDSv2 \(EC2 metadata\) endpoint at (http:\/\/127\.0\.0\.1:\d+\/): eval the lines above/);
      const base = url!.replace(/\/$/, '');
      const printed = server.stdout();
      const exported = parseExports(printed);
      assert.equal(exported['AWS_EC2_METADATA_SERVICE_ENDPOINT'], url);
      assert.equal(exported['AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE'], 'IPv4');
      assert.equal(exported['AWS_REGION'], 'us-east-1');
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_EC2_INSTANCE_PROFILE_NAME']) {
        assert.match(printed, new RegExp(`^unset ${name};$`, 'm'));
      }

      // The token PUT: a TTL of 1 to 21600 seconds, echoed; none, 0, 21601 or not a number: 400; through a proxy: 403.
      const ttl = 'x-aws-ec2-metadata-token-ttl-seconds';
      for (const bad of [undefined, '0', '21601', 'abc', '-5', '1.5']) {
        const answer = await send(`${base}/latest/api/token`, 'PUT', bad === undefined ? {} : { [ttl]: bad });
        assert.equal(answer.status, 400, `TTL ${bad}: ${answer.body}`);
      }
      assert.equal((await send(`${base}/latest/api/token`, 'PUT', { [ttl]: '60', 'x-forwarded-for': '203.0.113.9' })).status, 403);
      assert.equal((await send(`${base}/latest/api/token`, 'GET', { [ttl]: '60' })).status, 405);
      const issued = await send(`${base}/latest/api/token`, 'PUT', { [ttl]: '21600' });
      assert.equal(issued.status, 200, issued.body);
      assert.equal(issued.headers[ttl], '21600');
      const token = issued.body;
      assert.match(token, /^[A-Za-z0-9_-]{54}$/);
      const withToken = { 'x-aws-ec2-metadata-token': token };

      // Every GET needs a live token of this server: IMDSv1 (none), a made-up one or another server's get 401.
      assert.equal((await send(`${base}${CREDENTIALS}`, 'GET')).status, 401);
      assert.equal((await send(`${base}${CREDENTIALS}`, 'GET', { 'x-aws-ec2-metadata-token': `${token.startsWith('A') ? 'B' : 'A'}${token.slice(1)}` })).status, 401);
      assert.equal((await send(`${base}${CREDENTIALS}`, 'GET', { 'x-aws-ec2-metadata-token': new ImdsTokens().issue(60) })).status, 401);
      assert.equal((await send(`${base}${CREDENTIALS}AdministratorAccess`, 'GET')).status, 401);
      const shortLived = (await send(`${base}/latest/api/token`, 'PUT', { [ttl]: '1' })).body;
      assert.equal((await send(`${base}${CREDENTIALS}`, 'GET', { 'x-aws-ec2-metadata-token': shortLived })).status, 200);
      await sleep(1100);
      assert.equal((await send(`${base}${CREDENTIALS}`, 'GET', { 'x-aws-ec2-metadata-token': shortLived })).status, 401, 'an expired token');
      // A host name (DNS rebinding from a web page) is refused before anything else; other methods are not served.
      assert.equal((await send(`${base}${CREDENTIALS}`, 'GET', { ...withToken, host: `attacker.example:${new URL(url!).port}` })).status, 403);
      assert.equal((await send(`${base}${CREDENTIALS}`, 'POST', withToken)).status, 405);

      // The role name, then the credentials, on the legacy path and the extended one (with AccountId).
      for (const path of [CREDENTIALS, CREDENTIALS.slice(0, -1), EXTENDED]) {
        const listed = await send(`${base}${path}`, 'GET', withToken);
        assert.equal(listed.status, 200, `${path}: ${listed.body}`);
        assert.equal(listed.body, 'AdministratorAccess');
      }
      assert.equal((await send(`${base}${CREDENTIALS}ReadOnlyAccess`, 'GET', withToken)).status, 404);
      assert.equal((await send(`${base}/latest/meta-data/instance-id`, 'GET', withToken)).status, 404);
      const legacy = await send(`${base}${CREDENTIALS}AdministratorAccess`, 'GET', withToken);
      assert.equal(legacy.status, 200, legacy.body);
      const served = JSON.parse(legacy.body) as Record<string, string>;
      assert.deepEqual(Object.keys(served), ['Code', 'LastUpdated', 'Type', 'AccessKeyId', 'SecretAccessKey', 'Token', 'Expiration']);
      assert.equal(served['Code'], 'Success');
      assert.equal(served['Type'], 'AWS-HMAC');
      assert.match(served['AccessKeyId']!, /^ASIA/);
      for (const field of ['LastUpdated', 'Expiration']) assert.match(served[field]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, field);
      assert.ok(Date.parse(served['Expiration']!) > Date.now() + 20 * 60_000, served['Expiration']);
      const extended = JSON.parse((await send(`${base}${EXTENDED}AdministratorAccess`, 'GET', withToken)).body) as Record<string, string>;
      assert.equal(extended['AccountId'], world.development);
      assert.equal(extended['AccessKeyId'], served['AccessKeyId']);

      const clientEnv = { ...env, ...exported };
      for (const name of Object.keys(clientEnv)) if (printed.includes(`unset ${name};`)) delete clientEnv[name];

      const sdk = await run(process.execPath, ['--input-type=module', '-e', `
        import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
        import { fromInstanceMetadata } from '@smithy/credential-provider-imds';
        const chain = await new STSClient({}).send(new GetCallerIdentityCommand({}));
        const imds = await fromInstanceMetadata()();
        console.log(JSON.stringify({ arn: chain.Arn, key: imds.accessKeyId, expiration: imds.expiration.toISOString() }));`], { env: { ...clientEnv, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' }, cwd: process.cwd() });
      assert.equal(sdk.code, 0, sdk.stderr);
      const fromSdk = JSON.parse(sdk.stdout) as { arn: string; key: string; expiration: string };
      assert.match(fromSdk.arn, ASSUMED);
      assert.equal(fromSdk.key, served['AccessKeyId']);
      assert.equal(fromSdk.expiration.replace(/\.000Z$/, 'Z'), served['Expiration']);

      const boto3 = await run('python3', ['-c', 'import boto3; print(boto3.client("sts").get_caller_identity()["Arn"]); print(boto3.Session().get_credentials().method)'], { env: clientEnv });
      assert.equal(boto3.code, 0, boto3.stderr);
      const [arn, method] = boto3.stdout.trim().split('\n');
      assert.match(arn!, ASSUMED);
      assert.equal(method, 'iam-role');

      const status = await run(process.execPath, [gatehouseBin, 'status'], { env: clientEnv });
      assert.equal(status.code, 0, status.stderr);
      assert.match(status.stdout, new RegExp(`^this shell: Development/AdministratorAccess from the IMDS credential server at ${url!.replace(/[.]/g, '\\.')}$`, 'm'));

      // On Linux, a process of another user is refused even with a token (IMDS has no secret of its own).
      if (process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/setpriv')) {
        const other = await run('/usr/bin/setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `
          const req = require('node:http').request(${JSON.stringify(`${base}/latest/api/token`)}, { method: 'PUT', headers: { ${JSON.stringify(ttl)}: '60' } }, (r) => console.log(r.statusCode));
          req.on('error', (e) => console.log(e.code)); req.end();`]);
        assert.equal(other.stdout.trim(), '403', other.stderr);
      }

      server.kill('SIGINT');
      const done = await server.done;
      server = undefined;
      assert.equal(done.code, 0, done.stderr);
      assert.match(done.stderr, /stopped the credential server/);
      await assert.rejects(send(`${base}/latest/api/token`, 'PUT', { [ttl]: '60' }), { code: 'ECONNREFUSED' });
    } finally {
      server?.kill('SIGTERM');
    }
  });

  it('--ec2-server --exec: the AWS CLI finds the endpoint though keys, a profile, a container URI and AWS_EC2_METADATA_DISABLED were set', async () => {
    const script = `/usr/bin/aws sts get-caller-identity --query Arn --output text && echo "keys=\${AWS_ACCESS_KEY_ID:-none} container=\${AWS_CONTAINER_CREDENTIALS_FULL_URI:-none} endpoint=$AWS_EC2_METADATA_SERVICE_ENDPOINT" && exit 6`;
    const result = await run(process.execPath, [gatehouseBin, 'assume', PROFILE, '--ec2-server', '--exec', '--', '/bin/sh', '-c', script], {
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: 'AKIALEFTOVER',
        AWS_SECRET_ACCESS_KEY: 'leftover',
        AWS_PROFILE: 'leftover',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:9/',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    assert.equal(result.code, 6, result.stderr);
    const [arn, line] = result.stdout.trim().split('\n');
    assert.match(arn!, ASSUMED);
    assert.match(line!, /^keys=none container=none endpoint=http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('usage errors: two servers at once, --imds-server with the console or --env, --port alone', async () => {
    for (const args of [['--imds-server', '--ecs-server'], ['--ec2-server', '-c'], ['--imds-server', '--env', '.env'], ['--port', '4144']]) {
      const result = await cli.gatehouse('assume', PROFILE, ...args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    }
  });

  it('the pieces: TTLs, tokens, Host names and the owner of a loopback socket', async () => {
    assert.deepEqual(['1', '21600', ' 60 '].map(parseTtl), [1, 21600, 60]);
    assert.deepEqual([undefined, '', '0', '21601', '1e3', '0x10', '100000'].map(parseTtl), Array(7).fill(undefined));
    const tokens = new ImdsTokens();
    const now = Date.now();
    const token = tokens.issue(10, now);
    assert.ok(tokens.valid(token, now + 9_999));
    assert.ok(!tokens.valid(token, now + 10_000));
    assert.ok(!tokens.valid(`${token}=`, now));
    assert.ok(!tokens.valid('', now));
    assert.deepEqual(['127.0.0.1:80', 'localhost', '[::1]:4144', 'evil.example:80', undefined].map(hostName), ['127.0.0.1', 'localhost', '::1', 'evil.example', undefined]);
    if (existsSync('/proc/net/tcp')) {
      // This process's own connection to a listener of its own: the socket is this user's.
      const { createServer } = await import('node:net');
      const listener = createServer(() => undefined).listen(0, '127.0.0.1');
      await new Promise((resolve) => listener.once('listening', resolve));
      const serverPort = (listener.address() as { port: number }).port;
      const { connect } = await import('node:net');
      const socket = connect(serverPort, '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      assert.equal(await peerUid(serverPort, socket.localPort!), process.getuid!());
      assert.equal(await peerUid(serverPort, 1), undefined);
      socket.destroy();
      listener.close();
    }
  });
});
