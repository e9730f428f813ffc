import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CreateUserCommand, IdentitystoreClient, UpdateUserCommand } from '@aws-sdk/client-identitystore';
import {
  CreateInstanceAccessControlAttributeConfigurationCommand,
  DeleteInstanceAccessControlAttributeConfigurationCommand,
  DescribeInstanceAccessControlAttributeConfigurationCommand,
  DescribeInstanceCommand,
  UpdateInstanceAccessControlAttributeConfigurationCommand,
  type AccessControlAttribute,
} from '@aws-sdk/client-sso-admin';
import { systemClock } from '../../src/lib/clock.js';
import { createServices } from '../../src/server/services.js';
import { checkAccessControlAttributes, sessionTags } from '../../src/services/sso-admin/access-control.js';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone } from '../organizations/support.js';
import { enabledOrganization, ssoAdmin, type Enabled } from './support.js';

// Attribute-based access control: the instance's configuration (Create / Describe / Update / Delete with AWS's
// errors), the sources it accepts, and the session tags a real identity-store user's sign-in would carry.

const attribute = (Key: string, source: string): AccessControlAttribute => ({ Key, Value: { Source: [source] } });

const ATTRIBUTES = [
  attribute('GivenName', '${path:name.givenName}'),
  attribute('Department', '${path:enterprise.department}'),
  attribute('UserName', '${path:userName}'),
  attribute('Email', '${path:emails[primary eq true].value}'),
  attribute('CostCenter', '${path:enterprise.costCenter}'),
];

