import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePermissionsBoundaryCommand,
  DeleteRolePolicyCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  PutRolePermissionsBoundaryCommand,
  PutRolePolicyCommand,
  TagRoleCommand,
  UntagRoleCommand,
  UpdateAssumeRolePolicyCommand,
  UpdateRoleCommand,
  UpdateRoleDescriptionCommand,
  type Tag,
} from '@aws-sdk/client-iam';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone } from '../organizations/support.js';
import { iam } from './support.js';

// IAM role writes through SDK v3 (and boto3 for the main flow): CreateRole with its options and IAM's checks on the
// trust policy, updates, inline policies within the role's quota, the permissions boundary, tags, DeleteRole's
// conflicts, Identity Center's protected roles, and each account seeing only its own roles.

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const TRUST = JSON.stringify(trust);
const allow = (resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: resource }] });
const BOUNDARY = 'arn:aws:iam::aws:policy/PowerUserAccess';
const SSO_PATH = '/aws-reserved/sso.amazonaws.com/';

/** A trust policy of about `chars` characters as IAM counts them (one statement with many service principals). */
function trustOfSize(chars: number): string {
  const services: string[] = [];
  let doc = TRUST;
  for (let i = 0; doc.length < chars; i++) {
    services.push(`service${String(i).padStart(4, '0')}.amazonaws.com`);
    doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: services }, Action: 'sts:AssumeRole' }] });
  }
  return doc;
}

