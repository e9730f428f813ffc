import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AttachCustomerManagedPolicyReferenceToPermissionSetCommand,
  AttachManagedPolicyToPermissionSetCommand,
  CreatePermissionSetCommand,
  DeleteInlinePolicyFromPermissionSetCommand,
  DeletePermissionSetCommand,
  DeletePermissionsBoundaryFromPermissionSetCommand,
  DescribePermissionSetCommand,
  DetachCustomerManagedPolicyReferenceFromPermissionSetCommand,
  DetachManagedPolicyFromPermissionSetCommand,
  GetInlinePolicyForPermissionSetCommand,
  GetPermissionsBoundaryForPermissionSetCommand,
  ListCustomerManagedPolicyReferencesInPermissionSetCommand,
  ListManagedPoliciesInPermissionSetCommand,
  ListPermissionSetsCommand,
  ListTagsForResourceCommand,
  PutInlinePolicyToPermissionSetCommand,
  PutPermissionsBoundaryToPermissionSetCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePermissionSetCommand,
} from '@aws-sdk/client-sso-admin';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { allPages, rejects } from '../organizations/support.js';
import { enabledOrganization, type Enabled } from './support.js';

// Permission sets: their fields, the policies they carry (AWS managed, customer managed references, inline,
// boundary), tags, pagination, and AWS's errors.

const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const VIEW_ONLY = 'arn:aws:iam::aws:policy/job-function/ViewOnlyAccess';

