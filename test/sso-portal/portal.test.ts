import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateTokenCommand } from '@aws-sdk/client-sso-oidc';
import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, type SSOClient } from '@aws-sdk/client-sso';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { GetRoleCommand, IAMClient } from '@aws-sdk/client-iam';
import { CreateInstanceAccessControlAttributeConfigurationCommand, DeleteInstanceAccessControlAttributeConfigurationCommand } from '@aws-sdk/client-sso-admin';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { failure } from '../organizations/support.js';
import { Authenticator, capturedLog, deviceLogin, oidcClient, PASSWORD, portalClient, portalWorld, signIn, testClock, type DeviceLogin, type PortalWorld } from './support.js';

// The access portal API as `aws sso login` profiles, SDK v3 and boto3 use it: the accounts and roles a user reaches
// directly and through a group, paged; role credentials that are the AWSReservedSSO_ role's assumed-role session
// (proved with STS GetCallerIdentity), lasting the permission set's session; ForbiddenException for a role not
// assigned; UnauthorizedException for an expired, revoked or made-up token; Logout. And no password, TOTP secret,
// token, client secret or credential secret in the server's log.

const ROLE_ARN = /^arn:aws:sts::(\d{12}):assumed-role\/AWSReservedSSO_AdministratorAccess_[0-9a-f]{16}\/alice$/;

