import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserCommand, IdentitystoreClient } from '@aws-sdk/client-identitystore';
import {
  CreateSAMLProviderCommand,
  DeleteSAMLProviderCommand,
  GetAccountSummaryCommand,
  GetRoleCommand,
  GetSAMLProviderCommand,
  ListRolesCommand,
  ListSAMLProvidersCommand,
  ListSAMLProviderTagsCommand,
  TagSAMLProviderCommand,
  UntagSAMLProviderCommand,
  UpdateSAMLProviderCommand,
} from '@aws-sdk/client-iam';
import {
  AttachManagedPolicyToPermissionSetCommand,
  CreateAccountAssignmentCommand,
  CreatePermissionSetCommand,
  DeleteAccountAssignmentCommand,
  DescribeAccountAssignmentCreationStatusCommand,
  DescribeAccountAssignmentDeletionStatusCommand,
  DescribeInstanceCommand,
} from '@aws-sdk/client-sso-admin';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { createAccount, rejects, standalone } from '../organizations/support.js';
import { iam } from './support.js';
import { enabledOrganization, poll } from '../sso-admin/support.js';

// IAM SAML providers through SDK v3: their lifecycle, the metadata IAM accepts and the ValidUntil it reads from it,
// tags, refusals, account isolation, and the AWSSSO_<16 hex>_DO_NOT_DELETE provider Identity Center makes in each
// account it provisions a role into.

/** SAML 2.0 identity provider metadata (over IAM's 1000-character minimum), with or without a namespace prefix. */
function metadata(entityId: string, options: { validUntil?: string; prefix?: boolean } = {}): string {
  const md = options.prefix === false ? '' : 'md:';
  const xmlns = options.prefix === false ? 'xmlns' : 'xmlns:md';
  const certificate = `MIIC${'Q'.repeat(880)}`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<${md}EntityDescriptor ${xmlns}="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${entityId}"${options.validUntil ? ` validUntil="${options.validUntil}"` : ''}>`,
    `  <${md}IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">`,
    `    <${md}KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${certificate}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></${md}KeyDescriptor>`,
    `    <${md}SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${entityId}/sso"/>`,
    `  </${md}IDPSSODescriptor>`,
    `</${md}EntityDescriptor>`,
  ].join('\n');
}

const yearOf = (d: Date | undefined) => d!.getUTCFullYear();

