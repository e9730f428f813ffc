import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreatePolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { offsetClock } from '../../src/lib/clock.js';
import { AwsCli } from '../support/aws-cli.js';
import { runBoto3 } from '../support/boto3.js';
import { run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { createAccount, failure, foundOrganization } from '../organizations/support.js';
import { iam, sessionCredentials, sessionSts, stsRole, stsUser, type StsUser } from './support.js';

// AssumeRole with SDK v3 (and once each with boto3 and the AWS CLI): the session's credentials sign as
// arn:aws:sts::<account>:assumed-role/<role name without path>/<session>, for the durations AWS allows, carrying
// session policies, tags, transitive tags and the source identity into the session and along a role chain, with
// AWS's errors for what STS refuses. The role's trust policy is the authorize step's business, not tested here.

const policy = (actions: readonly string[]) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

for (const database of testDatabases) {
  describe(`sts: AssumeRole (${database.name})`, () => {
    let offset = 0;
    let t: TestServer;
    let admin: IAMClient;
    let account: string;
    let dev: StsUser;
    let deployer: { arn: string; roleId: string };
    let auditor: { arn: string; roleId: string };
    let customerPolicy: string;

    before(async () => {
      t = await startTestServer(database, { clock: offsetClock(() => offset) });
      account = t.root.accountId;
      admin = iam(t.url, t.root);
      dev = await stsUser(t, admin, 'dev');
      deployer = await stsRole(admin, 'Deployer', [account], { path: '/team/', maxSessionDuration: 7200 });
      auditor = await stsRole(admin, 'Auditor', [account], { maxSessionDuration: 43_200 });
      customerPolicy = (await admin.send(new CreatePolicyCommand({ PolicyName: 'ReadBuckets', PolicyDocument: policy(['s3:GetObject']) }))).Policy!.Arn!;
    });
    after(async () => t.close());

    const assume = (client: STSClient, input: Partial<AssumeRoleCommandInput> = {}) =>
      client.send(new AssumeRoleCommand({ RoleArn: deployer.arn, RoleSessionName: 'build-42', ...input }));
    const session = async (key: string) => (await t.server.iam.find(key))!.principal.session!;

    it('issues credentials that sign as the assumed-role session, whose ARN leaves out the role path', async () => {
      const before = Date.now();
      const out = await assume(dev.sts, {
        Policy: policy(['s3:GetObject', 's3:ListBucket']),
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }, { arn: customerPolicy }],
        Tags: [
          { Key: 'Project', Value: 'apollo' },
          { Key: 'Team', Value: 'infra' },
        ],
        TransitiveTagKeys: ['Project'],
        SourceIdentity: 'alice@example.com',
        ExternalId: 'ext-1234',
      });
      assert.equal(deployer.arn, `arn:aws:iam::${account}:role/team/Deployer`);
      assert.deepEqual(out.AssumedRoleUser, { Arn: `arn:aws:sts::${account}:assumed-role/Deployer/build-42`, AssumedRoleId: `${deployer.roleId}:build-42` });
      assert.equal(out.SourceIdentity, 'alice@example.com');
      assert.ok(out.PackedPolicySize! > 0 && out.PackedPolicySize! <= 100, String(out.PackedPolicySize));
      assert.match(out.Credentials!.AccessKeyId!, /^ASIA[A-Z2-7]{16}$/);
      const hours = (out.Credentials!.Expiration!.getTime() - before) / 3_600_000;
      assert.ok(hours > 0.99 && hours <= 1.01, `one hour by default, got ${hours}`);

      const me = await sessionSts(t, out.Credentials!).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([me.Arn, me.UserId, me.Account], [out.AssumedRoleUser!.Arn, out.AssumedRoleUser!.AssumedRoleId, account]);

      const stored = await session(out.Credentials!.AccessKeyId!);
      assert.deepEqual(stored.tags, { Project: 'apollo', Team: 'infra' });
      assert.deepEqual(stored.transitiveTagKeys, ['Project']);
      assert.deepEqual(stored.policyArns, ['arn:aws:iam::aws:policy/ReadOnlyAccess', customerPolicy]);
      assert.equal(stored.sourceIdentity, 'alice@example.com');
      assert.equal(stored.chained, undefined);
      assert.ok(stored.issuedAt >= before && stored.issuedAt <= Date.now());
      const principal = (await t.server.iam.find(out.Credentials!.AccessKeyId!))!.principal;
      assert.deepEqual([principal.type, principal.roleArn, principal.sessionName], ['assumed-role', deployer.arn, 'build-42']);
      // without session policies or tags AWS leaves PackedPolicySize out
      assert.equal((await assume(dev.sts)).PackedPolicySize, undefined);
    });

    it("allows DurationSeconds up to the role's MaxSessionDuration, and an hour to a role chain", async () => {
      const long = await assume(dev.sts, { DurationSeconds: 7200 });
      assert.ok(long.Credentials!.Expiration!.getTime() - Date.now() > 7100_000);
      const over = await failure(assume(dev.sts, { DurationSeconds: 7201 }));
      assert.deepEqual([over.name, over.message, over.status], ['ValidationError', 'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.', 400]);
      assert.equal((await failure(assume(dev.sts, { DurationSeconds: 899 }))).name, 'ValidationError');

      const first = sessionSts(t, long.Credentials!);
      const chainedTooLong = await failure(first.send(new AssumeRoleCommand({ RoleArn: auditor.arn, RoleSessionName: 'hop', DurationSeconds: 7200 })));
      assert.deepEqual(
        [chainedTooLong.name, chainedTooLong.message],
        ['ValidationError', 'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'],
      );
      const hop = await first.send(new AssumeRoleCommand({ RoleArn: auditor.arn, RoleSessionName: 'hop', DurationSeconds: 3600 }));
      assert.equal(hop.AssumedRoleUser!.Arn, `arn:aws:sts::${account}:assumed-role/Auditor/hop`);
      assert.equal((await session(hop.Credentials!.AccessKeyId!)).chained, true);
      assert.equal((await sessionSts(t, hop.Credentials!).send(new GetCallerIdentityCommand({}))).Arn, hop.AssumedRoleUser!.Arn);
    });

    it('carries transitive tags and the source identity along a role chain, and refuses to override either', async () => {
      const first = await assume(dev.sts, {
        Tags: [
          { Key: 'Project', Value: 'apollo' },
          { Key: 'Team', Value: 'infra' },
        ],
        TransitiveTagKeys: ['Project'],
        SourceIdentity: 'alice',
      });
      const chain = sessionSts(t, first.Credentials!);
      const hop = await chain.send(new AssumeRoleCommand({ RoleArn: auditor.arn, RoleSessionName: 'hop', Tags: [{ Key: 'Stage', Value: 'prod' }] }));
      assert.equal(hop.SourceIdentity, 'alice');
      const carried = await session(hop.Credentials!.AccessKeyId!);
      // Team was not transitive: it stays behind
      assert.deepEqual(carried.tags, { Project: 'apollo', Stage: 'prod' });
      assert.deepEqual(carried.transitiveTagKeys, ['Project']);
      assert.equal(carried.sourceIdentity, 'alice');
      // and one hop further, still there
      const second = await sessionSts(t, hop.Credentials!).send(new AssumeRoleCommand({ RoleArn: deployer.arn, RoleSessionName: 'hop2', SourceIdentity: 'alice' }));
      assert.deepEqual((await session(second.Credentials!.AccessKeyId!)).tags, { Project: 'apollo' });

      for (const Key of ['Project', 'project']) {
        const override = await failure(chain.send(new AssumeRoleCommand({ RoleArn: auditor.arn, RoleSessionName: 'hop', Tags: [{ Key, Value: 'other' }] })));
        assert.deepEqual(
          [override.name, override.message],
          ['InvalidParameterValue', "One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session."],
        );
      }
      const changed = await failure(chain.send(new AssumeRoleCommand({ RoleArn: auditor.arn, RoleSessionName: 'hop', SourceIdentity: 'mallory' })));
      assert.equal(changed.name, 'InvalidParameterValue');
    });

    it('refuses session tags and session policies as STS does', async () => {
      const refused = async (input: Partial<AssumeRoleCommandInput>) => {
        const f = await failure(assume(dev.sts, input));
        return [f.name, f.message];
      };
      assert.deepEqual(
        await refused({ Tags: [{ Key: 'env', Value: 'a' }, { Key: 'Env', Value: 'b' }] }),
        ['InvalidParameterValue', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'],
      );
      assert.deepEqual(
        await refused({ Tags: [{ Key: 'env', Value: 'a' }], TransitiveTagKeys: ['team'] }),
        ['InvalidParameterValue', 'The specified transitive tag key must be included in the requested tags.'],
      );
      const fiftyOne = Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      assert.equal((await refused({ Tags: fiftyOne }))[0], 'ValidationError');
      assert.equal((await refused({ Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }))[0], 'ValidationError');
      assert.equal((await refused({ Tags: [{ Key: 'k', Value: 'v'.repeat(257) }] }))[0], 'ValidationError');
      const big = [
        { Key: 'a'.repeat(128), Value: 'x'.repeat(256) },
        { Key: 'b'.repeat(128), Value: 'y'.repeat(256) },
      ];
      assert.deepEqual(await refused({ Tags: big }), ['PackedPolicyTooLargeException', 'Packed size of session tags consumes 154% of allotted space.']);

      assert.equal((await refused({ Policy: '{"Statement": nope' }))[0], 'MalformedPolicyDocumentException');
      const actions = Array.from({ length: 60 }, (_, i) => `cloudformation:DescribeStackResourceDrift${i}`);
      const [name, message] = await refused({ Policy: policy(actions) });
      assert.equal(name, 'PackedPolicyTooLargeException');
      assert.match(message!, /^Packed policy consumes \d{3}% of allotted space, please use smaller policy\.$/);
      assert.deepEqual(await refused({ PolicyArns: [{ arn: `arn:aws:iam::${account}:policy/Missing` }] }), [
        'InvalidParameterValue',
        `Policy arn:aws:iam::${account}:policy/Missing does not exist or is not attachable.`,
      ]);
      const eleven = Array.from({ length: 11 }, () => ({ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      assert.equal((await refused({ PolicyArns: eleven }))[0], 'ValidationError');
    });

    it('refuses the root user, roles that do not exist, ARNs that are not ARNs and MFA codes', async () => {
      const root = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: t.root, maxAttempts: 1 });
      const byRoot = await failure(assume(root));
      assert.deepEqual([byRoot.name, byRoot.message, byRoot.status], ['AccessDenied', 'Roles may not be assumed by root accounts.', 403]);
      for (const RoleArn of [`arn:aws:iam::${account}:role/Nobody`, `arn:aws:iam::${account}:role/Deployer`, `arn:aws:s3:::some-bucket/key`]) {
        const missing = await failure(assume(dev.sts, { RoleArn }));
        assert.deepEqual([missing.name, missing.message], ['AccessDenied', `User: ${dev.arn} is not authorized to perform: sts:AssumeRole on resource: ${RoleArn}`]);
      }
      const garbage = await failure(assume(dev.sts, { RoleArn: 'nothing-valid-in-here' }));
      assert.deepEqual([garbage.name, garbage.message], ['ValidationError', 'nothing-valid-in-here is invalid']);
      const badName = await failure(assume(dev.sts, { RoleSessionName: 'Session1:2' }));
      assert.deepEqual(
        [badName.name, badName.message],
        ['ValidationError', "1 validation error detected: Value 'Session1:2' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"],
      );
      assert.equal((await failure(assume(dev.sts, { SerialNumber: `arn:aws:iam::${account}:mfa/dev`, TokenCode: '123456' }))).name, 'AccessDenied');
    });

    it("assumes a role in another account of the organization", async () => {
      const org = await foundOrganization(t, 'sts-org');
      const member = await createAccount(org.client, { AccountName: 'Workloads' });
      const operator = await stsUser(t, iam(t.url, org.credentials), 'operator');
      const RoleArn = `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`;
      const out = await operator.sts.send(new AssumeRoleCommand({ RoleArn, RoleSessionName: 'ops' }));
      assert.equal(out.AssumedRoleUser!.Arn, `arn:aws:sts::${member}:assumed-role/OrganizationAccountAccessRole/ops`);
      const me = await sessionSts(t, out.Credentials!).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([me.Account, me.Arn], [member, out.AssumedRoleUser!.Arn]);
    });

    it('issues credentials that stop working when they expire', async () => {
      const out = await assume(dev.sts, { DurationSeconds: 900 });
      assert.ok(await sessionSts(t, out.Credentials!).send(new GetCallerIdentityCommand({})));
      offset = 901_000;
      try {
        // the client's clock moves with the server's, so only the expiry can fail the call
        const later = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: sessionCredentials(out.Credentials!), maxAttempts: 1, systemClockOffset: offset });
        const expired = await failure(later.send(new GetCallerIdentityCommand({})));
        assert.deepEqual([expired.name, expired.status], ['ExpiredToken', 403]);
        assert.ok(await new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: dev.credentials, maxAttempts: 1, systemClockOffset: offset }).send(new GetCallerIdentityCommand({})));
      } finally {
        offset = 0;
      }
    });

    if (database.name === 'sqlite') {
      it('boto3 assumes a role and signs with the session', async () => {
        const out = await runBoto3(
          `
import boto3, json
sts = boto3.client('sts')
r = sts.assume_role(RoleArn=${JSON.stringify(deployer.arn)}, RoleSessionName='py', Tags=[{'Key': 'Tool', 'Value': 'boto3'}])
c = r['Credentials']
me = boto3.client('sts', aws_access_key_id=c['AccessKeyId'], aws_secret_access_key=c['SecretAccessKey'], aws_session_token=c['SessionToken']).get_caller_identity()
print(json.dumps({'arn': r['AssumedRoleUser']['Arn'], 'me': me['Arn'], 'packed': r.get('PackedPolicySize')}))
`,
          t.url,
          dev.credentials,
        );
        assert.deepEqual(out, { arn: `arn:aws:sts::${account}:assumed-role/Deployer/py`, me: `arn:aws:sts::${account}:assumed-role/Deployer/py`, packed: out['packed'] });
        assert.equal(typeof out['packed'], 'number');
      });

      it('`aws sts assume-role` (Debian AWS CLI 2.9)', async () => {
        const cli = await AwsCli.forServer(t);
        try {
          const { AWS_PROFILE: _profile, ...base } = cli.env;
          const env = { ...base, AWS_DEFAULT_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: dev.credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: dev.credentials.secretAccessKey };
          const result = await run('/usr/bin/aws', ['--output', 'json', 'sts', 'assume-role', '--role-arn', deployer.arn, '--role-session-name', 'cli', '--duration-seconds', '1800'], { env });
          assert.equal(result.code, 0, result.stderr);
          const out = JSON.parse(result.stdout) as { AssumedRoleUser: { Arn: string; AssumedRoleId: string }; Credentials: { AccessKeyId: string; Expiration: string } };
          assert.deepEqual(out.AssumedRoleUser, { Arn: `arn:aws:sts::${account}:assumed-role/Deployer/cli`, AssumedRoleId: `${deployer.roleId}:cli` });
          assert.match(out.Credentials.AccessKeyId, /^ASIA/);
          const minutes = (Date.parse(out.Credentials.Expiration) - Date.now()) / 60_000;
          assert.ok(minutes > 28 && minutes <= 30.1, String(minutes));
        } finally {
          await cli.close();
        }
      });
    }
  });
}