const tags = (n: number, prefix = 'k'): Tag[] => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${String(i).padStart(2, '0')}`, Value: `v${i}` }));

for (const database of testDatabases) {
  describe(`iam: roles, writes (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('CreateRole with path, description, session, boundary and tags; GetRole shows them, ListRoles leaves them out', async () => {
      const a = await standalone(t, 'IamCreate');
      const client = iam(t.url, a.credentials);
      const out = await client.send(
        new CreateRoleCommand({
          RoleName: 'Deployer',
          Path: '/ci/',
          Description: 'deploys things',
          AssumeRolePolicyDocument: TRUST,
          MaxSessionDuration: 7200,
          PermissionsBoundary: BOUNDARY,
          Tags: [{ Key: 'team', Value: 'platform' }, { Key: 'Env', Value: '' }],
        }),
      );
      const created = out.Role!;
      assert.match(created.RoleId!, /^AROA[A-Z2-7]{17}$/);
      assert.equal(created.Arn, `arn:aws:iam::${a.accountId}:role/ci/Deployer`);
      assert.equal(created.Path, '/ci/');
      assert.equal(created.Description, 'deploys things');
      assert.equal(created.MaxSessionDuration, 7200);
      assert.deepEqual(JSON.parse(decodeURIComponent(created.AssumeRolePolicyDocument!)), trust);
      assert.deepEqual(created.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: BOUNDARY });
      assert.deepEqual(created.Tags, [{ Key: 'Env', Value: '' }, { Key: 'team', Value: 'platform' }]);

      const got = (await client.send(new GetRoleCommand({ RoleName: 'deployer' }))).Role!;
      assert.equal(got.RoleId, created.RoleId);
      assert.deepEqual(got.PermissionsBoundary, created.PermissionsBoundary);
      assert.deepEqual(got.Tags, created.Tags);
      assert.deepEqual(got.RoleLastUsed, {});
      const listed = (await client.send(new ListRolesCommand({}))).Roles!;
      assert.deepEqual(listed.map((r) => r.RoleName), ['Deployer']);
      assert.equal(listed[0]!.Tags, undefined);
      assert.equal(listed[0]!.PermissionsBoundary, undefined);

      // defaults: path "/", one hour, no description, no boundary, no tags
      const plain = (await client.send(new CreateRoleCommand({ RoleName: 'Plain', AssumeRolePolicyDocument: TRUST }))).Role!;
      assert.deepEqual([plain.Path, plain.MaxSessionDuration, plain.Description, plain.PermissionsBoundary, plain.Tags], ['/', 3600, undefined, undefined, undefined]);

      const again = await rejects(client.send(new CreateRoleCommand({ RoleName: 'DEPLOYER', AssumeRolePolicyDocument: TRUST })), 'EntityAlreadyExistsException');
      assert.equal(again.message, 'Role with name DEPLOYER already exists.');
      assert.equal(again.status, 409);
    });

    it('CreateRole refuses what IAM refuses: the trust document, its quota, the session range, the boundary, tags, reserved paths', async () => {
      const a = await standalone(t, 'IamCreateRefused');
      const client = iam(t.url, a.credentials);
      const create = (extra: Partial<ConstructorParameters<typeof CreateRoleCommand>[0]>) =>
        client.send(new CreateRoleCommand({ RoleName: 'R', AssumeRolePolicyDocument: TRUST, ...extra }));

      const identity = await rejects(create({ AssumeRolePolicyDocument: allow('*') }), 'MalformedPolicyDocumentException');
      assert.equal(identity.message, 'Missing required field Principal');
      await rejects(create({ AssumeRolePolicyDocument: '{not json' }), 'MalformedPolicyDocumentException');
      const big = await rejects(create({ AssumeRolePolicyDocument: trustOfSize(2100) }), 'LimitExceededException');
      assert.equal(big.message, 'Cannot exceed quota for ACLSizePerRole: 2048');
      assert.equal(big.status, 409);
      await rejects(create({ MaxSessionDuration: 3599 }), 'ValidationError');
      await rejects(create({ MaxSessionDuration: 43201 }), 'ValidationError');
      await rejects(create({ RoleName: 'bad name' }), 'ValidationError');
      await rejects(create({ Path: 'no-slashes' }), 'ValidationError');

      const customer = `arn:aws:iam::${a.accountId}:policy/Missing`;
      const missing = await rejects(create({ PermissionsBoundary: customer }), 'NoSuchEntityException');
      assert.equal(missing.message, `Scope ARN: ${customer} does not exist or is not attachable.`);
      const notPolicy = await rejects(create({ PermissionsBoundary: 'arn:aws:s3:::some-bucket/key' }), 'InvalidInputException');
      assert.equal(notPolicy.message, 'ARN arn:aws:s3:::some-bucket/key is not valid.');

      const dup = await rejects(create({ Tags: [{ Key: 'Env', Value: 'a' }, { Key: 'env', Value: 'b' }] }), 'InvalidInputException');
      assert.equal(dup.message, 'Duplicate tag keys found. Please note that Tag keys are case insensitive.');
      await rejects(create({ Tags: tags(51) }), 'ValidationError');

      const reserved = await rejects(create({ RoleName: 'AWSReservedSSO_Mine_0123456789abcdef', Path: SSO_PATH }), 'UnmodifiableEntityException');
      assert.equal(reserved.message, "Cannot perform the operation on the protected role 'AWSReservedSSO_Mine_0123456789abcdef' - this role is only modifiable by AWS");

      // nothing was made by any of them
      assert.deepEqual((await client.send(new ListRolesCommand({}))).Roles, []);
    });

    it('UpdateRole, UpdateRoleDescription and UpdateAssumeRolePolicy change the role; the trust policy is checked as on create', async () => {
      const a = await standalone(t, 'IamUpdate');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateRoleCommand({ RoleName: 'Worker', AssumeRolePolicyDocument: TRUST, Description: 'old' }));

      assert.deepEqual((await client.send(new UpdateRoleCommand({ RoleName: 'worker', MaxSessionDuration: 43200 }))).$metadata.httpStatusCode, 200);
      let role = (await client.send(new GetRoleCommand({ RoleName: 'Worker' }))).Role!;
      assert.deepEqual([role.MaxSessionDuration, role.Description], [43200, 'old'], 'a field left out stays');
      await client.send(new UpdateRoleCommand({ RoleName: 'Worker', Description: 'new' }));
      role = (await client.send(new GetRoleCommand({ RoleName: 'Worker' }))).Role!;
      assert.deepEqual([role.MaxSessionDuration, role.Description], [43200, 'new']);
      await rejects(client.send(new UpdateRoleCommand({ RoleName: 'Worker', MaxSessionDuration: 100 })), 'ValidationError');

      const described = (await client.send(new UpdateRoleDescriptionCommand({ RoleName: 'Worker', Description: 'newest' }))).Role!;
      assert.equal(described.Description, 'newest');
      assert.equal(described.RoleName, 'Worker');
      assert.equal(described.MaxSessionDuration, 43200);

      const lambda = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
      await client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Worker', PolicyDocument: JSON.stringify(lambda) }));
      role = (await client.send(new GetRoleCommand({ RoleName: 'Worker' }))).Role!;
      assert.deepEqual(JSON.parse(decodeURIComponent(role.AssumeRolePolicyDocument!)), lambda);
      const malformed = await rejects(client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Worker', PolicyDocument: allow('*') })), 'MalformedPolicyDocumentException');
      assert.equal(malformed.message, 'Missing required field Principal');
      await rejects(client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Worker', PolicyDocument: trustOfSize(2100) })), 'LimitExceededException');
      // a document just inside the quota is taken
      await client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Worker', PolicyDocument: trustOfSize(1900) }));

      // one call at a time: a rejection nobody awaits yet would count as unhandled
      for (const call of [
        () => client.send(new UpdateRoleCommand({ RoleName: 'Nope', Description: 'x' })),
        () => client.send(new UpdateRoleDescriptionCommand({ RoleName: 'Nope', Description: 'x' })),
        () => client.send(new UpdateAssumeRolePolicyCommand({ RoleName: 'Nope', PolicyDocument: TRUST })),
      ]) {
        const missing = await rejects(call(), 'NoSuchEntityException');
        assert.equal(missing.message, 'The role with name Nope cannot be found.');
      }
    });

    it('PutRolePolicy adds and replaces inline policies within the role quota of 10240; DeleteRolePolicy removes them', async () => {
      const a = await standalone(t, 'IamInline');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateRoleCommand({ RoleName: 'Holder', AssumeRolePolicyDocument: TRUST }));

      await client.send(new PutRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'read', PolicyDocument: allow('arn:aws:s3:::a/*') }));
      await client.send(new PutRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'read', PolicyDocument: allow('arn:aws:s3:::b/*') }));
      const got = await client.send(new GetRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'read' }));
      assert.equal(decodeURIComponent(got.PolicyDocument!), allow('arn:aws:s3:::b/*'), 'the second put replaced the first');

      const principal = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }] });
      const bad = await rejects(client.send(new PutRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'bad', PolicyDocument: principal })), 'MalformedPolicyDocumentException');
      assert.equal(bad.message, 'Policy document should not specify a principal.');

      // two documents of ~6000 characters each do not fit together; replacing one with itself does
      const large = (bucket: string) => allow(`arn:aws:s3:::${bucket}/${'x'.repeat(5900)}`);
      await client.send(new PutRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'big', PolicyDocument: large('one') }));
      const over = await rejects(client.send(new PutRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'big2', PolicyDocument: large('two') })), 'LimitExceededException');
      assert.equal(over.message, 'Maximum policy size of 10240 bytes exceeded for role Holder');
      await client.send(new PutRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'big', PolicyDocument: large('three') }));
      assert.deepEqual((await client.send(new ListRolePoliciesCommand({ RoleName: 'Holder' }))).PolicyNames, ['big', 'read']);

      await client.send(new DeleteRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'big' }));
      assert.deepEqual((await client.send(new ListRolePoliciesCommand({ RoleName: 'Holder' }))).PolicyNames, ['read']);
      const gone = await rejects(client.send(new DeleteRolePolicyCommand({ RoleName: 'Holder', PolicyName: 'big' })), 'NoSuchEntityException');
      assert.equal(gone.message, 'The role policy with name big cannot be found.');
      await rejects(client.send(new PutRolePolicyCommand({ RoleName: 'Nope', PolicyName: 'p', PolicyDocument: allow('*') })), 'NoSuchEntityException');
    });

    it('PutRolePermissionsBoundary needs an existing managed policy; DeleteRolePermissionsBoundary removes it', async () => {
      const a = await standalone(t, 'IamBoundary');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateRoleCommand({ RoleName: 'Bounded', AssumeRolePolicyDocument: TRUST }));

      await client.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'Bounded', PermissionsBoundary: BOUNDARY }));
      let role = (await client.send(new GetRoleCommand({ RoleName: 'Bounded' }))).Role!;
      assert.deepEqual(role.PermissionsBoundary, { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: BOUNDARY });

      const customer = `arn:aws:iam::${a.accountId}:policy/team/NotThere`;
      const missing = await rejects(client.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'Bounded', PermissionsBoundary: customer })), 'NoSuchEntityException');
      assert.equal(missing.message, `Scope ARN: ${customer} does not exist or is not attachable.`);
      await rejects(client.send(new PutRolePermissionsBoundaryCommand({ RoleName: 'Bounded', PermissionsBoundary: 'arn:aws:iam::aws:role/NotAPolicy' })), 'InvalidInputException');
      role = (await client.send(new GetRoleCommand({ RoleName: 'Bounded' }))).Role!;
      assert.equal(role.PermissionsBoundary?.PermissionsBoundaryArn, BOUNDARY, 'a refused boundary leaves the old one');

      await client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'Bounded' }));
      role = (await client.send(new GetRoleCommand({ RoleName: 'Bounded' }))).Role!;
      assert.equal(role.PermissionsBoundary, undefined);
      // removing a boundary the role does not have is fine
      await client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'Bounded' }));
      await rejects(client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: 'Nope' })), 'NoSuchEntityException');
    });

    it('TagRole merges (keys case-insensitive), UntagRole removes, ListRoleTags pages; at most 50 tags', async () => {
      const a = await standalone(t, 'IamTags');
      const client = iam(t.url, a.credentials);
      await client.send(new CreateRoleCommand({ RoleName: 'Tagged', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'Env', Value: 'dev' }] }));

      await client.send(new TagRoleCommand({ RoleName: 'Tagged', Tags: [{ Key: 'ENV', Value: 'prod' }, { Key: 'owner', Value: 'me' }] }));
      assert.deepEqual((await client.send(new ListRoleTagsCommand({ RoleName: 'Tagged' }))).Tags, [
        { Key: 'ENV', Value: 'prod' },
        { Key: 'owner', Value: 'me' },
      ]);
      await rejects(client.send(new TagRoleCommand({ RoleName: 'Tagged', Tags: [{ Key: 'a', Value: '1' }, { Key: 'A', Value: '2' }] })), 'InvalidInputException');

      await client.send(new UntagRoleCommand({ RoleName: 'Tagged', TagKeys: ['env', 'not-there'] }));
      assert.deepEqual((await client.send(new ListRoleTagsCommand({ RoleName: 'Tagged' }))).Tags, [{ Key: 'owner', Value: 'me' }]);

      await client.send(new TagRoleCommand({ RoleName: 'Tagged', Tags: tags(49) }));
      const first = await client.send(new ListRoleTagsCommand({ RoleName: 'Tagged', MaxItems: 30 }));
      assert.equal(first.Tags!.length, 30);
      assert.equal(first.IsTruncated, true);
      const rest = await client.send(new ListRoleTagsCommand({ RoleName: 'Tagged', MaxItems: 30, Marker: first.Marker! }));
      assert.deepEqual([rest.Tags!.length, rest.IsTruncated, rest.Marker], [20, false, undefined]);
      assert.deepEqual([...first.Tags!, ...rest.Tags!].map((tag) => tag.Key), [...tags(49).map((tag) => tag.Key), 'owner']);
      await rejects(client.send(new ListRoleTagsCommand({ RoleName: 'Tagged', Marker: 'forged' })), 'ValidationError');

      const full = await rejects(client.send(new TagRoleCommand({ RoleName: 'Tagged', Tags: [{ Key: 'one', Value: '1' }] })), 'LimitExceededException');
      assert.equal(full.message, 'Cannot exceed quota for TagsPerRole: 50');
      // replacing a tag's value on a full role is fine
      await client.send(new TagRoleCommand({ RoleName: 'Tagged', Tags: [{ Key: 'OWNER', Value: 'you' }] }));
      const got = (await client.send(new GetRoleCommand({ RoleName: 'Tagged' }))).Role!;
      assert.equal(got.Tags!.length, 50);
      assert.deepEqual(got.Tags![0], { Key: 'OWNER', Value: 'you' }, 'the key takes the new case; GetRole lists tags sorted by key');
      assert.deepEqual(got.Tags!.slice(1).map((tag) => tag.Key), tags(49).map((tag) => tag.Key));
      await rejects(client.send(new TagRoleCommand({ RoleName: 'Nope', Tags: [{ Key: 'a', Value: 'b' }] })), 'NoSuchEntityException');
      await rejects(client.send(new UntagRoleCommand({ RoleName: 'Nope', TagKeys: ['a'] })), 'NoSuchEntityException');
    });

    it('DeleteRole refuses while policies are attached or inline, then deletes the role with its tags', async () => {
      const a = await standalone(t, 'IamDelete');
      const client = iam(t.url, a.credentials);
      const made = await t.server.iam.createRole(t.server.store.db, {
        accountId: a.accountId,
        name: 'Busy',
        trustPolicy: trust,
        attachedPolicyArns: ['arn:aws:iam::aws:policy/ReadOnlyAccess'],
      });
      await client.send(new PutRolePolicyCommand({ RoleName: 'Busy', PolicyName: 'inline', PolicyDocument: allow('*') }));
      await client.send(new TagRoleCommand({ RoleName: 'Busy', Tags: [{ Key: 'a', Value: 'b' }] }));

      const attached = await rejects(client.send(new DeleteRoleCommand({ RoleName: 'Busy' })), 'DeleteConflictException');
      assert.equal(attached.message, 'Cannot delete entity, must detach all policies first.');
      assert.equal(attached.status, 409);
      // detached (the role's owner does it in-process: AttachRolePolicy / DetachRolePolicy are the policies API's)
      await t.server.iam.replaceRolePolicies(t.server.store.db, a.accountId, 'Busy', { attachedPolicyArns: [], inlinePolicies: { inline: allow('*') } });
      const inline = await rejects(client.send(new DeleteRoleCommand({ RoleName: 'Busy' })), 'DeleteConflictException');
      assert.equal(inline.message, 'Cannot delete entity, must delete policies first.');

      await client.send(new DeleteRolePolicyCommand({ RoleName: 'Busy', PolicyName: 'inline' }));
      await client.send(new DeleteRoleCommand({ RoleName: 'busy' }));
      await rejects(client.send(new GetRoleCommand({ RoleName: 'Busy' })), 'NoSuchEntityException');
      const left = await t.server.store.db.selectFrom('iam_tags').select('key').where('entity_id', '=', made.roleId).execute();
      assert.deepEqual(left, [], 'the role took its tags with it');
      const missing = await rejects(client.send(new DeleteRoleCommand({ RoleName: 'Busy' })), 'NoSuchEntityException');
      assert.equal(missing.message, 'The role with name Busy cannot be found.');
    });

    it("Identity Center's roles are AWS's: every change but tagging is UnmodifiableEntity", async () => {
      const a = await standalone(t, 'IamProtected');
      const client = iam(t.url, a.credentials);
      const name = 'AWSReservedSSO_AdministratorAccess_0123456789abcdef';
      await t.server.iam.createRole(t.server.store.db, { accountId: a.accountId, name, path: SSO_PATH, trustPolicy: trust, inlinePolicies: { AwsSSOInlinePolicy: allow('*') } });

      const refused = [
        () => client.send(new DeleteRoleCommand({ RoleName: name })),
        () => client.send(new UpdateRoleCommand({ RoleName: name, MaxSessionDuration: 7200 })),
        () => client.send(new UpdateRoleDescriptionCommand({ RoleName: name, Description: 'mine now' })),
        () => client.send(new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: TRUST })),
        () => client.send(new PutRolePolicyCommand({ RoleName: name, PolicyName: 'extra', PolicyDocument: allow('*') })),
        () => client.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: 'AwsSSOInlinePolicy' })),
        () => client.send(new PutRolePermissionsBoundaryCommand({ RoleName: name, PermissionsBoundary: BOUNDARY })),
        () => client.send(new DeleteRolePermissionsBoundaryCommand({ RoleName: name })),
      ];
      for (const call of refused) {
        const f = await rejects(call(), 'UnmodifiableEntityException');
        assert.equal(f.message, `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`);
        assert.equal(f.status, 400);
      }
      const role = (await client.send(new GetRoleCommand({ RoleName: name }))).Role!;
      assert.deepEqual([role.MaxSessionDuration, role.Description, role.PermissionsBoundary], [3600, undefined, undefined]);
      assert.deepEqual((await client.send(new ListRolePoliciesCommand({ RoleName: name }))).PolicyNames, ['AwsSSOInlinePolicy']);

      await client.send(new TagRoleCommand({ RoleName: name, Tags: [{ Key: 'team', Value: 'ops' }] }));
      assert.deepEqual((await client.send(new ListRoleTagsCommand({ RoleName: name }))).Tags, [{ Key: 'team', Value: 'ops' }]);
      await client.send(new UntagRoleCommand({ RoleName: name, TagKeys: ['team'] }));
    });

    it('each account sees and changes only its own roles', async () => {
      const a = await standalone(t, 'IamMine');
      const b = await standalone(t, 'IamTheirs');
      const mine = iam(t.url, a.credentials);
      const theirs = iam(t.url, b.credentials);
      await mine.send(new CreateRoleCommand({ RoleName: 'Shared', AssumeRolePolicyDocument: TRUST, Tags: [{ Key: 'owner', Value: 'a' }] }));
      // the same name in another account is another role
      const other = (await theirs.send(new CreateRoleCommand({ RoleName: 'Shared', AssumeRolePolicyDocument: TRUST }))).Role!;
      assert.equal(other.Arn, `arn:aws:iam::${b.accountId}:role/Shared`);
      await theirs.send(new DeleteRoleCommand({ RoleName: 'Shared' }));

      for (const call of [
        () => theirs.send(new GetRoleCommand({ RoleName: 'Shared' })),
        () => theirs.send(new DeleteRoleCommand({ RoleName: 'Shared' })),
        () => theirs.send(new UpdateRoleCommand({ RoleName: 'Shared', Description: 'x' })),
        () => theirs.send(new PutRolePolicyCommand({ RoleName: 'Shared', PolicyName: 'p', PolicyDocument: allow('*') })),
        () => theirs.send(new TagRoleCommand({ RoleName: 'Shared', Tags: [{ Key: 'owner', Value: 'b' }] })),
        () => theirs.send(new ListRoleTagsCommand({ RoleName: 'Shared' })),
      ]) {
        await rejects(call(), 'NoSuchEntityException');
      }
      const role = (await mine.send(new GetRoleCommand({ RoleName: 'Shared' }))).Role!;
      assert.deepEqual(role.Tags, [{ Key: 'owner', Value: 'a' }]);
      assert.equal(role.Description, undefined);
    });

    it('boto3: create a role, its inline policy and tags, read them back decoded, then take it all down', async () => {
      const a = await standalone(t, 'IamBoto3Writes');
      const out = await runBoto3(
        `
import json, boto3
from botocore.exceptions import ClientError
iam = boto3.client('iam')
trust = ${JSON.stringify(TRUST)}
created = iam.create_role(RoleName='App', Path='/apps/', AssumeRolePolicyDocument=trust, Description='the app',
                          MaxSessionDuration=7200, Tags=[{'Key': 'team', 'Value': 'a'}])['Role']
iam.put_role_policy(RoleName='App', PolicyName='read', PolicyDocument=${JSON.stringify(allow('arn:aws:s3:::bucket/*'))})
iam.tag_role(RoleName='App', Tags=[{'Key': 'env', 'Value': 'dev'}])
iam.untag_role(RoleName='App', TagKeys=['team'])
iam.update_role(RoleName='App', MaxSessionDuration=3600)
iam.put_role_permissions_boundary(RoleName='App', PermissionsBoundary='${BOUNDARY}')
role = iam.get_role(RoleName='App')['Role']
out = {'arn': created['Arn'], 'trust': role['AssumeRolePolicyDocument'], 'tags': role['Tags'], 'session': role['MaxSessionDuration'],
       'boundary': role['PermissionsBoundary']['PermissionsBoundaryArn'],
       'policy': iam.get_role_policy(RoleName='App', PolicyName='read')['PolicyDocument']}
try:
    iam.delete_role(RoleName='App')
except ClientError as e:
    out['conflict'] = [e.response['Error']['Code'], e.response['Error']['Message']]
iam.delete_role_policy(RoleName='App', PolicyName='read')
iam.delete_role(RoleName='App')
out['left'] = [r['RoleName'] for r in iam.list_roles()['Roles']]
print(json.dumps(out))
`,
        t.url,
        a.credentials,
      );
      assert.equal(out['arn'], `arn:aws:iam::${a.accountId}:role/apps/App`);
      assert.deepEqual(out['trust'], trust);
      assert.deepEqual(out['tags'], [{ Key: 'env', Value: 'dev' }]);
      assert.equal(out['session'], 3600);
      assert.equal(out['boundary'], BOUNDARY);
      assert.deepEqual(out['policy'], JSON.parse(allow('arn:aws:s3:::bucket/*')));
      assert.deepEqual(out['conflict'], ['DeleteConflict', 'Cannot delete entity, must delete policies first.']);
      assert.deepEqual(out['left'], []);
    });
  });
}
