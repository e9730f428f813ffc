import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  DeleteUserPermissionsBoundaryCommand,
  DeleteUserPolicyCommand,
  GetAccountSummaryCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  ListUserPoliciesCommand,
  ListUsersCommand,
  ListUserTagsCommand,
  PutUserPermissionsBoundaryCommand,
  PutUserPolicyCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
  UpdateUserCommand,
  type User,
} from '@aws-sdk/client-iam';
import { verifyPassword } from '../../src/lib/password-hash.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone } from '../organizations/support.js';
import { iam, identityPolicy } from './support.js';

// IAM users through SDK v3 against a listening server, on SQLite and PostgreSQL: the user itself (paths, renames,
// deletion rules), its boundary, tags, inline policies and console password. Each test works in its own standalone
// account, so listings are exactly what it made.

for (const database of testDatabases) {
  describe(`iam: users (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('CreateUser with a path, boundary and tags; GetUser shows them, ListUsers leaves them out', async () => {
      const a = await standalone(t, 'IamUsersCreate');
      const client = iam(t.url, a.credentials);
      const boundary = 'arn:aws:iam::aws:policy/PowerUserAccess';
      const created = await client.send(
        new CreateUserCommand({ UserName: 'Alice', Path: '/eng/', PermissionsBoundary: boundary, Tags: [{ Key: 'team', Value: 'core' }] }),
      );
      const user = created.User!;
      assert.equal(user.UserName, 'Alice');
      assert.equal(user.Path, '/eng/');
      assert.match(user.UserId!, /^AIDA[A-Z2-7]{17}$/);
      assert.equal(user.Arn, `arn:aws:iam::${a.accountId}:user/eng/Alice`);
      assert.equal(user.CreateDate!.getMilliseconds(), 0);
      assert.deepEqual(user.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: boundary });
      assert.deepEqual(user.Tags, [{ Key: 'team', Value: 'core' }]);

      // names are case-insensitive: found in any case, and unique in any case
      const got = (await client.send(new GetUserCommand({ UserName: 'alice' }))).User!;
      assert.deepEqual(got, user);
      const exists = await rejects(client.send(new CreateUserCommand({ UserName: 'ALICE' })), 'EntityAlreadyExistsException');
      assert.equal(exists.message, 'User with name ALICE already exists.');
      assert.equal(exists.status, 409);

      const listed = (await client.send(new ListUsersCommand({}))).Users!;
      assert.deepEqual(listed, [{ Path: '/eng/', UserName: 'Alice', UserId: user.UserId, Arn: user.Arn, CreateDate: user.CreateDate }]);

      const missing = await rejects(client.send(new GetUserCommand({ UserName: 'Nobody' })), 'NoSuchEntityException');
      assert.equal(missing.message, 'The user with name Nobody cannot be found.');
      assert.equal(missing.status, 404);

      const malformed = await rejects(client.send(new CreateUserCommand({ UserName: 'Bob', PermissionsBoundary: 'arn:aws:s3:::bucket/key-x' })), 'InvalidInputException');
      assert.equal(malformed.message, 'ARN arn:aws:s3:::bucket/key-x is not valid.');
      const unknown = `arn:aws:iam::${a.accountId}:policy/NotThere`;
      const notAttachable = await rejects(client.send(new CreateUserCommand({ UserName: 'Bob', PermissionsBoundary: unknown })), 'NoSuchEntityException');
      assert.equal(notAttachable.message, `Policy ${unknown} does not exist or is not attachable.`);
      const dup = await rejects(
        client.send(new CreateUserCommand({ UserName: 'Bob', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
        'InvalidInputException',
      );
      assert.equal(dup.message, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
      // nothing was made by the failed calls
      await rejects(client.send(new GetUserCommand({ UserName: 'Bob' })), 'NoSuchEntityException');
      await rejects(client.send(new CreateUserCommand({ UserName: 'bad name' })), 'ValidationError');
    });

    it('GetUser without UserName: the calling IAM user, IAM\'s answer for root', async () => {
      const a = await standalone(t, 'IamUsersSelf');
      const client = iam(t.url, a.credentials);
      const root = (await client.send(new GetUserCommand({}))).User!;
      assert.equal(root.UserId, a.accountId);
      assert.equal(root.Arn, `arn:aws:iam::${a.accountId}:root`);
      assert.equal(root.UserName, undefined);
      assert.equal(root.Path, undefined);
      assert.ok(root.CreateDate instanceof Date);
    });

    it('ListUsers pages with Marker / MaxItems, filters by PathPrefix, and shows only the caller account', async () => {
      const a = await standalone(t, 'IamUsersList');
      const other = await standalone(t, 'IamUsersListOther');
      const client = iam(t.url, a.credentials);
      for (const [name, path] of [['delta', '/'], ['Alpha', '/'], ['charlie', '/ops/'], ['bravo', '/ops/team/'], ['echo', '/opsx/']] as const) {
        await client.send(new CreateUserCommand({ UserName: name, Path: path }));
      }
      await iam(t.url, other.credentials).send(new CreateUserCommand({ UserName: 'Alpha' }));

      const all = await client.send(new ListUsersCommand({}));
      assert.deepEqual(all.Users!.map((u) => u.UserName), ['Alpha', 'bravo', 'charlie', 'delta', 'echo']);
      assert.equal(all.IsTruncated, false);

      const seen: User[] = [];
      let marker: string | undefined;
      let pages = 0;
      do {
        const p = await client.send(new ListUsersCommand({ MaxItems: 2, ...(marker ? { Marker: marker } : {}) }));
        pages++;
        seen.push(...p.Users!);
        assert.equal(p.IsTruncated, p.Marker !== undefined);
        marker = p.Marker;
      } while (marker);
      assert.equal(pages, 3);
      assert.deepEqual(seen.map((u) => u.UserName), all.Users!.map((u) => u.UserName));

      const ops = await client.send(new ListUsersCommand({ PathPrefix: '/ops/' }));
      assert.deepEqual(ops.Users!.map((u) => u.UserName), ['bravo', 'charlie']);
      await rejects(client.send(new ListUsersCommand({ Marker: 'forged' })), 'ValidationError');
      // a Marker of one listing is not one of another
      const first = await client.send(new ListUsersCommand({ MaxItems: 1 }));
      await rejects(client.send(new ListUsersCommand({ PathPrefix: '/ops/', Marker: first.Marker! })), 'ValidationError');

      // another account's user of the same name is invisible and untouchable
      const theirs = await iam(t.url, other.credentials).send(new ListUsersCommand({}));
      assert.deepEqual(theirs.Users!.map((u) => u.Arn), [`arn:aws:iam::${other.accountId}:user/Alpha`]);
      await iam(t.url, other.credentials).send(new CreateUserCommand({ UserName: 'OnlyTheirs' }));
      await rejects(client.send(new GetUserCommand({ UserName: 'OnlyTheirs' })), 'NoSuchEntityException');
      await rejects(client.send(new DeleteUserCommand({ UserName: 'OnlyTheirs' })), 'NoSuchEntityException');

      const summary = (await client.send(new GetAccountSummaryCommand({}))).SummaryMap!;
      assert.equal(summary['Users'], 5);
      assert.equal(summary['UsersQuota'], 5000);
      assert.equal(summary['Groups'], 0);
    });

    it('UpdateUser renames and moves (the ARN follows); a taken name is EntityAlreadyExists', async () => {
      const a = await standalone(t, 'IamUsersUpdate');
      const client = iam(t.url, a.credentials);
      const before = (await client.send(new CreateUserCommand({ UserName: 'carol', Tags: [{ Key: 'k', Value: 'v' }] }))).User!;
      await client.send(new CreateUserCommand({ UserName: 'dave' }));
      await client.send(new PutUserPolicyCommand({ UserName: 'carol', PolicyName: 'p', PolicyDocument: JSON.stringify(identityPolicy('s3:ListBucket')) }));

      await client.send(new UpdateUserCommand({ UserName: 'carol', NewUserName: 'Caroline', NewPath: '/moved/' }));
      const after = (await client.send(new GetUserCommand({ UserName: 'caroline' }))).User!;
      assert.equal(after.UserName, 'Caroline');
      assert.equal(after.Path, '/moved/');
      assert.equal(after.Arn, `arn:aws:iam::${a.accountId}:user/moved/Caroline`);
      assert.equal(after.UserId, before.UserId);
      assert.deepEqual(after.Tags, [{ Key: 'k', Value: 'v' }]);
      assert.deepEqual((await client.send(new ListUserPoliciesCommand({ UserName: 'Caroline' }))).PolicyNames, ['p']);
      await rejects(client.send(new GetUserCommand({ UserName: 'carol' })), 'NoSuchEntityException');

      // a path alone, and a change of case alone
      await client.send(new UpdateUserCommand({ UserName: 'Caroline', NewPath: '/' }));
      await client.send(new UpdateUserCommand({ UserName: 'Caroline', NewUserName: 'caroline' }));
      const last = (await client.send(new GetUserCommand({ UserName: 'CAROLINE' }))).User!;
      assert.deepEqual([last.UserName, last.Arn], ['caroline', `arn:aws:iam::${a.accountId}:user/caroline`]);

      const taken = await rejects(client.send(new UpdateUserCommand({ UserName: 'caroline', NewUserName: 'DAVE' })), 'EntityAlreadyExistsException');
      assert.equal(taken.message, 'User with name DAVE already exists.');
      await rejects(client.send(new UpdateUserCommand({ UserName: 'nobody', NewPath: '/x/' })), 'NoSuchEntityException');
    });

    it('DeleteUser refuses while a login profile, inline or attached policies or group memberships remain', async () => {
      const a = await standalone(t, 'IamUsersDelete');
      const client = iam(t.url, a.credentials);
      const user = (await client.send(new CreateUserCommand({ UserName: 'erin', Tags: [{ Key: 'k', Value: 'v' }] }))).User!;
      await client.send(new CreateLoginProfileCommand({ UserName: 'erin', Password: 'Correct-Horse-1' }));
      await client.send(new PutUserPolicyCommand({ UserName: 'erin', PolicyName: 'p', PolicyDocument: JSON.stringify(identityPolicy('s3:GetObject')) }));
      // AttachUserPolicy is the policies part's: an attachment row stands for it here
      await t.server.store.db.insertInto('iam_user_attached_policies').values({ user_id: user.UserId!, policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', attached_at: 0 }).execute();

      const conflict = async (message: string) => {
        const f = await rejects(client.send(new DeleteUserCommand({ UserName: 'erin' })), 'DeleteConflictException');
        assert.equal(f.message, message);
        assert.equal(f.status, 409);
      };
      await conflict('Cannot delete entity, must delete login profile first.');
      await client.send(new DeleteLoginProfileCommand({ UserName: 'erin' }));
      await conflict('Cannot delete entity, must delete policies first.');
      await client.send(new DeleteUserPolicyCommand({ UserName: 'erin', PolicyName: 'p' }));
      await conflict('Cannot delete entity, must detach all policies first.');
      await t.server.store.db.deleteFrom('iam_user_attached_policies').where('user_id', '=', user.UserId!).execute();

      await client.send(new DeleteUserCommand({ UserName: 'ERIN' }));
      await rejects(client.send(new GetUserCommand({ UserName: 'erin' })), 'NoSuchEntityException');
      const tags = await t.server.store.db.selectFrom('iam_tags').selectAll().where('entity_id', '=', user.UserId!).execute();
      assert.deepEqual(tags, []);
      await rejects(client.send(new DeleteUserCommand({ UserName: 'erin' })), 'NoSuchEntityException');
    });

    it('TagUser / UntagUser / ListUserTags: keys case-insensitive, 50 at most, pages', async () => {
      const a = await standalone(t, 'IamUsersTags');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateUserCommand({ UserName: 'frank', Tags: [{ Key: 'Env', Value: 'dev' }] }));
      await client.send(new TagUserCommand({ UserName: 'frank', Tags: [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'me' }] }));
      const tags = await client.send(new ListUserTagsCommand({ UserName: 'frank' }));
      assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'prod' }, { Key: 'owner', Value: 'me' }]);
      assert.equal(tags.IsTruncated, false);

      const first = await client.send(new ListUserTagsCommand({ UserName: 'frank', MaxItems: 1 }));
      assert.deepEqual([first.Tags, first.IsTruncated], [[{ Key: 'env', Value: 'prod' }], true]);
      const second = await client.send(new ListUserTagsCommand({ UserName: 'frank', MaxItems: 1, Marker: first.Marker! }));
      assert.deepEqual([second.Tags, second.IsTruncated], [[{ Key: 'owner', Value: 'me' }], false]);

      await client.send(new UntagUserCommand({ UserName: 'frank', TagKeys: ['ENV', 'not-there'] }));
      assert.deepEqual((await client.send(new ListUserTagsCommand({ UserName: 'frank' }))).Tags, [{ Key: 'owner', Value: 'me' }]);

      const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      const tooMany = await rejects(client.send(new TagUserCommand({ UserName: 'frank', Tags: many })), 'LimitExceededException');
      assert.equal(tooMany.message, 'Cannot exceed quota for TagsPerUser: 50');
      assert.equal((await client.send(new ListUserTagsCommand({ UserName: 'frank' }))).Tags!.length, 1);
      await rejects(client.send(new TagUserCommand({ UserName: 'nobody', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException');
      await rejects(client.send(new ListUserTagsCommand({ UserName: 'nobody' })), 'NoSuchEntityException');
    });

    it('Put/DeleteUserPermissionsBoundary set and clear the boundary GetUser reports', async () => {
      const a = await standalone(t, 'IamUsersBoundary');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateUserCommand({ UserName: 'gina' }));
      assert.equal((await client.send(new GetUserCommand({ UserName: 'gina' }))).User!.PermissionsBoundary, undefined);
      const arn = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      await client.send(new PutUserPermissionsBoundaryCommand({ UserName: 'gina', PermissionsBoundary: arn }));
      assert.equal((await client.send(new GetUserCommand({ UserName: 'gina' }))).User!.PermissionsBoundary?.PermissionsBoundaryArn, arn);
      await rejects(client.send(new PutUserPermissionsBoundaryCommand({ UserName: 'gina', PermissionsBoundary: 'not-an-arn-at-all-but-long-enough' })), 'InvalidInputException');
      await client.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'gina' }));
      assert.equal((await client.send(new GetUserCommand({ UserName: 'gina' }))).User!.PermissionsBoundary, undefined);
      // none to delete is not an error
      await client.send(new DeleteUserPermissionsBoundaryCommand({ UserName: 'gina' }));
      await rejects(client.send(new PutUserPermissionsBoundaryCommand({ UserName: 'nobody', PermissionsBoundary: arn })), 'NoSuchEntityException');
    });

    it('inline policies: put, replace, read URL-encoded, page names, the 2048 aggregate, grammar, delete', async () => {
      const a = await standalone(t, 'IamUsersInline');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateUserCommand({ UserName: 'hank' }));
      const doc = identityPolicy('s3:GetObject', 'arn:aws:s3:::bucket/a b+c');
      await client.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'zeta', PolicyDocument: JSON.stringify(doc) }));
      await client.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'alpha', PolicyDocument: JSON.stringify(identityPolicy('s3:ListBucket')) }));
      await client.send(new PutUserPolicyCommand({ UserName: 'HANK', PolicyName: 'alpha', PolicyDocument: JSON.stringify(doc) }));

      const got = await client.send(new GetUserPolicyCommand({ UserName: 'hank', PolicyName: 'alpha' }));
      assert.deepEqual([got.UserName, got.PolicyName], ['hank', 'alpha']);
      assert.equal(got.PolicyDocument, encodeURIComponent(JSON.stringify(doc)));

      const first = await client.send(new ListUserPoliciesCommand({ UserName: 'hank', MaxItems: 1 }));
      assert.deepEqual([first.PolicyNames, first.IsTruncated], [['alpha'], true]);
      const second = await client.send(new ListUserPoliciesCommand({ UserName: 'hank', Marker: first.Marker! }));
      assert.deepEqual([second.PolicyNames, second.IsTruncated], [['zeta'], false]);

      // 2048 characters (whitespace outside strings not counted) across all of the user's inline policies
      const big = (n: number) => JSON.stringify(identityPolicy('s3:GetObject', `arn:aws:s3:::${'x'.repeat(n)}`));
      const size = (n: number) => big(n).length;
      const used = 2 * JSON.stringify(doc).length;
      const fits = 2048 - used - size(0);
      await client.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'big', PolicyDocument: big(fits) }));
      const over = await rejects(client.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'big', PolicyDocument: big(fits + 1) })), 'LimitExceededException');
      assert.equal(over.message, 'Maximum policy size of 2048 bytes exceeded for user hank');
      assert.equal(over.status, 409);
      await rejects(client.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'other', PolicyDocument: big(0) })), 'LimitExceededException');

      const malformed = await rejects(
        client.send(new PutUserPolicyCommand({ UserName: 'hank', PolicyName: 'bad', PolicyDocument: '{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}' })),
        'MalformedPolicyDocumentException',
      );
      assert.equal(malformed.message, 'Policy statement must contain resources.');

      await client.send(new DeleteUserPolicyCommand({ UserName: 'hank', PolicyName: 'zeta' }));
      const gone = await rejects(client.send(new GetUserPolicyCommand({ UserName: 'hank', PolicyName: 'zeta' })), 'NoSuchEntityException');
      assert.equal(gone.message, 'The user policy with name zeta cannot be found.');
      await rejects(client.send(new DeleteUserPolicyCommand({ UserName: 'hank', PolicyName: 'zeta' })), 'NoSuchEntityException');
      await rejects(client.send(new ListUserPoliciesCommand({ UserName: 'nobody' })), 'NoSuchEntityException');
    });

    it('login profiles: a scrypt hash, never the password; the account password policy; the user itself without UserName', async () => {
      const a = await standalone(t, 'IamUsersLogin');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateUserCommand({ UserName: 'ivy' }));
      const created = await client.send(new CreateLoginProfileCommand({ UserName: 'ivy', Password: 'first-Secret-9', PasswordResetRequired: true }));
      assert.equal(created.LoginProfile!.UserName, 'ivy');
      assert.equal(created.LoginProfile!.PasswordResetRequired, true);
      const row = await t.server.store.db.selectFrom('iam_users').selectAll().where('account_id', '=', a.accountId).where('name', '=', 'ivy').executeTakeFirstOrThrow();
      assert.match(row.password_hash!, /^scrypt\$/);
      assert.ok(!row.password_hash!.includes('first-Secret-9'));
      assert.equal(await verifyPassword('first-Secret-9', row.password_hash!), true);
      assert.equal(await verifyPassword('first-secret-9', row.password_hash!), false);

      const again = await rejects(client.send(new CreateLoginProfileCommand({ UserName: 'ivy', Password: 'x' })), 'EntityAlreadyExistsException');
      assert.equal(again.message, 'Login Profile for user ivy already exists.');
      const got = await client.send(new GetLoginProfileCommand({ UserName: 'ivy' }));
      assert.deepEqual([got.LoginProfile!.UserName, got.LoginProfile!.PasswordResetRequired], ['ivy', true]);
      assert.equal(got.LoginProfile!.CreateDate!.getTime(), created.LoginProfile!.CreateDate!.getTime());

      await client.send(new UpdateLoginProfileCommand({ UserName: 'ivy', PasswordResetRequired: false }));
      assert.equal((await client.send(new GetLoginProfileCommand({ UserName: 'ivy' }))).LoginProfile!.PasswordResetRequired, false);

      // the account password policy applies to new passwords
      await client.send(
        new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true, RequireLowercaseCharacters: true }),
      );
      const weak = await rejects(client.send(new UpdateLoginProfileCommand({ UserName: 'ivy', Password: 'short-A1' })), 'PasswordPolicyViolationException');
      assert.equal(weak.message, 'Password does not conform to the account password policy.');
      assert.equal(weak.status, 400);
      for (const password of ['no-numbers-HERE', 'n0-upper-here!', 'N0-LOWER-HERE!', 'N0symbolsHereAtAll']) {
        await rejects(client.send(new UpdateLoginProfileCommand({ UserName: 'ivy', Password: password })), 'PasswordPolicyViolationException');
      }
      await client.send(new UpdateLoginProfileCommand({ UserName: 'ivy', Password: 'Conforming-Pass-42' }));
      const updated = await t.server.store.db.selectFrom('iam_users').select('password_hash').where('id', '=', row.id).executeTakeFirstOrThrow();
      assert.equal(await verifyPassword('Conforming-Pass-42', updated.password_hash!), true);
      await client.send(new CreateUserCommand({ UserName: 'jack' }));
      await rejects(client.send(new CreateLoginProfileCommand({ UserName: 'jack', Password: 'weak' })), 'PasswordPolicyViolationException');
      await rejects(client.send(new GetLoginProfileCommand({ UserName: 'jack' })), 'NoSuchEntityException');

      await client.send(new DeleteLoginProfileCommand({ UserName: 'ivy' }));
      const none = await rejects(client.send(new GetLoginProfileCommand({ UserName: 'ivy' })), 'NoSuchEntityException');
      assert.equal(none.message, 'Login Profile for User ivy cannot be found.');
      await rejects(client.send(new DeleteLoginProfileCommand({ UserName: 'ivy' })), 'NoSuchEntityException');
      await rejects(client.send(new UpdateLoginProfileCommand({ UserName: 'ivy', PasswordResetRequired: true })), 'NoSuchEntityException');

      // root has no login profile of its own here: it must name the user
      const self = await rejects(client.send(new GetLoginProfileCommand({})), 'ValidationError');
      assert.equal(self.message, 'Must specify userName when calling with non-User credentials');
      await rejects(client.send(new CreateLoginProfileCommand({ UserName: 'jack' })), 'ValidationError');
    });
  });
}
