import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateGroupCommand,
  CreateGroupMembershipCommand,
  CreateUserCommand,
  DeleteGroupCommand,
  DeleteGroupMembershipCommand,
  DeleteUserCommand,
  DescribeGroupCommand,
  DescribeGroupMembershipCommand,
  DescribeUserCommand,
  GetGroupIdCommand,
  GetGroupMembershipIdCommand,
  GetUserIdCommand,
  IsMemberInGroupsCommand,
  ListGroupMembershipsCommand,
  ListGroupMembershipsForMemberCommand,
  ListGroupsCommand,
  ListUsersCommand,
  UpdateGroupCommand,
  UpdateUserCommand,
  type CreateUserCommandInput,
  type IdentitystoreClient,
} from '@aws-sdk/client-identitystore';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { allPages, enableIdentityCenter, failsWith, unique, type Directory } from './support.js';

// The identity store through SDK v3 against a listening server: users with every attribute of the model, UpdateUser's
// AttributeOperations, groups, memberships, the alternate identifiers, filters, pagination, and AWS's errors with
// their fields (ResourceType/ResourceId, Reason), on SQLite and PostgreSQL.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

function userInput(storeId: string, userName: string, extra: Partial<CreateUserCommandInput> = {}): CreateUserCommandInput {
  return {
    IdentityStoreId: storeId,
    UserName: userName,
    DisplayName: `${userName} display`,
    Name: { GivenName: 'Given', FamilyName: 'Family' },
    ...extra,
  };
}

async function createUser(client: IdentitystoreClient, storeId: string, userName: string, extra: Partial<CreateUserCommandInput> = {}): Promise<string> {
  return (await client.send(new CreateUserCommand(userInput(storeId, userName, extra)))).UserId!;
}

async function createGroup(client: IdentitystoreClient, storeId: string, displayName: string): Promise<string> {
  return (await client.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: displayName }))).GroupId!;
}

