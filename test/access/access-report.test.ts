import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AttachUserPolicyCommand, CreateUserCommand, IAMClient, PutUserPermissionsBoundaryCommand, PutUserPolicyCommand } from '@aws-sdk/client-iam';
import { AttachPolicyCommand, CreateOrganizationalUnitCommand, CreatePolicyCommand, EnablePolicyTypeCommand, MoveAccountCommand } from '@aws-sdk/client-organizations';
import type { WhatCanReport, WhoCanEntry, WhoCanReport } from '../../src/control/access-report.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { assign, portalWorld, type PortalWorld } from '../sso-portal/support.js';

// The access report on the control API, over an organization made through the SDK as an administrator would:
// who-can lists the permission sets (with the groups and users assigned them), roles, IAM users and roots allowed an
// action, and the layer that denies the others (an SCP on the Production OU, a permissions boundary); what-can gives
// an Identity Center user's every role session by service and access level; bad input is 400, unknown names 404,
// and a server without its policy engine answers 409.

const ADMIN = /^AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}$/;
const READ_ONLY = /^AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}$/;

for (const database of testDatabases) {
  describe(`access report (${database.name})`, () => {
    let t: TestServer;
    let world: PortalWorld;
    let organizationId: string;

    const get = async (path: string, params: Record<string, string>, token = t.server.controlToken) => {
      const res = await fetch(`${t.url}/_gatehouse/access/${path}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const whoCan = async (params: Record<string, string>): Promise<WhoCanReport> => {
      const { status, body } = await get('who-can', params);
      assert.equal(status, 200, JSON.stringify(body));
      return body as unknown as WhoCanReport;
    };
    const whatCan = async (params: Record<string, string>): Promise<WhatCanReport> => {
      const { status, body } = await get('what-can', params);
      assert.equal(status, 200, JSON.stringify(body));
      return body as unknown as WhatCanReport;
    };
    const named = (entries: readonly WhoCanEntry[], accountId: string, pattern: RegExp) => entries.find((e) => e.accountId === accountId && pattern.test(e.name));

    before(async () => {
      t = await startTestServer(database);
      world = await portalWorld(t, 'Access');
      organizationId = world.org.organizationId;
      // bob reads Production; alice is in Admins (AdministratorAccess on Development and Production)
      await assign(world.org, world.readOnly, 'USER', world.bob, world.production);
    });
    after(async () => t.close());

    it('who-can iam:CreateUser in Production: AdministratorAccess with its group and users, the account role and root; not ReadOnlyAccess', async () => {
      const report = await whoCan({ action: 'iam:createuser', account: 'Production' });
      assert.equal(report.action, 'iam:CreateUser', 'the action as AWS writes it');
      assert.deepEqual(report.accounts, [{ id: world.production, name: 'Production' }]);
      assert.equal(report.organizationId, organizationId);
      const admin = named(report.principals, world.production, ADMIN);
      assert.ok(admin, JSON.stringify(report.principals));
      assert.equal(admin.kind, 'sso-role');
      assert.equal(admin.permissionSet, 'AdministratorAccess');
      assert.deepEqual(admin.assignments, [{ type: 'GROUP', name: 'Admins', members: ['alice'] }]);
      assert.deepEqual(admin.users, ['alice']);
      assert.equal(admin.decision, 'Allow');
      assert.equal(admin.policy, 'arn:aws:iam::aws:policy/AdministratorAccess');
      assert.match(admin.arn, new RegExp(`^arn:aws:iam::${world.production}:role/aws-reserved/sso.amazonaws.com/`));
      assert.ok(report.principals.some((p) => p.kind === 'root' && p.arn === `arn:aws:iam::${world.production}:root`));
      assert.ok(report.principals.some((p) => p.kind === 'iam-role' && p.name === 'OrganizationAccountAccessRole'));
      assert.equal(named(report.principals, world.production, READ_ONLY), undefined, 'ReadOnlyAccess may not create users');
      assert.equal(report.allowed, report.principals.length);

      // --all shows ReadOnlyAccess (assigned to bob) denied, and why
      const all = await whoCan({ action: 'iam:CreateUser', account: world.production, all: 'true' });
      const readOnly = named(all.principals, world.production, READ_ONLY);
      assert.ok(readOnly);
      assert.deepEqual(readOnly.assignments, [{ type: 'USER', name: 'bob' }]);
      assert.equal(readOnly.decision, 'ImplicitDeny');
      assert.equal(readOnly.layer, 'identity');
      assert.equal(readOnly.reason, 'no identity-based policy allows it');
      assert.equal(all.evaluated, all.principals.length);
    });

    it('over the whole organization: every account, the management account root included; a resource narrows it', async () => {
      const report = await whoCan({ action: 'iam:CreateUser', organization: organizationId });
      assert.deepEqual(new Set(report.accounts.map((a) => a.id)), new Set([world.org.accountId, world.development, world.production, world.sandbox]));
      assert.ok(report.principals.some((p) => p.kind === 'root' && p.accountId === world.org.accountId));
      assert.ok(named(report.principals, world.development, ADMIN));
      assert.equal(named(report.principals, world.sandbox, ADMIN), undefined, 'nothing is assigned on Sandbox');
      // the server's own management account is in no organization here: the default scope is that account alone
      const own = await whoCan({ action: 'iam:CreateUser' });
      assert.deepEqual(own.accounts.map((a) => a.id), [t.root.accountId]);
      assert.equal(own.organizationId, null);
      assert.deepEqual(own.principals.map((p) => p.kind), ['root']);
      const onArn = await whoCan({ action: 'iam:GetUser', account: 'Production', resource: `arn:aws:iam::${world.production}:user/someone` });
      assert.equal(onArn.resource, `arn:aws:iam::${world.production}:user/someone`);
      assert.ok(named(onArn.principals, world.production, READ_ONLY), 'ReadOnlyAccess reads a user');
      // what AWS never denies, everyone may
      const whoAmI = await whoCan({ action: 'sts:GetCallerIdentity', account: 'Production' });
      assert.equal(whoAmI.allowed, whoAmI.evaluated);
      assert.equal(named(whoAmI.principals, world.production, READ_ONLY)?.reason, 'AWS requires no permission for it');
    });

    it('a permissions boundary narrows an IAM user: --all names the boundary', async () => {
      const iam = new IAMClient({ endpoint: t.url, region: 'us-east-1', credentials: world.org.credentials, maxAttempts: 1 });
      await iam.send(new CreateUserCommand({ UserName: 'deployer' }));
      await iam.send(new AttachUserPolicyCommand({ UserName: 'deployer', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      await iam.send(new PutUserPermissionsBoundaryCommand({ UserName: 'deployer', PermissionsBoundary: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await iam.send(new CreateUserCommand({ UserName: 'auditor' }));
      await iam.send(
        new PutUserPolicyCommand({
          UserName: 'auditor',
          PolicyName: 'iam-reads',
          PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Reads', Effect: 'Allow', Action: ['iam:Get*', 'iam:List*'], Resource: '*' }] }),
        }),
      );
      const report = await whoCan({ action: 'iam:CreateUser', account: world.org.accountId, all: 'true' });
      const deployer = report.principals.find((p) => p.name === 'deployer');
      assert.ok(deployer);
      assert.equal(deployer.kind, 'iam-user');
      assert.equal(deployer.decision, 'ImplicitDeny');
      assert.equal(deployer.layer, 'boundary');
      assert.equal(deployer.reason, 'no permissions boundary allows it');

      const auditor = await whatCan({ principal: `arn:aws:iam::${world.org.accountId}:user/auditor` });
      assert.equal(auditor.sessions.length, 1);
      const [session] = auditor.sessions;
      assert.equal(session!.kind, 'iam-user');
      assert.deepEqual(session!.services.map((s) => s.service), ['iam'], 'only the services its policies name');
      const iamAccess = session!.services[0]!;
      assert.ok(iamAccess.levels.Read.includes('iam:GetUser'));
      assert.ok(iamAccess.levels.List.includes('iam:ListUsers'));
      assert.deepEqual([iamAccess.levels.Write, iamAccess.levels['Permissions management'], iamAccess.levels.Tagging], [[], [], []]);
    });

    it('what-can alice: reads everywhere she has a role, writes only where AdministratorAccess is assigned', async () => {
      const report = await whatCan({ principal: 'alice', organization: organizationId, service: 'iam' });
      const sessions = report.sessions.map((s) => `${s.accountName}/${s.permissionSet}`).sort();
      assert.deepEqual(sessions, ['Development/AdministratorAccess', 'Development/ReadOnlyAccess', 'Production/AdministratorAccess']);
      for (const s of report.sessions) {
        assert.match(s.evaluatedAs, new RegExp(`^arn:aws:sts::${s.accountId}:assumed-role/AWSReservedSSO_${s.permissionSet}_[0-9a-f]{16}/alice$`));
        const iamAccess = s.services.find((v) => v.service === 'iam')!;
        assert.ok(iamAccess.levels.Read.includes('iam:GetRole'), `${s.permissionSet} reads`);
        assert.ok(iamAccess.levels.List.includes('iam:ListRoles'));
        assert.equal(iamAccess.levels.Write.includes('iam:CreateUser'), s.permissionSet === 'AdministratorAccess');
        if (s.permissionSet === 'AdministratorAccess') assert.equal(iamAccess.allowed, iamAccess.actions);
        else assert.equal(iamAccess.levels.Write.length + iamAccess.levels['Permissions management'].length, 0);
      }
      // without --service: every service the policies name (AdministratorAccess: all of them)
      const everything = await whatCan({ principal: 'alice', organization: organizationId });
      const admin = everything.sessions.find((s) => s.accountId === world.production)!;
      assert.ok(admin.services.length > 300, `${admin.services.length} services`);
      assert.ok(admin.services.some((s) => s.service === 's3' && s.allowed === s.actions));
      // a role ARN is judged as a session of the role; bob has no assignment at all but ReadOnlyAccess on Production
      const role = await whatCan({ principal: admin.arn, service: 'organizations' });
      assert.equal(role.sessions[0]!.kind, 'sso-role');
      assert.equal(role.sessions[0]!.services[0]!.allowed, role.sessions[0]!.services[0]!.actions);
      const bob = await whatCan({ principal: 'bob', organization: organizationId, service: 'iam' });
      assert.deepEqual(bob.sessions.map((s) => [s.accountId, s.permissionSet]), [[world.production, 'ReadOnlyAccess']]);
    });

    it('an SCP on the Production OU that denies the action removes everyone there, and the report says the SCP denies', async () => {
      const orgs = world.org.client;
      const ou = (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: world.org.rootId, Name: 'Production' }))).OrganizationalUnit!.Id!;
      await orgs.send(new MoveAccountCommand({ AccountId: world.production, SourceParentId: world.org.rootId, DestinationParentId: ou }));
      await orgs.send(new EnablePolicyTypeCommand({ RootId: world.org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
      const document = { Version: '2012-10-17', Statement: [{ Sid: 'NoNewUsers', Effect: 'Deny', Action: 'iam:CreateUser', Resource: '*' }] };
      const scp = (await orgs.send(new CreatePolicyCommand({ Name: 'no-users', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(document) })))
        .Policy!.PolicySummary!.Id!;
      await orgs.send(new AttachPolicyCommand({ PolicyId: scp, TargetId: ou }));

      const production = await whoCan({ action: 'iam:CreateUser', account: 'Production' });
      assert.equal(production.allowed, 0);
      assert.deepEqual(production.principals, []);
      const all = await whoCan({ action: 'iam:CreateUser', account: 'Production', all: 'true' });
      const admin = named(all.principals, world.production, ADMIN)!;
      assert.equal(admin.decision, 'ExplicitDeny');
      assert.equal(admin.layer, 'scp');
      assert.equal(admin.policy, scp);
      assert.deepEqual(admin.statement, { index: 0, sid: 'NoNewUsers' });
      assert.equal(admin.reason, `explicit deny in a service control policy: ${scp} statement NoNewUsers`);
      assert.ok(all.principals.every((p) => p.decision === 'ExplicitDeny'), 'the root user too');

      // Development and the management account are not under the OU
      const organization = await whoCan({ action: 'iam:CreateUser', organization: organizationId });
      assert.ok(named(organization.principals, world.development, ADMIN));
      assert.ok(organization.principals.some((p) => p.kind === 'root' && p.accountId === world.org.accountId));
      assert.ok(organization.principals.every((p) => p.accountId !== world.production));
      // what-can follows: alice's Production session writes nothing of iam:CreateUser any more
      const alice = await whatCan({ principal: 'alice', organization: organizationId, service: 'iam' });
      const inProduction = alice.sessions.find((s) => s.accountId === world.production)!.services[0]!;
      assert.equal(inProduction.levels.Write.includes('iam:CreateUser'), false);
      assert.ok(inProduction.levels.Write.includes('iam:CreateRole'));
    });

    it('answers bad input with 400, unknown names with 404, and needs the token', async () => {
      const cases: [string, Record<string, string>, number, RegExp][] = [
        ['who-can', {}, 400, /action is required/],
        ['who-can', { action: 'CreateUser' }, 400, /service:Action/],
        ['who-can', { action: 'iam:NoSuchThing' }, 400, /not an AWS action/],
        ['who-can', { action: 'iam:CreateUser', resource: 'my-bucket' }, 400, /must be an ARN/],
        ['who-can', { action: 'iam:CreateUser', all: 'yes' }, 400, /all must be true or false/],
        ['who-can', { action: 'iam:CreateUser', colour: 'red' }, 400, /Unknown parameter "colour"/],
        ['who-can', { action: 'iam:CreateUser', organization: 'acme' }, 400, /organization id/],
        ['who-can', { action: 'iam:CreateUser', organization: 'o-0000000000' }, 404, /No organization o-0000000000/],
        ['who-can', { action: 'iam:CreateUser', account: '999999999999' }, 404, /No account 999999999999/],
        ['who-can', { action: 'iam:CreateUser', account: 'Nowhere' }, 404, /No account named "Nowhere"/],
        ['what-can', {}, 400, /principal is required/],
        ['what-can', { principal: 'arn:aws:s3:::bucket' }, 400, /not the ARN of a root user, IAM user, role or assumed-role session/],
        ['what-can', { principal: `arn:aws:iam::${world.production}:group/Admins` }, 400, /not the ARN/],
        ['what-can', { principal: `arn:aws:iam::${world.production}:user/nobody` }, 404, /No IAM user/],
        ['what-can', { principal: `arn:aws:iam::${world.production}:role/Nothing` }, 404, /No role/],
        ['what-can', { principal: 'nobody', organization: organizationId }, 404, /No Identity Center user "nobody"/],
        ['what-can', { principal: 'alice' }, 404, /No Identity Center instance in the management account/],
        ['what-can', { principal: 'alice', organization: organizationId, service: 'nosuch' }, 400, /not the prefix of an AWS service/],
      ];
      for (const [path, params, status, message] of cases) {
        const res = await get(path, params);
        assert.equal(res.status, status, `${path} ${JSON.stringify(params)}: ${JSON.stringify(res.body)}`);
        assert.match(String(res.body['message']), message);
      }
      assert.equal((await get('who-can', { action: 'iam:CreateUser' }, 'wrong')).status, 401);
    });
  });
}

describe('access report without the policy engine', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(testDatabases.find((d) => d.name === 'sqlite')!, { authorization: 'off' });
  });
  after(async () => t.close());

  it('answers 409: there is nothing to ask', async () => {
    for (const path of ['who-can?action=iam:CreateUser', 'what-can?principal=alice']) {
      const res = await fetch(`${t.url}/_gatehouse/access/${path}`, { headers: { authorization: `Bearer ${t.server.controlToken}` } });
      assert.equal(res.status, 409);
      assert.match(((await res.json()) as { message: string }).message, /Authorization is off/);
    }
  });
});
