import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ListAWSServiceAccessForOrganizationCommand } from '@aws-sdk/client-organizations';
import {
  CreateInstanceCommand,
  DeleteInstanceCommand,
  DescribeInstanceCommand,
  ListInstancesCommand,
  ListTagsForResourceCommand,
  UpdateInstanceCommand,
} from '@aws-sdk/client-sso-admin';
import { systemClock } from '../../src/lib/clock.js';
import { createServices } from '../../src/server/services.js';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { foundOrganization, rejects, standalone } from '../organizations/support.js';
import { enabledOrganization, ssoAdmin } from './support.js';

// Identity Center instances: the organization instance the management account creates (turning on trusted access
// for sso.amazonaws.com), its ids as AWS mints them, and the identity-store directory identitystore asks.

for (const database of testDatabases) {
  describe(`sso-admin: instances (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('CreateInstance makes an ACTIVE organization instance and enables trusted access for sso.amazonaws.com', async () => {
      const org = await foundOrganization(t, 'Instances');
      const sso = ssoAdmin(t.url, org.credentials);
      const created = await sso.send(new CreateInstanceCommand({ Name: 'corp', Tags: [{ Key: 'team', Value: 'platform' }] }));
      assert.match(created.InstanceArn!, /^arn:aws:sso:::instance\/ssoins-[0-9a-f]{16}$/);

      const described = await sso.send(new DescribeInstanceCommand({ InstanceArn: created.InstanceArn! }));
      assert.equal(described.InstanceArn, created.InstanceArn);
      assert.match(described.IdentityStoreId!, /^d-[0-9a-f]{10}$/);
      assert.equal(described.OwnerAccountId, org.accountId);
      assert.equal(described.Name, 'corp');
      assert.equal(described.Status, 'ACTIVE');
      assert.ok(described.CreatedDate instanceof Date);

      const listed = await sso.send(new ListInstancesCommand({}));
      assert.deepEqual(
        listed.Instances!.map((i) => [i.InstanceArn, i.IdentityStoreId, i.OwnerAccountId, i.Status]),
        [[created.InstanceArn, described.IdentityStoreId, org.accountId, 'ACTIVE']],
      );

      const access = await org.client.send(new ListAWSServiceAccessForOrganizationCommand({}));
      assert.ok(access.EnabledServicePrincipals!.some((p) => p.ServicePrincipal === 'sso.amazonaws.com'));

      const tags = await sso.send(new ListTagsForResourceCommand({ ResourceArn: created.InstanceArn! }));
      assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'platform' }]);

      // the port identitystore is handed, over the same store
      const { ssoAdmin: admin } = createServices({ store: t.server.store, iam: t.server.iam, clock: systemClock, accountCreationDelayMs: 0, wakeJobsAt: () => {} });
      const facts = await admin.directory.store(described.IdentityStoreId!);
      assert.deepEqual(facts, { identityStoreId: described.IdentityStoreId, instanceArn: created.InstanceArn, ownerAccountId: org.accountId });
      assert.equal(await admin.directory.store('d-0000000000'), undefined);
    });

    it('a second instance for the organization is a ConflictException', async () => {
      const org = await enabledOrganization(t, 'Twice');
      await rejects(org.sso.send(new CreateInstanceCommand({})), 'ConflictException');
    });

    it('refuses accounts outside an organization, member accounts and consolidated-billing organizations', async () => {
      const loner = await standalone(t, 'Loner');
      await rejects(ssoAdmin(t.url, loner.credentials).send(new CreateInstanceCommand({})), 'ValidationException');
      const billing = await foundOrganization(t, 'Billing', 'CONSOLIDATED_BILLING');
      await rejects(ssoAdmin(t.url, billing.credentials).send(new CreateInstanceCommand({})), 'ValidationException');
    });

    it('UpdateInstance renames; DeleteInstance removes; other accounts cannot see the instance', async () => {
      const org = await enabledOrganization(t, 'Lifecycle');
      await org.sso.send(new UpdateInstanceCommand({ InstanceArn: org.instanceArn, Name: 'renamed' }));
      assert.equal((await org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn }))).Name, 'renamed');
      await rejects(
        org.sso.send(new UpdateInstanceCommand({ InstanceArn: org.instanceArn, EncryptionConfiguration: { KeyType: 'CUSTOMER_MANAGED_KEY', KmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/x' } })),
        'ValidationException',
      );

      const other = await standalone(t, 'Other');
      const otherSso = ssoAdmin(t.url, other.credentials);
      await rejects(otherSso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn })), 'AccessDeniedException');
      assert.deepEqual((await otherSso.send(new ListInstancesCommand({}))).Instances, []);

      await org.sso.send(new DeleteInstanceCommand({ InstanceArn: org.instanceArn }));
      await rejects(org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn })), 'ResourceNotFoundException');
      assert.deepEqual((await org.sso.send(new ListInstancesCommand({}))).Instances, []);
      await rejects(org.sso.send(new DeleteInstanceCommand({ InstanceArn: org.instanceArn })), 'ResourceNotFoundException');
      // enabled again after deletion
      const again = await org.sso.send(new CreateInstanceCommand({}));
      assert.notEqual(again.InstanceArn, org.instanceArn);
    });

    it('a malformed InstanceArn is a ValidationException from the model', async () => {
      const org = await enabledOrganization(t, 'Malformed');
      await rejects(org.sso.send(new DescribeInstanceCommand({ InstanceArn: 'arn:aws:sso:::instance/nope' })), 'ValidationException');
      await rejects(org.sso.send(new ListInstancesCommand({ NextToken: 'forged' })), 'ValidationException');
    });

    if (database.name === 'sqlite') {
      it('boto3 lists and describes the instance', async () => {
        const org = await enabledOrganization(t, 'Boto');
        const script = `
import boto3, json
c = boto3.client('sso-admin')
i = c.list_instances()['Instances'][0]
d = c.describe_instance(InstanceArn=i['InstanceArn'])
print(json.dumps({'arn': i['InstanceArn'], 'store': d['IdentityStoreId'], 'status': d['Status']}))
`;
        const { arn, store: storeId, status } = (await runBoto3(script, t.url, org.credentials)) as Record<string, string>;
        assert.equal(arn, org.instanceArn);
        assert.match(storeId!, /^d-[0-9a-f]{10}$/);
        assert.equal(status, 'ACTIVE');
      });
    }
  });
}
