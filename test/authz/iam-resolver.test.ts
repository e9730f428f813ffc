// What the authorize step asks the policy engine about IAM calls: entity ARNs with their stored paths (or the path a
// new entity gets), the calling user when UserName is omitted, renamed and moved entities under both ARNs, and the
// entity's current permissions boundary as iam:PermissionsBoundary.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateAccessKeyCommand, CreateGroupCommand, CreateRoleCommand, CreateUserCommand } from '@aws-sdk/client-iam';
import type { Principal } from '../../src/aws/auth/principal.js';
import { resolverNames } from '../../src/services/iam/authz.js';
import { iam } from '../iam/support.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { assertEveryNameAnswered, principalOf, probe, type AuthzProbe } from './recording.js';

const BOUNDARY = 'arn:aws:iam::aws:policy/PowerUserAccess';
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }],
});

for (const database of testDatabases) {
  describe(`authz resolver: iam (${database.name})`, () => {
    let t: TestServer;
    let authz: AuthzProbe;
    let root: Principal;
    let alice: Principal;
    let aliceKey: string;
    let account: string;
    const arn = (rest: string) => `arn:aws:iam::${account}:${rest}`;

    before(async () => {
      t = await startTestServer(database);
      authz = probe(t, 'iam');
      account = t.root.accountId;
      root = await principalOf(t, t.root.accessKeyId);
      const client = iam(t.url, t.root);
      await client.send(new CreateUserCommand({ UserName: 'Alice', Path: '/eng/', PermissionsBoundary: BOUNDARY }));
      aliceKey = (await client.send(new CreateAccessKeyCommand({ UserName: 'Alice' }))).AccessKey!.AccessKeyId!;
      alice = await principalOf(t, aliceKey);
      await client.send(new CreateRoleCommand({ RoleName: 'Ops', Path: '/svc/', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: BOUNDARY }));
      await client.send(new CreateGroupCommand({ GroupName: 'Devs', Path: '/teams/' }));
    });
    after(async () => t.close());

    it('GetUser without UserName, as an IAM user: that user\'s ARN with its path', async () => {
      assert.deepEqual(await authz.request('GetUser', {}, alice), { action: 'iam:GetUser', resources: [arn('user/eng/Alice')], context: {} });
      assert.deepEqual((await authz.request('ChangePassword', { OldPassword: 'a', NewPassword: 'b' }, alice)).resources, [arn('user/eng/Alice')]);
    });

    it('GetUser without UserName, as root: no default user, so *', async () => {
      assert.deepEqual((await authz.request('GetUser', {}, root)).resources, ['*']);
    });

    it('CreateRole with Path: the new role\'s ARN with that path', async () => {
      assert.deepEqual(
        await authz.request('CreateRole', { RoleName: 'Deployer', Path: '/ci/', AssumeRolePolicyDocument: TRUST, PermissionsBoundary: BOUNDARY }, root),
        { action: 'iam:CreateRole', resources: [arn('role/ci/Deployer')], context: { 'iam:PermissionsBoundary': BOUNDARY } },
      );
      assert.deepEqual((await authz.request('CreateRole', { RoleName: 'Plain', AssumeRolePolicyDocument: TRUST }, root)).resources, [arn('role/Plain')]);
    });

    it('operations on an existing role or user: the stored path and the current permissions boundary', async () => {
      assert.deepEqual(await authz.request('GetRole', { RoleName: 'ops' }, root), {
        action: 'iam:GetRole',
        resources: [arn('role/svc/ops')],
        context: { 'iam:PermissionsBoundary': BOUNDARY },
      });
      const policy = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
      assert.deepEqual(await authz.request('AttachUserPolicy', { UserName: 'Alice', PolicyArn: policy }, root), {
        action: 'iam:AttachUserPolicy',
        resources: [arn('user/eng/Alice')],
        context: { 'iam:PolicyARN': policy, 'iam:PermissionsBoundary': BOUNDARY },
      });
      assert.deepEqual((await authz.request('GetGroup', { GroupName: 'Devs' }, root)).resources, [arn('group/teams/Devs')]);
    });

    it('an entity that does not exist: the path "/" and no permissions boundary', async () => {
      assert.deepEqual(await authz.request('DeleteRole', { RoleName: 'Nobody' }, root), {
        action: 'iam:DeleteRole',
        resources: [arn('role/Nobody')],
        context: {},
      });
    });

    it('renames and moves: the entity under its current and its new ARN', async () => {
      assert.deepEqual((await authz.request('UpdateUser', { UserName: 'Alice', NewUserName: 'Alicia' }, root)).resources, [
        arn('user/eng/Alice'),
        arn('user/eng/Alicia'),
      ]);
      assert.deepEqual((await authz.request('UpdateGroup', { GroupName: 'Devs', NewPath: '/x/' }, root)).resources, [
        arn('group/teams/Devs'),
        arn('group/x/Devs'),
      ]);
    });

    it('GetAccessKeyLastUsed: the user who owns the key, whoever asks', async () => {
      assert.deepEqual(await authz.request('GetAccessKeyLastUsed', { AccessKeyId: aliceKey }, root), {
        action: 'iam:GetAccessKeyLastUsed',
        resources: [arn('user/eng/Alice')],
        context: {},
      });
      assert.deepEqual((await authz.request('GetAccessKeyLastUsed', { AccessKeyId: t.root.accessKeyId }, root)).resources, ['*']);
    });

    it('resources named by the request: a new policy, an OIDC provider, a service-linked role and its deletion task', async () => {
      assert.deepEqual((await authz.request('CreatePolicy', { PolicyName: 'Read', Path: '/a/', PolicyDocument: '{}' }, root)).resources, [
        arn('policy/a/Read'),
      ]);
      assert.deepEqual((await authz.request('CreateOpenIDConnectProvider', { Url: 'https://token.actions.githubusercontent.com' }, root)).resources, [
        arn('oidc-provider/token.actions.githubusercontent.com'),
      ]);
      assert.deepEqual(await authz.request('CreateServiceLinkedRole', { AWSServiceName: 'sso.amazonaws.com' }, root), {
        action: 'iam:CreateServiceLinkedRole',
        resources: [arn('role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO')],
        context: { 'iam:AWSServiceName': 'sso.amazonaws.com' },
      });
      const task = 'task/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO/6f3b5a0e-1d2c-4b7a-9e8f-0a1b2c3d4e5f';
      assert.deepEqual((await authz.request('GetServiceLinkedRoleDeletionStatus', { DeletionTaskId: task }, root)).resources, [
        arn('role/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO'),
      ]);
    });

    it('answers every resolver name authz.ts lists, for a representative input', async () => {
      const service = t.server.services.find((s) => s.id === 'iam')!;
      await assertEveryNameAnswered(
        service,
        resolverNames,
        alice,
        {
          UserName: {},
          UserPath: { UserName: 'Alice' },
          AccessKeyOwnerName: { AccessKeyId: aliceKey },
          AccessKeyOwnerPath: { AccessKeyId: aliceKey },
          RolePath: { RoleName: 'Ops' },
          GroupPath: { GroupName: 'Devs' },
          InstanceProfilePath: { InstanceProfileName: 'web', Path: '/web/' },
          ServerCertificatePath: { ServerCertificateName: 'cert' },
          PolicyPath: { PolicyName: 'Read' },
          MfaPath: { VirtualMFADeviceName: 'phone' },
          NewPath: { UserName: 'Alice' },
          NewUserName: { UserName: 'Alice' },
          NewGroupName: { GroupName: 'Devs' },
          NewServerCertificateName: { ServerCertificateName: 'cert' },
          OidcProviderName: { Url: 'https://idp.example.com' },
          ServiceLinkedRoleName: { AWSServiceName: 'sso.amazonaws.com' },
          DeletionTaskRoleArn: { DeletionTaskId: 'task/aws-service-role/sso.amazonaws.com/AWSServiceRoleForSSO/6f3b5a0e' },
          CurrentPermissionsBoundary: { RoleName: 'Ops' },
        },
        { CredentialServiceName: 'service-specific credentials are not stored: their operations answer NotImplemented' },
      );
    });
  });
}
