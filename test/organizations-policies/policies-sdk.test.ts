// Organizations policies end to end: the real SDK v3 client against a listening server, on SQLite and PostgreSQL.
// The organization, OUs, accounts and the invitation come from the core; everything policy is this part's.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptHandshakeCommand,
  AttachPolicyCommand,
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  CreatePolicyCommand,
  DeletePolicyCommand,
  DescribeCreateAccountStatusCommand,
  DescribeEffectivePolicyCommand,
  DescribeOrganizationCommand,
  DescribePolicyCommand,
  DetachPolicyCommand,
  DisablePolicyTypeCommand,
  EnablePolicyTypeCommand,
  InviteAccountToOrganizationCommand,
  ListPoliciesCommand,
  ListPoliciesForTargetCommand,
  ListRootsCommand,
  ListTagsForResourceCommand,
  ListTargetsForPolicyCommand,
  OrganizationsClient,
  paginateListPolicies,
  paginateListTargetsForPolicy,
  TagResourceCommand,
  UpdatePolicyCommand,
  type PolicyType,
} from '@aws-sdk/client-organizations';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';

type Credentials = { accessKeyId: string; secretAccessKey: string };

const SCP = 'SERVICE_CONTROL_POLICY';
const denyDocument = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });

async function rejection(promise: Promise<unknown>): Promise<Error & { Reason?: string; $metadata?: { httpStatusCode?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected the call to fail');
}

async function expectError(promise: Promise<unknown>, name: string, reason?: string): Promise<Error> {
  const error = await rejection(promise);
  assert.equal(error.name, name, error.message);
  assert.equal(error.$metadata?.httpStatusCode, 400);
  if (reason !== undefined) assert.equal(error.Reason, reason);
  return error;
}

for (const database of testDatabases) {
  describe(`organizations policies with SDK v3 (${database.name})`, () => {
    let t: TestServer;
    let org: OrganizationsClient;
    let rootId: string;
    let orgId: string;
    let workloads: string;
    let sandbox: string;
    let accountId: string;
    let member: { client: OrganizationsClient; accountId: string };

    const client = (credentials: Credentials) => new OrganizationsClient({ endpoint: t.url, region: 'us-east-1', credentials, maxAttempts: 1 });

    before(async () => {
      t = await startTestServer(database);
      org = client(t.root);
      orgId = (await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }))).Organization!.Id!;
      rootId = (await org.send(new ListRootsCommand({}))).Roots![0]!.Id!;
      workloads = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Workloads' }))).OrganizationalUnit!.Id!;
      sandbox = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: rootId, Name: 'Sandbox' }))).OrganizationalUnit!.Id!;
      let status = (await org.send(new CreateAccountCommand({ Email: 'dev@example.com', AccountName: 'dev' }))).CreateAccountStatus!;
      for (let i = 0; status.State === 'IN_PROGRESS' && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await org.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: status.Id! }))).CreateAccountStatus!;
      }
      assert.equal(status.State, 'SUCCEEDED');
      accountId = status.AccountId!;
      // a member account with credentials of its own: a standalone account invited in
      const standalone = await t.server.iam.createStandaloneAccount({ name: 'guest', email: 'guest@example.com' });
      const handshake = (await org.send(new InviteAccountToOrganizationCommand({ Target: { Type: 'ACCOUNT', Id: standalone.accountId } }))).Handshake!;
      const guest = client(standalone);
      await guest.send(new AcceptHandshakeCommand({ HandshakeId: handshake.Id! }));
      member = { client: guest, accountId: standalone.accountId };
    });
    after(async () => t.close());

    it('lists FullAWSAccess, and enabling SCPs shows on the root and attaches it to every root, OU and account', async () => {
      const listed = (await org.send(new ListPoliciesCommand({ Filter: SCP }))).Policies!;
      assert.deepEqual(
        listed.map((p) => [p.Id, p.Name, p.AwsManaged, p.Arn]),
        [['p-FullAWSAccess', 'FullAWSAccess', true, 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess']],
      );
      const enabled = await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }));
      assert.deepEqual(enabled.Root!.PolicyTypes, [{ Type: SCP, Status: 'ENABLED' }]);
      assert.deepEqual((await org.send(new ListRootsCommand({}))).Roots![0]!.PolicyTypes, [{ Type: SCP, Status: 'ENABLED' }]);
      const available = (await org.send(new DescribeOrganizationCommand({}))).Organization!.AvailablePolicyTypes;
      assert.deepEqual(available, [{ Type: SCP, Status: 'ENABLED' }]);

      const targets: string[] = [];
      for await (const page of paginateListTargetsForPolicy({ client: org, pageSize: 2 }, { PolicyId: 'p-FullAWSAccess' })) {
        assert.ok((page.Targets ?? []).length <= 2);
        targets.push(...(page.Targets ?? []).map((x) => x.TargetId!));
      }
      assert.deepEqual(targets.sort(), [rootId, workloads, sandbox, accountId, member.accountId, t.root.accountId].sort());
      await expectError(org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP })), 'PolicyTypeAlreadyEnabledException');

      // an OU created now gets it too
      const late = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: sandbox, Name: 'Late' }))).OrganizationalUnit!.Id!;
      const onLate = (await org.send(new ListPoliciesForTargetCommand({ TargetId: late, Filter: SCP }))).Policies!;
      assert.deepEqual(onLate.map((p) => p.Id), ['p-FullAWSAccess']);
    });

    it('manages a customer SCP: create with tags, attach, limits, update, detach, delete', async () => {
      const created = (await org.send(new CreatePolicyCommand({
        Name: 'DenyLeavingOrg',
        Description: 'Accounts cannot leave the organization',
        Type: SCP,
        Content: denyDocument('organizations:LeaveOrganization'),
        Tags: [{ Key: 'owner', Value: 'platform' }],
      }))).Policy!;
      const id = created.PolicySummary!.Id!;
      assert.match(id, /^p-[a-z0-9]{8}$/);
      assert.equal(created.PolicySummary!.Arn, `arn:aws:organizations::${t.root.accountId}:policy/${orgId}/service_control_policy/${id}`);
      assert.deepEqual((await org.send(new ListTagsForResourceCommand({ ResourceId: id }))).Tags, [{ Key: 'owner', Value: 'platform' }]);
      await org.send(new TagResourceCommand({ ResourceId: id, Tags: [{ Key: 'env', Value: 'all' }] }));

      await org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: sandbox }));
      const onSandbox = (await org.send(new ListPoliciesForTargetCommand({ TargetId: sandbox, Filter: SCP }))).Policies!;
      assert.deepEqual(onSandbox.map((p) => p.Name).sort(), ['DenyLeavingOrg', 'FullAWSAccess']);
      await expectError(org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: sandbox })), 'DuplicatePolicyAttachmentException');
      await expectError(org.send(new DeletePolicyCommand({ PolicyId: id })), 'PolicyInUseException');

      const more: string[] = [];
      for (let i = 0; i < 4; i++) {
        more.push((await org.send(new CreatePolicyCommand({ Name: `Deny${i}`, Description: '', Type: SCP, Content: denyDocument(`ec2:Action${i}`) }))).Policy!.PolicySummary!.Id!);
      }
      for (const p of more.slice(0, 3)) await org.send(new AttachPolicyCommand({ PolicyId: p, TargetId: sandbox }));
      await expectError(org.send(new AttachPolicyCommand({ PolicyId: more[3]!, TargetId: sandbox })), 'ConstraintViolationException', 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      await expectError(org.send(new DetachPolicyCommand({ PolicyId: 'p-FullAWSAccess', TargetId: workloads })), 'ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      await expectError(org.send(new DetachPolicyCommand({ PolicyId: more[3]!, TargetId: sandbox })), 'PolicyNotAttachedException');
      await expectError(org.send(new AttachPolicyCommand({ PolicyId: 'p-zzzzzzzz', TargetId: sandbox })), 'PolicyNotFoundException');
      await expectError(org.send(new AttachPolicyCommand({ PolicyId: id, TargetId: 'ou-zzzz-zzzzzzzz' })), 'TargetNotFoundException');

      const updated = (await org.send(new UpdatePolicyCommand({ PolicyId: id, Description: 'no leaving, ever' }))).Policy!;
      assert.equal(updated.PolicySummary!.Description, 'no leaving, ever');
      assert.equal(updated.Content, denyDocument('organizations:LeaveOrganization'));
      await expectError(org.send(new UpdatePolicyCommand({ PolicyId: 'p-FullAWSAccess', Description: 'mine' })), 'InvalidInputException', 'IMMUTABLE_POLICY');

      for (const p of [id, ...more.slice(0, 3)]) await org.send(new DetachPolicyCommand({ PolicyId: p, TargetId: sandbox }));
      await org.send(new DeletePolicyCommand({ PolicyId: id }));
      await expectError(org.send(new DescribePolicyCommand({ PolicyId: id })), 'PolicyNotFoundException');
      await expectError(org.send(new ListTagsForResourceCommand({ ResourceId: id })), 'TargetNotFoundException');
    });

    it('refuses malformed and oversized documents with the reason', async () => {
      const malformed = await expectError(
        org.send(new CreatePolicyCommand({ Name: 'Bad', Description: 'x', Type: SCP, Content: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' } }) })),
        'MalformedPolicyDocumentException',
      );
      assert.equal(malformed.message, 'The provided policy document does not meet the requirements of the specified policy type: Policy document should not specify a principal.');
      await expectError(org.send(new CreatePolicyCommand({ Name: 'Bad', Description: 'x', Type: SCP, Content: '{"Statement":' })), 'MalformedPolicyDocumentException');
      const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'x'.repeat(5200), Effect: 'Deny', Action: '*', Resource: '*' }] });
      await expectError(org.send(new CreatePolicyCommand({ Name: 'Big', Description: 'x', Type: SCP, Content: big })), 'ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED');
      await org.send(new CreatePolicyCommand({ Name: 'Dup', Description: '', Type: SCP, Content: denyDocument('s3:*') }));
      await expectError(org.send(new CreatePolicyCommand({ Name: 'Dup', Description: '', Type: SCP, Content: denyDocument('s3:*') })), 'DuplicatePolicyException');
    });

    it('pages ListPolicies with opaque tokens and refuses a forged one', async () => {
      const names: string[] = [];
      for await (const page of paginateListPolicies({ client: org, pageSize: 3 }, { Filter: SCP })) names.push(...(page.Policies ?? []).map((p) => p.Name!));
      assert.ok(names.includes('FullAWSAccess') && names.includes('Dup') && names.length >= 5);
      assert.equal(new Set(names).size, names.length);
      await expectError(org.send(new ListPoliciesCommand({ Filter: SCP, NextToken: 'forged' })), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
    });

    it('merges tag policies into the effective policy of an account, which the account itself may read', async () => {
      await expectError(org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: accountId })), 'EffectivePolicyNotFoundException');
      await org.send(new EnablePolicyTypeCommand({ RootId: rootId, PolicyType: 'TAG_POLICY' }));
      const rootTags = (await org.send(new CreatePolicyCommand({
        Name: 'CostCenter', Description: '', Type: 'TAG_POLICY',
        Content: JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': ['100', '200'] } } } }),
      }))).Policy!.PolicySummary!.Id!;
      const ouTags = (await org.send(new CreatePolicyCommand({
        Name: 'CostCenterMore', Description: '', Type: 'TAG_POLICY',
        Content: JSON.stringify({ tags: { costcenter: { tag_value: { '@@append': ['300'] } } } }),
      }))).Policy!.PolicySummary!.Id!;
      await org.send(new AttachPolicyCommand({ PolicyId: rootTags, TargetId: rootId }));
      await org.send(new AttachPolicyCommand({ PolicyId: ouTags, TargetId: rootId }));
      const effective = (await org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: member.accountId }))).EffectivePolicy!;
      assert.deepEqual(JSON.parse(effective.PolicyContent!), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['100', '200', '300'] } } });
      assert.equal(effective.TargetId, member.accountId);
      assert.ok(effective.LastUpdatedTimestamp instanceof Date);
      // the member account reads its own, without naming itself, but not another's
      const own = (await member.client.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY' }))).EffectivePolicy!;
      assert.equal(own.PolicyContent, effective.PolicyContent);
      await expectError(member.client.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: accountId })), 'AccessDeniedException');
      await expectError(org.send(new DescribeEffectivePolicyCommand({ PolicyType: 'TAG_POLICY', TargetId: workloads })), 'InvalidInputException', 'TARGET_NOT_SUPPORTED');
    });

    it('refuses policy management to a member account', async () => {
      await expectError(member.client.send(new ListPoliciesCommand({ Filter: SCP })), 'AccessDeniedException');
      await expectError(member.client.send(new CreatePolicyCommand({ Name: 'x', Description: '', Type: SCP, Content: denyDocument('s3:*') })), 'AccessDeniedException');
    });

    it('disabling SCPs detaches every SCP; the policies stay', async () => {
      const out = await org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP }));
      assert.deepEqual(out.Root!.PolicyTypes!.map((p) => p.Type), ['TAG_POLICY']);
      assert.deepEqual((await org.send(new ListTargetsForPolicyCommand({ PolicyId: 'p-FullAWSAccess' }))).Targets, []);
      assert.ok(((await org.send(new ListPoliciesCommand({ Filter: SCP }))).Policies ?? []).some((p) => p.Name === 'Dup'));
      await expectError(org.send(new DisablePolicyTypeCommand({ RootId: rootId, PolicyType: SCP as PolicyType })), 'PolicyTypeNotEnabledException');
    });
  });
}
