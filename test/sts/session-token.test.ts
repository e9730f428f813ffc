import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { iam, sts } from '../iam/support.js';
import { failure } from '../organizations/support.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

// GetSessionToken with SDK v3: an IAM user's and the root user's long-term keys become temporary credentials that act
// as the same user, for AWS's durations; session credentials cannot ask again.

for (const database of testDatabases) {
  describe(`sts: GetSessionToken (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('an IAM user gets 12-hour credentials by default, or what it asks for, that sign as the user', async () => {
      const root = { accessKeyId: t.root.accessKeyId, secretAccessKey: t.root.secretAccessKey };
      await iam(t.url, root).send(new CreateUserCommand({ UserName: 'builder', Path: '/ci/' }));
      const key = (await iam(t.url, root).send(new CreateAccessKeyCommand({ UserName: 'builder' }))).AccessKey!;
      const user = sts(t.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });

      const before = Date.now();
      const byDefault = (await user.send(new GetSessionTokenCommand({}))).Credentials!;
      assert.match(byDefault.AccessKeyId!, /^ASIA/);
      const hours = (byDefault.Expiration!.getTime() - before) / 3_600_000;
      assert.ok(hours > 11.9 && hours <= 12.01, `about 12 hours, got ${hours}`);

      const short = (await user.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
      const session = sts(t.url, { accessKeyId: short.AccessKeyId!, secretAccessKey: short.SecretAccessKey!, sessionToken: short.SessionToken! });
      const identity = await session.send(new GetCallerIdentityCommand({}));
      assert.equal(identity.Arn, `arn:aws:iam::${t.root.accountId}:user/ci/builder`);
      assert.match(identity.UserId!, /^AIDA/);

      const again = await failure(session.send(new GetSessionTokenCommand({})));
      assert.equal(again.name, 'AccessDenied');
      assert.equal(again.message, 'Cannot call GetSessionToken with session credentials');
      const mfa = await failure(user.send(new GetSessionTokenCommand({ SerialNumber: `arn:aws:iam::${t.root.accountId}:mfa/builder`, TokenCode: '123456' })));
      assert.equal(mfa.name, 'AccessDenied');
      assert.equal((await failure(user.send(new GetSessionTokenCommand({ DurationSeconds: 899 })))).name, 'ValidationError');
    });

    it('the root user gets at most one hour, acting as root', async () => {
      const root = sts(t.url, { accessKeyId: t.root.accessKeyId, secretAccessKey: t.root.secretAccessKey });
      const before = Date.now();
      const credentials = (await root.send(new GetSessionTokenCommand({ DurationSeconds: 7200 }))).Credentials!;
      assert.ok(credentials.Expiration!.getTime() - before <= 3_600_000 + 1000, 'clamped to an hour');
      const session = sts(t.url, { accessKeyId: credentials.AccessKeyId!, secretAccessKey: credentials.SecretAccessKey!, sessionToken: credentials.SessionToken! });
      assert.equal((await session.send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${t.root.accountId}:root`);
    });
  });
}
