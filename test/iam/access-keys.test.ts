import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  PutUserPolicyCommand,
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  GetAccessKeyLastUsedCommand,
  GetUserCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  UpdateAccessKeyCommand,
  UpdateUserCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { AwsCli } from '../support/aws-cli.js';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { failure, rejects, standalone, type Credentials } from '../organizations/support.js';
import { iam, sts } from './support.js';

// Access keys of IAM users (and the root user's own) through SDK v3, boto3 and the AWS CLI, on SQLite and
// PostgreSQL: a new key signs calls as its user at once, stops the moment it is made Inactive or deleted (this
// server forgets its cached copy), follows its user's renames, and reports when it was last used.

async function newKey(client: ReturnType<typeof iam>, userName?: string): Promise<Credentials> {
  const out = await client.send(new CreateAccessKeyCommand(userName !== undefined ? { UserName: userName } : {}));
  return { accessKeyId: out.AccessKey!.AccessKeyId!, secretAccessKey: out.AccessKey!.SecretAccessKey! };
}

for (const database of testDatabases) {
  describe(`iam: access keys (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it("a user's new key signs GetCallerIdentity as the user; Inactive or deleted, it is InvalidClientTokenId", async () => {
      const a = await standalone(t, 'IamKeys');
      const admin = iam(t.url, a.credentials);
      const user = (await admin.send(new CreateUserCommand({ UserName: 'deploy', Path: '/ci/' }))).User!;
      const created = (await admin.send(new CreateAccessKeyCommand({ UserName: 'deploy' }))).AccessKey!;
      assert.equal(created.UserName, 'deploy');
      assert.match(created.AccessKeyId!, /^AKIA[A-Z2-7]{16}$/);
      assert.equal(created.SecretAccessKey!.length, 40);
      assert.equal(created.Status, 'Active');
      assert.ok(created.CreateDate instanceof Date);
      const key = { accessKeyId: created.AccessKeyId!, secretAccessKey: created.SecretAccessKey! };

      const me = await sts(t.url, key).send(new GetCallerIdentityCommand({}));
      assert.deepEqual([me.Account, me.Arn, me.UserId], [a.accountId, `arn:aws:iam::${a.accountId}:user/ci/deploy`, user.UserId]);
      // the secret is sealed at rest
      const row = await t.server.store.db.selectFrom('credentials').selectAll().where('access_key_id', '=', key.accessKeyId).executeTakeFirstOrThrow();
      assert.ok(!row.secret.includes(key.secretAccessKey));
      assert.deepEqual([row.kind, row.user_id], ['user', user.UserId]);

      const listed = await admin.send(new ListAccessKeysCommand({ UserName: 'deploy' }));
      assert.deepEqual(listed.AccessKeyMetadata, [{ UserName: 'deploy', AccessKeyId: key.accessKeyId, Status: 'Active', CreateDate: created.CreateDate }]);

      await admin.send(new UpdateAccessKeyCommand({ UserName: 'deploy', AccessKeyId: key.accessKeyId, Status: 'Inactive' }));
      const inactive = await failure(sts(t.url, key).send(new GetCallerIdentityCommand({})));
      assert.deepEqual([inactive.name, inactive.status], ['InvalidClientTokenId', 403]);
      assert.equal((await admin.send(new ListAccessKeysCommand({ UserName: 'deploy' }))).AccessKeyMetadata![0]!.Status, 'Inactive');
      await admin.send(new UpdateAccessKeyCommand({ UserName: 'deploy', AccessKeyId: key.accessKeyId, Status: 'Active' }));
      assert.equal((await sts(t.url, key).send(new GetCallerIdentityCommand({}))).UserId, user.UserId);

      // a rename moves the key's identity at once
      await admin.send(new UpdateUserCommand({ UserName: 'deploy', NewUserName: 'deployer', NewPath: '/' }));
      assert.equal((await sts(t.url, key).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${a.accountId}:user/deployer`);

      const conflict = await rejects(admin.send(new DeleteUserCommand({ UserName: 'deployer' })), 'DeleteConflictException');
      assert.equal(conflict.message, 'Cannot delete entity, must delete access keys first.');

      await admin.send(new DeleteAccessKeyCommand({ UserName: 'deployer', AccessKeyId: key.accessKeyId }));
      assert.equal((await failure(sts(t.url, key).send(new GetCallerIdentityCommand({})))).name, 'InvalidClientTokenId');
      const gone = await rejects(admin.send(new DeleteAccessKeyCommand({ UserName: 'deployer', AccessKeyId: key.accessKeyId })), 'NoSuchEntityException');
      assert.equal(gone.message, `The Access Key with id ${key.accessKeyId} cannot be found.`);
      await admin.send(new DeleteUserCommand({ UserName: 'deployer' }));
    });

    it('two keys per user at most; keys are found only through their own user and account', async () => {
      const a = await standalone(t, 'IamKeysQuota');
      const other = await standalone(t, 'IamKeysQuotaOther');
      const admin = iam(t.url, a.credentials);
      await admin.send(new CreateUserCommand({ UserName: 'k1' }));
      await admin.send(new CreateUserCommand({ UserName: 'k2' }));
      const first = await newKey(admin, 'k1');
      const second = await newKey(admin, 'k1');
      const over = await rejects(admin.send(new CreateAccessKeyCommand({ UserName: 'k1' })), 'LimitExceededException');
      assert.equal(over.message, 'Cannot exceed quota for AccessKeysPerUser: 2');
      assert.equal(over.status, 409);
      // an Inactive key still counts
      await admin.send(new UpdateAccessKeyCommand({ UserName: 'k1', AccessKeyId: first.accessKeyId, Status: 'Inactive' }));
      await rejects(admin.send(new CreateAccessKeyCommand({ UserName: 'k1' })), 'LimitExceededException');

      const page1 = await admin.send(new ListAccessKeysCommand({ UserName: 'k1', MaxItems: 1 }));
      const page2 = await admin.send(new ListAccessKeysCommand({ UserName: 'k1', MaxItems: 1, Marker: page1.Marker! }));
      assert.deepEqual(
        [...page1.AccessKeyMetadata!, ...page2.AccessKeyMetadata!].map((k) => k.AccessKeyId).sort(),
        [first.accessKeyId, second.accessKeyId].sort(),
      );
      assert.deepEqual([page1.IsTruncated, page2.IsTruncated], [true, false]);

      // another user's key, another account's user: not found
      await rejects(admin.send(new UpdateAccessKeyCommand({ UserName: 'k2', AccessKeyId: second.accessKeyId, Status: 'Inactive' })), 'NoSuchEntityException');
      await rejects(admin.send(new DeleteAccessKeyCommand({ UserName: 'k2', AccessKeyId: second.accessKeyId })), 'NoSuchEntityException');
      const foreign = iam(t.url, other.credentials);
      await rejects(foreign.send(new ListAccessKeysCommand({ UserName: 'k1' })), 'NoSuchEntityException');
      await rejects(foreign.send(new CreateAccessKeyCommand({ UserName: 'k1' })), 'NoSuchEntityException');
      await rejects(foreign.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: second.accessKeyId })), 'NoSuchEntityException');
      await rejects(admin.send(new ListAccessKeysCommand({ UserName: 'nobody' })), 'NoSuchEntityException');
      await rejects(admin.send(new UpdateAccessKeyCommand({ UserName: 'k1', AccessKeyId: second.accessKeyId, Status: 'Expired' })), 'ValidationError');
    });

    it('without UserName: an IAM user acts on itself, root on its own keys, a role session must name the user', async () => {
      const a = await standalone(t, 'IamKeysSelf');
      const admin = iam(t.url, a.credentials);
      const user = (await admin.send(new CreateUserCommand({ UserName: 'self', Tags: [{ Key: 'a', Value: 'b' }] }))).User!;
      // AWS's "manage your own access keys" policy: the user's own ARN through ${aws:username}
      const ownKeys = {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: ['iam:GetUser', 'iam:*AccessKey*'], Resource: 'arn:aws:iam::*:user/${aws:username}' }],
      };
      await admin.send(new PutUserPolicyCommand({ UserName: 'self', PolicyName: 'own-keys', PolicyDocument: JSON.stringify(ownKeys) }));
      const key = await newKey(admin, 'self');
      const asUser = iam(t.url, key);
      assert.deepEqual((await asUser.send(new GetUserCommand({}))).User, user);
      const second = (await asUser.send(new CreateAccessKeyCommand({}))).AccessKey!;
      assert.equal(second.UserName, 'self');
      const mine = await asUser.send(new ListAccessKeysCommand({}));
      assert.deepEqual(mine.AccessKeyMetadata!.map((k) => k.AccessKeyId).sort(), [key.accessKeyId, second.AccessKeyId].sort());
      await asUser.send(new DeleteAccessKeyCommand({ AccessKeyId: second.AccessKeyId! }));
      await admin.send(new CreateLoginProfileCommand({ UserName: 'self', Password: 'Some-Password-1' }));

      // root: its own (root) keys, two at most, each signing as root
      const rootKeys = await admin.send(new ListAccessKeysCommand({}));
      assert.deepEqual(rootKeys.AccessKeyMetadata!.map((k) => [k.AccessKeyId, k.UserName]), [[a.credentials.accessKeyId, undefined]]);
      const rootCreated = (await admin.send(new CreateAccessKeyCommand({}))).AccessKey!;
      assert.equal(rootCreated.UserName, undefined);
      const rootKey = { accessKeyId: rootCreated.AccessKeyId!, secretAccessKey: rootCreated.SecretAccessKey! };
      assert.equal((await sts(t.url, rootKey).send(new GetCallerIdentityCommand({}))).Arn, `arn:aws:iam::${a.accountId}:root`);
      await rejects(admin.send(new CreateAccessKeyCommand({})), 'LimitExceededException');
      await admin.send(new DeleteAccessKeyCommand({ AccessKeyId: rootKey.accessKeyId }));
      assert.equal((await failure(sts(t.url, rootKey).send(new GetCallerIdentityCommand({})))).name, 'InvalidClientTokenId');

      // a role session has no user of its own
      const ops = await t.server.iam.createRole(t.server.store.db, {
        accountId: a.accountId,
        name: 'Ops',
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: a.accountId }, Action: 'sts:AssumeRole' }] },
        attachedPolicyArns: ['arn:aws:iam::aws:policy/IAMFullAccess'],
      });
      const session = await t.server.iam.issueSessionCredentials(
        { type: 'assumed-role', accountId: a.accountId, arn: `arn:aws:sts::${a.accountId}:assumed-role/Ops/s1`, userId: `${ops.roleId}:s1`, roleArn: ops.arn, sessionName: 's1' },
        Date.now() + 3_600_000,
      );
      const asSession = iam(t.url, { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken });
      const calls = [() => asSession.send(new GetUserCommand({})), () => asSession.send(new ListAccessKeysCommand({})), () => asSession.send(new CreateAccessKeyCommand({}))];
      for (const call of calls) {
        const f = await rejects(call(), 'ValidationError');
        assert.equal(f.message, 'Must specify userName when calling with non-User credentials');
      }
      assert.equal((await asSession.send(new GetUserCommand({ UserName: 'self' }))).User!.UserId, user.UserId);
    });

    it('GetAccessKeyLastUsed: N/A until the key signs a call, then its service, region and date', async () => {
      const a = await standalone(t, 'IamKeysLastUsed');
      const admin = iam(t.url, a.credentials);
      await admin.send(new CreateUserCommand({ UserName: 'tracked' }));
      const key = await newKey(admin, 'tracked');
      const unused = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }));
      assert.equal(unused.UserName, 'tracked');
      assert.deepEqual(unused.AccessKeyLastUsed, { ServiceName: 'N/A', Region: 'N/A' });

      const before = Math.floor(Date.now() / 1000) * 1000;
      await new STSClient({ endpoint: t.url, region: 'eu-west-1', credentials: key, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      const used = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.accessKeyId }));
      assert.equal(used.UserName, 'tracked');
      assert.equal(used.AccessKeyLastUsed!.ServiceName, 'sts');
      assert.equal(used.AccessKeyLastUsed!.Region, 'eu-west-1');
      assert.ok(used.AccessKeyLastUsed!.LastUsedDate!.getTime() >= before);

      // the root key of the caller has no user name
      const root = await admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: a.credentials.accessKeyId }));
      assert.equal(root.UserName, undefined);
      assert.equal(root.AccessKeyLastUsed!.ServiceName, 'iam');
      await rejects(admin.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: 'AKIAAAAAAAAAAAAAAAAA' })), 'NoSuchEntityException');
    });

    it("boto3: the seeds' clean-up of old IAM users (list users, delete their keys, leave their groups, delete them)", async () => {
      const a = await standalone(t, 'IamKeysCleanup');
      const admin = iam(t.url, a.credentials);
      await admin.send(new CreateGroupCommand({ GroupName: 'old-team' }));
      for (const name of ['old-1', 'old-2', 'old-3']) {
        await admin.send(new CreateUserCommand({ UserName: name, Path: '/legacy/' }));
        await newKey(admin, name);
        await admin.send(new AddUserToGroupCommand({ GroupName: 'old-team', UserName: name }));
      }
      await newKey(admin, 'old-1');
      await admin.send(new CreateUserCommand({ UserName: 'keeper' }));
      const out = await runBoto3(
        `
import json, boto3
iam = boto3.client('iam')
deleted = []
for page in iam.get_paginator('list_users').paginate(PathPrefix='/legacy/', PaginationConfig={'PageSize': 2}):
    for user in page['Users']:
        name = user['UserName']
        for key in iam.list_access_keys(UserName=name)['AccessKeyMetadata']:
            iam.delete_access_key(UserName=name, AccessKeyId=key['AccessKeyId'])
        for group in iam.list_groups_for_user(UserName=name)['Groups']:
            iam.remove_user_from_group(GroupName=group['GroupName'], UserName=name)
        iam.delete_user(UserName=name)
        deleted.append(name)
left = [u['UserName'] for u in iam.list_users()['Users']]
members = iam.get_group(GroupName='old-team')['Users']
print(json.dumps({'deleted': deleted, 'left': left, 'members': members}))
`,
        t.url,
        a.credentials,
      );
      assert.deepEqual(out, { deleted: ['old-1', 'old-2', 'old-3'], left: ['keeper'], members: [] });
      const keys = await t.server.store.db.selectFrom('credentials').select('access_key_id').where('account_id', '=', a.accountId).where('kind', '=', 'user').execute();
      assert.deepEqual(keys, []);
    });

    it('`aws iam list-users` (Debian AWS CLI 2.9)', async () => {
      const admin = iam(t.url, t.root);
      await admin.send(new CreateUserCommand({ UserName: 'cli-user', Path: '/cli/' }));
      const cli = await AwsCli.forServer(t);
      try {
        const out = (await cli.json('mgmt', 'iam', 'list-users')) as { Users: { UserName: string; Path: string; Arn: string }[] };
        const user = out.Users.find((u) => u.UserName === 'cli-user');
        assert.deepEqual([user?.Path, user?.Arn], ['/cli/', `arn:aws:iam::${t.root.accountId}:user/cli/cli-user`]);
      } finally {
        await cli.close();
      }
      assert.equal((await admin.send(new ListUsersCommand({ PathPrefix: '/cli/' }))).Users!.length, 1);
    });
  });
}
