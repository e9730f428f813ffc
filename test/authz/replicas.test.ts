import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand, DeleteUserPolicyCommand, IAMClient, ListUsersCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { startServer, type RunningServer } from '../../src/server/server.js';
import { failure, type Credentials } from '../organizations/support.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

// Two servers on one PostgreSQL schema, as replicas behind a load balancer: a policy change made through one is
// enforced by the other, which cached the decision's policies before the change (its cache learns of the write
// through the store's notifications, not by expiry).

const iam = (url: string, credentials: Credentials) => new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
const READ_USERS = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:ListUsers', Resource: '*' }] });

describe('authorization on two replicas of one PostgreSQL store', () => {
  let a: TestServer;
  let b: RunningServer;
  before(async () => {
    a = await startTestServer(testDatabases[1]!);
    // the same data directory: replicas share the key that seals stored secrets
    b = await startServer({ port: 0, dataDir: a.dataDir, db: a.server.config.db, logLevel: 'silent' });
  });
  after(async () => {
    await b.close();
    await a.close();
  });

  it('a policy removed through one replica stops the call on the other', async () => {
    const admin = iam(a.url, a.root);
    await admin.send(new CreateUserCommand({ UserName: 'reader' }));
    await admin.send(new PutUserPolicyCommand({ UserName: 'reader', PolicyName: 'read-users', PolicyDocument: READ_USERS }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'reader' }))).AccessKey!;
    const onB = iam(b.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    await onB.send(new ListUsersCommand({}));

    await admin.send(new DeleteUserPolicyCommand({ UserName: 'reader', PolicyName: 'read-users' }));
    // the notification arrives within milliseconds; poll rather than assume when
    const deadline = Date.now() + 10_000;
    for (;;) {
      const outcome = await onB.send(new ListUsersCommand({})).then(
        () => undefined,
        (error: Error) => error,
      );
      if (outcome) {
        assert.equal(outcome.name, 'AccessDenied');
        break;
      }
      assert.ok(Date.now() < deadline, 'replica B still allows the call 10 s after the policy went');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.equal((await failure(onB.send(new ListUsersCommand({})))).name, 'AccessDenied');
  });
});
