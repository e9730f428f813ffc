import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GetRoleCredentialsCommand } from '@aws-sdk/client-sso';
import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, IAMClient, ListRolesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import {
  AcceptHandshakeCommand,
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreatePolicyCommand,
  DetachPolicyCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  ListAccountsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreatePermissionSetCommand,
  ListPermissionSetsCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  SSOAdminClient,
} from '@aws-sdk/client-sso-admin';
import { AssumeRoleCommand, DecodeAuthorizationMessageCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { failure, type Credentials } from '../organizations/support.js';
import { assign, Authenticator, deviceLogin, portalClient, portalWorld, signIn, testClock, type DeviceLogin, type PortalWorld } from '../sso-portal/support.js';

// The authorize step end to end, with Identity Center sessions as users get them (sign-in, device login,
// GetRoleCredentials) and the SDK v3 clients: a ReadOnlyAccess session reads but cannot create; an SCP on the
// Production OU stops an AdministratorAccess session there and not in Development, and never binds the management
// account; a permissions boundary narrows a permission set; AssumeRole needs the role's trust; with
// --explain-denials a denial names the policy, statement and layer, and the control API keeps it.

const client = <C>(Client: new (config: object) => C, url: string, credentials: Credentials): C =>
  new Client({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });

const DENY_ALL_BUT_READS = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'ReadsOnly',
      Effect: 'Deny',
      NotAction: ['iam:Get*', 'iam:List*', 'organizations:Describe*', 'organizations:List*', 'sts:GetCallerIdentity'],
      Resource: '*',
    },
  ],
};

