// What the authorize step asks the policy engine about identitystore calls whose resource is found by a lookup:
// GetUserId / GetGroupId by unique attribute, GetGroupMembershipId by group and member, memberships by id; and that
// every resolver name is answered (PrimaryRegion aside: stores are not regional here).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import { DescribeInstanceCommand } from '@aws-sdk/client-sso-admin';
import type { Principal } from '../../src/aws/auth/principal.js';
import { resolverNames } from '../../src/services/identitystore/authz.js';
import { enabledOrganization } from '../sso-admin/support.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { assertEveryNameAnswered, principalOf, probe, type AuthzProbe } from './recording.js';

for (const database of testDatabases) {
  describe(`authz resolver: identitystore (${database.name})`, () => {
    let t: TestServer;
    let authz: AuthzProbe;
    let management: Principal;
    let storeId: string;
    let userId: string;
    let groupId: string;
    let membershipId: string;

    before(async () => {
      t = await startTestServer(database);
      authz = probe(t, 'identitystore');
      const org = await enabledOrganization(t, 'Directory');
      management = await principalOf(t, org.credentials.accessKeyId);
      storeId = (await org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn }))).IdentityStoreId!;
      const ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: org.credentials, maxAttempts: 1 });
      userId = (await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'carol', DisplayName: 'Carol', Name: { GivenName: 'Carol', FamilyName: 'Example' } }))).UserId!;
      groupId = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Admins' }))).GroupId!;
      membershipId = (await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: groupId, MemberId: { UserId: userId } }))).MembershipId!;
    });
    after(async () => t.close());

    const byName = (path: string, value: string) => ({ UniqueAttribute: { AttributePath: path, AttributeValue: value } });

    it('GetUserId and GetGroupId: the user or group the unique attribute finds; nothing found authorizes against *', async () => {
      const user = await authz.request('GetUserId', { IdentityStoreId: storeId, AlternateIdentifier: byName('UserName', 'carol') }, management);
      assert.ok(user.resources.includes(`arn:aws:identitystore:::user/${userId}`), JSON.stringify(user.resources));
      const group = await authz.request('GetGroupId', { IdentityStoreId: storeId, AlternateIdentifier: byName('DisplayName', 'Admins') }, management);
      assert.ok(group.resources.includes(`arn:aws:identitystore:::group/${groupId}`), JSON.stringify(group.resources));
      const nobody = await authz.request('GetUserId', { IdentityStoreId: storeId, AlternateIdentifier: byName('UserName', 'nobody') }, management);
      assert.ok(nobody.resources.includes('*'));
    });

    it('GetGroupMembershipId: the membership of that member in that group', async () => {
      const request = await authz.request('GetGroupMembershipId', { IdentityStoreId: storeId, GroupId: groupId, MemberId: { UserId: userId } }, management);
      assert.ok(request.resources.includes(`arn:aws:identitystore:::membership/${membershipId}`), JSON.stringify(request.resources));
    });

    it('answers every name it lists', async () => {
      const service = t.server.services.find((s) => s.id === 'identitystore')!;
      await assertEveryNameAnswered(
        service,
        resolverNames,
        management,
        {
          IdentityStoreAccountId: { IdentityStoreId: storeId },
          MembershipGroupId: { IdentityStoreId: storeId, MembershipId: membershipId },
          MembershipUserId: { IdentityStoreId: storeId, MembershipId: membershipId },
          AlternateUserId: { IdentityStoreId: storeId, AlternateIdentifier: byName('UserName', 'carol') },
          AlternateGroupId: { IdentityStoreId: storeId, AlternateIdentifier: byName('DisplayName', 'Admins') },
          MemberMembershipId: { IdentityStoreId: storeId, GroupId: groupId, MemberId: { UserId: userId } },
        },
        { PrimaryRegion: 'identity stores are not regional in gatehouse' },
      );
    });
  });
}
