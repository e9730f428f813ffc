import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IAMClient } from '@aws-sdk/client-iam';
import {
  AssumeRoleCommand,
  DecodeAuthorizationMessageCommand,
  GetAccessKeyInfoCommand,
  GetCallerIdentityCommand,
  GetFederationTokenCommand,
  GetSessionTokenCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { encodeAuthorizationMessage, type AuthorizationDetails } from '../../src/aws/authz/authorization-message.js';
import { createSecretBox, loadOrCreateKey, type SecretBox } from '../../src/lib/secret-box.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { createAccount, failure, foundOrganization } from '../organizations/support.js';
import { iam, sessionSts, stsRole, stsUser, type StsUser } from './support.js';

// GetFederationToken, GetAccessKeyInfo and DecodeAuthorizationMessage with SDK v3.

for (const database of testDatabases) {
  describe(`sts: GetFederationToken, GetAccessKeyInfo, DecodeAuthorizationMessage (${database.name})`, () => {
    let t: TestServer;
    let admin: IAMClient;
    let account: string;
    let dev: StsUser;
    let box: SecretBox;

    before(async () => {
      t = await startTestServer(database);
      account = t.root.accountId;
      admin = iam(t.url, t.root);
      dev = await stsUser(t, admin, 'dev');
      // the server's own secret box, as the authorize step will use it to encode denials
      box = createSecretBox((await loadOrCreateKey(t.dataDir)).key);
    });
    after(async () => t.close());

    it('GetFederationToken gives an IAM user a federated-user session bounded by its session policies', async () => {
      const before = Date.now();
      const plain = await dev.sts.send(new GetFederationTokenCommand({ Name: 'bob@example' }));
      assert.deepEqual(plain.FederatedUser, { Arn: `arn:aws:sts::${account}:federated-user/bob@example`, FederatedUserId: `${account}:bob@example` });
      assert.equal(plain.PackedPolicySize, 0);
      const hours = (plain.Credentials!.Expiration!.getTime() - before) / 3_600_000;
      assert.ok(hours > 11.99 && hours <= 12.01, `12 hours by default, got ${hours}`);
      const federated = sessionSts(t, plain.Credentials!);
      const me = await federated.send(new GetCallerIdentityCommand({}));
      assert.deepEqual([me.Arn, me.UserId, me.Account], [plain.FederatedUser!.Arn, plain.FederatedUser!.FederatedUserId, account]);

      const scoped = await dev.sts.send(
        new GetFederationTokenCommand({
          Name: 'carol',
          DurationSeconds: 129_600,
          Policy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] }),
          PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
          Tags: [{ Key: 'Department', Value: 'finance' }],
        }),
      );
      assert.ok(scoped.PackedPolicySize! > 0);
      assert.ok(scoped.Credentials!.Expiration!.getTime() - before > 35.9 * 3_600_000);
      const principal = (await t.server.iam.find(scoped.Credentials!.AccessKeyId!))!.principal;
      assert.equal(principal.type, 'federated-user');
      assert.equal(principal.issuerArn, dev.arn);
      assert.deepEqual(principal.session?.tags, { Department: 'finance' });
      assert.deepEqual(principal.session?.policyArns, ['arn:aws:iam::aws:policy/ReadOnlyAccess']);

      // without a session policy a federated user may do nothing (AWS), GetCallerIdentity aside
      const again = await failure(federated.send(new GetFederationTokenCommand({ Name: 'again' })));
      assert.equal(again.name, 'AccessDenied');
      assert.match(again.message, /federated-user\/bob@example is not authorized to perform: sts:GetFederationToken on resource: .* because no session policy allows/);
      assert.equal((await failure(federated.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${account}:role/Any`, RoleSessionName: 'fed' })))).name, 'AccessDenied');
      assert.equal((await failure(dev.sts.send(new GetFederationTokenCommand({ Name: 'bad name' })))).name, 'ValidationError');
      assert.equal((await failure(dev.sts.send(new GetFederationTokenCommand({ Name: 'x', DurationSeconds: 129_601 })))).name, 'ValidationError');
    });

    it('GetFederationToken gives the root user at most an hour; GetSessionToken sessions cannot call it', async () => {
      const root = new STSClient({ endpoint: t.url, region: 'us-east-1', credentials: t.root, maxAttempts: 1 });
      const out = await root.send(new GetFederationTokenCommand({ Name: 'ops', DurationSeconds: 7200 }));
      assert.ok(out.Credentials!.Expiration!.getTime() - Date.now() <= 3_600_000 + 1000, 'at most an hour');
      const session = (await dev.sts.send(new GetSessionTokenCommand({ DurationSeconds: 900 }))).Credentials!;
      assert.ok((await t.server.iam.find(session.AccessKeyId!))!.principal.session!.issuedAt > 0);
      const fromSession = await failure(sessionSts(t, session).send(new GetFederationTokenCommand({ Name: 'ops' })));
      assert.deepEqual([fromSession.name, fromSession.message], ['AccessDenied', 'Cannot call GetFederationToken with session credentials']);
    });

    it('GetAccessKeyInfo answers the account of any key this server issued, and of key ids that carry one', async () => {
      const info = (AccessKeyId: string) => dev.sts.send(new GetAccessKeyInfoCommand({ AccessKeyId }));
      assert.equal((await info(dev.credentials.accessKeyId)).Account, account);
      assert.equal((await info(t.root.accessKeyId)).Account, account);

      const org = await foundOrganization(t, 'keys-org');
      const member = await createAccount(org.client, { AccountName: 'Keys' });
      const operator = await stsUser(t, iam(t.url, org.credentials), 'operator');
      const session = await operator.sts.send(new AssumeRoleCommand({ RoleArn: `arn:aws:iam::${member}:role/OrganizationAccountAccessRole`, RoleSessionName: 'keys' }));
      assert.equal((await info(session.Credentials!.AccessKeyId!)).Account, member);
      assert.equal((await info(operator.credentials.accessKeyId)).Account, org.accountId);

      // a key id this server never issued, in AWS's current layout (encoded with Python's base32 for account
      // 210987654321): answered from the id, as AWS does
      assert.equal((await info('AKIATCH6YDSYSUAQEAYE')).Account, '210987654321');
      const unknown = await failure(info('AKIAIOSFODNN7EXAMPLE'));
      assert.equal(unknown.name, 'InvalidParameterValue');
      assert.equal((await failure(info('short'))).name, 'ValidationError');
    });

    it('DecodeAuthorizationMessage decodes what the server encoded, for the denied account only, and nothing else', async () => {
      const role = await stsRole(admin, 'Denied', [account]);
      const details: AuthorizationDetails = {
        allowed: false,
        explicitDeny: true,
        matchedStatements: [{ policyId: `arn:aws:iam::${account}:policy/NoDeletes`, statementIndex: 1, sid: 'DenyDeletes', effect: 'Deny' }],
        principal: { id: `${role.roleId}:build`, arn: `arn:aws:sts::${account}:assumed-role/Denied/build` },
        action: 'organizations:DeleteOrganization',
        resource: '*',
        conditions: { 'aws:PrincipalTag/Team': ['infra'], 'aws:RequestedRegion': ['us-east-1'] },
      };
      const encoded = encodeAuthorizationMessage(details, box);
      assert.match(encoded, /^[A-Za-z0-9_-]+$/);
      assert.ok(!encoded.includes('DeleteOrganization') && !Buffer.from(encoded, 'base64url').toString('latin1').includes('DeleteOrganization'));

      const decoded = JSON.parse((await dev.sts.send(new DecodeAuthorizationMessageCommand({ EncodedMessage: encoded }))).DecodedMessage!) as unknown;
      assert.deepEqual(decoded, {
        allowed: false,
        explicitDeny: true,
        matchedStatements: { items: [{ statementId: 'DenyDeletes', effect: 'DENY', policyId: `arn:aws:iam::${account}:policy/NoDeletes`, statementIndex: 1 }] },
        failures: { items: [] },
        context: {
          principal: { id: `${role.roleId}:build`, arn: `arn:aws:sts::${account}:assumed-role/Denied/build` },
          action: 'organizations:DeleteOrganization',
          resource: '*',
          conditions: {
            items: [
              { key: 'aws:PrincipalTag/Team', values: { items: [{ value: 'infra' }] } },
              { key: 'aws:RequestedRegion', values: { items: [{ value: 'us-east-1' }] } },
            ],
          },
        },
      });

      const invalid = async (EncodedMessage: string, client = dev.sts) => {
        const f = await failure(client.send(new DecodeAuthorizationMessageCommand({ EncodedMessage })));
        assert.deepEqual([f.name, f.status], ['InvalidAuthorizationMessageException', 400], EncodedMessage.slice(0, 40));
      };
      await invalid('this is not an encoded message');
      await invalid('AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA');
      // one character changed: the seal does not open
      const flip = encoded[40] === 'A' ? 'B' : 'A';
      await invalid(encoded.slice(0, 40) + flip + encoded.slice(41));
      // a value the same key sealed for another purpose (a credential secret at rest) is not a message
      await invalid(Buffer.from(box.seal('wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), 'utf8').toString('base64url'));
      // another account's denial tells this account's callers nothing
      const other = await foundOrganization(t, 'other-org');
      const outsider = await stsUser(t, iam(t.url, other.credentials), 'outsider');
      await invalid(encoded, outsider.sts);
    });
  });
}