for (const database of testDatabases) {
  describe(`authorization enforced end to end (${database.name})`, () => {
    const clock = testClock();
    const authenticator = new Authenticator(clock);
    let t: TestServer;
    let world: PortalWorld;
    let alice: DeviceLogin;
    let management: string;

    /** Alice's credentials for a role in an account, as `aws sso login` profiles get them. */
    const session = async (accountId: string, roleName: string): Promise<Credentials> => {
      const out = await portalClient(t.url).send(new GetRoleCredentialsCommand({ accessToken: alice.accessToken, accountId, roleName }));
      const c = out.roleCredentials!;
      return { accessKeyId: c.accessKeyId!, secretAccessKey: c.secretAccessKey!, sessionToken: c.sessionToken! };
    };

    before(async () => {
      t = await startTestServer(database, { clock: clock.clock, explainDenials: true });
      world = await portalWorld(t, 'Enforced');
      management = world.org.accountId;
      await assign(world.org, world.readOnly, 'USER', world.alice, management);
      const { session: portalSession } = await signIn(t.server.signIn, authenticator, world.startUrl, 'alice');
      alice = await deviceLogin(t.server, t.url, world.startUrl, portalSession);
    });
    after(async () => t.close());

    it('a ReadOnlyAccess session lists accounts, users and permission sets, and may create none of them', async () => {
      const readOnly = await session(management, 'ReadOnlyAccess');
      const who = await client(STSClient, t.url, readOnly).send(new GetCallerIdentityCommand({}));
      assert.match(who.Arn!, /:assumed-role\/AWSReservedSSO_ReadOnlyAccess_[0-9a-f]{16}\/alice$/);
      const orgs = client(OrganizationsClient, t.url, readOnly);
      const iam = client(IAMClient, t.url, readOnly);
      const sso = client(SSOAdminClient, t.url, readOnly);
      assert.ok((await orgs.send(new ListAccountsCommand({}))).Accounts!.length >= 4);
      await iam.send(new ListUsersCommand({}));
      assert.ok((await sso.send(new ListPermissionSetsCommand({ InstanceArn: world.org.instanceArn }))).PermissionSets!.length >= 2);

      const createAccount = await failure(orgs.send(new CreateAccountCommand({ AccountName: 'Nope', Email: 'nope@example.com' })));
      assert.equal(createAccount.name, 'AccessDeniedException');
      assert.equal(
        createAccount.message,
        `User: ${who.Arn} is not authorized to perform: organizations:CreateAccount on resource: * because no identity-based policy allows the organizations:CreateAccount action`,
      );
      const createUser = await failure(iam.send(new CreateUserCommand({ UserName: 'nope' })));
      assert.equal(createUser.name, 'AccessDenied');
      assert.equal(
        createUser.message,
        `User: ${who.Arn} is not authorized to perform: iam:CreateUser on resource: arn:aws:iam::${management}:user/nope because no identity-based policy allows the iam:CreateUser action`,
      );
      // --explain-denials: the details sealed as STS DecodeAuthorizationMessage reads them (for a caller of that account)
      const encoded = createUser.headers['x-gatehouse-authorization-message'];
      assert.ok(encoded, 'an encoded authorization message');
      const decoded = await client(STSClient, t.url, world.org.credentials).send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }));
      const message = JSON.parse(decoded.DecodedMessage!) as { allowed: boolean; explicitDeny: boolean; context: { action: string; principal: { arn: string } } };
      assert.deepEqual([message.allowed, message.explicitDeny, message.context.action, message.context.principal.arn], [false, false, 'iam:CreateUser', who.Arn]);

      const createPermissionSet = await failure(sso.send(new CreatePermissionSetCommand({ InstanceArn: world.org.instanceArn, Name: 'Nope' })));
      assert.equal(createPermissionSet.name, 'AccessDeniedException');
      assert.match(createPermissionSet.message, /is not authorized to perform: sso:CreatePermissionSet on resource: arn:aws:sso:::/);
      assert.equal((await iam.send(new ListUsersCommand({}))).Users?.some((u) => u.UserName === 'nope'), false, 'nothing was half-made');
    });

    it('an SCP on the Production OU stops an AdministratorAccess session there, not in Development, never in the management account', async () => {
      const orgs = world.org.client;
      const ou = async (Name: string) => (await orgs.send(new CreateOrganizationalUnitCommand({ ParentId: world.org.rootId, Name }))).OrganizationalUnit!.Id!;
      const [productionOu, developmentOu] = [await ou('Production'), await ou('Development')];
      await orgs.send(new MoveAccountCommand({ AccountId: world.production, SourceParentId: world.org.rootId, DestinationParentId: productionOu }));
      await orgs.send(new MoveAccountCommand({ AccountId: world.development, SourceParentId: world.org.rootId, DestinationParentId: developmentOu }));
      await orgs.send(new EnablePolicyTypeCommand({ RootId: world.org.rootId, PolicyType: 'SERVICE_CONTROL_POLICY' }));
      const scp = (await orgs.send(new CreatePolicyCommand({ Name: 'reads-only', Description: '', Type: 'SERVICE_CONTROL_POLICY', Content: JSON.stringify(DENY_ALL_BUT_READS) })))
        .Policy!.PolicySummary!.Id!;
      await orgs.send(new AttachPolicyCommand({ PolicyId: scp, TargetId: productionOu }));

      const trust = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: world.org.accountId }, Action: 'sts:AssumeRole' }] });
      const inProduction = client(IAMClient, t.url, await session(world.production, 'AdministratorAccess'));
      await inProduction.send(new ListRolesCommand({}));
      const denied = await failure(inProduction.send(new CreateRoleCommand({ RoleName: 'Blocked', AssumeRolePolicyDocument: trust })));
      assert.equal(denied.name, 'AccessDenied');
      assert.match(denied.message, /is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::\d{12}:role\/Blocked with an explicit deny in a service control policy$/);
      assert.equal(denied.headers['x-gatehouse-denial'], `explicit deny (scp) in ${scp} statement ReadsOnly`);

      const inDevelopment = client(IAMClient, t.url, await session(world.development, 'AdministratorAccess'));
      await inDevelopment.send(new CreateRoleCommand({ RoleName: 'Allowed', AssumeRolePolicyDocument: trust }));

      // a member account's root is bound too (an invited account keeps its root key)
      const guest = await t.server.iam.createStandaloneAccount({ name: 'guest', email: 'guest@example.com' });
      const invitation = (await orgs.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: guest.accountId } }))).Handshake!;
      const guestCredentials = { accessKeyId: guest.accessKeyId, secretAccessKey: guest.secretAccessKey };
      await client(OrganizationsClient, t.url, guestCredentials).send(new AcceptHandshakeCommand({ HandshakeId: invitation.Id! }));
      await orgs.send(new MoveAccountCommand({ AccountId: guest.accountId, SourceParentId: world.org.rootId, DestinationParentId: productionOu }));
      const guestRoot = await failure(client(IAMClient, t.url, guestCredentials).send(new CreateUserCommand({ UserName: 'blocked' })));
      assert.match(guestRoot.message, new RegExp(`^User: arn:aws:iam::${guest.accountId}:root is not authorized to perform: iam:CreateUser .* with an explicit deny in a service control policy$`));

      // on the root too: the management account is still unbound (its root and its sessions alike)
      await orgs.send(new AttachPolicyCommand({ PolicyId: scp, TargetId: world.org.rootId }));
      await client(IAMClient, t.url, world.org.credentials).send(new CreateUserCommand({ UserName: 'still-possible' }));
      await failure(inDevelopment.send(new CreateRoleCommand({ RoleName: 'NowBlocked', AssumeRolePolicyDocument: trust })));
      await orgs.send(new DetachPolicyCommand({ PolicyId: scp, TargetId: world.org.rootId }));
      // the change is seen at once: the cached decision went with the write
      await inDevelopment.send(new CreateRoleCommand({ RoleName: 'AllowedAgain', AssumeRolePolicyDocument: trust }));

      const denials = (await (await fetch(`${t.url}/_gatehouse/authorization/denials?requestId=${denied.requestId}`, { headers: { authorization: `Bearer ${t.server.controlToken}` } })).json()) as {
        denials: { layer: string; policy: string; statement: { sid: string }; enforced: boolean }[];
      };
      assert.deepEqual(denials.denials.map((d) => [d.layer, d.policy, d.statement.sid, d.enforced]), [['scp', scp, 'ReadsOnly', true]]);
    });

    it('a permissions boundary narrows what a permission set grants', async () => {
      const sso = world.org.sso;
      const bounded = (await sso.send(new CreatePermissionSetCommand({ InstanceArn: world.org.instanceArn, Name: 'BoundedAdmin' }))).PermissionSet!.PermissionSetArn!;
      await sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: world.org.instanceArn, PermissionSetArn: bounded, ManagedPolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' }));
      await sso.send(
        new PutPermissionsBoundaryToPermissionSetCommand({
          InstanceArn: world.org.instanceArn,
          PermissionSetArn: bounded,
          PermissionsBoundary: { ManagedPolicyArn: 'arn:aws:iam::aws:policy/IAMReadOnlyAccess' },
        }),
      );
      await assign(world.org, bounded, 'USER', world.alice, world.sandbox);
      const iam = client(IAMClient, t.url, await session(world.sandbox, 'BoundedAdmin'));
      await iam.send(new ListRolesCommand({}));
      const denied = await failure(iam.send(new CreateUserCommand({ UserName: 'bounded' })));
      assert.equal(denied.name, 'AccessDenied');
      assert.match(denied.message, /iam:CreateUser on resource: arn:aws:iam::\d{12}:user\/bounded because no permissions boundary allows the iam:CreateUser action$/);
      const orgs = client(OrganizationsClient, t.url, await session(world.sandbox, 'BoundedAdmin'));
      assert.equal((await failure(orgs.send(new ListAccountsCommand({})))).name, 'AccessDeniedException');
    });

    it("AssumeRole needs the role's trust policy to name the caller", async () => {
      const admin = await session(world.sandbox, 'AdministratorAccess').catch(() => undefined);
      assert.equal(admin, undefined, 'alice has no AdministratorAccess in Sandbox');
      const development = await session(world.development, 'AdministratorAccess');
      const iam = client(IAMClient, t.url, development);
      const sts = client(STSClient, t.url, development);
      const trusting = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${world.development}:root` }, Action: 'sts:AssumeRole' }] });
      const stranger = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 'sts:AssumeRole' }] });
      const trusted = (await iam.send(new CreateRoleCommand({ RoleName: 'Deployer', AssumeRolePolicyDocument: trusting }))).Role!.Arn!;
      const untrusted = (await iam.send(new CreateRoleCommand({ RoleName: 'Private', AssumeRolePolicyDocument: stranger }))).Role!.Arn!;

      const assumed = await sts.send(new AssumeRoleCommand({ RoleArn: trusted, RoleSessionName: 'deploy' }));
      assert.equal(assumed.AssumedRoleUser!.Arn, `arn:aws:sts::${world.development}:assumed-role/Deployer/deploy`);
      const refused = await failure(sts.send(new AssumeRoleCommand({ RoleArn: untrusted, RoleSessionName: 'nope' })));
      assert.equal(refused.name, 'AccessDenied');
      assert.match(refused.message, /is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::\d{12}:role\/Private/);
    });
  });
}

describe('authorization in audit mode', () => {
  let t: TestServer;
  before(async () => {
    t = await startTestServer(testDatabases[0]!, { authorization: 'audit' });
  });
  after(async () => t.close());

  it('lets a denied call through and keeps the denial for the control API', async () => {
    const admin = client(IAMClient, t.url, t.root);
    await admin.send(new CreateUserCommand({ UserName: 'powerless' }));
    const key = (await admin.send(new CreateAccessKeyCommand({ UserName: 'powerless' }))).AccessKey!;
    const powerless = client(IAMClient, t.url, { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    const listed = await powerless.send(new ListUsersCommand({}));
    assert.ok(listed.Users!.some((u) => u.UserName === 'powerless'), 'audit: the call went ahead');
    const response = await fetch(`${t.url}/_gatehouse/authorization/denials?requestId=${listed.$metadata.requestId}`, { headers: { authorization: `Bearer ${t.server.controlToken}` } });
    const { denials } = (await response.json()) as { denials: { action: string; layer: string; enforced: boolean; message: string }[] };
    assert.deepEqual(denials.map((d) => [d.action, d.layer, d.enforced]), [['iam:ListUsers', 'identity', false]]);
    assert.match(denials[0]!.message, /user\/powerless is not authorized to perform: iam:ListUsers/);
  });
});
