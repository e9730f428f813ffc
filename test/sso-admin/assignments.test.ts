import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateGroupCommand, CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DeletePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeInstanceCommand,
  DescribePermissionSetProvisioningStatusCommand,
  ListAccountAssignmentCreationStatusCommand,
  ListAccountAssignmentDeletionStatusCommand,
  ListAccountAssignmentsCommand,
  ListAccountAssignmentsForPrincipalCommand,
  ListAccountsForProvisionedPermissionSetCommand,
  ListPermissionSetProvisioningStatusCommand,
  ListPermissionSetsProvisionedToAccountCommand,
  ProvisionPermissionSetCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  UpdatePermissionSetCommand,
  type AccountAssignmentOperationStatus,
  type PermissionSetProvisioningStatus,
  type SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { allPages, createAccount, rejects, standalone } from '../organizations/support.js';
import { enabledOrganization, poll, type Enabled } from './support.js';

// Account assignments and provisioning: the asynchronous requests and their statuses, the lists, the IAM role each
// permission set becomes in an account (name, path, trust, policies, boundary, session), re-provisioning after a
// change, the role's removal with the last assignment, and a customer managed policy missing in the account.

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const BOUNDARY = 'arn:aws:iam::aws:policy/PowerUserAccess';
const INLINE = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 's3:DeleteBucket', Resource: '*' }] });

