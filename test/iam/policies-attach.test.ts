import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachGroupPolicyCommand,
  AttachRolePolicyCommand,
  AttachUserPolicyCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DetachGroupPolicyCommand,
  DetachRolePolicyCommand,
  DetachUserPolicyCommand,
  GetPolicyCommand,
  ListAttachedGroupPoliciesCommand,
  ListAttachedRolePoliciesCommand,
  ListAttachedUserPoliciesCommand,
  ListEntitiesForPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeInstanceCommand,
  type AccountAssignmentOperationStatus,
} from '@aws-sdk/client-sso-admin';
import { rootPrincipal } from '../../src/services/iam/domain.js';
import { awsManagedCatalogue } from '../../src/services/iam/aws-managed-catalogue.js';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { createAccount, rejects, standalone } from '../organizations/support.js';
import { enabledOrganization } from '../sso-admin/support.js';
import { iam, insertGroup, insertUser } from './support.js';

// Managed policies attached to roles, users and groups: Attach/Detach{Role,User,Group}Policy, the attached lists,
// ListEntitiesForPolicy, the quotas and refusals IAM has (10 per entity, service-role policies, the roles Identity
// Center owns), DeletePolicy while in use, and Identity Center provisioning a permission set that names a customer
// managed policy. Users and groups are written into the store (their API is another topic's).

const doc = (action = 's3:ListBucket') => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] });
const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const LAMBDA = 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole';

