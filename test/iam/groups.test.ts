import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AddUserToGroupCommand,
  CreateGroupCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteUserCommand,
  GetAccountSummaryCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  ListGroupPoliciesCommand,
  ListGroupsCommand,
  ListGroupsForUserCommand,
  PutGroupPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateGroupCommand,
} from '@aws-sdk/client-iam';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone } from '../organizations/support.js';
import { iam, identityPolicy } from './support.js';

// IAM groups through SDK v3 against a listening server, on SQLite and PostgreSQL: groups, members (paged both
// ways), renames, inline policies, the deletion rules, quotas and account isolation.

for (const database of testDatabases) {
  describe(`iam: groups (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('CreateGroup / GetGroup / ListGroups (PathPrefix, paging) / UpdateGroup, in the caller account only', async () => {
      const a = await standalone(t, 'IamGroups');
      const other = await standalone(t, 'IamGroupsOther');
      const client = iam(t.url, a.credentials);
      const created = (await client.send(new CreateGroupCommand({ GroupName: 'Admins', Path: '/ops/' }))).Group!;
      assert.equal(created.GroupName, 'Admins');
      assert.equal(created.Path, '/ops/');
      assert.match(created.GroupId!, /^AGPA[A-Z2-7]{17}$/);
      assert.equal(created.Arn, `arn:aws:iam::${a.accountId}:group/ops/Admins`);
      const exists = await rejects(client.send(new CreateGroupCommand({ GroupName: 'admins' })), 'EntityAlreadyExistsException');
      assert.equal(exists.message, 'Group with name admins already exists.');

      const got = await client.send(new GetGroupCommand({ GroupName: 'ADMINS' }));
      assert.deepEqual(got.Group, created);
      assert.deepEqual([got.Users, got.IsTruncated], [[], false]);
      const missing = await rejects(client.send(new GetGroupCommand({ GroupName: 'Nope' })), 'NoSuchEntityException');
      assert.equal(missing.message, 'The group with name Nope cannot be found.');

      for (const name of ['devs', 'Billing', 'auditors']) await client.send(new CreateGroupCommand({ GroupName: name }));
      await iam(t.url, other.credentials).send(new CreateGroupCommand({ GroupName: 'Theirs' }));
      const all = await client.send(new ListGroupsCommand({}));
      assert.deepEqual(all.Groups!.map((g) => g.GroupName), ['Admins', 'auditors', 'Billing', 'devs']);
      const first = await client.send(new ListGroupsCommand({ MaxItems: 3 }));
      assert.deepEqual([first.Groups!.length, first.IsTruncated], [3, true]);
      const rest = await client.send(new ListGroupsCommand({ MaxItems: 3, Marker: first.Marker! }));
      assert.deepEqual([rest.Groups!.map((g) => g.GroupName), rest.IsTruncated], [['devs'], false]);
      assert.deepEqual((await client.send(new ListGroupsCommand({ PathPrefix: '/ops/' }))).Groups!.map((g) => g.GroupName), ['Admins']);
      await rejects(client.send(new GetGroupCommand({ GroupName: 'Theirs' })), 'NoSuchEntityException');
      await rejects(client.send(new DeleteGroupCommand({ GroupName: 'Theirs' })), 'NoSuchEntityException');

      await client.send(new UpdateGroupCommand({ GroupName: 'devs', NewGroupName: 'Developers', NewPath: '/eng/' }));
      const renamed = (await client.send(new GetGroupCommand({ GroupName: 'developers' }))).Group!;
      assert.deepEqual([renamed.GroupName, renamed.Path, renamed.Arn], ['Developers', '/eng/', `arn:aws:iam::${a.accountId}:group/eng/Developers`]);
      await rejects(client.send(new GetGroupCommand({ GroupName: 'devs' })), 'NoSuchEntityException');
      const taken = await rejects(client.send(new UpdateGroupCommand({ GroupName: 'Developers', NewGroupName: 'BILLING' })), 'EntityAlreadyExistsException');
      assert.equal(taken.message, 'Group with name BILLING already exists.');
      await rejects(client.send(new UpdateGroupCommand({ GroupName: 'nope', NewPath: '/x/' })), 'NoSuchEntityException');
      assert.equal((await client.send(new GetAccountSummaryCommand({}))).SummaryMap!['Groups'], 4);
    });

    it('members: AddUserToGroup (idempotent), GetGroup and ListGroupsForUser page, RemoveUserFromGroup, renames keep them', async () => {
      const a = await standalone(t, 'IamGroupMembers');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateGroupCommand({ GroupName: 'team' }));
      await client.send(new CreateGroupCommand({ GroupName: 'alpha-team' }));
      for (const name of ['uma', 'Tom', 'vic']) {
        await client.send(new CreateUserCommand({ UserName: name }));
        await client.send(new AddUserToGroupCommand({ GroupName: 'team', UserName: name }));
      }
      await client.send(new AddUserToGroupCommand({ GroupName: 'TEAM', UserName: 'UMA' }));
      await client.send(new AddUserToGroupCommand({ GroupName: 'alpha-team', UserName: 'uma' }));

      const all = await client.send(new GetGroupCommand({ GroupName: 'team' }));
      assert.deepEqual(all.Users!.map((u) => u.UserName), ['Tom', 'uma', 'vic']);
      assert.equal(all.Users![0]!.Arn, `arn:aws:iam::${a.accountId}:user/Tom`);
      const first = await client.send(new GetGroupCommand({ GroupName: 'team', MaxItems: 2 }));
      assert.deepEqual([first.Users!.map((u) => u.UserName), first.IsTruncated], [['Tom', 'uma'], true]);
      const second = await client.send(new GetGroupCommand({ GroupName: 'team', MaxItems: 2, Marker: first.Marker! }));
      assert.deepEqual([second.Users!.map((u) => u.UserName), second.IsTruncated, second.Group!.GroupName], [['vic'], false, 'team']);

      const groups = await client.send(new ListGroupsForUserCommand({ UserName: 'uma' }));
      assert.deepEqual(groups.Groups!.map((g) => g.GroupName), ['alpha-team', 'team']);
      const one = await client.send(new ListGroupsForUserCommand({ UserName: 'uma', MaxItems: 1 }));
      const two = await client.send(new ListGroupsForUserCommand({ UserName: 'uma', MaxItems: 1, Marker: one.Marker! }));
      assert.deepEqual([one.Groups!.map((g) => g.GroupName), two.Groups!.map((g) => g.GroupName), two.IsTruncated], [['alpha-team'], ['team'], false]);

      await client.send(new UpdateGroupCommand({ GroupName: 'team', NewGroupName: 'zteam' }));
      assert.equal((await client.send(new GetGroupCommand({ GroupName: 'zteam' }))).Users!.length, 3);

      await client.send(new RemoveUserFromGroupCommand({ GroupName: 'zteam', UserName: 'tom' }));
      // removing a user that is not a member succeeds, as in IAM
      await client.send(new RemoveUserFromGroupCommand({ GroupName: 'zteam', UserName: 'tom' }));
      assert.deepEqual((await client.send(new GetGroupCommand({ GroupName: 'zteam' }))).Users!.map((u) => u.UserName), ['uma', 'vic']);
      assert.deepEqual((await client.send(new ListGroupsForUserCommand({ UserName: 'Tom' }))).Groups, []);

      await rejects(client.send(new AddUserToGroupCommand({ GroupName: 'nope', UserName: 'uma' })), 'NoSuchEntityException');
      const noUser = await rejects(client.send(new AddUserToGroupCommand({ GroupName: 'zteam', UserName: 'nobody' })), 'NoSuchEntityException');
      assert.equal(noUser.message, 'The user with name nobody cannot be found.');
      await rejects(client.send(new RemoveUserFromGroupCommand({ GroupName: 'zteam', UserName: 'nobody' })), 'NoSuchEntityException');
      await rejects(client.send(new ListGroupsForUserCommand({ UserName: 'nobody' })), 'NoSuchEntityException');

      // a member cannot be deleted; the group cannot be deleted while it has members
      const userConflict = await rejects(client.send(new DeleteUserCommand({ UserName: 'vic' })), 'DeleteConflictException');
      assert.equal(userConflict.message, 'Cannot delete entity, must remove users from group first.');
      const groupConflict = await rejects(client.send(new DeleteGroupCommand({ GroupName: 'zteam' })), 'DeleteConflictException');
      assert.equal(groupConflict.message, 'Cannot delete entity, must remove users from group first.');
    });

    it('a user is in 10 groups at most', async () => {
      const a = await standalone(t, 'IamGroupsPerUser');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateUserCommand({ UserName: 'busy' }));
      for (let i = 0; i < 11; i++) await client.send(new CreateGroupCommand({ GroupName: `g${i}` }));
      for (let i = 0; i < 10; i++) await client.send(new AddUserToGroupCommand({ GroupName: `g${i}`, UserName: 'busy' }));
      // adding again to a group it is in is not one more
      await client.send(new AddUserToGroupCommand({ GroupName: 'g0', UserName: 'busy' }));
      const over = await rejects(client.send(new AddUserToGroupCommand({ GroupName: 'g10', UserName: 'busy' })), 'LimitExceededException');
      assert.equal(over.message, 'Cannot exceed quota for GroupsPerUser: 10');
    });

    it('inline policies (5120 aggregate) and DeleteGroup refusing while policies remain', async () => {
      const a = await standalone(t, 'IamGroupPolicies');
      const client = iam(t.url, a.credentials);
      const group = (await client.send(new CreateGroupCommand({ GroupName: 'readers' }))).Group!;
      const doc = identityPolicy('s3:GetObject', 'arn:aws:s3:::bucket/*');
      await client.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read', PolicyDocument: JSON.stringify(doc) }));
      const got = await client.send(new GetGroupPolicyCommand({ GroupName: 'READERS', PolicyName: 'read' }));
      assert.deepEqual([got.GroupName, got.PolicyName, got.PolicyDocument], ['readers', 'read', encodeURIComponent(JSON.stringify(doc))]);
      assert.deepEqual((await client.send(new ListGroupPoliciesCommand({ GroupName: 'readers' }))).PolicyNames, ['read']);

      const big = (n: number) => JSON.stringify(identityPolicy('s3:GetObject', `arn:aws:s3:::${'x'.repeat(n)}`));
      const fits = 5120 - JSON.stringify(doc).length - big(0).length;
      await client.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'big', PolicyDocument: big(fits) }));
      const over = await rejects(client.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'big', PolicyDocument: big(fits + 1) })), 'LimitExceededException');
      assert.equal(over.message, 'Maximum policy size of 5120 bytes exceeded for group readers');
      await rejects(client.send(new PutGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'p', PolicyDocument: 'not json' })), 'MalformedPolicyDocumentException');

      const conflict = await rejects(client.send(new DeleteGroupCommand({ GroupName: 'readers' })), 'DeleteConflictException');
      assert.equal(conflict.message, 'Cannot delete entity, must delete policies first.');
      await client.send(new DeleteGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read' }));
      await client.send(new DeleteGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'big' }));
      const gone = await rejects(client.send(new GetGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read' })), 'NoSuchEntityException');
      assert.equal(gone.message, 'The group policy with name read cannot be found.');
      await rejects(client.send(new DeleteGroupPolicyCommand({ GroupName: 'readers', PolicyName: 'read' })), 'NoSuchEntityException');

      // AttachGroupPolicy is the policies part's: an attachment row stands for it here
      await t.server.store.db.insertInto('iam_group_attached_policies').values({ group_id: group.GroupId!, policy_arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess', attached_at: 0 }).execute();
      const attached = await rejects(client.send(new DeleteGroupCommand({ GroupName: 'readers' })), 'DeleteConflictException');
      assert.equal(attached.message, 'Cannot delete entity, must detach all policies first.');
      await t.server.store.db.deleteFrom('iam_group_attached_policies').where('group_id', '=', group.GroupId!).execute();

      await client.send(new DeleteGroupCommand({ GroupName: 'Readers' }));
      await rejects(client.send(new GetGroupCommand({ GroupName: 'readers' })), 'NoSuchEntityException');
      await rejects(client.send(new ListGroupPoliciesCommand({ GroupName: 'readers' })), 'NoSuchEntityException');
    });
  });
}