for (const database of testDatabases) {
  describe(`iam: SAML providers (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('create, get, list, update, tag and delete a provider; ValidUntil comes from the metadata, else a hundred years on', async () => {
      const a = await standalone(t, 'SamlLifecycle');
      const client = iam(t.url, a.credentials);
      const before = Math.floor(Date.now() / 1000) * 1000;
      const created = await client.send(
        new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: metadata('https://idp.example.com', { validUntil: '2031-05-06T07:08:09Z' }), Tags: [{ Key: 'team', Value: 'id' }] }),
      );
      const arn = `arn:aws:iam::${a.accountId}:saml-provider/Okta`;
      assert.equal(created.SAMLProviderArn, arn);
      assert.deepEqual(created.Tags, [{ Key: 'team', Value: 'id' }]);

      const got = await client.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      assert.equal(got.SAMLMetadataDocument, metadata('https://idp.example.com', { validUntil: '2031-05-06T07:08:09Z' }));
      assert.equal(got.ValidUntil!.toISOString(), '2031-05-06T07:08:09.000Z');
      assert.ok(got.CreateDate!.getTime() >= before && got.CreateDate!.getTime() <= Date.now(), 'created now, in whole seconds');
      assert.equal(got.CreateDate!.getUTCMilliseconds(), 0);
      assert.deepEqual(got.Tags, [{ Key: 'team', Value: 'id' }]);
      // the name in another case names the same provider
      assert.equal((await client.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn.replace('Okta', 'OKTA') }))).ValidUntil!.getTime(), got.ValidUntil!.getTime());

      const plainArn = (await client.send(new CreateSAMLProviderCommand({ Name: 'Plain', SAMLMetadataDocument: metadata('urn:plain', { prefix: false }) }))).SAMLProviderArn!;
      const plain = await client.send(new GetSAMLProviderCommand({ SAMLProviderArn: plainArn }));
      assert.equal(yearOf(plain.ValidUntil), yearOf(plain.CreateDate) + 100);
      assert.equal(plain.Tags, undefined);

      const listed = (await client.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!;
      assert.deepEqual(
        listed.map((p) => [p.Arn, p.ValidUntil!.toISOString(), p.CreateDate!.getTime()]),
        [
          [arn, '2031-05-06T07:08:09.000Z', got.CreateDate!.getTime()],
          [plainArn, plain.ValidUntil!.toISOString(), plain.CreateDate!.getTime()],
        ],
      );
      assert.equal((await client.send(new GetAccountSummaryCommand({}))).SummaryMap!['Providers'], 2);

      const updated = await client.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: plainArn, SAMLMetadataDocument: metadata('urn:plain', { validUntil: '2040-01-01T00:00:00Z' }) }));
      assert.equal(updated.SAMLProviderArn, plainArn);
      const after = await client.send(new GetSAMLProviderCommand({ SAMLProviderArn: plainArn }));
      assert.equal(after.ValidUntil!.toISOString(), '2040-01-01T00:00:00.000Z');
      assert.equal(after.CreateDate!.getTime(), plain.CreateDate!.getTime());

      await client.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'Env', Value: 'prod' }, { Key: 'TEAM', Value: 'identity' }] }));
      const first = await client.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn, MaxItems: 1 }));
      assert.deepEqual([first.Tags, first.IsTruncated], [[{ Key: 'Env', Value: 'prod' }], true]);
      const second = await client.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn, MaxItems: 1, Marker: first.Marker! }));
      assert.deepEqual([second.Tags, second.IsTruncated], [[{ Key: 'TEAM', Value: 'identity' }], false]);
      await client.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['team'] }));
      assert.deepEqual((await client.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags, [{ Key: 'Env', Value: 'prod' }]);

      await client.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn }));
      const gone = await rejects(client.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })), 'NoSuchEntityException');
      assert.equal(gone.message, `Manifest not found for arn ${arn}`);
      assert.equal(gone.status, 404);
      await rejects(client.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })), 'NoSuchEntityException');
      await rejects(client.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn })), 'NoSuchEntityException');
      // made again, it starts without the old one's tags
      await client.send(new CreateSAMLProviderCommand({ Name: 'Okta', SAMLMetadataDocument: metadata('https://idp.example.com') }));
      assert.deepEqual((await client.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn }))).Tags, []);
      assert.deepEqual((await client.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!.map((p) => p.Arn), [arn, plainArn]);
    });

    it('refuses a taken name, what is not identity provider metadata, bad ARNs, encryption and too many tags; other accounts see nothing', async () => {
      const a = await standalone(t, 'SamlRefused');
      const b = await standalone(t, 'SamlOther');
      const client = iam(t.url, a.credentials);
      const other = iam(t.url, b.credentials);
      const doc = metadata('https://idp.example.com');
      const arn = (await client.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: doc }))).SAMLProviderArn!;

      const taken = await rejects(client.send(new CreateSAMLProviderCommand({ Name: 'CORP', SAMLMetadataDocument: doc })), 'EntityAlreadyExistsException');
      assert.equal(taken.status, 409);
      const notMetadata = await rejects(
        client.send(new CreateSAMLProviderCommand({ Name: 'Junk', SAMLMetadataDocument: `<a>${'x'.repeat(1000)}</a>` })),
        'InvalidInputException',
      );
      assert.equal(notMetadata.message, 'Could not parse metadata');
      const spOnly = doc.replaceAll('IDPSSODescriptor', 'SPSSODescriptor');
      await rejects(client.send(new CreateSAMLProviderCommand({ Name: 'Sp', SAMLMetadataDocument: spOnly })), 'InvalidInputException');
      await rejects(client.send(new CreateSAMLProviderCommand({ Name: 'Bad', SAMLMetadataDocument: metadata('urn:x', { validUntil: 'someday' }) })), 'InvalidInputException');
      await rejects(client.send(new CreateSAMLProviderCommand({ Name: 'Short', SAMLMetadataDocument: '<md:EntityDescriptor/>' })), 'ValidationError');
      await rejects(client.send(new CreateSAMLProviderCommand({ Name: 'has space', SAMLMetadataDocument: doc })), 'ValidationError');
      const dup = await rejects(
        client.send(new CreateSAMLProviderCommand({ Name: 'Dup', SAMLMetadataDocument: doc, Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })),
        'InvalidInputException',
      );
      assert.equal(dup.message, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');

      const encryption = await rejects(client.send(new CreateSAMLProviderCommand({ Name: 'Enc', SAMLMetadataDocument: doc, AssertionEncryptionMode: 'Required' })), 'NotImplementedException');
      assert.equal(encryption.status, 501);
      await rejects(client.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, RemovePrivateKey: 'SAMLABCDEFGHIJKLMNOPQRS' })), 'NotImplementedException');
      const nothing = await rejects(client.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn })), 'InvalidInputException');
      assert.equal(nothing.message, 'No updates are defined.');
      await rejects(client.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: `<a>${'x'.repeat(1000)}</a>` })), 'InvalidInputException');

      const notArn = await rejects(client.send(new GetSAMLProviderCommand({ SAMLProviderArn: `arn:aws:iam::${a.accountId}:role/Corp` })), 'InvalidInputException');
      assert.equal(notArn.message, `ARN arn:aws:iam::${a.accountId}:role/Corp is not valid.`);

      await client.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: '' })) }));
      const full = await rejects(client.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'more', Value: '' }] })), 'LimitExceededException');
      assert.equal(full.message, 'Cannot exceed quota for TagsPerSAMLProvider: 50');

      // another account: its own list is empty, and this account's ARN names nothing it can reach
      assert.deepEqual((await other.send(new ListSAMLProvidersCommand({}))).SAMLProviderList, []);
      for (const call of [
        () => other.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn })),
        () => other.send(new UpdateSAMLProviderCommand({ SAMLProviderArn: arn, SAMLMetadataDocument: doc })),
        () => other.send(new DeleteSAMLProviderCommand({ SAMLProviderArn: arn })),
        () => other.send(new TagSAMLProviderCommand({ SAMLProviderArn: arn, Tags: [{ Key: 'x', Value: 'y' }] })),
        () => other.send(new UntagSAMLProviderCommand({ SAMLProviderArn: arn, TagKeys: ['k1'] })),
        () => other.send(new ListSAMLProviderTagsCommand({ SAMLProviderArn: arn })),
      ]) {
        const f = await rejects(call(), 'NoSuchEntityException');
        assert.equal(f.message, `Manifest not found for arn ${arn}`);
      }
      // and it may use the same name for its own
      await other.send(new CreateSAMLProviderCommand({ Name: 'Corp', SAMLMetadataDocument: doc }));
      assert.equal((await client.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }))).SAMLMetadataDocument, doc);
    });

    it('Identity Center makes the AWSSSO_<16 hex>_DO_NOT_DELETE provider its roles trust in each account it provisions into, and keeps it', async () => {
      const org = await enabledOrganization(t, 'SamlSso');
      const member = await createAccount(org.client, { AccountName: 'SamlMember' });
      const storeId = (await org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn }))).IdentityStoreId!;
      const ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: org.credentials, maxAttempts: 1 });
      const userId = (await ids.send(new CreateUserCommand({ IdentityStoreId: storeId, UserName: 'sam', DisplayName: 'Sam', Name: { GivenName: 'Sam', FamilyName: 'L' } }))).UserId!;
      const client = iam(t.url, org.credentials);
      assert.deepEqual((await client.send(new ListSAMLProvidersCommand({}))).SAMLProviderList, [], 'none before Identity Center provisions');

      const sets: string[] = [];
      for (const name of ['Admin', 'Reader']) {
        const ps = (await org.sso.send(new CreatePermissionSetCommand({ InstanceArn: org.instanceArn, Name: name }))).PermissionSet!.PermissionSetArn!;
        await org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
        sets.push(ps);
      }
      const assignment = (PermissionSetArn: string, TargetId: string) =>
        ({ InstanceArn: org.instanceArn, TargetId, TargetType: 'AWS_ACCOUNT', PermissionSetArn, PrincipalType: 'USER', PrincipalId: userId }) as const;
      for (const [ps, target] of [[sets[0]!, org.accountId], [sets[1]!, org.accountId], [sets[0]!, member]] as const) {
        const started = (await org.sso.send(new CreateAccountAssignmentCommand(assignment(ps, target)))).AccountAssignmentCreationStatus!;
        const done = await poll(async () =>
          (await org.sso.send(new DescribeAccountAssignmentCreationStatusCommand({ InstanceArn: org.instanceArn, AccountAssignmentCreationRequestId: started.RequestId! })))
            .AccountAssignmentCreationStatus!,
        );
        assert.equal(done.Status, 'SUCCEEDED', done.FailureReason);
      }

      // the management account (a target like any other) sees one provider for its two roles
      const providers = (await client.send(new ListSAMLProvidersCommand({}))).SAMLProviderList!;
      assert.equal(providers.length, 1);
      const arn = providers[0]!.Arn!;
      assert.match(arn, new RegExp(`^arn:aws:iam::${org.accountId}:saml-provider/AWSSSO_[0-9a-f]{16}_DO_NOT_DELETE$`));
      const roles = (await client.send(new ListRolesCommand({ PathPrefix: '/aws-reserved/sso.amazonaws.com/' }))).Roles!;
      assert.equal(roles.length, 2);
      for (const role of roles) {
        const trust = JSON.parse(decodeURIComponent((await client.send(new GetRoleCommand({ RoleName: role.RoleName! }))).Role!.AssumeRolePolicyDocument!));
        assert.equal(trust.Statement[0].Principal.Federated, arn, 'the role trusts the provider that exists');
      }
      const provider = await client.send(new GetSAMLProviderCommand({ SAMLProviderArn: arn }));
      assert.match(provider.SAMLMetadataDocument!, /<md:IDPSSODescriptor /);
      assert.ok(provider.SAMLMetadataDocument!.length >= 1000, 'as long as IAM asks of a metadata document');
      assert.equal(yearOf(provider.ValidUntil), yearOf(provider.CreateDate) + 100);

      // the member account (no credentials of its own) has its own, under the same name
      const memberProviders = await t.server.store.db.selectFrom('iam_saml_providers').select(['arn', 'name']).where('account_id', '=', member).execute();
      assert.deepEqual(memberProviders, [{ arn: arn.replace(org.accountId, member), name: arn.slice(arn.indexOf('/') + 1) }]);

      // its roles go with the last assignment; the provider stays, as on AWS
      const deleting = (await org.sso.send(new DeleteAccountAssignmentCommand(assignment(sets[0]!, member)))).AccountAssignmentDeletionStatus!;
      const deleted = await poll(async () =>
        (await org.sso.send(new DescribeAccountAssignmentDeletionStatusCommand({ InstanceArn: org.instanceArn, AccountAssignmentDeletionRequestId: deleting.RequestId! })))
          .AccountAssignmentDeletionStatus!,
      );
      assert.equal(deleted.Status, 'SUCCEEDED', deleted.FailureReason);
      const rolesLeft = await t.server.store.db.selectFrom('roles').select('name').where('account_id', '=', member).where('path', '=', '/aws-reserved/sso.amazonaws.com/').execute();
      assert.deepEqual(rolesLeft, []);
      const kept = await t.server.store.db.selectFrom('iam_saml_providers').select('arn').where('account_id', '=', member).execute();
      assert.equal(kept.length, 1);
    });
  });
}
