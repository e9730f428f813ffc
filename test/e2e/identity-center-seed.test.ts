import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateInstanceCommand, SSOAdminClient } from '@aws-sdk/client-sso-admin';
import { RolesRead } from '../../src/services/iam/roles-read.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { AwsCli } from '../support/aws-cli.js';
import { gatehouseBin, run } from '../support/processes.js';

// The first seed tutorial's Identity Center administration, driven with Debian's AWS CLI 2.9 (/usr/bin/aws) as an
// administrator would: an organization with a few accounts (and an invited standalone account that keeps its own
// root key, so a member account can look at its own IAM), Identity Center enabled, a user in an Admin group, the
// AdministratorAccess and ReadOnlyAccess permission sets assigned to the group on every account (the management
// account included) and polled to SUCCEEDED, the AWSReservedSSO_ roles that provisioning makes, a permission set
// update re-provisioned with ProvisionPermissionSet, a missing customer managed policy failing an assignment, and the
// member's AWSSSO_..._DO_NOT_DELETE SAML provider the roles trust.
// AWS CLI 2.9 predates sso-admin CreateInstance (added in late 2023), so that one call goes through SDK v3.

const ROLE_PATH = '/aws-reserved/sso.amazonaws.com/';
const ADMIN_POLICY = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY_POLICY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

