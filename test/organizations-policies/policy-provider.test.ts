// Organizations policies in-process, through the PolicyProvider with wire shapes, on SQLite and PostgreSQL: a fake
// core (fake-directory.ts) stands in for the organization, its OUs and accounts, and calls the hooks as the core does.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { ServiceError } from '../../src/aws/errors.js';
import { systemClock } from '../../src/lib/clock.js';
import { PolicyDomain } from '../../src/services/organizations/policies/policy-domain.js';
import { PolicyProvider } from '../../src/services/organizations/policies/policy-provider.js';
import type { OrganizationFacts, OrgTarget } from '../../src/services/organizations/ports.js';
import { openDatabase, type Store } from '../../src/store/database.js';
import { BACKENDS, type TestDatabase } from '../store/backends.js';
import { ctx, FakeDirectory, principal } from './fake-directory.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const scpContent = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });
const tagContent = (values: string[]) => JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': values } } } });

async function fails(promise: Promise<unknown>, code: string, reason?: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: ServiceError) => {
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    if (reason !== undefined) assert.equal(err.fields['Reason'], reason);
    if (message) assert.match(err.message, message);
    return true;
  });
}

for (const backend of BACKENDS.filter((b) => b.name !== 'sqlite file')) {
  describe(`organizations policies in-process (${backend.name})`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let directory: FakeDirectory;
    let domain: PolicyDomain;
    let api: PolicyProvider;

    before(async () => {
      tdb = await backend.create();
      store = await openDatabase(tdb.url);
      directory = new FakeDirectory(store);
      domain = new PolicyDomain(store, directory, systemClock);
      directory.hooks = domain;
      api = new PolicyProvider(domain);
    });
    after(async () => {
      await store.close();
      await tdb.dispose();
    });

    /** An organization with OUs Workloads > Development and an account in Development. */
    async function tree() {
      const org = await directory.createOrganization();
      const workloads = await directory.createOu(org.id, org.rootId, 'Workloads');
      const dev = await directory.createOu(org.id, workloads.id, 'Development');
      const account = await directory.createAccount(org.id, dev.id, 'dev-1');
      return { org, m: ctx(org.managementAccountId), workloads, dev, account };
    }
    const scpIds = async (m: ReturnType<typeof ctx>, targetId: string) =>
      ((await api.ListPoliciesForTarget({ TargetId: targetId, Filter: SCP }, m)).Policies ?? []).map((p) => p.Id).sort();

    it('lists FullAWSAccess from the start, and enabling SCPs attaches it to the root, every OU and every account', async () => {
      const { org, m, workloads, dev, account } = await tree();
      const listed = (await api.ListPolicies({ Filter: SCP }, m)).Policies ?? [];
      assert.deepEqual(listed, [
        {
          Id: 'p-FullAWSAccess',
          Arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess',
          Name: 'FullAWSAccess',
          Description: 'Allows access to every operation',
          Type: SCP,
          AwsManaged: true,
        },
      ]);
      assert.deepEqual(await domain.policyTypes(org.id), []);
      await fails(api.AttachPolicy({ PolicyId: 'p-FullAWSAccess', TargetId: workloads.id }, m), 'PolicyTypeNotEnabledException');

      const out = await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      assert.deepEqual(out.Root, {
        Id: org.rootId,
        Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${org.rootId}`,
        Name: 'Root',
        PolicyTypes: [{ Type: SCP, Status: 'ENABLED' }],
      });
      assert.deepEqual(await domain.policyTypes(org.id), [{ Type: SCP, Status: 'ENABLED' }]);
      const targets = (await api.ListTargetsForPolicy({ PolicyId: 'p-FullAWSAccess' }, m)).Targets ?? [];
      assert.deepEqual(
        targets.map((t) => t.TargetId).sort(),
        [org.rootId, workloads.id, dev.id, account.id, org.managementAccountId].sort(),
      );
      assert.deepEqual(targets.find((t) => t.TargetId === dev.id), { TargetId: dev.id, Arn: dev.arn, Name: 'Development', Type: 'ORGANIZATIONAL_UNIT' });

      // joining while enabled: attached at once (the targetCreated hook)
      const sandbox = await directory.createOu(org.id, org.rootId, 'Sandbox');
      const late = await directory.createAccount(org.id, sandbox.id, 'late');
      assert.deepEqual(await scpIds(m, sandbox.id), ['p-FullAWSAccess']);
      assert.deepEqual(await scpIds(m, late.id), ['p-FullAWSAccess']);

      await fails(api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m), 'PolicyTypeAlreadyEnabledException');
      await fails(api.EnablePolicyType({ RootId: 'r-zzzz', PolicyType: 'TAG_POLICY' }, m), 'RootNotFoundException');
    });

    it('creates, describes, updates and deletes customer policies with AWS ids, ARNs and errors', async () => {
      const { org, m, workloads } = await tree();
      const created = (await api.CreatePolicy({ Name: 'DenyLeave', Description: 'no leaving', Type: SCP, Content: scpContent('organizations:LeaveOrganization') }, m)).Policy!;
      const id = created.PolicySummary!.Id!;
      assert.match(id, /^p-[a-z0-9]{8}$/);
      assert.equal(created.PolicySummary!.Arn, `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/service_control_policy/${id}`);
      assert.equal(created.PolicySummary!.AwsManaged, false);
      assert.equal(created.Content, scpContent('organizations:LeaveOrganization'));
      assert.deepEqual((await api.DescribePolicy({ PolicyId: id }, m)).Policy, created);

      await fails(api.CreatePolicy({ Name: 'DenyLeave', Description: '', Type: SCP, Content: scpContent('s3:*') }, m), 'DuplicatePolicyException');
      // names are unique per type: a tag policy may share it
      await api.CreatePolicy({ Name: 'DenyLeave', Description: '', Type: 'TAG_POLICY', Content: tagContent(['a']) }, m);
      await fails(
        api.CreatePolicy({ Name: 'Bad', Description: '', Type: SCP, Content: '{"Statement":' }, m),
        'MalformedPolicyDocumentException',
        undefined,
        /not valid JSON/,
      );
      await fails(
        api.CreatePolicy({ Name: 'Bad', Description: '', Type: SCP, Content: JSON.stringify({ Statement: { Effect: 'Deny', Principal: '*', Action: '*' } }) }, m),
        'MalformedPolicyDocumentException',
        undefined,
        /Principal/,
      );
      const big = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: '*', Resource: '*', Sid: 'x'.repeat(5100) }] });
      await fails(api.CreatePolicy({ Name: 'Big', Description: '', Type: SCP, Content: big }, m), 'ConstraintViolationException', 'POLICY_CONTENT_LIMIT_EXCEEDED');
      // the same size is fine for a tag policy (10,000 characters)
      await api.CreatePolicy({ Name: 'BigTag', Description: '', Type: 'TAG_POLICY', Content: JSON.stringify({ tags: { a: { tag_key: { '@@assign': 'x'.repeat(5100) } } } }) }, m);

      const updated = (await api.UpdatePolicy({ PolicyId: id, Name: 'DenyLeaving', Content: scpContent('organizations:Leave*') }, m)).Policy!;
      assert.equal(updated.PolicySummary!.Name, 'DenyLeaving');
      assert.equal(updated.PolicySummary!.Description, 'no leaving');
      assert.equal(updated.Content, scpContent('organizations:Leave*'));
      await fails(api.UpdatePolicy({ PolicyId: id, Content: '[]' }, m), 'MalformedPolicyDocumentException');
      await fails(api.UpdatePolicy({ PolicyId: 'p-FullAWSAccess', Name: 'Mine' }, m), 'InvalidInputException', 'IMMUTABLE_POLICY');
      await fails(api.UpdatePolicy({ PolicyId: 'p-00000000' }, m), 'PolicyNotFoundException');

      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      await api.AttachPolicy({ PolicyId: id, TargetId: workloads.id }, m);
      await fails(api.DeletePolicy({ PolicyId: id }, m), 'PolicyInUseException');
      await api.DetachPolicy({ PolicyId: id, TargetId: workloads.id }, m);
      await api.DeletePolicy({ PolicyId: id }, m);
      await fails(api.DescribePolicy({ PolicyId: id }, m), 'PolicyNotFoundException');
      await fails(api.DeletePolicy({ PolicyId: id }, m), 'PolicyNotFoundException');
      await fails(api.DeletePolicy({ PolicyId: 'p-FullAWSAccess' }, m), 'InvalidInputException', 'IMMUTABLE_POLICY');
      const fullAccess = (await api.DescribePolicy({ PolicyId: 'p-FullAWSAccess' }, m)).Policy!;
      assert.equal(fullAccess.PolicySummary!.AwsManaged, true);
      assert.deepEqual(JSON.parse(fullAccess.Content!), { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] });
    });

    it('keeps at least one and at most five SCPs on a target, and refuses duplicates and unknowns', async () => {
      const { org, m, workloads } = await tree();
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      await fails(api.DetachPolicy({ PolicyId: 'p-FullAWSAccess', TargetId: workloads.id }, m), 'ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await api.CreatePolicy({ Name: `Deny${i}`, Description: '', Type: SCP, Content: scpContent(`s3:Action${i}`) }, m)).Policy!.PolicySummary!.Id!);
      }
      for (const id of ids.slice(0, 4)) await api.AttachPolicy({ PolicyId: id, TargetId: workloads.id }, m);
      await fails(api.AttachPolicy({ PolicyId: ids[4]!, TargetId: workloads.id }, m), 'ConstraintViolationException', 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      await fails(api.AttachPolicy({ PolicyId: ids[0]!, TargetId: workloads.id }, m), 'DuplicatePolicyAttachmentException');
      await fails(api.AttachPolicy({ PolicyId: 'p-12345678', TargetId: workloads.id }, m), 'PolicyNotFoundException');
      await fails(api.AttachPolicy({ PolicyId: ids[0]!, TargetId: 'ou-zzzz-zzzzzzzz' }, m), 'TargetNotFoundException');
      await fails(api.DetachPolicy({ PolicyId: ids[4]!, TargetId: workloads.id }, m), 'PolicyNotAttachedException');
      // with another SCP in place, FullAWSAccess may go (an allow-list strategy)
      await api.DetachPolicy({ PolicyId: 'p-FullAWSAccess', TargetId: workloads.id }, m);
      assert.deepEqual(await scpIds(m, workloads.id), [...ids.slice(0, 4)].sort());
      for (const id of ids.slice(0, 3)) await api.DetachPolicy({ PolicyId: id, TargetId: workloads.id }, m);
      await fails(api.DetachPolicy({ PolicyId: ids[3]!, TargetId: workloads.id }, m), 'ConstraintViolationException', 'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
    });

    it('concurrent attachments never exceed the per-target limit', async () => {
      const { org, m, workloads } = await tree();
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      const ids = await Promise.all(
        [0, 1, 2, 3, 4, 5].map(async (i) => (await api.CreatePolicy({ Name: `C${i}`, Description: '', Type: SCP, Content: scpContent(`ec2:A${i}`) }, m)).Policy!.PolicySummary!.Id!),
      );
      const results = await Promise.allSettled(ids.map((id) => api.AttachPolicy({ PolicyId: id, TargetId: workloads.id }, m)));
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 4);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as ServiceError).fields['Reason'], 'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED');
      assert.equal((await scpIds(m, workloads.id)).length, 5);
    });

    it('targets joining while SCPs are being enabled all end up with FullAWSAccess', async () => {
      const { org, m } = await tree();
      const [, ...ous] = await Promise.all([
        api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m),
        ...[1, 2, 3, 4, 5, 6].map((i) => directory.createOu(org.id, org.rootId, `Racing${i}`)),
      ]);
      for (const ou of ous as OrgTarget[]) assert.deepEqual(await scpIds(m, ou.id), ['p-FullAWSAccess'], ou.name);
    });

    it('attaching, creating and disabling at once never deadlock and leave nothing attached to a disabled type', async () => {
      const { org, m, workloads, dev } = await tree();
      for (let round = 0; round < 5; round++) {
        await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
        const ids = await Promise.all(
          [0, 1].map(async (i) => (await api.CreatePolicy({ Name: `R${round}-${i}`, Description: '', Type: SCP, Content: scpContent(`s3:R${i}`) }, m)).Policy!.PolicySummary!.Id!),
        );
        const results = await Promise.allSettled([
          api.AttachPolicy({ PolicyId: ids[0]!, TargetId: org.rootId }, m),
          api.AttachPolicy({ PolicyId: ids[1]!, TargetId: workloads.id }, m),
          api.DisablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m),
          api.CreatePolicy({ Name: `R${round}-x`, Description: '', Type: SCP, Content: scpContent('s3:X') }, m),
          directory.createOu(org.id, dev.id, `Round${round}`),
        ]);
        for (const r of results) {
          if (r.status === 'rejected') assert.equal((r.reason as ServiceError).code, 'PolicyTypeNotEnabledException', String(r.reason));
        }
        if (results[2]?.status === 'fulfilled') {
          const { rows } = await sql<{ n: number | string }>`select count(*) as n from org_policy_attachments where organization_id = ${org.id}`.execute(store.db);
          assert.equal(Number(rows[0]?.n), 0);
        }
      }
    });

    it('concurrent creators of one name: exactly one policy, the others DuplicatePolicyException', async () => {
      const { m } = await tree();
      const results = await Promise.allSettled(
        [1, 2, 3].map(() => api.CreatePolicy({ Name: 'Same', Description: '', Type: 'TAG_POLICY', Content: '{}' }, m)),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as ServiceError).code, 'DuplicatePolicyException');
    });

    it('disabling a type detaches its policies everywhere but keeps them; enabling again attaches FullAWSAccess only', async () => {
      const { org, m, workloads, account } = await tree();
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      const id = (await api.CreatePolicy({ Name: 'D', Description: '', Type: SCP, Content: scpContent('s3:*') }, m)).Policy!.PolicySummary!.Id!;
      await api.AttachPolicy({ PolicyId: id, TargetId: workloads.id }, m);
      const out = await api.DisablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      assert.deepEqual(out.Root?.PolicyTypes, []);
      assert.deepEqual(await scpIds(m, workloads.id), []);
      assert.deepEqual(await scpIds(m, account.id), []);
      assert.deepEqual(((await api.ListPolicies({ Filter: SCP }, m)).Policies ?? []).map((p) => p.Id).sort(), ['p-FullAWSAccess', id].sort());
      await fails(api.DisablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m), 'PolicyTypeNotEnabledException');
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      assert.deepEqual(await scpIds(m, workloads.id), ['p-FullAWSAccess']);
    });

    it('resource control policies: RCPFullAWSAccess everywhere and never detachable; customer RCPs deny only', async () => {
      const { org, m, dev } = await tree();
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'RESOURCE_CONTROL_POLICY' }, m);
      const onDev = (await api.ListPoliciesForTarget({ TargetId: dev.id, Filter: 'RESOURCE_CONTROL_POLICY' }, m)).Policies ?? [];
      assert.deepEqual(onDev.map((p) => [p.Id, p.Arn, p.AwsManaged]), [
        ['p-RCPFullAWSAccess', 'arn:aws:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess', true],
      ]);
      await fails(api.DetachPolicy({ PolicyId: 'p-RCPFullAWSAccess', TargetId: dev.id }, m), 'InvalidInputException', 'NON_DETACHABLE_POLICY');
      await fails(
        api.CreatePolicy({ Name: 'R', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: JSON.stringify({ Statement: { Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' } }) }, m),
        'MalformedPolicyDocumentException',
      );
      const rcp = (await api.CreatePolicy({ Name: 'R', Description: '', Type: 'RESOURCE_CONTROL_POLICY', Content: JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } } }) }, m)).Policy!;
      await api.AttachPolicy({ PolicyId: rcp.PolicySummary!.Id!, TargetId: dev.id }, m);
      await api.DetachPolicy({ PolicyId: rcp.PolicySummary!.Id!, TargetId: dev.id }, m);
    });

    it('refuses member accounts, callers outside any organization and consolidated-billing organizations', async () => {
      const { org, account } = await tree();
      const member = ctx(account.id);
      await fails(api.ListPolicies({ Filter: SCP }, member), 'AccessDeniedException');
      await fails(api.CreatePolicy({ Name: 'x', Description: '', Type: SCP, Content: scpContent('s3:*') }, member), 'AccessDeniedException');
      await fails(api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, member), 'AccessDeniedException');
      await fails(api.ListPolicies({ Filter: SCP }, ctx('999999999999')), 'AWSOrganizationsNotInUseException');
      const billing = await directory.createOrganization('CONSOLIDATED_BILLING');
      const bm = ctx(billing.managementAccountId);
      await fails(api.EnablePolicyType({ RootId: billing.rootId, PolicyType: SCP }, bm), 'PolicyTypeNotAvailableForOrganizationException');
      await fails(api.CreatePolicy({ Name: 'x', Description: '', Type: 'TAG_POLICY', Content: tagContent(['a']) }, bm), 'PolicyTypeNotAvailableForOrganizationException');
    });

    it('needs trusted access for the service of SECURITYHUB_POLICY and INSPECTOR_POLICY', async () => {
      const { org, m } = await tree();
      await fails(api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'SECURITYHUB_POLICY' }, m), 'ConstraintViolationException', 'SERVICE_ACCESS_NOT_ENABLED');
      directory.serviceAccess.add(`${org.id}/securityhub.amazonaws.com`);
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'SECURITYHUB_POLICY' }, m);
    });

    it('every policy type of the model can be enabled, used and disabled', async () => {
      const { org, m, dev } = await tree();
      directory.serviceAccess.add(`${org.id}/securityhub.amazonaws.com`).add(`${org.id}/inspector2.amazonaws.com`);
      const types = ['TAG_POLICY', 'BACKUP_POLICY', 'AISERVICES_OPT_OUT_POLICY', 'CHATBOT_POLICY', 'DECLARATIVE_POLICY_EC2', 'SECURITYHUB_POLICY', 'INSPECTOR_POLICY', 'UPGRADE_ROLLOUT_POLICY', 'BEDROCK_POLICY', 'S3_POLICY', 'NETWORK_SECURITY_DIRECTOR_POLICY'] as const;
      for (const type of types) {
        await api.EnablePolicyType({ RootId: org.rootId, PolicyType: type }, m);
        const p = (await api.CreatePolicy({ Name: `${type}-1`, Description: '', Type: type, Content: '{"x":{"@@assign":"y"}}' }, m)).Policy!;
        assert.equal(p.PolicySummary!.Arn, `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/${type.toLowerCase()}/${p.PolicySummary!.Id}`);
        await api.AttachPolicy({ PolicyId: p.PolicySummary!.Id!, TargetId: dev.id }, m);
        // management types have no minimum: the last one can go
        await api.DetachPolicy({ PolicyId: p.PolicySummary!.Id!, TargetId: dev.id }, m);
      }
      const root = (await api.DisablePolicyType({ RootId: org.rootId, PolicyType: 'TAG_POLICY' }, m)).Root!;
      assert.equal(root.PolicyTypes!.length, types.length - 1);
    });

    it('pages ListPolicies, ListPoliciesForTarget and ListTargetsForPolicy with opaque tokens', async () => {
      const { org, m, dev } = await tree();
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'BACKUP_POLICY' }, m);
      const made: string[] = [];
      for (let i = 0; i < 25; i++) made.push((await api.CreatePolicy({ Name: `B${String(i).padStart(2, '0')}`, Description: '', Type: 'BACKUP_POLICY', Content: '{}' }, m)).Policy!.PolicySummary!.Id!);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await api.ListPolicies({ Filter: 'BACKUP_POLICY', MaxResults: 10, ...(token ? { NextToken: token } : {}) }, m);
        seen.push(...(page.Policies ?? []).map((p) => p.Id!));
        token = page.NextToken;
        pages++;
      } while (token);
      assert.equal(pages, 3);
      assert.deepEqual([...seen].sort(), [...made].sort());
      assert.equal(new Set(seen).size, 25);

      const first = await api.ListPolicies({ Filter: 'BACKUP_POLICY', MaxResults: 1 }, m);
      await fails(api.ListPolicies({ Filter: 'BACKUP_POLICY', NextToken: 'garbage' }, m), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
      // a token belongs to its list: another filter refuses it
      await fails(api.ListPolicies({ Filter: 'TAG_POLICY', NextToken: first.NextToken! }, m), 'InvalidInputException', 'INVALID_NEXT_TOKEN');

      for (const id of made.slice(0, 10)) await api.AttachPolicy({ PolicyId: id, TargetId: dev.id }, m);
      const p1 = await api.ListPoliciesForTarget({ TargetId: dev.id, Filter: 'BACKUP_POLICY', MaxResults: 6 }, m);
      const p2 = await api.ListPoliciesForTarget({ TargetId: dev.id, Filter: 'BACKUP_POLICY', MaxResults: 6, NextToken: p1.NextToken! }, m);
      assert.equal(p1.Policies!.length, 6);
      assert.equal(p2.Policies!.length, 4);
      assert.equal(p2.NextToken, undefined);
      await fails(api.ListPoliciesForTarget({ TargetId: 'ou-nope-00000000', Filter: SCP }, m), 'TargetNotFoundException');

      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      const t1 = await api.ListTargetsForPolicy({ PolicyId: 'p-FullAWSAccess', MaxResults: 3 }, m);
      const t2 = await api.ListTargetsForPolicy({ PolicyId: 'p-FullAWSAccess', MaxResults: 3, NextToken: t1.NextToken! }, m);
      assert.deepEqual([...t1.Targets!, ...t2.Targets!].map((t) => t.TargetId).length, 5);
      assert.equal(t2.NextToken, undefined);
      await fails(api.ListTargetsForPolicy({ PolicyId: 'p-nothere0' }, m), 'PolicyNotFoundException');
      // names come from the core: a renamed OU shows its new name
      directory.rename(org.id, dev.id, 'Dev');
      const all = (await api.ListTargetsForPolicy({ PolicyId: 'p-FullAWSAccess' }, m)).Targets!;
      assert.equal(all.find((t) => t.TargetId === dev.id)?.Name, 'Dev');
    });

    it('stops at the number of policies a type allows in an organization', async () => {
      const { org, m } = await tree();
      await api.CreatePolicy({ Name: 'first', Description: '', Type: 'AISERVICES_OPT_OUT_POLICY', Content: '{}' }, m);
      // fill the rest of the quota (1000) directly
      const now = Date.now();
      const rows = Array.from({ length: 999 }, (_, i) => ({
        organization_id: org.id, id: `p-fill${String(i).padStart(4, '0')}`, policy_type: 'AISERVICES_OPT_OUT_POLICY', name: `fill-${i}`,
        description: '', content: '{}', aws_managed: 0, created_at: now, updated_at: now,
      }));
      await store.db.insertInto('org_policies').values(rows).execute();
      await fails(api.CreatePolicy({ Name: 'one too many', Description: '', Type: 'AISERVICES_OPT_OUT_POLICY', Content: '{}' }, m), 'ConstraintViolationException', 'POLICY_NUMBER_LIMIT_EXCEEDED');
    });

    it('describes effective management policies, merged from the root down to the account', async () => {
      const { org, m, workloads, dev, account } = await tree();
      await fails(api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: account.id }, m), 'EffectivePolicyNotFoundException');
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'TAG_POLICY' }, m);
      await fails(api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: account.id }, m), 'EffectivePolicyNotFoundException');

      const rootPolicy = (await api.CreatePolicy({ Name: 'root', Description: '', Type: 'TAG_POLICY', Content: tagContent(['Development', 'Support']) }, m)).Policy!;
      const ouPolicy = (await api.CreatePolicy({
        Name: 'ou', Description: '', Type: 'TAG_POLICY',
        Content: JSON.stringify({ tags: { costcenter: { tag_value: { '@@append': ['Marketing'] }, enforced_for: { '@@assign': ['redshift:*'] } } } }),
      }, m)).Policy!;
      const accountPolicy = (await api.CreatePolicy({
        Name: 'acct', Description: '', Type: 'TAG_POLICY', Content: JSON.stringify({ tags: { costcenter: { tag_value: { '@@remove': ['Support'] } } } }),
      }, m)).Policy!;
      await api.AttachPolicy({ PolicyId: rootPolicy.PolicySummary!.Id!, TargetId: org.rootId }, m);
      await api.AttachPolicy({ PolicyId: ouPolicy.PolicySummary!.Id!, TargetId: workloads.id }, m);
      await api.AttachPolicy({ PolicyId: accountPolicy.PolicySummary!.Id!, TargetId: account.id }, m);

      const effective = (await api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: account.id }, m)).EffectivePolicy!;
      assert.deepEqual(JSON.parse(effective.PolicyContent!), {
        tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Development', 'Marketing'], enforced_for: ['redshift:*'] } },
      });
      assert.equal(effective.TargetId, account.id);
      assert.equal(effective.PolicyType, 'TAG_POLICY');
      assert.ok(effective.LastUpdatedTimestamp instanceof Date && Date.now() - effective.LastUpdatedTimestamp.getTime() < 60_000);

      // the account itself may look without naming itself; the management account sees its own root-level policy
      const own = (await api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY' }, ctx(account.id))).EffectivePolicy!;
      assert.equal(own.PolicyContent, effective.PolicyContent);
      const mgmt = (await api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY' }, m)).EffectivePolicy!;
      assert.deepEqual(JSON.parse(mgmt.PolicyContent!), { tags: { costcenter: { tag_key: 'CostCenter', tag_value: ['Development', 'Support'] } } });
      // a member account may not look at others
      const other = await directory.createAccount(org.id, dev.id, 'dev-2');
      await fails(api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: other.id }, ctx(account.id)), 'AccessDeniedException');
      await fails(api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: workloads.id }, m), 'InvalidInputException', 'TARGET_NOT_SUPPORTED');
      await fails(api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: '000000000000' }, m), 'TargetNotFoundException');
      await fails(api.DescribeEffectivePolicy({ PolicyType: SCP as never, TargetId: account.id }, m), 'InvalidInputException');
    });

    it('reports operators a parent forbids through the effectivePolicyValidationErrors hook', async () => {
      const { org, m, dev, account } = await tree();
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'AISERVICES_OPT_OUT_POLICY' }, m);
      const locked = (await api.CreatePolicy({
        Name: 'locked', Description: '', Type: 'AISERVICES_OPT_OUT_POLICY',
        Content: JSON.stringify({ services: { default: { opt_out_policy: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'optOut' } } } }),
      }, m)).Policy!.PolicySummary!.Id!;
      const optIn = (await api.CreatePolicy({
        Name: 'optIn', Description: '', Type: 'AISERVICES_OPT_OUT_POLICY', Content: JSON.stringify({ services: { default: { opt_out_policy: { '@@assign': 'optIn' } } } }),
      }, m)).Policy!.PolicySummary!.Id!;
      assert.equal(await domain.effectivePolicyValidationErrors(org, account.id, 'AISERVICES_OPT_OUT_POLICY'), undefined);
      await api.AttachPolicy({ PolicyId: locked, TargetId: org.rootId }, m);
      assert.deepEqual(await domain.effectivePolicyValidationErrors(org, account.id, 'AISERVICES_OPT_OUT_POLICY'), []);
      await api.AttachPolicy({ PolicyId: optIn, TargetId: dev.id }, m);
      const findings = await domain.effectivePolicyValidationErrors(org, account.id, 'AISERVICES_OPT_OUT_POLICY');
      assert.equal(findings?.length, 1);
      assert.equal(findings?.[0]?.pathToError, 'services.default.opt_out_policy');
      assert.deepEqual(findings?.[0]?.contributingPolicies, [locked, optIn]);
      const effective = (await api.DescribeEffectivePolicy({ PolicyType: 'AISERVICES_OPT_OUT_POLICY', TargetId: account.id }, m)).EffectivePolicy!;
      assert.equal(effective.PolicyContent, '{"services":{"default":{"opt_out_policy":"optOut"}}}');
      assert.equal(await domain.effectivePolicyValidationErrors(org, account.id, SCP), undefined);
    });

    it('tags given at CreatePolicy go to the core, and leave with the policy', async () => {
      const { org, m } = await tree();
      const id = (await api.CreatePolicy({ Name: 't', Description: '', Type: 'TAG_POLICY', Content: '{}', Tags: [{ Key: 'env', Value: 'prod' }] }, m)).Policy!.PolicySummary!.Id!;
      assert.deepEqual(directory.tags.get(`${org.id}/${id}`), [{ Key: 'env', Value: 'prod' }]);
      await fails(api.CreatePolicy({ Name: 't2', Description: '', Type: 'TAG_POLICY', Content: '{}', Tags: [{ Key: 'aws:x', Value: '1' }] }, m), 'InvalidInputException');
      // the refused tags rolled the policy back with them
      assert.deepEqual(((await api.ListPolicies({ Filter: 'TAG_POLICY' }, m)).Policies ?? []).map((p) => p.Name), ['t']);
      await api.DeletePolicy({ PolicyId: id }, m);
      assert.equal(directory.tags.has(`${org.id}/${id}`), false);
    });

    it('answers the core: policy existence and facts, SCP levels for the policy engine', async () => {
      const { org, m, workloads, account } = await tree();
      const id = (await api.CreatePolicy({ Name: 'x', Description: '', Type: SCP, Content: scpContent('s3:*') }, m)).Policy!.PolicySummary!.Id!;
      assert.equal(await domain.policyExists(org.id, id), true);
      assert.equal(await domain.policyExists(org.id, 'p-FullAWSAccess'), true);
      assert.equal(await domain.policyExists(org.id, 'p-00000000'), false);
      assert.deepEqual(await domain.policyFacts(org, id), { arn: `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/service_control_policy/${id}`, type: SCP });
      assert.equal(await domain.policyFacts(org, 'p-00000000'), undefined);

      assert.deepEqual(await domain.authorizationLevels(org.id, account.id, SCP), []);
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      await api.AttachPolicy({ PolicyId: id, TargetId: workloads.id }, m);
      const levels = await domain.authorizationLevels(org.id, account.id, SCP);
      assert.equal(levels.length, 4);
      assert.equal(levels[1]?.targetId, workloads.id);
      assert.equal(levels[1]?.documents.length, 2);
      assert.ok(levels.every((l) => l.documents.length >= 1));
    });

    it("drops a leaving target's attachments and a deleted organization's everything", async () => {
      const { org, m, dev, account } = await tree();
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      await directory.removeTarget(org.id, account.id);
      const targets = (await api.ListTargetsForPolicy({ PolicyId: 'p-FullAWSAccess' }, m)).Targets!.map((t) => t.TargetId);
      assert.ok(!targets.includes(account.id) && targets.includes(dev.id));
      await directory.deleteOrganization(org.id);
      for (const table of ['org_policies', 'org_policy_attachments', 'org_policy_targets', 'org_policy_types'] as const) {
        const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where organization_id = ${org.id}`.execute(store.db);
        assert.equal(Number(rows[0]?.n), 0, table);
      }
    });

    it('lists and describes AWS-managed policies even where no hook wrote their rows', async () => {
      const org: OrganizationFacts = { id: 'o-nohooks000', arn: 'arn', featureSet: 'ALL', managementAccountId: '123123123123', rootId: 'r-nohk' };
      const root: OrgTarget = { type: 'ROOT', id: 'r-nohk', arn: 'arn:root', name: 'Root' };
      directory.orgs.set(org.id, { facts: org, nodes: new Map([[root.id, { target: root, parent: undefined }], ['123123123123', { target: { type: 'ACCOUNT', id: '123123123123', arn: 'a', name: 'm' }, parent: root.id }]]) });
      const m = ctx('123123123123');
      assert.equal((await api.DescribePolicy({ PolicyId: 'p-RCPFullAWSAccess' }, m)).Policy?.PolicySummary?.Name, 'RCPFullAWSAccess');
      assert.deepEqual(((await api.ListPolicies({ Filter: 'RESOURCE_CONTROL_POLICY' }, m)).Policies ?? []).map((p) => p.Id), ['p-RCPFullAWSAccess']);
      // and a target the hooks never announced is adopted when something is attached to it
      await api.EnablePolicyType({ RootId: 'r-nohk', PolicyType: 'TAG_POLICY' }, m);
      const id = (await api.CreatePolicy({ Name: 't', Description: '', Type: 'TAG_POLICY', Content: '{}' }, m)).Policy!.PolicySummary!.Id!;
      await api.AttachPolicy({ PolicyId: id, TargetId: '123123123123' }, m);
      assert.equal((await api.ListTargetsForPolicy({ PolicyId: id }, m)).Targets?.[0]?.TargetId, '123123123123');
      void principal;
    });
  });
}
