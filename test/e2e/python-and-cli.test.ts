import assert from 'node:assert/strict';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { gatehouseBin, parseExports, run } from '../support/processes.js';

// The clients nobody here wrote, pointed at the server the way the README says: boto3 (the machine's python3)
// through AWS_ENDPOINT_URL, and Debian's AWS CLI 2.9 (/usr/bin/aws, which predates AWS_ENDPOINT_URL) through
// `gatehouse env`: AWS_DATA_PATH's endpoints.json and a profile it wrote.

const boto3Script = `
import json, os, boto3
from botocore.exceptions import ClientError
s = boto3.Session(region_name='us-east-1')
out = {'identity': s.client('sts').get_caller_identity()}
out['identity'].pop('ResponseMetadata')
try:
    s.client('organizations').list_accounts()
except ClientError as e:
    out['orgError'] = e.response['Error']['Code']
bad = boto3.Session(region_name='us-east-1', aws_access_key_id=os.environ['AWS_ACCESS_KEY_ID'], aws_secret_access_key=os.environ['AWS_SECRET_ACCESS_KEY'] + 'x')
try:
    bad.client('sts').get_caller_identity()
except ClientError as e:
    out['badSignature'] = e.response['Error']['Code']
print(json.dumps(out))
`;

for (const database of testDatabases) {
  describe(`boto3 and AWS CLI 2.9 (${database.name})`, () => {
    let t: TestServer;
    let home: string;
    before(async () => {
      t = await startTestServer(database);
      home = await mkdtemp(join(tmpdir(), 'gatehouse-home-'));
    });
    after(async () => {
      await t.close();
      await rm(home, { recursive: true, force: true });
    });

    it('boto3 signs calls that succeed, and a bad signature gets SignatureDoesNotMatch', async () => {
      const result = await run('python3', ['-c', boto3Script], {
        env: {
          PATH: process.env['PATH'],
          HOME: home,
          AWS_ENDPOINT_URL: t.url,
          AWS_ACCESS_KEY_ID: t.root.accessKeyId,
          AWS_SECRET_ACCESS_KEY: t.root.secretAccessKey,
        },
      });
      assert.equal(result.code, 0, result.stderr);
      const out = JSON.parse(result.stdout) as { identity: Record<string, string>; orgError: string; badSignature: string };
      assert.deepEqual(out.identity, { UserId: t.root.accountId, Account: t.root.accountId, Arn: `arn:aws:iam::${t.root.accountId}:root` });
      assert.equal(out.orgError, 'AWSOrganizationsNotInUseException');
      assert.equal(out.badSignature, 'SignatureDoesNotMatch');
    });

    it('`gatehouse env --profile` lets /usr/bin/aws (2.9) call with the root credentials, leaving the rest of ~/.aws alone', async () => {
      const port = new URL(t.url).port;
      const config = '# my settings\n[default]\nregion = eu-west-1\n\n[profile work]\nregion = us-west-2 # keep me\n';
      const credentials = '[work]\naws_access_key_id = AKIAWORK\naws_secret_access_key = secret\n';
      await mkdir(join(home, '.aws'));
      await writeFile(join(home, '.aws', 'config'), config);
      await writeFile(join(home, '.aws', 'credentials'), credentials);

      const baseEnv = { PATH: process.env['PATH'], HOME: home };
      const env = await run(process.execPath, [gatehouseBin, 'env', '--port', port, '--data-dir', t.dataDir, '--profile', 'gatehouse'], { env: baseEnv });
      assert.equal(env.code, 0, env.stderr);
      const exports = parseExports(env.stdout);
      assert.equal(exports['AWS_ENDPOINT_URL'], t.url);
      assert.equal(exports['AWS_STS_REGIONAL_ENDPOINTS'], 'regional');
      assert.equal(exports['AWS_DATA_PATH'], join(t.dataDir, 'aws-data'));
      const endpoints = JSON.parse(await readFile(join(t.dataDir, 'aws-data', 'endpoints.json'), 'utf8')) as {
        partitions: { defaults: { hostname: string } }[];
      };
      assert.equal(endpoints.partitions[0]?.defaults.hostname, `127.0.0.1:${port}`);

      const newConfig = await readFile(join(home, '.aws', 'config'), 'utf8');
      assert.ok(newConfig.startsWith(config), 'everything before the new profile is byte-identical');
      assert.match(newConfig.slice(config.length), /^\n\[profile gatehouse\]\nregion = us-east-1\n/);
      const newCredentials = await readFile(join(home, '.aws', 'credentials'), 'utf8');
      assert.ok(newCredentials.startsWith(credentials));
      assert.ok(newCredentials.includes(`aws_access_key_id = ${t.root.accessKeyId}`));

      const cliEnv = { ...baseEnv, ...exports };
      const who = await run('/usr/bin/aws', ['--profile', 'gatehouse', 'sts', 'get-caller-identity', '--output', 'json'], { env: cliEnv });
      assert.equal(who.code, 0, who.stderr);
      assert.equal((JSON.parse(who.stdout) as { Arn: string }).Arn, `arn:aws:iam::${t.root.accountId}:root`);

      const org = await run('/usr/bin/aws', ['--profile', 'gatehouse', 'organizations', 'list-accounts'], { env: cliEnv });
      assert.notEqual(org.code, 0);
      assert.match(org.stderr, /AWSOrganizationsNotInUseException.*not a member of an organization/s);

      const again = await run(process.execPath, [gatehouseBin, 'env', '--port', port, '--data-dir', t.dataDir, '--profile', 'gatehouse'], { env: baseEnv });
      assert.equal(again.code, 0, again.stderr);
      assert.equal(await readFile(join(home, '.aws', 'config'), 'utf8'), newConfig, 'writing the profile again changes nothing');
    });

    it('`gatehouse accounts create` makes a standalone account whose root key the AWS CLI can use', async () => {
      const port = new URL(t.url).port;
      const env = { PATH: process.env['PATH'], HOME: home };
      const args = [gatehouseBin, 'accounts', 'create', '--port', port, '--data-dir', t.dataDir, '--name', 'Partner', '--email', 'partner@example.com'];
      const created = await run(process.execPath, [...args, '--profile', 'partner'], { env });
      assert.equal(created.code, 0, created.stderr);
      const account = JSON.parse(created.stdout) as { accountId: string; accessKeyId: string };
      assert.notEqual(account.accountId, t.root.accountId);

      const exports = parseExports((await run(process.execPath, [gatehouseBin, 'env', '--port', port, '--data-dir', t.dataDir], { env })).stdout);
      const who = await run('/usr/bin/aws', ['--profile', 'partner', 'sts', 'get-caller-identity', '--output', 'json'], { env: { ...env, ...exports } });
      assert.equal(who.code, 0, who.stderr);
      assert.equal((JSON.parse(who.stdout) as { Arn: string }).Arn, `arn:aws:iam::${account.accountId}:root`);

      const duplicate = await run(process.execPath, [...args.slice(0, -1), 'PARTNER@example.com'], { env });
      assert.equal(duplicate.code, 1);
      assert.match(duplicate.stderr, /already exists/);
    });
  });
}