for (const database of testDatabases) {
  describe(`iam: attaching managed policies (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    const makeRole = (accountId: string, name: string, path = '/', extra: { permissionsBoundary?: string } = {}) =>
      t.server.iam.createRole(t.server.store.db, { accountId, name, path, trustPolicy: trust, ...extra });
    const createPolicy = async (client: IAMClient, name: string, path = '/') =>
      (await client.send(new CreatePolicyCommand({ PolicyName: name, Path: path, PolicyDocument: doc() }))).Policy!.Arn!;

    it('roles, users and groups: attach (again: no change), list by ARN with path and pages, detach; counts follow', async () => {
      const a = await standalone(t, 'IamAttach');
      const client = iam(t.url, a.credentials);
      const mine = await createPolicy(client, 'Deploy', '/ci/');
      await makeRole(a.accountId, 'Builder');
      const userId = await insertUser(t, a.accountId, 'alice');
      const groupId = await insertGroup(t, a.accountId, 'Admins', { path: '/staff/' });

      for (const arn of [mine, ADMIN, LAMBDA]) {
        await client.send(new AttachRolePolicyCommand({ RoleName: 'builder', PolicyArn: arn }));
        await client.send(new AttachUserPolicyCommand({ UserName: 'ALICE', PolicyArn: arn }));
        await client.send(new AttachGroupPolicyCommand({ GroupName: 'Admins', PolicyArn: arn }));
      }
      await client.send(new AttachRolePolicyCommand({ RoleName: 'Builder', PolicyArn: mine }));

      // by ARN, as IAM lists them: the account's own (digits) before AWS's
      const expected = [
        { PolicyName: 'Deploy', PolicyArn: mine },
        { PolicyName: 'AdministratorAccess', PolicyArn: ADMIN },
        { PolicyName: 'AWSLambdaRole', PolicyArn: LAMBDA },
      ];
      assert.deepEqual((await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Builder' }))).AttachedPolicies, expected);
      const users = await client.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice' }));
      assert.deepEqual([users.AttachedPolicies, users.IsTruncated], [expected, false]);
      const groups = await client.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Admins' }));
      assert.deepEqual(groups.AttachedPolicies, expected);
      assert.deepEqual((await client.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice', PathPrefix: '/ci/' }))).AttachedPolicies!.map((p) => p.PolicyArn), [mine]);
      assert.deepEqual(
        (await client.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Admins', PathPrefix: '/service-role/' }))).AttachedPolicies!.map((p) => p.PolicyArn),
        [LAMBDA],
      );
      const page1 = await client.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Admins', MaxItems: 2 }));
      assert.deepEqual([page1.AttachedPolicies!.length, page1.IsTruncated], [2, true]);
      const page2 = await client.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Admins', MaxItems: 2, Marker: page1.Marker! }));
      assert.deepEqual([page2.AttachedPolicies!.map((p) => p.PolicyArn), page2.IsTruncated], [[LAMBDA], false]);
      await rejects(client.send(new ListAttachedUserPoliciesCommand({ UserName: 'alice', Marker: page1.Marker! })), 'ValidationError');

      assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: mine }))).Policy!.AttachmentCount, 3);
      assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!.AttachmentCount, 3);

      await client.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: mine }));
      await client.send(new DetachGroupPolicyCommand({ GroupName: 'admins', PolicyArn: ADMIN }));
      await client.send(new DetachRolePolicyCommand({ RoleName: 'Builder', PolicyArn: LAMBDA }));
      assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: mine }))).Policy!.AttachmentCount, 2);
      const again = await rejects(client.send(new DetachUserPolicyCommand({ UserName: 'alice', PolicyArn: mine })), 'NoSuchEntityException');
      assert.equal(again.message, `Policy ${mine} was not found.`);
      assert.equal(again.status, 404);
      const rows = await t.server.store.db.selectFrom('iam_user_attached_policies').select('policy_arn').where('user_id', '=', userId).orderBy('policy_arn').execute();
      assert.deepEqual(rows.map((r) => r.policy_arn), [ADMIN, LAMBDA]);
      const groupRows = await t.server.store.db.selectFrom('iam_group_attached_policies').select('policy_arn').where('group_id', '=', groupId).orderBy('policy_arn').execute();
      assert.deepEqual(groupRows.map((r) => r.policy_arn), [mine, LAMBDA]);
    });

    it('refusals: missing entities and policies, another account, 10 per entity, service-role policies, roles Identity Center owns', async () => {
      const a = await standalone(t, 'IamAttachErrors');
      const other = await standalone(t, 'IamAttachOther');
      const client = iam(t.url, a.credentials);
      const theirs = await createPolicy(iam(t.url, other.credentials), 'Theirs');
      await makeRole(a.accountId, 'Target');
      await makeRole(other.accountId, 'Elsewhere');
      await insertUser(t, other.accountId, 'bob');

      const role = await rejects(client.send(new AttachRolePolicyCommand({ RoleName: 'Elsewhere', PolicyArn: ADMIN })), 'NoSuchEntityException');
      assert.equal(role.message, 'The role with name Elsewhere cannot be found.');
      const user = await rejects(client.send(new AttachUserPolicyCommand({ UserName: 'bob', PolicyArn: ADMIN })), 'NoSuchEntityException');
      assert.equal(user.message, 'The user with name bob cannot be found.');
      const group = await rejects(client.send(new DetachGroupPolicyCommand({ GroupName: 'Nobody', PolicyArn: ADMIN })), 'NoSuchEntityException');
      assert.equal(group.message, 'The group with name Nobody cannot be found.');
      await rejects(client.send(new ListAttachedUserPoliciesCommand({ UserName: 'bob' })), 'NoSuchEntityException');
      await rejects(client.send(new ListAttachedGroupPoliciesCommand({ GroupName: 'Nobody' })), 'NoSuchEntityException');

      for (const arn of ['arn:aws:iam::aws:policy/NoSuchPolicy', theirs, `arn:aws:iam::${a.accountId}:policy/Missing`]) {
        const missing = await rejects(client.send(new AttachRolePolicyCommand({ RoleName: 'Target', PolicyArn: arn })), 'NoSuchEntityException');
        assert.equal(missing.message, `Policy ${arn} does not exist or is not attachable.`);
        assert.equal(missing.status, 404);
      }
      const invalid = await rejects(client.send(new AttachRolePolicyCommand({ RoleName: 'Target', PolicyArn: `arn:aws:iam::${a.accountId}:role/Target` })), 'InvalidInputException');
      assert.equal(invalid.message, `ARN arn:aws:iam::${a.accountId}:role/Target is not valid.`);
      const serviceLinked = awsManagedCatalogue.list('/aws-service-role/')[0]!.arn;
      const notAttachable = await rejects(client.send(new AttachRolePolicyCommand({ RoleName: 'Target', PolicyArn: serviceLinked })), 'PolicyNotAttachableException');
      assert.equal(notAttachable.message, 'Cannot attach a Service Role Policy to a Customer Role.');
      assert.equal(notAttachable.status, 400);

      // ten managed policies per role; attaching one of them again is no eleventh
      const attachable = awsManagedCatalogue.list().filter((p) => p.isAttachable).slice(0, 11);
      for (const p of attachable.slice(0, 10)) await client.send(new AttachRolePolicyCommand({ RoleName: 'Target', PolicyArn: p.arn }));
      await client.send(new AttachRolePolicyCommand({ RoleName: 'Target', PolicyArn: attachable[3]!.arn }));
      const full = await rejects(client.send(new AttachRolePolicyCommand({ RoleName: 'Target', PolicyArn: attachable[10]!.arn })), 'LimitExceededException');
      assert.equal(full.message, 'Cannot exceed quota for PoliciesPerRole: 10');
      assert.equal(full.status, 409);
      await insertGroup(t, a.accountId, 'Crowd');
      for (const p of attachable.slice(0, 10)) await client.send(new AttachGroupPolicyCommand({ GroupName: 'Crowd', PolicyArn: p.arn }));
      const fullGroup = await rejects(client.send(new AttachGroupPolicyCommand({ GroupName: 'Crowd', PolicyArn: attachable[10]!.arn })), 'LimitExceededException');
      assert.equal(fullGroup.message, 'Cannot exceed quota for PoliciesPerGroup: 10');

      // the roles Identity Center provisions belong to it
      await makeRole(a.accountId, 'AWSReservedSSO_Admin_0123456789abcdef', '/aws-reserved/sso.amazonaws.com/');
      for (const send of [
        () => client.send(new AttachRolePolicyCommand({ RoleName: 'AWSReservedSSO_Admin_0123456789abcdef', PolicyArn: ADMIN })),
        () => client.send(new DetachRolePolicyCommand({ RoleName: 'AWSReservedSSO_Admin_0123456789abcdef', PolicyArn: ADMIN })),
      ]) {
        const refused = await rejects(send(), 'UnmodifiableEntityException');
        assert.equal(refused.message, "Cannot perform the operation on the protected role 'AWSReservedSSO_Admin_0123456789abcdef' - this role is only modifiable by AWS");
        assert.equal(refused.status, 400);
      }
    });

    it('ListEntitiesForPolicy: groups, users, roles; by kind, path and usage (boundaries too); pages; DeletePolicy waits until unused', async () => {
      const a = await standalone(t, 'IamEntities');
      const other = await standalone(t, 'IamEntitiesOther');
      const client = iam(t.url, a.credentials);
      const arn = await createPolicy(client, 'Shared');
      const bounded = await createPolicy(client, 'Boundary');
      const roleA = await makeRole(a.accountId, 'app', '/apps/');
      const roleB = await makeRole(a.accountId, 'Batch', '/', { permissionsBoundary: bounded });
      const userId = await insertUser(t, a.accountId, 'carol', { path: '/apps/', boundary: bounded });
      const groupId = await insertGroup(t, a.accountId, 'Ops');
      await makeRole(other.accountId, 'app');
      await client.send(new AttachRolePolicyCommand({ RoleName: 'app', PolicyArn: arn }));
      await client.send(new AttachRolePolicyCommand({ RoleName: 'Batch', PolicyArn: arn }));
      await client.send(new AttachUserPolicyCommand({ UserName: 'carol', PolicyArn: arn }));
      await client.send(new AttachGroupPolicyCommand({ GroupName: 'Ops', PolicyArn: arn }));

      const all = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn }));
      assert.deepEqual(all.PolicyGroups, [{ GroupName: 'Ops', GroupId: groupId }]);
      assert.deepEqual(all.PolicyUsers, [{ UserName: 'carol', UserId: userId }]);
      assert.deepEqual(all.PolicyRoles, [{ RoleName: 'app', RoleId: roleA.roleId }, { RoleName: 'Batch', RoleId: roleB.roleId }]);
      assert.equal(all.IsTruncated, false);
      const roles = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'Role' }));
      assert.deepEqual([roles.PolicyGroups, roles.PolicyUsers, roles.PolicyRoles!.length], [[], [], 2]);
      assert.deepEqual((await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'User' }))).PolicyUsers!.map((u) => u.UserName), ['carol']);
      const none = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, EntityFilter: 'LocalManagedPolicy' }));
      assert.deepEqual([none.PolicyGroups, none.PolicyUsers, none.PolicyRoles], [[], [], []]);
      const apps = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, PathPrefix: '/apps/' }));
      assert.deepEqual([apps.PolicyRoles!.map((r) => r.RoleName), apps.PolicyUsers!.map((u) => u.UserName), apps.PolicyGroups], [['app'], ['carol'], []]);

      const boundaries = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: bounded, PolicyUsageFilter: 'PermissionsBoundary' }));
      assert.deepEqual([boundaries.PolicyRoles!.map((r) => r.RoleName), boundaries.PolicyUsers!.map((u) => u.UserName)], [['Batch'], ['carol']]);
      const asPolicy = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: bounded, PolicyUsageFilter: 'PermissionsPolicy' }));
      assert.deepEqual([asPolicy.PolicyRoles, asPolicy.PolicyUsers], [[], []]);
      const got = (await client.send(new GetPolicyCommand({ PolicyArn: bounded }))).Policy!;
      assert.deepEqual([got.AttachmentCount, got.PermissionsBoundaryUsageCount], [0, 2]);

      const seen: string[] = [];
      let Marker: string | undefined;
      let pages = 0;
      do {
        const p = await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: arn, MaxItems: 1, ...(Marker ? { Marker } : {}) }));
        seen.push(...p.PolicyGroups!.map((g) => g.GroupName!), ...p.PolicyRoles!.map((r) => r.RoleName!), ...p.PolicyUsers!.map((u) => u.UserName!));
        Marker = p.Marker;
        pages += 1;
      } while (Marker);
      assert.deepEqual([seen, pages], [['Ops', 'app', 'Batch', 'carol'], 4]);

      const missing = await rejects(client.send(new ListEntitiesForPolicyCommand({ PolicyArn: `arn:aws:iam::${a.accountId}:policy/NonExistentPolicy` })), 'NoSuchEntityException');
      assert.equal(missing.message, `Policy arn:aws:iam::${a.accountId}:policy/NonExistentPolicy does not exist or is not attachable.`);
      // AWS managed: the caller's account's entities only
      await client.send(new AttachGroupPolicyCommand({ GroupName: 'Ops', PolicyArn: READ_ONLY }));
      assert.deepEqual((await client.send(new ListEntitiesForPolicyCommand({ PolicyArn: READ_ONLY }))).PolicyGroups!.map((g) => g.GroupName), ['Ops']);
      assert.deepEqual((await iam(t.url, other.credentials).send(new ListEntitiesForPolicyCommand({ PolicyArn: READ_ONLY }))).PolicyGroups, []);

      // in use, as a policy or as a boundary: not deletable
      for (const policy of [arn, bounded]) {
        const conflict = await rejects(client.send(new DeletePolicyCommand({ PolicyArn: policy })), 'DeleteConflictException');
        assert.equal(conflict.message, 'Cannot delete a policy attached to entities.');
        assert.equal(conflict.status, 409);
      }
      await client.send(new DetachRolePolicyCommand({ RoleName: 'app', PolicyArn: arn }));
      await client.send(new DetachRolePolicyCommand({ RoleName: 'Batch', PolicyArn: arn }));
      await client.send(new DetachUserPolicyCommand({ UserName: 'carol', PolicyArn: arn }));
      await rejects(client.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException');
      await client.send(new DetachGroupPolicyCommand({ GroupName: 'Ops', PolicyArn: arn }));
      await client.send(new DeletePolicyCommand({ PolicyArn: arn }));
      await rejects(client.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntityException');
    });

    it('Identity Center provisions a permission set naming a customer managed policy once the account has it', async () => {
      const org = await enabledOrganization(t, 'IamSsoPolicies');
      const member = await createAccount(org.client, { AccountName: 'PolicyMember' });
      const storeId = (await org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn }))).IdentityStoreId!;
      const ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: org.credentials, maxAttempts: 1 });
      const userId = (await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'dana', DisplayName: 'Dana', Name: { GivenName: 'Dana', FamilyName: 'Example' } }))).UserId!;
      const ps = (await org.sso.send(new CreatePermissionSetCommand({ InstanceArn: org.instanceArn, Name: 'Team' }))).PermissionSet!.PermissionSetArn!;
      await org.sso.send(
        new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, CustomerManagedPolicyReference: { Name: 'TeamAccess', Path: '/teams/' } }),
      );

      // the member account's root, through session credentials the IAM domain issues
      const session = await t.server.iam.issueSessionCredentials(rootPrincipal(member), Date.now() + 3_600_000);
      const memberIam = iam(t.url, { accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey, sessionToken: session.sessionToken });
      const policyArn = await createPolicy(memberIam, 'TeamAccess', '/teams/');
      assert.equal(policyArn, `arn:aws:iam::${member}:policy/teams/TeamAccess`);
      assert.equal(await t.server.iam.managedPolicyExists(member, policyArn), true);
      assert.equal(await t.server.iam.managedPolicyExists(org.accountId, policyArn), false);
      assert.equal(await t.server.iam.managedPolicyExists(org.accountId, `arn:aws:iam::${org.accountId}:policy/teams/TeamAccess`), false);
      assert.equal(await t.server.iam.managedPolicyExists(member, ADMIN), true);
      assert.equal(await t.server.iam.managedPolicyExists(member, 'arn:aws:iam::aws:policy/NoSuchPolicy'), false);

      const started = (
        await org.sso.send(
          new CreateAccountAssignmentCommand({ InstanceArn: org.instanceArn, TargetId: member, TargetType: 'AWS_ACCOUNT', PermissionSetArn: ps, PrincipalType: 'USER', PrincipalId: userId }),
        )
      ).AccountAssignmentCreationStatus!;
      let status: AccountAssignmentOperationStatus = started;
      for (let i = 0; status.Status === 'IN_PROGRESS' && i < 500; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        status = (await org.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, AccountAssignmentCreationRequestId: started.RequestId! })))
          .AccountAssignmentCreationStatus!;
      }
      assert.equal(status.Status, 'SUCCEEDED', status.FailureReason);

      const entities = await memberIam.send(new ListEntitiesForPolicyCommand({ PolicyArn: policyArn }));
      assert.equal(entities.PolicyRoles!.length, 1);
      const roleName = entities.PolicyRoles![0]!.RoleName!;
      assert.match(roleName, /^AWSReservedSSO_Team_[0-9a-f]{16}$/);
      assert.deepEqual((await memberIam.send(new ListAttachedRolePoliciesCommand({ RoleName: roleName }))).AttachedPolicies, [{ PolicyName: 'TeamAccess', PolicyArn: policyArn }]);
      assert.equal((await memberIam.send(new GetPolicyCommand({ PolicyArn: policyArn }))).Policy!.AttachmentCount, 1);
      await rejects(memberIam.send(new DetachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn })), 'UnmodifiableEntityException');
      await rejects(memberIam.send(new DeletePolicyCommand({ PolicyArn: policyArn })), 'DeleteConflictException');
    });

    it('boto3: the main flow, with policy documents decoded from their URL encoding', async () => {
      const a = await standalone(t, 'IamPoliciesBoto3');
      await makeRole(a.accountId, 'Runner');
      const out = await runBoto3(
        `
import json, boto3
from botocore.exceptions import ClientError
iam = boto3.client('iam')
document = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Action': 's3:GetObject', 'Resource': 'arn:aws:s3:::bucket/a b+c%d'}]}
arn = iam.create_policy(PolicyName='Reader', Path='/app/', PolicyDocument=json.dumps(document), Description='reads', Tags=[{'Key': 'team', 'Value': 'core'}])['Policy']['Arn']
out = {'arn': arn}
out['v1'] = iam.get_policy_version(PolicyArn=arn, VersionId='v1')['PolicyVersion']['Document']
document['Statement'][0]['Action'] = ['s3:GetObject', 's3:PutObject']
out['v2'] = iam.create_policy_version(PolicyArn=arn, PolicyDocument=json.dumps(document), SetAsDefault=True)['PolicyVersion']['VersionId']
out['versions'] = [v['VersionId'] for v in iam.list_policy_versions(PolicyArn=arn)['Versions']]
out['default'] = iam.get_policy(PolicyArn=arn)['Policy']['DefaultVersionId']
out['v2doc'] = iam.get_policy_version(PolicyArn=arn, VersionId='v2')['PolicyVersion']['Document']
iam.attach_role_policy(RoleName='Runner', PolicyArn=arn)
iam.attach_role_policy(RoleName='Runner', PolicyArn='arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')
out['attached'] = [p['PolicyName'] for p in iam.list_attached_role_policies(RoleName='Runner')['AttachedPolicies']]
out['entities'] = [r['RoleName'] for r in iam.list_entities_for_policy(PolicyArn=arn)['PolicyRoles']]
out['local'] = [p['PolicyName'] for page in iam.get_paginator('list_policies').paginate(Scope='Local') for p in page['Policies']]
out['aws'] = sum(len(page['Policies']) for page in iam.get_paginator('list_policies').paginate(Scope='AWS', PaginationConfig={'PageSize': 500}))
admin = iam.get_policy_version(PolicyArn='arn:aws:iam::aws:policy/AdministratorAccess', VersionId=iam.get_policy(PolicyArn='arn:aws:iam::aws:policy/AdministratorAccess')['Policy']['DefaultVersionId'])
out['admin'] = admin['PolicyVersion']['Document']
out['tags'] = iam.list_policy_tags(PolicyArn=arn)['Tags']
try:
    iam.delete_policy(PolicyArn=arn)
except ClientError as e:
    out['conflict'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
iam.detach_role_policy(RoleName='Runner', PolicyArn=arn)
iam.delete_policy_version(PolicyArn=arn, VersionId='v1')
iam.delete_policy(PolicyArn=arn)
try:
    iam.get_policy(PolicyArn=arn)
except ClientError as e:
    out['gone'] = [e.response['Error']['Code'], e.response['Error']['Message']]
print(json.dumps(out))
`,
        t.url,
        a.credentials,
      );
      const arn = `arn:aws:iam::${a.accountId}:policy/app/Reader`;
      const statement = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/a b+c%d' };
      assert.equal(out['arn'], arn);
      assert.deepEqual(out['v1'], { Version: '2012-10-17', Statement: [statement] });
      assert.equal(out['v2'], 'v2');
      assert.deepEqual(out['versions'], ['v2', 'v1']);
      assert.equal(out['default'], 'v2');
      assert.deepEqual(out['v2doc'], { Version: '2012-10-17', Statement: [{ ...statement, Action: ['s3:GetObject', 's3:PutObject'] }] });
      assert.deepEqual(out['attached'], ['Reader', 'ViewOnlyAccess']);
      assert.deepEqual(out['entities'], ['Runner']);
      assert.deepEqual(out['local'], ['Reader']);
      assert.equal(out['aws'], awsManagedCatalogue.size);
      assert.deepEqual(out['admin'], { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
      assert.deepEqual(out['tags'], [{ Key: 'team', Value: 'core' }]);
      assert.deepEqual(out['conflict'], ['DeleteConflict', 409]);
      assert.deepEqual(out['gone'], ['NoSuchEntity', `Policy ${arn} was not found.`]);
    });
  });
}