for (const database of testDatabases) {
  describe(`sso-admin: account assignments and provisioning (${database.name})`, () => {
    let t: TestServer;
    let org: Enabled;
    let member: string;
    let ids: IdentitystoreClient;
    let storeId: string;
    let alice: string;
    let admins: string;
    before(async () => {
      t = await startTestServer(database);
      org = await enabledOrganization(t, 'Assignments');
      member = await createAccount(org.client, { AccountName: 'Development' });
      storeId = (await org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn }))).IdentityStoreId!;
      ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: org.credentials, maxAttempts: 1 });
      alice = (await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'alice', DisplayName: 'Alice', Name: { GivenName: 'Alice', FamilyName: 'Example' } }))).UserId!;
      admins = (await ids.send(new CreateGroupCommand({ IdentityStoreId: storeId, DisplayName: 'Admin' }))).GroupId!;
    });
    after(async () => t.close());

    const createSet = async (sso: SSOAdminClient, name: string, extra: { SessionDuration?: string } = {}) =>
      (await sso.send(new CreatePermissionSetCommand({ InstanceArn: org.instanceArn, Name: name, ...extra }))).PermissionSet!.PermissionSetArn!;
    const assign = async (PermissionSetArn: string, PrincipalType: 'USER' | 'GROUP', PrincipalId: string, TargetId = member): Promise<AccountAssignmentOperationStatus> => {
      const out = await org.sso.send(new CreateAccountAssignmentCommand({ InstanceArn: org.instanceArn, TargetId, TargetType: 'AWS_ACCOUNT', PermissionSetArn, PrincipalType, PrincipalId }));
      const started = out.AccountAssignmentCreationStatus!;
      assert.equal(started.Status, 'IN_PROGRESS');
      return poll(async () => (await org.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, AccountAssignmentCreationRequestId: started.RequestId! }))).AccountAssignmentCreationStatus!);
    };
    const unassign = async (PermissionSetArn: string, PrincipalType: 'USER' | 'GROUP', PrincipalId: string): Promise<AccountAssignmentOperationStatus> => {
      const out = await org.sso.send(new DeleteAccountAssignmentCommand({ InstanceArn: org.instanceArn, TargetId: member, TargetType: 'AWS_ACCOUNT', PermissionSetArn, PrincipalType, PrincipalId }));
      const started = out.AccountAssignmentDeletionStatus!;
      return poll(async () => (await org.sso.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: org.instanceArn, AccountAssignmentDeletionRequestId: started.RequestId! }))).AccountAssignmentDeletionStatus!);
    };
    const provision = async (PermissionSetArn: string, target: { TargetType: 'AWS_ACCOUNT'; TargetId: string } | { TargetType: 'ALL_PROVISIONED_ACCOUNTS' }): Promise<PermissionSetProvisioningStatus> => {
      const out = await org.sso.send(new ProvisionPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn, ...target }));
      const started = out.PermissionSetProvisioningStatus!;
      return poll(async () => (await org.sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: org.instanceArn, ProvisionPermissionSetRequestId: started.RequestId! }))).PermissionSetProvisioningStatus!);
    };
    const ssoRoles = async (accountId: string) =>
      t.server.store.db.selectFrom('roles').select('name').where('account_id', '=', accountId).where('path', '=', '/aws-reserved/sso.amazonaws.com/').orderBy('name').execute();
    const provisionedTo = async (accountId: string, ProvisioningStatus?: 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED') =>
      (await org.sso.send(new ListPermissionSetsProvisionedToAccountCommand({ InstanceArn: org.instanceArn, AccountId: accountId, ProvisioningStatus }))).PermissionSets ?? [];
    const accountsWith = async (PermissionSetArn: string, ProvisioningStatus?: 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED') =>
      (await org.sso.send(new ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn, ProvisioningStatus }))).AccountIds ?? [];

    it('the first assignment provisions the role, later ones share it, the last one removes it', async () => {
      const ps = await createSet(org.sso, 'Developer', { SessionDuration: 'PT4H' });
      await org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, ManagedPolicyArn: READ_ONLY }));
      await org.sso.send(new PutInlinePolicyToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, InlinePolicy: INLINE }));
      await org.sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, PermissionsBoundary: { ManagedPolicyArn: BOUNDARY } }));

      const created = await assign(ps, 'USER', alice);
      assert.equal(created.Status, 'SUCCEEDED', created.FailureReason);
      assert.equal(created.TargetId, member);
      assert.equal(created.TargetType, 'AWS_ACCOUNT');
      assert.equal(created.PrincipalId, alice);
      assert.ok(created.CreatedDate instanceof Date);

      const roles = await ssoRoles(member);
      assert.equal(roles.length, 1);
      const name = roles[0]!.name;
      assert.match(name, /^AWSReservedSSO_Developer_[0-9a-f]{16}$/);
      const role = (await t.server.iam.role(member, name))!;
      assert.equal(role.path, '/aws-reserved/sso.amazonaws.com/');
      assert.equal(role.arn, `arn:aws:iam::${member}:role/aws-reserved/sso.amazonaws.com/${name}`);
      assert.equal(role.maxSessionDuration, 4 * 3600);
      assert.deepEqual(role.attachedPolicyArns, [READ_ONLY]);
      assert.deepEqual(JSON.parse(role.inlinePolicies['AwsSSOInlinePolicy']!), JSON.parse(INLINE));
      assert.equal(role.permissionsBoundary, BOUNDARY);
      const trust = JSON.parse(role.trustPolicy) as { Statement: { Effect: string; Principal: { Federated: string }; Action: string[] }[] };
      const statement = trust.Statement[0]!;
      assert.equal(statement.Effect, 'Allow');
      assert.match(statement.Principal.Federated, new RegExp(`^arn:aws:iam::${member}:saml-provider/AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$`));
      assert.deepEqual(statement.Action, ['sts:AssumeRoleWithSAML', 'sts:TagSession']);

      // a second principal on the same permission set and account: the same role
      assert.equal((await assign(ps, 'GROUP', admins)).Status, 'SUCCEEDED');
      assert.deepEqual(await ssoRoles(member), roles);

      const onAccount = await org.sso.send(new ListAccountAssignmentsCommand({ InstanceArn: org.instanceArn, AccountId: member, PermissionSetArn: ps }));
      assert.deepEqual(
        onAccount.AccountAssignments!.map((a) => [a.PrincipalType, a.PrincipalId, a.AccountId, a.PermissionSetArn]).sort(),
        [['GROUP', admins, member, ps], ['USER', alice, member, ps]],
      );
      const paged = await allPages(
        (NextToken) => org.sso.send(new ListAccountAssignmentsCommand({ InstanceArn: org.instanceArn, AccountId: member, PermissionSetArn: ps, MaxResults: 1, NextToken })),
        (o) => o.AccountAssignments,
      );
      assert.equal(paged.items.length, 2);
      assert.equal(paged.pages, 2);
      const forAlice = await org.sso.send(new ListAccountAssignmentsForPrincipalCommand({ InstanceArn: org.instanceArn, PrincipalType: 'USER', PrincipalId: alice, Filter: { AccountId: member } }));
      assert.deepEqual(forAlice.AccountAssignments!.map((a) => a.PermissionSetArn), [ps]);
      const elsewhere = await org.sso.send(new ListAccountAssignmentsForPrincipalCommand({ InstanceArn: org.instanceArn, PrincipalType: 'USER', PrincipalId: alice, Filter: { AccountId: org.accountId } }));
      assert.deepEqual(elsewhere.AccountAssignments, []);
      assert.deepEqual(await provisionedTo(member), [ps]);
      assert.deepEqual(await accountsWith(ps), [member]);

      await rejects(org.sso.send(new DeletePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps })), 'ConflictException');

      // change the permission set: the account has an older version until ProvisionPermissionSet
      await org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, ManagedPolicyArn: ADMIN }));
      await org.sso.send(new UpdatePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, SessionDuration: 'PT8H' }));
      assert.deepEqual(await accountsWith(ps, 'LATEST_PERMISSION_SET_NOT_PROVISIONED'), [member]);
      assert.deepEqual(await provisionedTo(member, 'LATEST_PERMISSION_SET_PROVISIONED'), []);
      const reprovisioned = await provision(ps, { TargetType: 'ALL_PROVISIONED_ACCOUNTS' });
      assert.equal(reprovisioned.Status, 'SUCCEEDED', reprovisioned.FailureReason);
      assert.equal(reprovisioned.PermissionSetArn, ps);
      const updated = (await t.server.iam.role(member, name))!;
      assert.deepEqual(updated.attachedPolicyArns, [ADMIN, READ_ONLY]);
      assert.equal(updated.maxSessionDuration, 8 * 3600);
      assert.deepEqual(await accountsWith(ps, 'LATEST_PERMISSION_SET_PROVISIONED'), [member]);
      assert.deepEqual(await accountsWith(ps, 'LATEST_PERMISSION_SET_NOT_PROVISIONED'), []);

      const one = await provision(ps, { TargetType: 'AWS_ACCOUNT', TargetId: member });
      assert.equal(one.Status, 'SUCCEEDED');
      assert.equal(one.AccountId, member);
      const statuses = await org.sso.send(new ListPermissionSetProvisioningStatusCommand({ InstanceArn: org.instanceArn, Filter: { Status: 'SUCCEEDED' } }));
      assert.deepEqual(statuses.PermissionSetsProvisioningStatus!.map((s) => s.RequestId), [reprovisioned.RequestId, one.RequestId]);

      // removing the assignments: the role stays while one is left
      assert.equal((await unassign(ps, 'USER', alice)).Status, 'SUCCEEDED');
      assert.equal((await ssoRoles(member)).length, 1);
      const last = await unassign(ps, 'GROUP', admins);
      assert.equal(last.Status, 'SUCCEEDED');
      assert.deepEqual(await ssoRoles(member), []);
      assert.equal(await t.server.iam.role(member, name), undefined);
      assert.deepEqual(await provisionedTo(member), []);
      const deletions = await org.sso.send(new ListAccountAssignmentDeletionStatusCommand({ InstanceArn: org.instanceArn, Filter: { Status: 'SUCCEEDED' } }));
      assert.ok(deletions.AccountAssignmentsDeletionStatus!.some((s) => s.RequestId === last.RequestId));
      const creations = await org.sso.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, Filter: { Status: 'SUCCEEDED' } }));
      assert.ok(creations.AccountAssignmentsCreationStatus!.some((s) => s.RequestId === created.RequestId));
      await org.sso.send(new DeletePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps }));
    });

    it('a customer managed policy missing in the account fails provisioning with a reason', async () => {
      const ps = await createSet(org.sso, 'WithCustomer');
      await org.sso.send(
        new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
          InstanceArn: org.instanceArn,
          PermissionSetArn: ps,
          CustomerManagedPolicyReference: { Name: 'TeamBoundary', Path: '/teams/' },
        }),
      );
      const failed = await assign(ps, 'USER', alice);
      assert.equal(failed.Status, 'FAILED');
      assert.match(failed.FailureReason!, /^Received a 404 status error: Policy \/teams\/TeamBoundary does not exist in the target account/);
      assert.deepEqual(await ssoRoles(member).then((r) => r.filter((x) => x.name.startsWith('AWSReservedSSO_WithCustomer_'))), []);
      const onAccount = await org.sso.send(new ListAccountAssignmentsCommand({ InstanceArn: org.instanceArn, AccountId: member, PermissionSetArn: ps }));
      assert.deepEqual(onAccount.AccountAssignments, []);
      assert.deepEqual(await accountsWith(ps), []);
      const failures = await org.sso.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, Filter: { Status: 'FAILED' } }));
      assert.deepEqual(failures.AccountAssignmentsCreationStatus!.map((s) => s.RequestId), [failed.RequestId]);
      const provisioning = await provision(ps, { TargetType: 'AWS_ACCOUNT', TargetId: member });
      assert.equal(provisioning.Status, 'FAILED');
      assert.match(provisioning.FailureReason!, /does not exist in the target account/);
    });

    it('errors as AWS answers them', async () => {
      const ps = await createSet(org.sso, 'Errors');
      const base = { InstanceArn: org.instanceArn, TargetId: member, TargetType: 'AWS_ACCOUNT' as const, PermissionSetArn: ps };
      await rejects(org.sso.send(new CreateAccountAssignmentCommand({ ...base, PrincipalType: 'USER', PrincipalId: '00000000-0000-4000-8000-000000000000' })), 'ResourceNotFoundException');
      await rejects(org.sso.send(new CreateAccountAssignmentCommand({ ...base, PrincipalType: 'GROUP', PrincipalId: alice })), 'ResourceNotFoundException');
      const outsider = await standalone(t, 'Outsider');
      await rejects(org.sso.send(new CreateAccountAssignmentCommand({ ...base, TargetId: outsider.accountId, PrincipalType: 'USER', PrincipalId: alice })), 'ValidationException');
      const otherPs = `${ps.slice(0, -16)}0123456789abcdef`;
      await rejects(org.sso.send(new CreateAccountAssignmentCommand({ ...base, PermissionSetArn: otherPs, PrincipalType: 'USER', PrincipalId: alice })), 'ResourceNotFoundException');
      await rejects(org.sso.send(new DeleteAccountAssignmentCommand({ ...base, PrincipalType: 'USER', PrincipalId: alice })), 'ResourceNotFoundException');
      await rejects(
        org.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, AccountAssignmentCreationRequestId: '00000000-0000-4000-8000-000000000000' })),
        'ResourceNotFoundException',
      );
      await rejects(
        org.sso.send(new DescribePermissionSetProvisioningStatusCommand({ InstanceArn: org.instanceArn, ProvisionPermissionSetRequestId: '00000000-0000-4000-8000-000000000000' })),
        'ResourceNotFoundException',
      );
      await rejects(org.sso.send(new ProvisionPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, TargetType: 'AWS_ACCOUNT' })), 'ValidationException');
      await rejects(org.sso.send(new ListAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, NextToken: 'bm9wZQ' })), 'ValidationException');
      // another organization's management account does not see this instance
      const other = await enabledOrganization(t, 'Other');
      await rejects(other.sso.send(new CreateAccountAssignmentCommand({ ...base, PrincipalType: 'USER', PrincipalId: alice })), 'AccessDeniedException');
    });

    it('boto3: an assignment polled to SUCCEEDED and the lists', async () => {
      const ps = await createSet(org.sso, 'Boto3');
      await org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, ManagedPolicyArn: READ_ONLY }));
      const script = `
import json, os, time, boto3
from botocore.exceptions import ClientError
sso = boto3.client('sso-admin', region_name='us-east-1')
inst, ps, acct, user = os.environ['INSTANCE'], os.environ['PS'], os.environ['ACCOUNT'], os.environ['USER_ID']
out = {}
req = sso.create_account_assignment(InstanceArn=inst, TargetId=acct, TargetType='AWS_ACCOUNT', PermissionSetArn=ps, PrincipalType='USER', PrincipalId=user)['AccountAssignmentCreationStatus']
out['started'] = req['Status']
for _ in range(500):
    st = sso.describe_account_assignment_creation_status(InstanceArn=inst, AccountAssignmentCreationRequestId=req['RequestId'])['AccountAssignmentCreationStatus']
    if st['Status'] != 'IN_PROGRESS':
        break
    time.sleep(0.02)
out['status'] = st['Status']
out['assignments'] = [a['PrincipalId'] for a in sso.list_account_assignments(InstanceArn=inst, AccountId=acct, PermissionSetArn=ps)['AccountAssignments']]
out['accounts'] = sso.list_accounts_for_provisioned_permission_set(InstanceArn=inst, PermissionSetArn=ps)['AccountIds']
pages = sso.get_paginator('list_account_assignments_for_principal').paginate(InstanceArn=inst, PrincipalId=user, PrincipalType='USER', PaginationConfig={'PageSize': 1})
out['forPrincipal'] = sum(len(p['AccountAssignments']) for p in pages)
try:
    sso.delete_permission_set(InstanceArn=inst, PermissionSetArn=ps)
    out['delete'] = 'no error'
except ClientError as e:
    out['delete'] = e.response['Error']['Code']
print(json.dumps(out))
`;
      const out = await runBoto3(script, t.url, org.credentials, { INSTANCE: org.instanceArn, PS: ps, ACCOUNT: member, USER_ID: alice });
      assert.equal(out['started'], 'IN_PROGRESS');
      assert.equal(out['status'], 'SUCCEEDED');
      assert.deepEqual(out['assignments'], [alice]);
      assert.deepEqual(out['accounts'], [member]);
      assert.ok((out['forPrincipal'] as number) >= 1);
      assert.equal(out['delete'], 'ConflictException');
    });
  });
}