for (const database of testDatabases) {
  describe(`identitystore (${database.name})`, () => {
    let t: TestServer;
    let d: Directory;
    let store: string;
    before(async () => {
      t = await startTestServer(database);
      d = await enableIdentityCenter(t);
      store = d.identityStoreId;
    });
    after(async () => t.close());

    it('CreateUser keeps every attribute of the model and DescribeUser returns them, extensions on request', async () => {
      const input = userInput(store, unique('jane'), {
        Name: { Formatted: 'Dr Jane Q Doe III', FamilyName: 'Doe', GivenName: 'Jane', MiddleName: 'Q', HonorificPrefix: 'Dr', HonorificSuffix: 'III' },
        DisplayName: 'Jane Doe',
        NickName: 'JD',
        ProfileUrl: 'https://example.com/jane',
        Emails: [{ Value: 'jane@example.com', Type: 'work', Primary: true }],
        Addresses: [{ StreetAddress: '1 Main St', Locality: 'Springfield', Region: 'IL', PostalCode: '62701', Country: 'US', Formatted: '1 Main St, Springfield', Type: 'work', Primary: true }],
        PhoneNumbers: [{ Value: '+1 555 0100', Type: 'work', Primary: true }],
        UserType: 'Employee',
        Title: 'Engineer',
        PreferredLanguage: 'en-US',
        Locale: 'en_US',
        Timezone: 'America/Chicago',
        Photos: [{ Value: 'https://example.com/jane.png', Type: 'photo', Display: 'Jane', Primary: true }],
        Website: 'https://jane.example.com',
        Birthdate: '1990-01-01',
        Roles: [{ Value: 'admin', Type: 'job', Primary: true }],
        Extensions: { 'aws:identitystore:enterprise': { employeeNumber: '42', department: 'Platform' } },
      });
      const created = await d.client.send(new CreateUserCommand(input));
      assert.equal(created.IdentityStoreId, store);
      assert.match(created.UserId!, UUID);

      const user = await d.client.send(new DescribeUserCommand({ IdentityStoreId: store, UserId: created.UserId! }));
      for (const key of ['UserName', 'Name', 'DisplayName', 'NickName', 'ProfileUrl', 'Emails', 'Addresses', 'PhoneNumbers', 'UserType', 'Title', 'PreferredLanguage', 'Locale', 'Timezone', 'Photos', 'Website', 'Birthdate', 'Roles'] as const) {
        assert.deepEqual(user[key], input[key], key);
      }
      assert.equal(user.UserStatus, 'ENABLED');
      assert.ok(user.CreatedAt instanceof Date && user.UpdatedAt instanceof Date);
      assert.equal(user.CreatedBy, `arn:aws:iam::${t.root.accountId}:root`);
      assert.equal(user.Extensions, undefined, 'extensions only when asked for');
      const withExt = await d.client.send(new DescribeUserCommand({ IdentityStoreId: store, UserId: created.UserId!, Extensions: ['aws:identitystore:enterprise'] }));
      assert.deepEqual(withExt.Extensions, input.Extensions);
    });

    it('CreateUser refuses what AWS refuses: missing required attributes, duplicate UserName in any case, bad extensions', async () => {
      await failsWith(d.client.send(new CreateUserCommand({ IdentityStoreId: store, DisplayName: 'x', Name: { GivenName: 'a', FamilyName: 'b' } })), 'ValidationException');
      const noName = await failsWith(d.client.send(new CreateUserCommand({ IdentityStoreId: store, UserName: unique('u') })), 'ValidationException');
      assert.match(String(noName['message']), /displayname: The attribute displayname is required/);
      await failsWith(
        d.client.send(new CreateUserCommand({ ...userInput(store, unique('u')), Name: { GivenName: 'only' } })),
        'ValidationException',
      );
      await failsWith(d.client.send(new CreateUserCommand({ ...userInput(store, unique('u')), Emails: [{ Value: 'a@x' }, { Value: 'b@x' }] })), 'ValidationException');
      await failsWith(
        d.client.send(new CreateUserCommand({ ...userInput(store, unique('u')), Extensions: { 'aws:identitystore:other': { a: 1 } } })),
        'ValidationException',
      );

      const name = unique('Casey');
      await createUser(d.client, store, name);
      await failsWith(d.client.send(new CreateUserCommand(userInput(store, name.toUpperCase()))), 'ConflictException', {
        Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
      });
    });

    it('UpdateUser applies AttributeOperations: set, set a name part, replace emails, remove, rename with uniqueness', async () => {
      const userId = await createUser(d.client, store, unique('upd'), { NickName: 'nick', Title: 'Old' });
      await d.client.send(
        new UpdateUserCommand({
          IdentityStoreId: store,
          UserId: userId,
          Operations: [
            { AttributePath: 'displayName', AttributeValue: 'New Display' },
            { AttributePath: 'name.givenName', AttributeValue: 'Newgiven' },
            { AttributePath: 'emails', AttributeValue: [{ value: 'new@example.com', type: 'work', primary: true }] },
            { AttributePath: 'nickName' },
            { AttributePath: 'title', AttributeValue: 'New' },
            { AttributePath: 'aws:identitystore:enterprise.costCenter', AttributeValue: 'cc-1' },
          ],
        }),
      );
      const user = await d.client.send(new DescribeUserCommand({ IdentityStoreId: store, UserId: userId, Extensions: ['aws:identitystore:enterprise'] }));
      assert.equal(user.DisplayName, 'New Display');
      assert.deepEqual(user.Name, { GivenName: 'Newgiven', FamilyName: 'Family' });
      assert.deepEqual(user.Emails, [{ Value: 'new@example.com', Type: 'work', Primary: true }]);
      assert.equal(user.NickName, undefined);
      assert.equal(user.Title, 'New');
      assert.deepEqual(user.Extensions, { 'aws:identitystore:enterprise': { costCenter: 'cc-1' } });
      assert.ok(user.UpdatedAt!.getTime() >= user.CreatedAt!.getTime());

      const op = (AttributePath: string, AttributeValue?: unknown) =>
        d.client.send(new UpdateUserCommand({ IdentityStoreId: store, UserId: userId, Operations: [{ AttributePath, AttributeValue: AttributeValue as never }] }));
      await failsWith(op('noSuchAttribute', 'x'), 'ValidationException');
      await failsWith(op('userName'), 'ValidationException', {});
      await failsWith(op('name.familyName'), 'ValidationException');
      await failsWith(op('displayName', 42), 'ValidationException');
      const taken = unique('taken');
      await createUser(d.client, store, taken);
      await failsWith(op('userName', taken.toUpperCase()), 'ConflictException', { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' });
      await op('userName', 'Renamed-' + taken);
      const found = await d.client.send(
        new GetUserIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'renamed-' + taken } } }),
      );
      assert.equal(found.UserId, userId);
      await failsWith(
        d.client.send(new UpdateUserCommand({ IdentityStoreId: store, UserId: MISSING_ID, Operations: [{ AttributePath: 'title', AttributeValue: 'x' }] })),
        'ResourceNotFoundException',
        { ResourceType: 'USER', ResourceId: MISSING_ID },
      );
    });

    it('GetUserId finds users by userName and emails.value (case-insensitively); ListUsers filters on UserName and pages', async () => {
      const prefix = unique('page');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push(await createUser(d.client, store, `${prefix}-${i}`, { Emails: [{ Value: `${prefix}-${i}@Example.com`, Primary: true }] }));

      const byName = (value: string, path = 'userName') =>
        d.client.send(new GetUserIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: { AttributePath: path, AttributeValue: value } } }));
      assert.equal((await byName(`${prefix}-3`.toUpperCase())).UserId, ids[3]);
      assert.equal((await byName(`${prefix}-2@example.COM`, 'emails.value')).UserId, ids[2]);
      await failsWith(byName('nobody-here'), 'ResourceNotFoundException', { ResourceType: 'USER' });
      await failsWith(byName('x', 'title'), 'ValidationException');
      await failsWith(
        d.client.send(new GetUserIdCommand({ IdentityStoreId: store, AlternateIdentifier: { ExternalId: { Issuer: 'scim', Id: 'x' } } })),
        'ResourceNotFoundException',
        { ResourceType: 'USER' },
      );

      const filtered = await d.client.send(new ListUsersCommand({ IdentityStoreId: store, Filters: [{ AttributePath: 'UserName', AttributeValue: `${prefix}-1`.toUpperCase() }] }));
      assert.deepEqual(filtered.Users!.map((u) => u.UserId), [ids[1]]);
      assert.equal(filtered.Users![0]!.Emails![0]!.Value, `${prefix}-1@Example.com`);
      await failsWith(d.client.send(new ListUsersCommand({ IdentityStoreId: store, Filters: [{ AttributePath: 'Title', AttributeValue: 'x' }] })), 'ValidationException');

      const all = await allPages(
        (token) => d.client.send(new ListUsersCommand({ IdentityStoreId: store, MaxResults: 2, NextToken: token })),
        (out) => out.Users,
      );
      const listed = all.items.map((u) => u.UserId!);
      assert.equal(new Set(listed).size, listed.length, 'no user twice');
      for (const id of ids) assert.ok(listed.includes(id));
      assert.equal(all.pages, Math.ceil(listed.length / 2), 'a full last page carries no NextToken');

      await failsWith(d.client.send(new ListUsersCommand({ IdentityStoreId: store, NextToken: 'bm9wZQ' })), 'ValidationException');
      const first = await d.client.send(new ListUsersCommand({ IdentityStoreId: store, MaxResults: 1 }));
      // a token is bound to its list: another filter refuses it
      await failsWith(
        d.client.send(new ListUsersCommand({ IdentityStoreId: store, NextToken: first.NextToken!, Filters: [{ AttributePath: 'UserName', AttributeValue: 'x' }] })),
        'ValidationException',
      );
    });

    it('groups: create, describe, unique DisplayName in any case, update, filter, GetGroupId, delete', async () => {
      const name = unique('Admins');
      const created = await d.client.send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: name, Description: 'The admins' }));
      assert.match(created.GroupId!, UUID);
      const group = await d.client.send(new DescribeGroupCommand({ IdentityStoreId: store, GroupId: created.GroupId! }));
      assert.equal(group.DisplayName, name);
      assert.equal(group.Description, 'The admins');
      assert.equal(group.IdentityStoreId, store);
      await failsWith(d.client.send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: name.toLowerCase() })), 'ConflictException', {
        Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION',
      });
      await failsWith(d.client.send(new CreateGroupCommand({ IdentityStoreId: store })), 'ValidationException');

      const other = await createGroup(d.client, store, unique('Readers'));
      await failsWith(
        d.client.send(new UpdateGroupCommand({ IdentityStoreId: store, GroupId: other, Operations: [{ AttributePath: 'displayName', AttributeValue: name.toUpperCase() }] })),
        'ConflictException',
        { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' },
      );
      const renamed = unique('Renamed');
      await d.client.send(
        new UpdateGroupCommand({
          IdentityStoreId: store,
          GroupId: other,
          Operations: [
            { AttributePath: 'displayName', AttributeValue: renamed },
            { AttributePath: 'description', AttributeValue: 'now described' },
          ],
        }),
      );
      assert.equal((await d.client.send(new DescribeGroupCommand({ IdentityStoreId: store, GroupId: other }))).DisplayName, renamed);
      await d.client.send(new UpdateGroupCommand({ IdentityStoreId: store, GroupId: other, Operations: [{ AttributePath: 'description' }] }));
      assert.equal((await d.client.send(new DescribeGroupCommand({ IdentityStoreId: store, GroupId: other }))).Description, undefined);
      await failsWith(
        d.client.send(new UpdateGroupCommand({ IdentityStoreId: store, GroupId: other, Operations: [{ AttributePath: 'members', AttributeValue: 'x' }] })),
        'ValidationException',
      );

      const filtered = await d.client.send(new ListGroupsCommand({ IdentityStoreId: store, Filters: [{ AttributePath: 'DisplayName', AttributeValue: renamed }] }));
      assert.deepEqual(filtered.Groups!.map((g) => g.GroupId), [other]);
      const paged = await allPages(
        (token) => d.client.send(new ListGroupsCommand({ IdentityStoreId: store, MaxResults: 1, NextToken: token })),
        (out) => out.Groups,
      );
      assert.ok(paged.items.some((g) => g.GroupId === created.GroupId) && paged.items.some((g) => g.GroupId === other));
      await failsWith(d.client.send(new ListGroupsCommand({ IdentityStoreId: store, NextToken: 'bogus' })), 'ValidationException');

      const byName = await d.client.send(
        new GetGroupIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: name } } }),
      );
      assert.equal(byName.GroupId, created.GroupId);
      await failsWith(
        d.client.send(new GetGroupIdCommand({ IdentityStoreId: store, AlternateIdentifier: { UniqueAttribute: { AttributePath: 'displayName', AttributeValue: 'nope' } } })),
        'ResourceNotFoundException',
        { ResourceType: 'GROUP' },
      );

      await d.client.send(new DeleteGroupCommand({ IdentityStoreId: store, GroupId: created.GroupId! }));
      await failsWith(d.client.send(new DescribeGroupCommand({ IdentityStoreId: store, GroupId: created.GroupId! })), 'ResourceNotFoundException', {
        ResourceType: 'GROUP',
        ResourceId: created.GroupId,
      });
      await failsWith(d.client.send(new DeleteGroupCommand({ IdentityStoreId: store, GroupId: created.GroupId! })), 'ResourceNotFoundException', {
        ResourceType: 'GROUP',
      });
      // the name is free again
      await createGroup(d.client, store, name);
    });

    it('memberships: unique per group and member, described, listed both ways, checked, and gone with their user or group', async () => {
      const groupA = await createGroup(d.client, store, unique('A'));
      const groupB = await createGroup(d.client, store, unique('B'));
      const groupC = await createGroup(d.client, store, unique('C'));
      const alice = await createUser(d.client, store, unique('alice'));
      const bob = await createUser(d.client, store, unique('bob'));
      const add = (GroupId: string, UserId: string) => d.client.send(new CreateGroupMembershipCommand({ IdentityStoreId: store, GroupId, MemberId: { UserId } }));

      const m1 = (await add(groupA, alice)).MembershipId!;
      assert.match(m1, UUID);
      await failsWith(add(groupA, alice), 'ConflictException', { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' });
      await failsWith(add(groupA, MISSING_ID), 'ResourceNotFoundException', { ResourceType: 'USER', ResourceId: MISSING_ID });
      await failsWith(add(MISSING_ID, alice), 'ResourceNotFoundException', { ResourceType: 'GROUP', ResourceId: MISSING_ID });
      const m2 = (await add(groupB, alice)).MembershipId!;
      await add(groupA, bob);

      const described = await d.client.send(new DescribeGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m1 }));
      assert.deepEqual([described.GroupId, described.MemberId, described.IdentityStoreId], [groupA, { UserId: alice }, store]);
      assert.ok(described.CreatedAt instanceof Date);

      const id = await d.client.send(new GetGroupMembershipIdCommand({ IdentityStoreId: store, GroupId: groupB, MemberId: { UserId: alice } }));
      assert.equal(id.MembershipId, m2);
      await failsWith(
        d.client.send(new GetGroupMembershipIdCommand({ IdentityStoreId: store, GroupId: groupB, MemberId: { UserId: bob } })),
        'ResourceNotFoundException',
        { ResourceType: 'GROUP_MEMBERSHIP' },
      );

      const ofA = await allPages(
        (token) => d.client.send(new ListGroupMembershipsCommand({ IdentityStoreId: store, GroupId: groupA, MaxResults: 1, NextToken: token })),
        (out) => out.GroupMemberships,
      );
      assert.deepEqual(ofA.items.map((m) => m.MemberId!.UserId).sort(), [alice, bob].sort());
      assert.equal(ofA.pages, 2);
      const ofAlice = await d.client.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: store, MemberId: { UserId: alice } }));
      assert.deepEqual(ofAlice.GroupMemberships!.map((m) => m.GroupId).sort(), [groupA, groupB].sort());
      await failsWith(
        d.client.send(new ListGroupMembershipsCommand({ IdentityStoreId: store, GroupId: groupA, NextToken: ofAlice.NextToken ?? 'bm9wZQ' })),
        'ValidationException',
      );
      await failsWith(d.client.send(new ListGroupMembershipsCommand({ IdentityStoreId: store, GroupId: MISSING_ID })), 'ResourceNotFoundException', {
        ResourceType: 'GROUP',
      });

      const check = await d.client.send(new IsMemberInGroupsCommand({ IdentityStoreId: store, MemberId: { UserId: alice }, GroupIds: [groupC, groupA, groupB] }));
      assert.deepEqual(
        check.Results!.map((r) => [r.GroupId, r.MemberId?.UserId, r.MembershipExists]),
        [
          [groupC, alice, false],
          [groupA, alice, true],
          [groupB, alice, true],
        ],
      );

      await d.client.send(new DeleteGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m2 }));
      await failsWith(d.client.send(new DescribeGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m2 })), 'ResourceNotFoundException', {
        ResourceType: 'GROUP_MEMBERSHIP',
        ResourceId: m2,
      });
      await failsWith(d.client.send(new DeleteGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m2 })), 'ResourceNotFoundException', {
        ResourceType: 'GROUP_MEMBERSHIP',
      });

      // deleting a user removes its memberships; deleting a group removes its memberships
      await d.client.send(new DeleteUserCommand({ IdentityStoreId: store, UserId: alice }));
      await failsWith(d.client.send(new DescribeGroupMembershipCommand({ IdentityStoreId: store, MembershipId: m1 })), 'ResourceNotFoundException');
      await failsWith(d.client.send(new DescribeUserCommand({ IdentityStoreId: store, UserId: alice })), 'ResourceNotFoundException', {
        ResourceType: 'USER',
        ResourceId: alice,
      });
      await failsWith(d.client.send(new DeleteUserCommand({ IdentityStoreId: store, UserId: alice })), 'ResourceNotFoundException', { ResourceType: 'USER' });
      await d.client.send(new DeleteGroupCommand({ IdentityStoreId: store, GroupId: groupA }));
      const ofBob = await d.client.send(new ListGroupMembershipsForMemberCommand({ IdentityStoreId: store, MemberId: { UserId: bob } }));
      assert.deepEqual(ofBob.GroupMemberships, []);
    });

    it('the store must exist and belong to the caller', async () => {
      await failsWith(d.client.send(new ListUsersCommand({ IdentityStoreId: 'd-0000000000' })), 'ResourceNotFoundException', {
        ResourceType: 'IDENTITY_STORE',
        ResourceId: 'd-0000000000',
      });
      await failsWith(d.outsider.send(new ListUsersCommand({ IdentityStoreId: store })), 'AccessDeniedException');
      await failsWith(d.outsider.send(new CreateGroupCommand({ IdentityStoreId: store, DisplayName: unique('x') })), 'AccessDeniedException');
      await failsWith(d.client.send(new ListUsersCommand({ IdentityStoreId: 'not-a-store' })), 'ValidationException');
    });
  });
}