type Json = Record<string, unknown>;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the seed Identity Center administration through /usr/bin/aws (sqlite)', () => {
  let t: TestServer;
  let cli: AwsCli;
  let env: NodeJS.ProcessEnv;
  const aws = (profile: string, service: string, ...args: string[]): Promise<Json> => cli.json(profile, service, ...args);
  const mgmt = (service: string, ...args: string[]) => aws('mgmt', service, ...args);

  before(async () => {
    t = await startTestServer(testDatabases[0]!, { accountCreationDelayMs: 300 });
    cli = await AwsCli.forServer(t);
    env = cli.env;
  });
  after(async () => {
    await t.close();
    await cli.close();
  });

  it('enables Identity Center, manages users, groups and permission sets, assigns them on every account and provisions the roles', async () => {
    const port = new URL(t.url).port;
    const managementId = t.root.accountId;

    // ---- Step 1 and 3: the organization, its accounts, and Identity Center enabled with AWS Organizations.
    const org = (await mgmt('organizations', 'create-organization', '--feature-set', 'ALL')).Organization as Json;
    assert.equal(org['FeatureSet'], 'ALL');
    const [rootId, requests, partnerId, instanceArnFromCreate] = await Promise.all([
      mgmt('organizations', 'list-roots').then((r) => (r.Roots as { Id: string }[])[0]!.Id),
      Promise.all(
        ['Development', 'Production'].map(async (name) => {
          const status = (await mgmt('organizations', 'create-account', '--email', `aws+${name.toLowerCase()}@example.com`, '--account-name', name))
            .CreateAccountStatus as { Id: string };
          return { name, requestId: status.Id };
        }),
      ),
      // An existing standalone account with its own root key (profile "partner"), invited below.
      run(process.execPath, [gatehouseBin, 'accounts', 'create', '--port', port, '--data-dir', t.dataDir, '--name', 'Partner', '--email', 'partner@example.com', '--profile', 'partner'], { env }).then(
        (out) => {
          assert.equal(out.code, 0, out.stderr);
          return (JSON.parse(out.stdout) as { accountId: string }).accountId;
        },
      ),
      new SSOAdminClient({ endpoint: t.url, region: 'us-east-1', credentials: t.root, maxAttempts: 1 })
        .send(new CreateInstanceCommand({ Name: 'seed' }))
        .then((out) => out.InstanceArn!),
    ]);
    assert.match(rootId, /^r-[0-9a-z]{4}$/);
    assert.match(instanceArnFromCreate, /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);

    const [created, , instances, serviceAccess] = await Promise.all([
      Promise.all(
        requests.map(async (request) => {
          for (let attempt = 0; attempt < 30; attempt++) {
            const status = (await mgmt('organizations', 'describe-create-account-status', '--create-account-request-id', request.requestId))
              .CreateAccountStatus as { State: string; AccountId?: string; FailureReason?: string };
            if (status.State === 'SUCCEEDED') return { name: request.name, accountId: status.AccountId! };
            assert.equal(status.State, 'IN_PROGRESS', status.FailureReason);
            await sleep(200);
          }
          return assert.fail(`account ${request.name} was never created`);
        }),
      ),
      (async () => {
        const handshake = (await mgmt('organizations', 'invite-account-to-organization', '--target', `Id=${partnerId},Type=ACCOUNT`)).Handshake as { Id: string };
        const accepted = (await aws('partner', 'organizations', 'accept-handshake', '--handshake-id', handshake.Id)).Handshake as { State: string };
        assert.equal(accepted.State, 'ACCEPTED');
      })(),
      mgmt('sso-admin', 'list-instances').then((r) => r.Instances as Json[]),
      mgmt('organizations', 'list-aws-service-access-for-organization').then((r) => r.EnabledServicePrincipals as { ServicePrincipal: string }[]),
    ]);
    assert.equal(instances.length, 1);
    const instance = instances[0]!;
    const instanceArn = instance['InstanceArn'] as string;
    const identityStoreId = instance['IdentityStoreId'] as string;
    assert.equal(instanceArn, instanceArnFromCreate);
    assert.match(identityStoreId, /^d-[0-9a-f]{10}$/);
    // CLI 2.9's model of InstanceMetadata predates OwnerAccountId, Name and Status: botocore drops them.
    assert.ok(serviceAccess.some((s) => s.ServicePrincipal === 'sso.amazonaws.com'), 'CreateInstance enables trusted access for sso.amazonaws.com');
    const accounts = [{ name: 'management', accountId: managementId }, ...created, { name: 'Partner', accountId: partnerId }];
    const development = created.find((a) => a.name === 'Development')!.accountId;
    const ids = (...extra: string[]) => ['--instance-arn', instanceArn, ...extra];

    // ---- Step 5: users, a group and a membership in the built-in identity store; permission sets (step 6) alongside.
    const permissionSet = async (name: string, description: string): Promise<Json> =>
      (await mgmt('sso-admin', 'create-permission-set', ...ids('--name', name, '--description', description, '--session-duration', 'PT8H'))).PermissionSet as Json;
    const [alice, bob, group, admin, readOnly, dataAccess] = await Promise.all([
      mgmt(
        'identitystore', 'create-user', '--identity-store-id', identityStoreId,
        '--user-name', 'alice', '--display-name', 'Alice Doe', '--name', 'GivenName=Alice,FamilyName=Doe', '--emails', 'Value=alice@example.com,Type=work,Primary=true',
      ),
      mgmt(
        'identitystore', 'create-user', '--identity-store-id', identityStoreId,
        '--user-name', 'bob', '--display-name', 'Bob Roe', '--name', 'GivenName=Bob,FamilyName=Roe', '--emails', 'Value=bob@example.com,Type=work,Primary=true',
      ),
      mgmt('identitystore', 'create-group', '--identity-store-id', identityStoreId, '--display-name', 'Admin', '--description', 'Administrators of every account'),
      permissionSet('AdministratorAccess', 'Full access to AWS services and resources'),
      permissionSet('ReadOnlyAccess', 'Read-only access to AWS services and resources'),
      permissionSet('DataAccess', 'Access to the data bucket'),
    ]);
    const aliceId = alice['UserId'] as string;
    const groupId = group['GroupId'] as string;
    assert.match(aliceId, UUID);
    assert.match(bob['UserId'] as string, UUID);
    assert.match(groupId, UUID);
    assert.equal(alice['IdentityStoreId'], identityStoreId);
    for (const [ps, name] of [[admin, 'AdministratorAccess'], [readOnly, 'ReadOnlyAccess'], [dataAccess, 'DataAccess']] as const) {
      assert.match(ps['PermissionSetArn'] as string, new RegExp(`^arn:aws:sso:::permissionSet/${instanceArn.split('/')[1]}/ps-[0-9a-f]{16}$`));
      assert.equal(ps['Name'], name);
      assert.equal(ps['SessionDuration'], 'PT8H');
    }
    const adminArn = admin['PermissionSetArn'] as string;
    const readOnlyArn = readOnly['PermissionSetArn'] as string;
    const dataArn = dataAccess['PermissionSetArn'] as string;

    const [membership] = await Promise.all([
      mgmt('identitystore', 'create-group-membership', '--identity-store-id', identityStoreId, '--group-id', groupId, '--member-id', `UserId=${aliceId}`),
      mgmt('sso-admin', 'attach-managed-policy-to-permission-set', ...ids('--permission-set-arn', adminArn, '--managed-policy-arn', ADMIN_POLICY)),
      mgmt('sso-admin', 'attach-managed-policy-to-permission-set', ...ids('--permission-set-arn', readOnlyArn, '--managed-policy-arn', READ_ONLY_POLICY)),
      mgmt(
        'sso-admin', 'attach-customer-managed-policy-reference-to-permission-set',
        ...ids('--permission-set-arn', dataArn, '--customer-managed-policy-reference', 'Name=DataBucketAccess,Path=/data/'),
      ),
    ]);
    assert.match(membership['MembershipId'] as string, UUID);

    const [users, aliceByName, groupsOfAlice, adminPolicies, dataPolicies, sets] = await Promise.all([
      mgmt('identitystore', 'list-users', '--identity-store-id', identityStoreId).then((r) => r.Users as Json[]),
      mgmt(
        'identitystore', 'get-user-id', '--identity-store-id', identityStoreId,
        '--alternate-identifier', JSON.stringify({ UniqueAttribute: { AttributePath: 'userName', AttributeValue: 'alice' } }),
      ),
      mgmt('identitystore', 'list-group-memberships-for-member', '--identity-store-id', identityStoreId, '--member-id', `UserId=${aliceId}`).then(
        (r) => r.GroupMemberships as Json[],
      ),
      mgmt('sso-admin', 'list-managed-policies-in-permission-set', ...ids('--permission-set-arn', adminArn)).then((r) => r.AttachedManagedPolicies as Json[]),
      mgmt('sso-admin', 'list-customer-managed-policy-references-in-permission-set', ...ids('--permission-set-arn', dataArn)).then(
        (r) => r.CustomerManagedPolicyReferences as Json[],
      ),
      mgmt('sso-admin', 'list-permission-sets', ...ids()).then((r) => r.PermissionSets as string[]),
    ]);
    const listedAlice = users.find((u) => u['UserName'] === 'alice');
    assert.deepEqual(users.map((u) => u['UserName']).sort(), ['alice', 'bob']);
    assert.equal(listedAlice?.['UserId'], aliceId);
    assert.equal(listedAlice?.['DisplayName'], 'Alice Doe');
    assert.deepEqual(listedAlice?.['Name'], { GivenName: 'Alice', FamilyName: 'Doe' });
    assert.deepEqual(listedAlice?.['Emails'], [{ Value: 'alice@example.com', Type: 'work', Primary: true }]);
    assert.deepEqual(aliceByName, { IdentityStoreId: identityStoreId, UserId: aliceId });
    assert.deepEqual(groupsOfAlice, [{ IdentityStoreId: identityStoreId, MembershipId: membership['MembershipId'], GroupId: groupId, MemberId: { UserId: aliceId } }]);
    assert.deepEqual(adminPolicies, [{ Name: 'AdministratorAccess', Arn: ADMIN_POLICY }]);
    assert.deepEqual(dataPolicies, [{ Name: 'DataBucketAccess', Path: '/data/' }]);
    assert.deepEqual([...sets].sort(), [adminArn, dataArn, readOnlyArn].sort());

    // ---- Assign the Admin group both permission sets on every account (management included), and DataAccess on
    // Development, whose customer managed policy does not exist there: that one is accepted and ends FAILED.
    const assign = async (accountId: string, permissionSetArn: string) => {
      const status = (await mgmt(
        'sso-admin', 'create-account-assignment',
        ...ids('--target-id', accountId, '--target-type', 'AWS_ACCOUNT', '--permission-set-arn', permissionSetArn, '--principal-type', 'GROUP', '--principal-id', groupId),
      )).AccountAssignmentCreationStatus as Json;
      assert.match(status['RequestId'] as string, UUID);
      assert.equal(status['Status'], 'IN_PROGRESS');
      for (let attempt = 0; attempt < 40; attempt++) {
        const now = (await mgmt('sso-admin', 'describe-account-assignment-creation-status', ...ids('--account-assignment-creation-request-id', status['RequestId'] as string)))
          .AccountAssignmentCreationStatus as Json;
        if (now['Status'] !== 'IN_PROGRESS') return now;
        await sleep(150);
      }
      return assert.fail(`assignment of ${permissionSetArn} on ${accountId} stayed IN_PROGRESS`);
    };
    const results = await Promise.all([
      ...accounts.flatMap((a) => [adminArn, readOnlyArn].map((ps) => assign(a.accountId, ps))),
      assign(development, dataArn),
    ]);
    const failed = results.pop()!;
    for (const r of results) {
      assert.equal(r['Status'], 'SUCCEEDED', `${String(r['TargetId'])}: ${String(r['FailureReason'])}`);
      assert.equal(r['PrincipalType'], 'GROUP');
      assert.equal(r['PrincipalId'], groupId);
      assert.equal(r['TargetType'], 'AWS_ACCOUNT');
    }
    assert.equal(failed['Status'], 'FAILED');
    assert.equal(failed['FailureReason'], `Received a 404 status error: Policy /data/DataBucketAccess does not exist in the target account ${development}.`);

    const accountIds = accounts.map((a) => a.accountId).sort();
    const [onDevelopment, adminAccounts, readOnlyAccounts, dataAccounts, onManagement, dataOnDevelopment] = await Promise.all([
      mgmt('sso-admin', 'list-account-assignments', ...ids('--account-id', development, '--permission-set-arn', adminArn)).then((r) => r.AccountAssignments as Json[]),
      mgmt('sso-admin', 'list-accounts-for-provisioned-permission-set', ...ids('--permission-set-arn', adminArn)).then((r) => r.AccountIds as string[]),
      mgmt('sso-admin', 'list-accounts-for-provisioned-permission-set', ...ids('--permission-set-arn', readOnlyArn)).then((r) => r.AccountIds as string[]),
      mgmt('sso-admin', 'list-accounts-for-provisioned-permission-set', ...ids('--permission-set-arn', dataArn)).then((r) => r.AccountIds as string[]),
      mgmt('sso-admin', 'list-permission-sets-provisioned-to-account', ...ids('--account-id', managementId)).then((r) => r.PermissionSets as string[]),
      mgmt('sso-admin', 'list-account-assignments', ...ids('--account-id', development, '--permission-set-arn', dataArn)).then((r) => r.AccountAssignments as Json[]),
    ]);
    assert.deepEqual(onDevelopment, [{ AccountId: development, PermissionSetArn: adminArn, PrincipalType: 'GROUP', PrincipalId: groupId }]);
    assert.deepEqual([...adminAccounts].sort(), accountIds);
    assert.deepEqual([...readOnlyAccounts].sort(), accountIds);
    assert.deepEqual(dataAccounts, [], 'the failed provisioning left DataAccess provisioned nowhere');
    assert.deepEqual(dataOnDevelopment, [], 'the failed assignment was not kept');
    assert.deepEqual([...onManagement].sort(), [adminArn, readOnlyArn].sort());

    // ---- "Under the hood, SSO creates roles in each account that start with AWSReservedSSO_": the management
    // account and the invited member look at their own IAM through the CLI; the created accounts (no credentials of
    // their own) are read through the server's IAM.
    const ssoRoles = async (profile: string) =>
      ((await aws(profile, 'iam', 'list-roles', '--path-prefix', ROLE_PATH)).Roles as Json[]).sort((a, b) => String(a['RoleName']).localeCompare(String(b['RoleName'])));
    const checkRoles = (roles: Json[], accountId: string, sessionSeconds: number) => {
      assert.deepEqual(
        roles.map((r) => String(r['RoleName']).replace(/_[0-9a-f]{16}$/, '_<hex>')),
        ['AWSReservedSSO_AdministratorAccess_<hex>', 'AWSReservedSSO_ReadOnlyAccess_<hex>'],
      );
      for (const role of roles) {
        assert.equal(role['Path'], ROLE_PATH);
        assert.equal(role['Arn'], `arn:aws:iam::${accountId}:role${ROLE_PATH}${String(role['RoleName'])}`);
        assert.equal(role['MaxSessionDuration'], sessionSeconds);
        const trust = role['AssumeRolePolicyDocument'] as { Statement: { Principal: { Federated: string }; Action: string[] }[] };
        assert.match(trust.Statement[0]!.Principal.Federated, new RegExp(`^arn:aws:iam::${accountId}:saml-provider/AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$`));
        assert.deepEqual(trust.Statement[0]!.Action, ['sts:AssumeRoleWithSAML', 'sts:TagSession']);
      }
      return roles.map((r) => String(r['RoleName'])) as [string, string];
    };
    const [mgmtRoles, partnerRoles, partnerProviders] = await Promise.all([
      ssoRoles('mgmt'),
      ssoRoles('partner'),
      aws('partner', 'iam', 'list-saml-providers').then((r) => r.SAMLProviderList as Json[]),
    ]);
    const [mgmtAdminRole, mgmtReadOnlyRole] = checkRoles(mgmtRoles, managementId, 8 * 3600);
    const [partnerAdminRole] = checkRoles(partnerRoles, partnerId, 8 * 3600);
    // the SAML provider the roles trust exists in the member account, as on AWS
    const partnerTrust = partnerRoles[0]!['AssumeRolePolicyDocument'] as { Statement: { Principal: { Federated: string } }[] };
    assert.deepEqual(partnerProviders.map((p) => p['Arn']), [partnerTrust.Statement[0]!.Principal.Federated]);
    assert.notEqual(mgmtAdminRole, partnerAdminRole, 'the role suffix differs per account');
    const attached = (profile: string, role: string) =>
      aws(profile, 'iam', 'list-attached-role-policies', '--role-name', role).then((r) => r.AttachedPolicies as Json[]);
    const [mgmtAdminPolicies, mgmtReadOnlyPolicies, partnerAdminPolicies, adminInline] = await Promise.all([
      attached('mgmt', mgmtAdminRole),
      attached('mgmt', mgmtReadOnlyRole),
      attached('partner', partnerAdminRole),
      aws('mgmt', 'iam', 'list-role-policies', '--role-name', mgmtAdminRole).then((r) => r.PolicyNames as string[]),
    ]);
    assert.deepEqual(mgmtAdminPolicies, [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_POLICY }]);
    assert.deepEqual(mgmtReadOnlyPolicies, [{ PolicyName: 'ReadOnlyAccess', PolicyArn: READ_ONLY_POLICY }]);
    assert.deepEqual(partnerAdminPolicies, [{ PolicyName: 'AdministratorAccess', PolicyArn: ADMIN_POLICY }]);
    assert.deepEqual(adminInline, []);

    const rolesRead = new RolesRead(t.server.store.db);
    for (const account of created) {
      const rows = (await rolesRead.listRoles(account.accountId, ROLE_PATH, {})).items;
      assert.deepEqual(
        rows.map((r) => r.name.replace(/_[0-9a-f]{16}$/, '_<hex>')),
        ['AWSReservedSSO_AdministratorAccess_<hex>', 'AWSReservedSSO_ReadOnlyAccess_<hex>'],
        `${account.name} has exactly one role per permission set (and none for the failed DataAccess)`,
      );
      for (const row of rows) {
        const role = await t.server.iam.role(account.accountId, row.name);
        assert.equal(role?.path, ROLE_PATH);
        assert.deepEqual(role?.attachedPolicyArns, [row.name.includes('_AdministratorAccess_') ? ADMIN_POLICY : READ_ONLY_POLICY]);
        assert.equal(role?.maxSessionDuration, 8 * 3600);
      }
    }

    // ---- The seed's 4-hour session and an inline policy: UpdatePermissionSet leaves the roles outdated until
    // ProvisionPermissionSet re-applies the set to every account it is provisioned to.
    const inline = { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] };
    await Promise.all([
      mgmt('sso-admin', 'update-permission-set', ...ids('--permission-set-arn', adminArn, '--session-duration', 'PT4H')),
      mgmt('sso-admin', 'put-inline-policy-to-permission-set', ...ids('--permission-set-arn', adminArn, '--inline-policy', JSON.stringify(inline))),
    ]);
    const [described, outdated, stillEightHours] = await Promise.all([
      mgmt('sso-admin', 'describe-permission-set', ...ids('--permission-set-arn', adminArn)).then((r) => r.PermissionSet as Json),
      mgmt('sso-admin', 'list-accounts-for-provisioned-permission-set', ...ids('--permission-set-arn', adminArn, '--provisioning-status', 'LATEST_PERMISSION_SET_NOT_PROVISIONED')).then(
        (r) => r.AccountIds as string[],
      ),
      aws('mgmt', 'iam', 'get-role', '--role-name', mgmtAdminRole).then((r) => (r.Role as Json)['MaxSessionDuration']),
    ]);
    assert.equal(described['SessionDuration'], 'PT4H');
    assert.deepEqual([...outdated].sort(), accountIds);
    assert.equal(stillEightHours, 8 * 3600, 'an update alone does not touch provisioned roles');

    const provisioning = (await mgmt('sso-admin', 'provision-permission-set', ...ids('--permission-set-arn', adminArn, '--target-type', 'ALL_PROVISIONED_ACCOUNTS')))
      .PermissionSetProvisioningStatus as Json;
    assert.match(provisioning['RequestId'] as string, UUID);
    let provisioned = provisioning;
    for (let attempt = 0; attempt < 40 && provisioned['Status'] === 'IN_PROGRESS'; attempt++) {
      await sleep(150);
      provisioned = (await mgmt('sso-admin', 'describe-permission-set-provisioning-status', ...ids('--provision-permission-set-request-id', provisioning['RequestId'] as string)))
        .PermissionSetProvisioningStatus as Json;
    }
    assert.equal(provisioned['Status'], 'SUCCEEDED', String(provisioned['FailureReason']));
    assert.equal(provisioned['PermissionSetArn'], adminArn);

    const [mgmtAfter, partnerAfter, inlineAfter, upToDate] = await Promise.all([
      aws('mgmt', 'iam', 'get-role', '--role-name', mgmtAdminRole).then((r) => r.Role as Json),
      aws('partner', 'iam', 'get-role', '--role-name', partnerAdminRole).then((r) => r.Role as Json),
      aws('mgmt', 'iam', 'get-role-policy', '--role-name', mgmtAdminRole, '--policy-name', 'AwsSSOInlinePolicy'),
      mgmt('sso-admin', 'list-accounts-for-provisioned-permission-set', ...ids('--permission-set-arn', adminArn, '--provisioning-status', 'LATEST_PERMISSION_SET_PROVISIONED')).then(
        (r) => r.AccountIds as string[],
      ),
    ]);
    assert.equal(mgmtAfter['MaxSessionDuration'], 4 * 3600);
    assert.equal(partnerAfter['MaxSessionDuration'], 4 * 3600);
    assert.equal(mgmtAfter['RoleName'], mgmtAdminRole, 're-provisioning keeps the same role');
    assert.deepEqual(inlineAfter['PolicyDocument'], inline);
    assert.deepEqual([...upToDate].sort(), accountIds);
    for (const account of created) {
      const rows = (await rolesRead.listRoles(account.accountId, ROLE_PATH, {})).items;
      const adminRole = await t.server.iam.role(account.accountId, rows.find((r) => r.name.includes('_AdministratorAccess_'))!.name);
      assert.equal(adminRole?.maxSessionDuration, 4 * 3600);
      assert.deepEqual(Object.keys(adminRole?.inlinePolicies ?? {}), ['AwsSSOInlinePolicy']);
      const readOnlyRole = await t.server.iam.role(account.accountId, rows.find((r) => r.name.includes('_ReadOnlyAccess_'))!.name);
      assert.equal(readOnlyRole?.maxSessionDuration, 8 * 3600, 'ReadOnlyAccess was not re-provisioned');
    }
  });
});
