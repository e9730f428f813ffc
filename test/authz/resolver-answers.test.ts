import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, IAMClient, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { CreateOrganizationCommand, DeleteOrganizationCommand, DescribeAccountCommand } from '@aws-sdk/client-organizations';
import { failure, organizations, type Credentials } from '../organizations/support.js';
import { startReplicaPair, startTestServer, testDatabases, type ReplicaPair, type TestServer } from '../support/servers.js';

// The authorize step keeps what its resolvers read from the store (here the caller's organization, whose id is part
// of every account's ARN) until anything in the store is written, by this server or another replica. The proof: a
// user allowed DescribeAccount on the accounts of one organization loses it when that organization is deleted and a
// new one (a new id) made, on the server that cached the old answer, and on a replica that cached it when the
// change is made through the other.

const iam = (url: string, credentials: Credentials) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });

/** An IAM user of the management account allowed DescribeAccount on the accounts of organization `orgId` only. */
async function auditorOf(url: string, root: Credentials, managementAccountId: string, orgId: string): Promise<Credentials> {
  const admin = iam(url, root);
  await admin.send(new CreateUserCommand({ UserName: 'auditor' }));
  const policy = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'organizations:DescribeAccount', Resource: `arn:aws:organizations::${managementAccountId}:account/${orgId}/*` }],
  };
  await admin.send(new PutUserPolicyCommand({ UserName: 'auditor', PolicyName: 'describe-accounts', PolicyDocument: JSON.stringify(policy) }));
  const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'auditor' }))).AccessKey!;
  return { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! };
}

/** `change` is made through `writer`; the auditor's calls go to `reader`, which answered (and cached) before. */
async function recreatedOrganizationBinds(writer: { url: string; root: Credentials }, reader: string, managementAccountId: string): Promise<void> {
  const first = (await organizations(writer.url, writer.root).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
  const auditor = organizations(reader, await auditorOf(writer.url, writer.root, managementAccountId, first));
  const describe = () => auditor.send(new DescribeAccountCommand({ AccountId: managementAccountId }));
  await describe();
  await describe(); // answered from the kept answers

  await organizations(writer.url, writer.root).send(new DeleteOrganizationCommand({}));
  const second = (await organizations(writer.url, writer.root).send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
  assert.notEqual(second, first);
  // the reader hears of the writes at once (same process), within milliseconds (PostgreSQL) or a quarter second
  const deadline = Date.now() + 10_000;
  for (;;) {
    const outcome = await describe().then(
      () => undefined,
      (error: Error) => error,
    );
    if (outcome) {
      assert.equal(outcome.name, 'AccessDeniedException');
      assert.match(outcome.message, new RegExp(`account/${second}/${managementAccountId}`));
      break;
    }
    assert.ok(Date.now() < deadline, 'the reader still authorizes against the deleted organization 10 s later');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal((await failure(describe())).name, 'AccessDeniedException');
}

for (const database of testDatabases) {
  describe(`resolver answers kept by the authorize step (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('are read again after the store changes: a recreated organization has a new id in every ARN', async () => {
      await recreatedOrganizationBinds(t, t.url, t.root.accountId);
    });
  });
}

describe('resolver answers kept by a replica (postgres)', () => {
  let replicas: ReplicaPair;
  before(async () => {
    replicas = await startReplicaPair();
  });
  after(async () => replicas.close());

  it('are read again after another replica writes any table', async () => {
    await recreatedOrganizationBinds(replicas.a, replicas.b.url, replicas.a.root.accountId);
  });
});