for (const database of testDatabases) {
  describe(`sso-admin: permission sets (${database.name})`, () => {
    let t: TestServer;
    let org: Enabled;
    before(async () => {
      t = await startTestServer(database);
      org = await enabledOrganization(t, 'PermissionSets');
    });
    after(async () => t.close());

    const create = (Name: string, extra: Partial<{ SessionDuration: string; RelayState: string; Description: string }> = {}) =>
      org.sso.send(new CreatePermissionSetCommand({ InstanceArn: org.instanceArn, Name, ...extra }));

    it('create, describe, update, list and delete', async () => {
      const out = await create('AdministratorAccess', { Description: 'Full access', SessionDuration: 'PT8H', RelayState: 'https://console.aws.amazon.com/' });
      const ps = out.PermissionSet!;
      const instanceId = org.instanceArn.split('/')[1];
      assert.match(ps.PermissionSetArn!, new RegExp(`^arn:aws:sso:::permissionSet/${instanceId}/ps-[0-9a-f]{16}$`));
      assert.equal(ps.Name, 'AdministratorAccess');
      assert.equal(ps.SessionDuration, 'PT8H');
      assert.equal(ps.Description, 'Full access');
      assert.ok(ps.CreatedDate instanceof Date);

      const plain = (await create('Plain')).PermissionSet!;
      assert.equal(plain.SessionDuration, 'PT1H', 'AWS defaults to one hour');

      await org.sso.send(new UpdatePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps.PermissionSetArn!, SessionDuration: 'PT12H', Description: 'changed' }));
      const described = (await org.sso.send(new DescribePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: ps.PermissionSetArn! }))).PermissionSet!;
      assert.equal(described.SessionDuration, 'PT12H');
      assert.equal(described.Description, 'changed');
      assert.equal(described.RelayState, 'https://console.aws.amazon.com/');

      const listed = await allPages(
        (NextToken) => org.sso.send(new ListPermissionSetsCommand({ InstanceArn: org.instanceArn, MaxResults: 1, NextToken })),
        (o) => o.PermissionSets,
      );
      assert.ok(listed.pages >= 2);
      assert.ok(listed.items.includes(ps.PermissionSetArn!) && listed.items.includes(plain.PermissionSetArn!));

      await org.sso.send(new DeletePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: plain.PermissionSetArn! }));
      await rejects(org.sso.send(new DescribePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: plain.PermissionSetArn! })), 'ResourceNotFoundException');
      await rejects(org.sso.send(new DeletePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: plain.PermissionSetArn! })), 'ResourceNotFoundException');
    });

    it('refuses duplicate names and session durations outside PT1H..PT12H', async () => {
      await create('Dup');
      await rejects(create('Dup'), 'ConflictException');
      await rejects(create('TooShort', { SessionDuration: 'PT30M' }), 'ValidationException');
      await rejects(create('TooLong', { SessionDuration: 'PT13H' }), 'ValidationException');
      await rejects(create('Months', { SessionDuration: 'P1M' }), 'ValidationException');
      assert.equal((await create('Mixed', { SessionDuration: 'PT2H30M' })).PermissionSet!.SessionDuration, 'PT2H30M');
    });

    it('AWS managed policies attach, list, detach', async () => {
      const arn = (await create('Managed')).PermissionSet!.PermissionSetArn!;
      const base = { InstanceArn: org.instanceArn, PermissionSetArn: arn };
      await org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...base, ManagedPolicyArn: READ_ONLY }));
      await org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...base, ManagedPolicyArn: VIEW_ONLY }));
      await rejects(org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...base, ManagedPolicyArn: READ_ONLY })), 'ConflictException');
      await rejects(org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...base, ManagedPolicyArn: 'arn:aws:iam::123456789012:policy/Mine' })), 'ValidationException');
      // the ARN must name a policy of AWS's catalogue (job-function/ paths included)
      const missing = await rejects(org.sso.send(new AttachManagedPolicyToPermissionSetCommand({ ...base, ManagedPolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccesss' })), 'ResourceNotFoundException');
      assert.match(missing.message, /arn:aws:iam::aws:policy\/ReadOnlyAccesss does not exist/);
      const listed = await org.sso.send(new ListManagedPoliciesInPermissionSetCommand(base));
      assert.deepEqual(
        listed.AttachedManagedPolicies!.map((p) => [p.Name, p.Arn]).sort(),
        [['ReadOnlyAccess', READ_ONLY], ['ViewOnlyAccess', VIEW_ONLY]],
      );
      await org.sso.send(new DetachManagedPolicyFromPermissionSetCommand({ ...base, ManagedPolicyArn: READ_ONLY }));
      await rejects(org.sso.send(new DetachManagedPolicyFromPermissionSetCommand({ ...base, ManagedPolicyArn: ADMIN })), 'ResourceNotFoundException');
      assert.equal((await org.sso.send(new ListManagedPoliciesInPermissionSetCommand(base))).AttachedManagedPolicies!.length, 1);
    });

    it('customer managed policy references attach (path defaults to /), list, detach', async () => {
      const arn = (await create('Customer')).PermissionSet!.PermissionSetArn!;
      const base = { InstanceArn: org.instanceArn, PermissionSetArn: arn };
      await org.sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...base, CustomerManagedPolicyReference: { Name: 'S3Reader' } }));
      await org.sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...base, CustomerManagedPolicyReference: { Name: 'Deploy', Path: '/team/' } }));
      await rejects(
        org.sso.send(new AttachCustomerManagedPolicyReferenceToPermissionSetCommand({ ...base, CustomerManagedPolicyReference: { Name: 'S3Reader', Path: '/' } })),
        'ConflictException',
      );
      const listed = await org.sso.send(new ListCustomerManagedPolicyReferencesInPermissionSetCommand(base));
      assert.deepEqual(listed.CustomerManagedPolicyReferences!.map((r) => `${r.Path}${r.Name}`).sort(), ['/S3Reader', '/team/Deploy']);
      await org.sso.send(new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({ ...base, CustomerManagedPolicyReference: { Name: 'Deploy', Path: '/team/' } }));
      await rejects(
        org.sso.send(new DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({ ...base, CustomerManagedPolicyReference: { Name: 'Deploy', Path: '/team/' } })),
        'ResourceNotFoundException',
      );
    });

    it('inline policy: validated JSON, read back, deleted', async () => {
      const arn = (await create('Inline')).PermissionSet!.PermissionSetArn!;
      const base = { InstanceArn: org.instanceArn, PermissionSetArn: arn };
      assert.equal((await org.sso.send(new GetInlinePolicyForPermissionSetCommand(base))).InlinePolicy, undefined);
      const policy = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' }] });
      await org.sso.send(new PutInlinePolicyToPermissionSetCommand({ ...base, InlinePolicy: policy }));
      assert.equal((await org.sso.send(new GetInlinePolicyForPermissionSetCommand(base))).InlinePolicy, policy);
      // checked as IAM checks a role's inline policy, answered as Identity Center answers
      const invalid = async (inline: string, message: string) =>
        assert.equal((await rejects(org.sso.send(new PutInlinePolicyToPermissionSetCommand({ ...base, InlinePolicy: inline })), 'ValidationException')).message, message);
      await invalid('{not json', 'Invalid PermissionsPolicy Document: Syntax errors in policy.');
      await invalid('{"Version":"2012-10-17"}', 'Invalid PermissionsPolicy Document: Syntax errors in policy.');
      const statement = { Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: '*' };
      await invalid(JSON.stringify({ Statement: [{ ...statement, Principal: { AWS: '*' } }] }), 'Invalid PermissionsPolicy Document: Policy document should not specify a principal.');
      await invalid(JSON.stringify({ Statement: [{ ...statement, Resource: 'bucket' }] }), 'Invalid PermissionsPolicy Document: Resource bucket must be in ARN format or "*".');
      await invalid(
        JSON.stringify({ Statement: [{ ...statement, Condition: { StringLike: { 'aws:userid': 'x'.repeat(10_200) } } }] }),
        'The inline policy exceeds the maximum size of 10240 non-whitespace characters.',
      );
      // the model caps the text at 32,768 characters
      await rejects(org.sso.send(new PutInlinePolicyToPermissionSetCommand({ ...base, InlinePolicy: `{"Statement":[],"x":"${'a'.repeat(32_768)}"}` })), 'ValidationException');
      // whitespace does not count toward the 10,240
      const spacious = JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2).replace(/\n/g, `\n${' '.repeat(2000)}`);
      assert.ok(spacious.length > 10_240);
      await org.sso.send(new PutInlinePolicyToPermissionSetCommand({ ...base, InlinePolicy: spacious }));
      await org.sso.send(new DeleteInlinePolicyFromPermissionSetCommand(base));
      assert.equal((await org.sso.send(new GetInlinePolicyForPermissionSetCommand(base))).InlinePolicy, undefined);
    });

    it('permissions boundary: managed ARN or customer reference, one at a time', async () => {
      const arn = (await create('Bounded')).PermissionSet!.PermissionSetArn!;
      const base = { InstanceArn: org.instanceArn, PermissionSetArn: arn };
      await rejects(org.sso.send(new GetPermissionsBoundaryForPermissionSetCommand(base)), 'ResourceNotFoundException');
      await org.sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...base, PermissionsBoundary: { ManagedPolicyArn: READ_ONLY } }));
      assert.deepEqual((await org.sso.send(new GetPermissionsBoundaryForPermissionSetCommand(base))).PermissionsBoundary, { ManagedPolicyArn: READ_ONLY });
      await org.sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...base, PermissionsBoundary: { CustomerManagedPolicyReference: { Name: 'Boundary' } } }));
      assert.deepEqual((await org.sso.send(new GetPermissionsBoundaryForPermissionSetCommand(base))).PermissionsBoundary, {
        CustomerManagedPolicyReference: { Name: 'Boundary', Path: '/' },
      });
      await rejects(
        org.sso.send(new PutPermissionsBoundaryToPermissionSetCommand({ ...base, PermissionsBoundary: { ManagedPolicyArn: READ_ONLY, CustomerManagedPolicyReference: { Name: 'B' } } })),
        'ValidationException',
      );
      await org.sso.send(new DeletePermissionsBoundaryFromPermissionSetCommand(base));
      await rejects(org.sso.send(new DeletePermissionsBoundaryFromPermissionSetCommand(base)), 'ResourceNotFoundException');
    });

    it('tags on permission sets: tag, overwrite, untag, reserved keys refused; deleted with the set', async () => {
      const arn = (await create('Tagged')).PermissionSet!.PermissionSetArn!;
      await org.sso.send(new TagResourceCommand({ InstanceArn: org.instanceArn, ResourceArn: arn, Tags: [{ Key: 'env', Value: 'dev' }, { Key: 'team', Value: 'a' }] }));
      await org.sso.send(new TagResourceCommand({ InstanceArn: org.instanceArn, ResourceArn: arn, Tags: [{ Key: 'env', Value: 'prod' }] }));
      await org.sso.send(new UntagResourceCommand({ InstanceArn: org.instanceArn, ResourceArn: arn, TagKeys: ['team'] }));
      assert.deepEqual((await org.sso.send(new ListTagsForResourceCommand({ InstanceArn: org.instanceArn, ResourceArn: arn }))).Tags, [{ Key: 'env', Value: 'prod' }]);
      await rejects(org.sso.send(new TagResourceCommand({ InstanceArn: org.instanceArn, ResourceArn: arn, Tags: [{ Key: 'aws:x', Value: 'y' }] })), 'ValidationException');
      const tooMany = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
      await rejects(org.sso.send(new TagResourceCommand({ InstanceArn: org.instanceArn, ResourceArn: arn, Tags: tooMany })), 'ServiceQuotaExceededException');
      await org.sso.send(new DeletePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: arn }));
      await rejects(org.sso.send(new ListTagsForResourceCommand({ InstanceArn: org.instanceArn, ResourceArn: arn })), 'ResourceNotFoundException');
    });

    it('an unknown permission set or another account\'s instance is refused', async () => {
      const missing = `arn:aws:sso:::permissionSet/${org.instanceArn.split('/')[1]}/ps-0000000000000000`;
      await rejects(org.sso.send(new DescribePermissionSetCommand({ InstanceArn: org.instanceArn, PermissionSetArn: missing })), 'ResourceNotFoundException');
      const other = await enabledOrganization(t, 'OtherOrg');
      await rejects(other.sso.send(new CreatePermissionSetCommand({ InstanceArn: org.instanceArn, Name: 'Sneaky' })), 'AccessDeniedException');
      await rejects(other.sso.send(new ListPermissionSetsCommand({ InstanceArn: 'arn:aws:sso:::instance/ssoins-0000000000000000' })), 'ResourceNotFoundException');
    });
  });
}
