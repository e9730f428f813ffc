import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand, IdentitystoreClient, ListUsersCommand } from '@aws-sdk/client-identitystore';
import { ListAWSServiceAccessForOrganizationCommand } from '@aws-sdk/client-organizations';
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreateInstanceAccessControlAttributeConfigurationCommand,
  CreateInstanceCommand,
  CreatePermissionSetCommand,
  DeleteInstanceCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeInstanceAccessControlAttributeConfigurationCommand,
  DescribeInstanceCommand,
  ListPermissionSetsCommand,
} from '@aws-sdk/client-sso-admin';
import type { TableName } from '../../src/store/schema.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { createAccount, rejects } from '../organizations/support.js';
import { enabledOrganization } from './support.js';

// DeleteInstance deletes the instance and its data, as AWS does: permission sets, assignments and their requests,
// the AWSReservedSSO_ roles in the accounts, the identity store's users, groups and memberships, the access control
// attributes and the portal settings; the organization's trusted access for sso.amazonaws.com stays on.

for (const database of testDatabases) {
  describe(`sso-admin: DeleteInstance (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    const count = async (table: TableName, column: string, value: string): Promise<number> => {
      const row = await t.server.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string | number>().as('n'))
        .where(column as never, '=', value as never)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    };

    it('removes the permission sets, assignments, provisioned roles, directory and settings; trusted access stays', async () => {
      const org = await enabledOrganization(t, 'Doomed');
      const member = await createAccount(org.client, { AccountName: 'Workload' });
      const { IdentityStoreId } = await org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn }));
      const storeId = IdentityStoreId!;
      const ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: org.credentials, maxAttempts: 1 });
      const { UserId } = await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'ops', DisplayName: 'Ops', Name: { GivenName: 'O', FamilyName: 'Ps' } }));
      const { GroupId } = await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Operators' }));
      await ids.send(new CreateGroupMembershipCommand({ IdentityStoreId: storeId, GroupId: GroupId!, MemberId: { UserId: UserId! } }));
      const ps = (await org.sso.send(new CreatePermissionSetCommand({ InstanceArn: org.instanceArn, Name: 'Operator' }))).PermissionSet!.PermissionSetArn!;
      await org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      for (const [PrincipalType, PrincipalId] of [['USER', UserId!], ['GROUP', GroupId!]] as const) {
        const started = (
          await org.sso.send(new CreateAccountAssignmentCommand({ InstanceArn: org.instanceArn, TargetId: member, TargetType: 'AWS_ACCOUNT', PermissionSetArn: ps, PrincipalType, PrincipalId }))
        ).AccountAssignmentCreationStatus!;
        let status = started.Status;
        while (status === 'IN_PROGRESS') {
          await new Promise((resolve) => setTimeout(resolve, 20));
          status = (await org.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, AccountAssignmentCreationRequestId: started.RequestId! })))
            .AccountAssignmentCreationStatus!.Status;
        }
        assert.equal(status, 'SUCCEEDED');
      }
      await org.sso.send(
        new CreateInstanceAccessControlAttributeConfigurationCommand({
          InstanceArn: org.instanceArn,
          InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: [{ Key: 'Team', Value: { Source: ['${path:title}'] } }] },
        }),
      );
      const ssoRoles = () => t.server.store.db.selectFrom('roles').select('name').where('account_id', '=', member).where('path', '=', '/aws-reserved/sso.amazonaws.com/').execute();
      assert.equal((await ssoRoles()).length, 1);
      // an unrelated role in the same account is left alone
      await t.server.iam.createRole(t.server.store.db, { accountId: member, name: 'KeepMe', trustPolicy: { Version: '2012-10-17', Statement: [] }, attachedPolicyArns: [], inlinePolicies: {} });

      await org.sso.send(new DeleteInstanceCommand({ InstanceArn: org.instanceArn }));

      assert.deepEqual(await ssoRoles(), []);
      assert.ok(await t.server.iam.role(member, 'KeepMe'));
      for (const table of ['idstore_users', 'idstore_groups', 'idstore_memberships'] as const) assert.equal(await count(table, 'identity_store_id', storeId), 0, table);
      for (const table of ['sso_permission_sets', 'sso_account_assignments', 'sso_assignment_requests', 'sso_provisioned', 'sso_tags', 'sso_access_control_attributes', 'sso_portal_settings'] as const) {
        assert.equal(await count(table, 'instance_arn', org.instanceArn), 0, table);
      }
      await rejects(org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn })), 'ResourceNotFoundException');
      await rejects(ids.send(new ListUsersCommand({ IdentityStoreId: storeId })), 'ResourceNotFoundException');

      // AWS leaves the organization's trusted access on: turning it off is DisableAWSServiceAccess
      const access = await org.client.send(new ListAWSServiceAccessForOrganizationCommand({}));
      assert.ok(access.EnabledServicePrincipals!.some((p) => p.ServicePrincipal === 'sso.amazonaws.com'));

      // a new instance starts empty
      const again = (await org.sso.send(new CreateInstanceCommand({}))).InstanceArn!;
      assert.deepEqual((await org.sso.send(new ListPermissionSetsCommand({ InstanceArn: again }))).PermissionSets, []);
      await rejects(org.sso.send(new DescribeInstanceAccessControlAttributeConfigurationCommand({ InstanceArn: again })), 'ResourceNotFoundException');
      const newStore = (await org.sso.send(new DescribeInstanceCommand({ InstanceArn: again }))).IdentityStoreId!;
      assert.deepEqual((await ids.send(new ListUsersCommand({ IdentityStoreId: newStore }))).Users, []);
    });
  });
}