for (const database of testDatabases) {
  describe(`the access portal API (${database.name})`, () => {
    const clock = testClock();
    const authenticator = new Authenticator(clock);
    const captured = capturedLog();
    const secrets: string[] = [PASSWORD];
    let t: TestServer;
    let world: PortalWorld;
    let portal: SSOClient;
    let alice: DeviceLogin;
    before(async () => {
      t = await startTestServer(database, { clock: clock.clock, log: captured.log });
      world = await portalWorld(t, 'Portal');
      portal = portalClient(t.url);
      const { session, cookie } = await signIn(t.server.signIn, authenticator, world.startUrl, 'alice');
      alice = await deviceLogin(t.server, t.url, world.startUrl, session);
      secrets.push(cookie, alice.accessToken, alice.refreshToken!, alice.clientSecret);
    });
    after(async () => t.close());

    it('lists the accounts and roles the user reaches, directly and through groups, in pages', async () => {
      const first = await portal.send(new ListAccountsCommand({ accessToken: alice.accessToken, maxResults: 1 }));
      assert.equal(first.accountList?.length, 1);
      assert.ok(first.nextToken);
      const second = await portal.send(new ListAccountsCommand({ accessToken: alice.accessToken, maxResults: 1, nextToken: first.nextToken }));
      assert.equal(second.nextToken, undefined);
      const accounts = [...first.accountList!, ...second.accountList!];
      const expected = [
        { accountId: world.development, accountName: 'Development' },
        { accountId: world.production, accountName: 'Production' },
      ].sort((a, b) => a.accountId.localeCompare(b.accountId));
      assert.deepEqual(accounts.map(({ accountId, accountName }) => ({ accountId, accountName })), expected);
      assert.ok(accounts.every((a) => a.emailAddress?.endsWith('@example.com')));

      const roles = await portal.send(new ListAccountRolesCommand({ accessToken: alice.accessToken, accountId: world.development }));
      assert.deepEqual(roles.roleList, [
        { roleName: 'AdministratorAccess', accountId: world.development },
        { roleName: 'ReadOnlyAccess', accountId: world.development },
      ]);
      const paged = await portal.send(new ListAccountRolesCommand({ accessToken: alice.accessToken, accountId: world.development, maxResults: 1 }));
      assert.deepEqual(paged.roleList?.map((r) => r.roleName), ['AdministratorAccess']);
      const rest = await portal.send(new ListAccountRolesCommand({ accessToken: alice.accessToken, accountId: world.development, maxResults: 1, nextToken: paged.nextToken }));
      assert.deepEqual(rest.roleList?.map((r) => r.roleName), ['ReadOnlyAccess']);
      assert.deepEqual((await portal.send(new ListAccountRolesCommand({ accessToken: alice.accessToken, accountId: world.production }))).roleList?.map((r) => r.roleName), ['AdministratorAccess']);
      assert.deepEqual((await portal.send(new ListAccountRolesCommand({ accessToken: alice.accessToken, accountId: world.sandbox }))).roleList, []);
      const foreign = await failure(portal.send(new ListAccountRolesCommand({ accessToken: alice.accessToken, accountId: world.sandbox, nextToken: first.nextToken })));
      assert.equal(foreign.name, 'InvalidRequestException');
    });

    it('issues credentials of the AWSReservedSSO_ role session that STS recognizes, for the permission set\'s duration', async () => {
      const before = clock.clock.now().getTime();
      const out = await portal.send(new GetRoleCredentialsCommand({ accessToken: alice.accessToken, accountId: world.development, roleName: 'AdministratorAccess' }));
      const creds = out.roleCredentials!;
      secrets.push(creds.secretAccessKey!, creds.sessionToken!);
      assert.match(creds.accessKeyId!, /^ASIA[A-Z2-7]{16}$/);
      // expiration in epoch milliseconds, the permission set's PT2H away
      assert.ok(creds.expiration! >= before + 2 * 3600_000 && creds.expiration! <= clock.clock.now().getTime() + 2 * 3600_000, String(creds.expiration));
      const credentials = { accessKeyId: creds.accessKeyId!, secretAccessKey: creds.secretAccessKey!, sessionToken: creds.sessionToken! };
      const me = await new STSClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new GetCallerIdentityCommand({}));
      assert.equal(me.Account, world.development);
      assert.match(me.Arn!, ROLE_ARN);
      const roleName = me.Arn!.split('/')[1]!;
      const role = await new IAMClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 }).send(new GetRoleCommand({ RoleName: roleName }));
      assert.equal(role.Role?.Path, '/aws-reserved/sso.amazonaws.com/');
      assert.equal(me.UserId, `${role.Role?.RoleId}:alice`);

      const readOnly = await portal.send(new GetRoleCredentialsCommand({ accessToken: alice.accessToken, accountId: world.development, roleName: 'ReadOnlyAccess' }));
      secrets.push(readOnly.roleCredentials!.secretAccessKey!, readOnly.roleCredentials!.sessionToken!);
      assert.ok(readOnly.roleCredentials!.expiration! <= clock.clock.now().getTime() + 3600_000);
    });

    it("puts the instance's attributes for access control on the role session as session tags, with its issue time", async () => {
      await world.org.sso.send(
        new CreateInstanceAccessControlAttributeConfigurationCommand({
          InstanceArn: world.org.instanceArn,
          InstanceAccessControlAttributeConfiguration: {
            AccessControlAttributes: [
              { Key: 'UserName', Value: { Source: ['${path:userName}'] } },
              { Key: 'CostCenter', Value: { Source: ['${path:enterprise.costCenter}'] } },
            ],
          },
        }),
      );
      try {
        const before = clock.clock.now().getTime();
        const out = await portal.send(new GetRoleCredentialsCommand({ accessToken: alice.accessToken, accountId: world.development, roleName: 'AdministratorAccess' }));
        secrets.push(out.roleCredentials!.secretAccessKey!, out.roleCredentials!.sessionToken!);
        // what the authorize step will read: the principal stored with the credentials
        const session = (await t.server.iam.find(out.roleCredentials!.accessKeyId!))!.principal.session!;
        // alice has no cost center: no tag for it
        assert.deepEqual(session.tags, { UserName: 'alice' });
        assert.ok(session.issuedAt >= before && session.issuedAt <= clock.clock.now().getTime());
        assert.equal(session.mfaAuthenticatedAt, undefined);
      } finally {
        await world.org.sso.send(new DeleteInstanceAccessControlAttributeConfigurationCommand({ InstanceArn: world.org.instanceArn }));
      }
      const plain = await portal.send(new GetRoleCredentialsCommand({ accessToken: alice.accessToken, accountId: world.development, roleName: 'ReadOnlyAccess' }));
      secrets.push(plain.roleCredentials!.secretAccessKey!, plain.roleCredentials!.sessionToken!);
      assert.equal((await t.server.iam.find(plain.roleCredentials!.accessKeyId!))!.principal.session!.tags, undefined);
    });

    it('refuses a role the user has no assignment for with ForbiddenException', async () => {
      for (const [accountId, roleName] of [
        [world.sandbox, 'AdministratorAccess'],
        [world.production, 'ReadOnlyAccess'],
        [world.development, 'NoSuchPermissionSet'],
      ] as const) {
        const f = await failure(portal.send(new GetRoleCredentialsCommand({ accessToken: alice.accessToken, accountId, roleName })));
        assert.deepEqual({ name: f.name, message: f.message, status: f.status }, { name: 'ForbiddenException', message: 'No access', status: 403 }, `${accountId} ${roleName}`);
      }
      const bob = await deviceLogin(t.server, t.url, world.startUrl, (await signIn(t.server.signIn, authenticator, world.startUrl, 'bob')).session);
      secrets.push(bob.accessToken, bob.refreshToken!, bob.clientSecret);
      assert.deepEqual((await portal.send(new ListAccountsCommand({ accessToken: bob.accessToken }))).accountList, []);
      const f = await failure(portal.send(new GetRoleCredentialsCommand({ accessToken: bob.accessToken, accountId: world.development, roleName: 'AdministratorAccess' })));
      assert.equal(f.name, 'ForbiddenException');
    });

    it('answers boto3\'s sso client', async () => {
      const out = await runBoto3(
        `
import json, os, boto3
from botocore.exceptions import ClientError
sso = boto3.client('sso', region_name='us-east-1')
token = os.environ['TOKEN']
out = {}
c = sso.get_role_credentials(roleName='AdministratorAccess', accountId=os.environ['ACCOUNT'], accessToken=token)['roleCredentials']
out['expiration'] = c['expiration']
sts = boto3.client('sts', region_name='us-east-1', aws_access_key_id=c['accessKeyId'], aws_secret_access_key=c['secretAccessKey'], aws_session_token=c['sessionToken'])
out['arn'] = sts.get_caller_identity()['Arn']
try:
    sso.get_role_credentials(roleName='AdministratorAccess', accountId=os.environ['SANDBOX'], accessToken=token)
    out['forbidden'] = 'no error'
except ClientError as e:
    out['forbidden'] = [e.response['Error']['Code'], e.response['Error']['Message'], e.response['ResponseMetadata']['HTTPStatusCode']]
try:
    sso.list_accounts(accessToken='aoa-made-up')
    out['unauthorized'] = 'no error'
except ClientError as e:
    out['unauthorized'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
pages = sso.get_paginator('list_accounts').paginate(accessToken=token, PaginationConfig={'PageSize': 1})
out['accounts'] = [a['accountId'] for p in pages for a in p['accountList']]
print(json.dumps(out))
`,
        t.url,
        world.org.credentials,
        { TOKEN: alice.accessToken, ACCOUNT: world.production, SANDBOX: world.sandbox },
      );
      assert.equal(typeof out['expiration'], 'number');
      assert.ok((out['expiration'] as number) > Date.now(), 'epoch milliseconds');
      assert.match(out['arn'] as string, ROLE_ARN);
      assert.equal((out['arn'] as string).split(':')[4], world.production);
      assert.deepEqual(out['forbidden'], ['ForbiddenException', 'No access', 403]);
      assert.deepEqual(out['unauthorized'], ['UnauthorizedException', 401]);
      assert.deepEqual(out['accounts'], [world.development, world.production].sort());
    });

    it('logs out: the token and its refresh token stop working', async () => {
      const other = await deviceLogin(t.server, t.url, world.startUrl, (await signIn(t.server.signIn, authenticator, world.startUrl, 'alice')).session);
      secrets.push(other.accessToken, other.refreshToken!, other.clientSecret);
      await portal.send(new LogoutCommand({ accessToken: other.accessToken }));
      const after = await failure(portal.send(new ListAccountsCommand({ accessToken: other.accessToken })));
      assert.deepEqual({ name: after.name, message: after.message, status: after.status }, { name: 'UnauthorizedException', message: 'Session token not found or invalid', status: 401 });
      assert.equal((await failure(portal.send(new LogoutCommand({ accessToken: other.accessToken })))).name, 'UnauthorizedException');
      const refresh = await failure(
        oidcClient(t.url).send(new CreateTokenCommand({ clientId: other.clientId, clientSecret: other.clientSecret, grantType: 'refresh_token', refreshToken: other.refreshToken })),
      );
      assert.equal(refresh.name, 'InvalidGrantException');
      assert.equal((await failure(portal.send(new ListAccountsCommand({ accessToken: 'aoa-made-up' })))).name, 'UnauthorizedException');
      // alice's other sign-in is untouched
      assert.equal((await portal.send(new ListAccountsCommand({ accessToken: alice.accessToken }))).accountList?.length, 2);
    });

    it('refuses an expired access token; its refresh token gets a new one until the portal session ends', async () => {
      clock.advance(3600_000);
      const expired = await failure(portal.send(new ListAccountsCommand({ accessToken: alice.accessToken })));
      assert.equal(expired.name, 'UnauthorizedException');
      const refreshed = await oidcClient(t.url).send(
        new CreateTokenCommand({ clientId: alice.clientId, clientSecret: alice.clientSecret, grantType: 'refresh_token', refreshToken: alice.refreshToken }),
      );
      secrets.push(refreshed.accessToken!, refreshed.refreshToken!);
      assert.equal((await portal.send(new ListAccountsCommand({ accessToken: refreshed.accessToken }))).accountList?.length, 2);
      clock.advance(7 * 3600_000);
      const ended = await failure(
        oidcClient(t.url).send(new CreateTokenCommand({ clientId: alice.clientId, clientSecret: alice.clientSecret, grantType: 'refresh_token', refreshToken: refreshed.refreshToken })),
      );
      assert.equal(ended.name, 'InvalidGrantException');
    });

    it('never writes a password, TOTP secret, token or credential secret to the log', () => {
      const text = captured.text();
      assert.match(text, /sso: role credentials issued/);
      assert.match(text, /"msg":"sign-in"/);
      for (const secret of [...secrets, ...authenticator.secrets()]) {
        assert.ok(secret && secret.length >= 8);
        assert.equal(text.includes(secret), false, `a secret (${secret.slice(0, 4)}...) is in the log`);
      }
    });
  });
}