for (const database of testDatabases) {
  describe(`sso-admin: attribute-based access control (${database.name})`, () => {
    let t: TestServer;
    let org: Enabled;
    let ids: IdentitystoreClient;
    let storeId: string;
    before(async () => {
      t = await startTestServer(database);
      org = await enabledOrganization(t, 'Abac');
      storeId = (await org.sso.send(new DescribeInstanceCommand({ InstanceArn: org.instanceArn }))).IdentityStoreId!;
      ids = new IdentitystoreClient({ endpoint: t.url, region: 'us-east-1', credentials: org.credentials, maxAttempts: 1 });
    });
    after(async () => t.close());

    const describeConfig = () => org.sso.send(new DescribeInstanceAccessControlAttributeConfigurationCommand({ InstanceArn: org.instanceArn }));

    it('Create, Describe, Update and Delete the configuration; a second Create conflicts; none is ResourceNotFound', async () => {
      await rejects(describeConfig(), 'ResourceNotFoundException');
      await org.sso.send(
        new CreateInstanceAccessControlAttributeConfigurationCommand({
          InstanceArn: org.instanceArn,
          InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: ATTRIBUTES },
        }),
      );
      const described = await describeConfig();
      assert.equal(described.Status, 'ENABLED');
      assert.equal(described.StatusReason, undefined);
      assert.deepEqual(described.InstanceAccessControlAttributeConfiguration?.AccessControlAttributes, ATTRIBUTES);

      await rejects(
        org.sso.send(
          new CreateInstanceAccessControlAttributeConfigurationCommand({
            InstanceArn: org.instanceArn,
            InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: [attribute('Title', '${path:title}')] },
          }),
        ),
        'ConflictException',
      );

      const updated = [attribute('Title', '${path:title}'), attribute('Office', '${path:addresses[type eq "work"].locality}')];
      await org.sso.send(
        new UpdateInstanceAccessControlAttributeConfigurationCommand({
          InstanceArn: org.instanceArn,
          InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: updated },
        }),
      );
      assert.deepEqual((await describeConfig()).InstanceAccessControlAttributeConfiguration?.AccessControlAttributes, updated);

      await org.sso.send(new DeleteInstanceAccessControlAttributeConfigurationCommand({ InstanceArn: org.instanceArn }));
      await rejects(describeConfig(), 'ResourceNotFoundException');
      await rejects(org.sso.send(new DeleteInstanceAccessControlAttributeConfigurationCommand({ InstanceArn: org.instanceArn })), 'ResourceNotFoundException');
      await rejects(
        org.sso.send(
          new UpdateInstanceAccessControlAttributeConfigurationCommand({
            InstanceArn: org.instanceArn,
            InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: updated },
          }),
        ),
        'ResourceNotFoundException',
      );
    });

    it('refuses unsupported sources, duplicate and aws: keys, and other accounts', async () => {
      const create = (attributes: AccessControlAttribute[], client = org.sso) =>
        client.send(
          new CreateInstanceAccessControlAttributeConfigurationCommand({
            InstanceArn: org.instanceArn,
            InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: attributes },
          }),
        );
      for (const source of ['department', '${path:password}', '${user:email}', '${path:enterprise.shoeSize}', '${path:emails[type eq "work"].value}']) {
        await rejects(create([attribute('Key', source)]), 'ValidationException');
      }
      await rejects(create([attribute('Team', '${path:title}'), attribute('team', '${path:userName}')]), 'ValidationException');
      await rejects(create([attribute('aws:Team', '${path:title}')]), 'ValidationException');
      // the model's own rules: one Source, a key of allowed characters
      await rejects(create([{ Key: 'Team', Value: { Source: ['${path:title}', '${path:userName}'] } }]), 'ValidationException');
      await rejects(create([attribute('Team!', '${path:title}')]), 'ValidationException');
      await rejects(describeConfig(), 'ResourceNotFoundException');

      const other = await standalone(t, 'AbacOutsider');
      await rejects(create([attribute('Team', '${path:title}')], ssoAdmin(t.url, other.credentials)), 'AccessDeniedException');
    });

    it('computes the session tags of a real identity-store user', async () => {
      const { UserId } = await ids.send(
        new CreateUserCommand({
          IdentityStoreId: storeId,
          UserName: 'jdoe',
          DisplayName: 'Jane Doe',
          Name: { GivenName: 'Jane', FamilyName: 'Doe' },
          Emails: [{ Value: 'jane@example.com', Type: 'work', Primary: true }],
          Addresses: [{ Type: 'work', Locality: 'Lisbon', Country: 'PT' }],
          Title: 'Engineer',
          Extensions: { 'aws:identitystore:enterprise': { department: 'Platform', employeeNumber: '42', manager: { value: 'boss-id' } } },
        } as never),
      );
      const { ssoAdmin: admin, identitystore } = createServices({ store: t.server.store, iam: t.server.iam, clock: systemClock, accountCreationDelayMs: 0, wakeJobsAt: () => {} });
      const user = (await identitystore.directory.user(storeId, UserId!))!;

      const config = [
        { key: 'GivenName', source: '${path:name.givenName}' },
        { key: 'Department', source: '${path:enterprise.department}' },
        { key: 'UserName', source: '${path:userName}' },
        { key: 'Email', source: '${path:emails[primary eq true].value}' },
        { key: 'Office', source: '${path:addresses[type eq "work"].locality}' },
        { key: 'Manager', source: '${path:enterprise.manager.value}' },
        { key: 'Employee', source: '${path:Enterprise.EmployeeNumber}' },
        { key: 'CostCenter', source: '${path:enterprise.costCenter}' },
        { key: 'Phone', source: '${path:phoneNumbers[type eq "work"].value}' },
      ];
      checkAccessControlAttributes(config);
      assert.deepEqual(sessionTags(config, user.attributes), {
        GivenName: 'Jane',
        Department: 'Platform',
        UserName: 'jdoe',
        Email: 'jane@example.com',
        Office: 'Lisbon',
        Manager: 'boss-id',
        Employee: '42',
      });

      // through the instance's stored configuration, as sign-in will ask
      assert.deepEqual(await admin.accessControl.sessionTagsFor(org.instanceArn, UserId!), {}, 'no configuration, no tags');
      await org.sso.send(
        new CreateInstanceAccessControlAttributeConfigurationCommand({
          InstanceArn: org.instanceArn,
          InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: ATTRIBUTES },
        }),
      );
      assert.deepEqual(await admin.accessControl.sessionTagsFor(org.instanceArn, UserId!), {
        GivenName: 'Jane',
        Department: 'Platform',
        UserName: 'jdoe',
        Email: 'jane@example.com',
      });
      // a changed attribute is read at the next sign-in
      await ids.send(
        new UpdateUserCommand({ IdentityStoreId: storeId, UserId: UserId!, Operations: [{ AttributePath: 'aws:identitystore:enterprise.department', AttributeValue: 'Security' as never }] }),
      );
      assert.equal((await admin.accessControl.sessionTagsFor(org.instanceArn, UserId!))['Department'], 'Security');
      assert.deepEqual(await admin.accessControl.sessionTagsFor(org.instanceArn, '00000000-0000-0000-0000-000000000000'), {});
      await org.sso.send(new DeleteInstanceAccessControlAttributeConfigurationCommand({ InstanceArn: org.instanceArn }));
    });

    if (database.name === 'sqlite') {
      it('boto3 creates and describes the configuration', async () => {
        const boto = await enabledOrganization(t, 'AbacBoto');
        const script = `
import boto3, json, os
c = boto3.client('sso-admin')
arn = os.environ['INSTANCE_ARN']
c.create_instance_access_control_attribute_configuration(InstanceArn=arn, InstanceAccessControlAttributeConfiguration={'AccessControlAttributes': [{'Key': 'Department', 'Value': {'Source': ['\${path:enterprise.department}']}}]})
d = c.describe_instance_access_control_attribute_configuration(InstanceArn=arn)
print(json.dumps({'status': d['Status'], 'attributes': d['InstanceAccessControlAttributeConfiguration']['AccessControlAttributes']}))
`;
        const out = (await runBoto3(script, t.url, boto.credentials, { INSTANCE_ARN: boto.instanceArn })) as { status: string; attributes: unknown };
        assert.equal(out.status, 'ENABLED');
        assert.deepEqual(out.attributes, [{ Key: 'Department', Value: { Source: ['${path:enterprise.department}'] } }]);
      });
    }
  });
}
