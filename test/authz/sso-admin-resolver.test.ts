// What the authorize step asks the policy engine about sso-admin calls: the instance and permission set ARNs as given,
// resources being created under the instance (application and trusted token issuer ARNs carry the instance's owner),
// and sso:ApplicationAccount.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/aws/auth/principal.js';
import { resolverNames } from '../../src/services/sso-admin/authz.js';
import { enabledOrganization, type Enabled } from '../sso-admin/support.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { assertEveryNameAnswered, principalOf, probe, type AuthzProbe } from './recording.js';

for (const database of testDatabases) {
  describe(`authz resolver: sso-admin (${database.name})`, () => {
    let t: TestServer;
    let authz: AuthzProbe;
    let org: Enabled;
    let management: Principal;
    let instanceId: string;

    before(async () => {
      t = await startTestServer(database);
      authz = probe(t, 'sso-admin');
      org = await enabledOrganization(t, 'Identity');
      management = await principalOf(t, org.credentials.accessKeyId);
      instanceId = org.instanceArn.slice(org.instanceArn.lastIndexOf('/') + 1);
    });
    after(async () => t.close());

    it('CreatePermissionSet: the instance and a new permission set under it', async () => {
      assert.deepEqual(
        await authz.request('CreatePermissionSet', { InstanceArn: org.instanceArn, Name: 'Admin', Tags: [{ Key: 'team', Value: 'a' }] }, management),
        {
          action: 'sso:CreatePermissionSet',
          resources: [org.instanceArn, `arn:aws:sso:::permissionSet/${instanceId}/*`],
          context: { 'aws:RequestTag/team': 'a', 'aws:TagKeys': ['team'] },
        },
      );
    });

    it('CreateApplication and CreateTrustedTokenIssuer: new resources under the instance\'s owner account', async () => {
      const provider = 'arn:aws:sso::aws:applicationProvider/custom';
      const app = await authz.request('CreateApplication', { InstanceArn: org.instanceArn, ApplicationProviderArn: provider, Name: 'app' }, management);
      assert.deepEqual(app.resources, [`arn:aws:sso::${org.accountId}:application/${instanceId}/*`, provider, org.instanceArn]);
      const issuer = await authz.request('CreateTrustedTokenIssuer', { InstanceArn: org.instanceArn, Name: 'idp' }, management);
      assert.deepEqual(issuer.resources, [org.instanceArn, `arn:aws:sso::${org.accountId}:trustedTokenIssuer/${instanceId}/*`]);
    });

    it('an instance that does not exist: its owner is unknown, so the new application authorizes against *', async () => {
      const missing = 'arn:aws:sso:::instance/ssoins-0000000000000000';
      const app = await authz.request('CreateApplication', { InstanceArn: missing, ApplicationProviderArn: 'arn:aws:sso::aws:applicationProvider/custom', Name: 'a' }, management);
      assert.deepEqual(app.resources, ['*', 'arn:aws:sso::aws:applicationProvider/custom', missing]);
    });

    it('application operations: the application, with sso:ApplicationAccount its owner', async () => {
      const application = `arn:aws:sso::${org.accountId}:application/${instanceId}/apl-0123456789abcdef`;
      assert.deepEqual(await authz.request('DescribeApplication', { ApplicationArn: application }, management), {
        action: 'sso:DescribeApplication',
        resources: [application],
        context: { 'sso:ApplicationAccount': org.accountId },
      });
    });

    it('CreateAccountAssignment: the target account, the instance and the permission set', async () => {
      const permissionSet = `arn:aws:sso:::permissionSet/${instanceId}/ps-0123456789abcdef`;
      const request = await authz.request(
        'CreateAccountAssignment',
        { InstanceArn: org.instanceArn, TargetId: org.accountId, TargetType: 'AWS_ACCOUNT', PermissionSetArn: permissionSet, PrincipalType: 'USER', PrincipalId: 'u' },
        management,
      );
      assert.deepEqual(request.resources, [`arn:aws:sso:::account/${org.accountId}`, org.instanceArn, permissionSet]);
    });

    it('answers every resolver name authz.ts lists, for a representative input', async () => {
      const service = t.server.services.find((s) => s.id === 'sso-admin')!;
      await assertEveryNameAnswered(service, resolverNames, management, {
        InstanceId: { InstanceArn: org.instanceArn },
        InstanceAccountId: { InstanceArn: org.instanceArn },
        ApplicationAccount: { ApplicationArn: `arn:aws:sso::${org.accountId}:application/${instanceId}/apl-0123456789abcdef` },
      });
    });
  });
}
