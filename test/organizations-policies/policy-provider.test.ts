// Organizations policies in-process, on SQLite and PostgreSQL: the service exactly as createOrganizations wires it (the
// real core, PolicyDomain and PolicyProvider over one store), called through its handlers with wire shapes and a root
// principal. The organization, its OUs and accounts come from the core's own operations; CreateAccount's durable job
// runs through a JobRunner, as the server's runner would run it.

import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import type { OrganizationsApi } from '../../src/aws/api/organizations.js';
import type { ServiceError } from '../../src/aws/errors.js';
import type { OperationContext } from '../../src/aws/protocol/operation-context.js';
import type { ServiceDefinition } from '../../src/aws/protocol/service-definition.js';
import { EngineDecider } from '../../src/aws/authz/engine-decider.js';
import type { PolicySource } from '../../src/aws/authz/policy-source.js';
import { systemClock } from '../../src/lib/clock.js';
import { createLogger } from '../../src/lib/log.js';
import { createSecretBox } from '../../src/lib/secret-box.js';
import { IamDomain, rootPrincipal } from '../../src/services/iam/domain.js';
import { createIam } from '../../src/services/iam/index.js';
import { principalPolicyTables } from '../../src/services/iam/principal-policies.js';
import { createOrganizations, type Organizations } from '../../src/services/organizations/index.js';
import { PolicyDomain } from '../../src/services/organizations/policies/policy-domain.js';
import type { OrgDirectory, OrgTarget } from '../../src/services/organizations/ports.js';
import { openDatabase, type Store } from '../../src/store/database.js';
import { JobRunner } from '../../src/store/jobs.js';
import { BACKENDS, type TestDatabase } from '../store/backends.js';

const SCP = 'SERVICE_CONTROL_POLICY';
const scpContent = (action: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: action, Resource: '*' }] });
const tagContent = (values: string[]) => JSON.stringify({ tags: { costcenter: { tag_key: { '@@assign': 'CostCenter' }, tag_value: { '@@assign': values } } } });
const email = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${randomBytes(4).toString('hex')}@example.com`;
const log = createLogger('silent');

async function fails(promise: Promise<unknown>, code: string, reason?: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (err: ServiceError) => {
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    if (reason !== undefined) assert.equal(err.fields['Reason'], reason);
    if (message) assert.match(err.message, message);
    return true;
  });
}

/** The root user of an account, as SigV4 authentication would establish it. */
function ctx(accountId: string): OperationContext {
  return { requestId: 'test', principal: rootPrincipal(accountId), region: 'us-east-1', origin: 'http://127.0.0.1', now: new Date(), log };
}

/** The wired service's handlers, typed as the generated API; an operation without a handler fails the test. */
function handlersOf(service: ServiceDefinition): OrganizationsApi {
  return new Proxy({} as OrganizationsApi, {
    get(_target, operation: string) {
      const handler = service.handlers[operation];
      if (!handler) throw new Error(`the wired organizations service has no handler for ${operation}`);
      return handler;
    },
  });
}

async function rowCount(store: Store, table: string, where: Record<string, string>): Promise<number> {
  const conditions = Object.entries(where).map(([column, value]) => sql`${sql.ref(column)} = ${value}`);
  const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.join(conditions, sql` and `)}`.execute(store.db);
  return Number(rows[0]?.n);
}

const POLICY_TABLES = ['org_policies', 'org_policy_attachments', 'org_policy_targets', 'org_policy_types'] as const;

for (const backend of BACKENDS.filter((b) => b.name !== 'sqlite file')) {
  describe(`organizations policies in-process (${backend.name})`, () => {
    let tdb: TestDatabase;
    let store: Store;
    let iam: IamDomain;
    let api: OrganizationsApi;
    let jobs: JobRunner;
    let directory: OrgDirectory;
    let organizations: Organizations;
    /** A second PolicyDomain over the same store and the real core: for policyFacts and authorizationLevels, which
     * createOrganizations does not expose (it exposes accountControls, which asks authorizationLevels). */
    let policies: PolicyDomain;

    before(async () => {
      tdb = await backend.create();
      store = await openDatabase(tdb.url);
      iam = new IamDomain(store, createSecretBox(randomBytes(32)), systemClock);
      organizations = createOrganizations({ store, iam, clock: systemClock, accountCreationDelayMs: 0, wakeJobsAt: () => {} });
      api = handlersOf(organizations.service);
      jobs = new JobRunner({ store, handlers: organizations.jobHandlers, onError: (err) => assert.fail(String(err)) });
      directory = organizations.directory;
      policies = new PolicyDomain(store, directory, systemClock);
    });
    after(async () => {
      await store.close();
      await tdb.dispose();
    });

    /** An account outside any organization, with a root user: a future management account, invitee or outsider. */
    async function standalone(name: string): Promise<string> {
      return (await iam.createStandaloneAccount({ name, email: email(name) })).accountId;
    }

    /** CreateOrganization by a new standalone account: the organization's facts and its management account's context. */
    async function found(name: string, featureSet: 'ALL' | 'CONSOLIDATED_BILLING' = 'ALL') {
      const managementAccountId = await standalone(name);
      const m = ctx(managementAccountId);
      const organization = (await api.CreateOrganization({ FeatureSet: featureSet }, m)).Organization!;
      assert.equal(organization.MasterAccountId, managementAccountId);
      const [root] = (await api.ListRoots({}, m)).Roots ?? [];
      return { org: { id: organization.Id!, rootId: root!.Id!, managementAccountId }, m };
    }

    async function createOu(m: OperationContext, parentId: string, name: string): Promise<OrgTarget> {
      const ou = (await api.CreateOrganizationalUnit({ ParentId: parentId, Name: name }, m)).OrganizationalUnit!;
      return { type: 'ORGANIZATIONAL_UNIT', id: ou.Id!, arn: ou.Arn!, name: ou.Name! };
    }

    /** CreateAccount, its job run to completion, then MoveAccount from the root to `parentId`. */
    async function createAccount(m: OperationContext, rootId: string, parentId: string, name: string): Promise<OrgTarget> {
      const requested = (await api.CreateAccount({ Email: email(name), AccountName: name }, m)).CreateAccountStatus!;
      assert.equal(requested.State, 'IN_PROGRESS');
      assert.ok((await jobs.runDueJobs()) >= 1, 'the CreateAccount job ran');
      const status = (await api.DescribeCreateAccountStatus({ CreateAccountRequestId: requested.Id! }, m)).CreateAccountStatus!;
      assert.equal(status.State, 'SUCCEEDED', status.FailureReason);
      const id = status.AccountId!;
      if (parentId !== rootId) await api.MoveAccount({ AccountId: id, SourceParentId: rootId, DestinationParentId: parentId }, m);
      const account = (await api.DescribeAccount({ AccountId: id }, m)).Account!;
      return { type: 'ACCOUNT', id, arn: account.Arn!, name: account.Name! };
    }

    /** A standalone account invited by the organization, accepting, then moved from the root to `parentId`. */
    async function inviteAccount(m: OperationContext, rootId: string, parentId: string, name: string): Promise<OrgTarget> {
      const id = await standalone(name);
      const handshake = (await api.InviteAccountToOrganization({ Target: { Id: id, Type: 'ACCOUNT' } }, m)).Handshake!;
      await api.AcceptHandshake({ HandshakeId: handshake.Id! }, ctx(id));
      if (parentId !== rootId) await api.MoveAccount({ AccountId: id, SourceParentId: rootId, DestinationParentId: parentId }, m);
      const account = (await api.DescribeAccount({ AccountId: id }, m)).Account!;
      return { type: 'ACCOUNT', id, arn: account.Arn!, name: account.Name! };
    }

    /** An organization with OUs Workloads > Development and a created account in Development. */
    async function tree() {
      const { org, m } = await found('management');
      const workloads = await createOu(m, org.rootId, 'Workloads');
      const dev = await createOu(m, workloads.id, 'Development');
      const account = await createAccount(m, org.rootId, dev.id, 'dev-1');
      return { org, m, workloads, dev, account };
    }
    const scpIds = async (m: OperationContext, targetId: string) =>
      ((await api.ListPoliciesForTarget({ TargetId: targetId, Filter: SCP }, m)).Policies ?? []).map((p) => p.Id).sort();
    const rootPolicyTypes = async (m: OperationContext) => (await api.ListRoots({}, m)).Roots?.[0]?.PolicyTypes;

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
      // the core reports the policy types through the policyTypes hook: ListRoots and DescribeOrganization
      assert.deepEqual(await rootPolicyTypes(m), []);
      await fails(api.AttachPolicy({ PolicyId: 'p-FullAWSAccess', TargetId: workloads.id }, m), 'PolicyTypeNotEnabledException');

      const out = await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      assert.deepEqual(out.Root, {
        Id: org.rootId,
        Arn: `arn:aws:organizations::${org.managementAccountId}:root/${org.id}/${org.rootId}`,
        Name: 'Root',
        PolicyTypes: [{ Type: SCP, Status: 'ENABLED' }],
      });
      assert.deepEqual(await rootPolicyTypes(m), [{ Type: SCP, Status: 'ENABLED' }]);
      assert.deepEqual((await api.DescribeOrganization({}, m)).Organization?.AvailablePolicyTypes, [{ Type: SCP, Status: 'ENABLED' }]);
      const targets = (await api.ListTargetsForPolicy({ PolicyId: 'p-FullAWSAccess' }, m)).Targets ?? [];
      assert.deepEqual(
        targets.map((t) => t.TargetId).sort(),
        [org.rootId, workloads.id, dev.id, account.id, org.managementAccountId].sort(),
      );
      assert.deepEqual(targets.find((t) => t.TargetId === dev.id), { TargetId: dev.id, Arn: dev.arn, Name: 'Development', Type: 'ORGANIZATIONAL_UNIT' });
      assert.deepEqual(targets.find((t) => t.TargetId === account.id), { TargetId: account.id, Arn: account.arn, Name: 'dev-1', Type: 'ACCOUNT' });

      // joining while enabled: attached at once (the core's targetCreated hook), created or invited
      const sandbox = await createOu(m, org.rootId, 'Sandbox');
      const late = await createAccount(m, org.rootId, sandbox.id, 'late');
      const invited = await inviteAccount(m, org.rootId, org.rootId, 'invited');
      assert.deepEqual(await scpIds(m, sandbox.id), ['p-FullAWSAccess']);
      assert.deepEqual(await scpIds(m, late.id), ['p-FullAWSAccess']);
      assert.deepEqual(await scpIds(m, invited.id), ['p-FullAWSAccess']);

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
        /Syntax errors in policy\.$/,
      );
      await fails(
        api.CreatePolicy({ Name: 'Bad', Description: '', Type: SCP, Content: JSON.stringify({ Statement: { Effect: 'Deny', Principal: '*', Action: '*' } }) }, m),
        'MalformedPolicyDocumentException',
        undefined,
        /^The provided policy document does not meet the requirements of the specified policy type: Policy document should not specify a principal\.$/,
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
      const [, ...joined] = await Promise.all([
        api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m),
        ...[1, 2, 3, 4, 5, 6].map((i) => createOu(m, org.rootId, `Racing${i}`)),
        createAccount(m, org.rootId, org.rootId, 'racing'),
      ]);
      assert.equal(joined.length, 7);
      for (const target of joined as OrgTarget[]) assert.deepEqual(await scpIds(m, target.id), ['p-FullAWSAccess'], target.name);
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
          createOu(m, dev.id, `Round${round}`),
        ]);
        for (const r of results) {
          if (r.status === 'rejected') assert.equal((r.reason as ServiceError).code, 'PolicyTypeNotEnabledException', String(r.reason));
        }
        // the OU and the policy never depend on the race
        assert.equal(results[3]?.status, 'fulfilled');
        assert.equal(results[4]?.status, 'fulfilled');
        if (results[2]?.status === 'fulfilled') assert.equal(await rowCount(store, 'org_policy_attachments', { organization_id: org.id }), 0);
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
      await fails(api.ListPolicies({ Filter: SCP }, ctx(await standalone('outsider'))), 'AWSOrganizationsNotInUseException');
      const { org: billing, m: bm } = await found('billing', 'CONSOLIDATED_BILLING');
      await fails(api.EnablePolicyType({ RootId: billing.rootId, PolicyType: SCP }, bm), 'PolicyTypeNotAvailableForOrganizationException');
      await fails(api.CreatePolicy({ Name: 'x', Description: '', Type: 'TAG_POLICY', Content: tagContent(['a']) }, bm), 'PolicyTypeNotAvailableForOrganizationException');
    });

    it('needs trusted access for the service of SECURITYHUB_POLICY and INSPECTOR_POLICY', async () => {
      const { org, m } = await tree();
      await fails(api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'SECURITYHUB_POLICY' }, m), 'ConstraintViolationException', 'SERVICE_ACCESS_NOT_ENABLED');
      await api.EnableAWSServiceAccess({ ServicePrincipal: 'securityhub.amazonaws.com' }, m);
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'SECURITYHUB_POLICY' }, m);
      await fails(api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'INSPECTOR_POLICY' }, m), 'ConstraintViolationException', 'SERVICE_ACCESS_NOT_ENABLED');
      await api.EnableAWSServiceAccess({ ServicePrincipal: 'inspector2.amazonaws.com' }, m);
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'INSPECTOR_POLICY' }, m);
      assert.deepEqual((await rootPolicyTypes(m))?.map((t) => t.Type).sort(), ['INSPECTOR_POLICY', 'SECURITYHUB_POLICY']);
    });

    it('every policy type of the model can be enabled, used and disabled', async () => {
      const { org, m, dev } = await tree();
      await api.EnableAWSServiceAccess({ ServicePrincipal: 'securityhub.amazonaws.com' }, m);
      await api.EnableAWSServiceAccess({ ServicePrincipal: 'inspector2.amazonaws.com' }, m);
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
      await api.UpdateOrganizationalUnit({ OrganizationalUnitId: dev.id, Name: 'Dev' }, m);
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
      const other = await createAccount(m, org.rootId, dev.id, 'dev-2');
      await fails(api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: other.id }, ctx(account.id)), 'AccessDeniedException');
      await fails(api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: workloads.id }, m), 'InvalidInputException', 'TARGET_NOT_SUPPORTED');
      await fails(api.DescribeEffectivePolicy({ PolicyType: 'TAG_POLICY', TargetId: '000000000000' }, m), 'TargetNotFoundException');
      await fails(api.DescribeEffectivePolicy({ PolicyType: SCP as never, TargetId: account.id }, m), 'InvalidInputException');
    });

    it("reports operators a parent forbids through the core's effective-policy validation operations", async () => {
      const { org, m, workloads, dev, account } = await tree();
      const errorsOf = async (accountId: string, policyType: string) =>
        (await api.ListEffectivePolicyValidationErrors({ AccountId: accountId, PolicyType: policyType as never }, m)).EffectivePolicyValidationErrors;
      const invalidAccounts = async () =>
        ((await api.ListAccountsWithInvalidEffectivePolicy({ PolicyType: 'AISERVICES_OPT_OUT_POLICY' }, m)).Accounts ?? []).map((a) => a.Id);

      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'AISERVICES_OPT_OUT_POLICY' }, m);
      const locked = (await api.CreatePolicy({
        Name: 'locked', Description: '', Type: 'AISERVICES_OPT_OUT_POLICY',
        Content: JSON.stringify({ services: { default: { opt_out_policy: { '@@operators_allowed_for_child_policies': ['@@none'], '@@assign': 'optOut' } } } }),
      }, m)).Policy!.PolicySummary!.Id!;
      const optIn = (await api.CreatePolicy({
        Name: 'optIn', Description: '', Type: 'AISERVICES_OPT_OUT_POLICY', Content: JSON.stringify({ services: { default: { opt_out_policy: { '@@assign': 'optIn' } } } }),
      }, m)).Policy!.PolicySummary!.Id!;
      // nothing attached: no effective policy to validate
      await fails(errorsOf(account.id, 'AISERVICES_OPT_OUT_POLICY'), 'EffectivePolicyNotFoundException');
      await api.AttachPolicy({ PolicyId: locked, TargetId: org.rootId }, m);
      assert.deepEqual(await errorsOf(account.id, 'AISERVICES_OPT_OUT_POLICY'), []);
      assert.deepEqual(await invalidAccounts(), []);

      await api.AttachPolicy({ PolicyId: optIn, TargetId: dev.id }, m);
      const out = await api.ListEffectivePolicyValidationErrors({ AccountId: account.id, PolicyType: 'AISERVICES_OPT_OUT_POLICY' }, m);
      const findings = out.EffectivePolicyValidationErrors ?? [];
      assert.equal(findings.length, 1);
      assert.equal(findings[0]?.ErrorCode, 'OPERATOR_NOT_ALLOWED');
      assert.equal(findings[0]?.PathToError, 'services.default.opt_out_policy');
      assert.deepEqual(findings[0]?.ContributingPolicies, [locked, optIn]);
      assert.equal(out.Path, `${org.id}/${org.rootId}/${workloads.id}/${dev.id}/${account.id}/`);
      // only the account below the opt-in is invalid; the management account at the root is not
      assert.deepEqual(await invalidAccounts(), [account.id]);
      const effective = (await api.DescribeEffectivePolicy({ PolicyType: 'AISERVICES_OPT_OUT_POLICY', TargetId: account.id }, m)).EffectivePolicy!;
      assert.equal(effective.PolicyContent, '{"services":{"default":{"opt_out_policy":"optOut"}}}');
      // an authorization policy type has no effective policy to validate
      await fails(errorsOf(account.id, SCP), 'EffectivePolicyNotFoundException');
    });

    it('tags given at CreatePolicy go to the core, and leave with the policy', async () => {
      const { org, m } = await tree();
      const id = (await api.CreatePolicy({ Name: 't', Description: '', Type: 'TAG_POLICY', Content: '{}', Tags: [{ Key: 'env', Value: 'prod' }] }, m)).Policy!.PolicySummary!.Id!;
      assert.deepEqual((await api.ListTagsForResource({ ResourceId: id }, m)).Tags, [{ Key: 'env', Value: 'prod' }]);
      await fails(
        api.CreatePolicy({ Name: 't2', Description: '', Type: 'TAG_POLICY', Content: '{}', Tags: [{ Key: 'aws:x', Value: '1' }] }, m),
        'InvalidInputException',
        'INVALID_SYSTEM_TAGS_PARAMETER',
      );
      // the refused tags rolled the policy back with them
      assert.deepEqual(((await api.ListPolicies({ Filter: 'TAG_POLICY' }, m)).Policies ?? []).map((p) => p.Name), ['t']);
      await api.DeletePolicy({ PolicyId: id }, m);
      await fails(api.ListTagsForResource({ ResourceId: id }, m), 'TargetNotFoundException');
      assert.equal(await rowCount(store, 'org_tags', { organization_id: org.id, resource_id: id }), 0);
    });

    it('answers the core and the policy engine: policy existence and facts, SCP levels', async () => {
      const { org, m, workloads, account } = await tree();
      const id = (await api.CreatePolicy({ Name: 'x', Description: '', Type: SCP, Content: scpContent('s3:*') }, m)).Policy!.PolicySummary!.Id!;
      // policyExists, as the core's tag operations ask it about p- ids
      await api.TagResource({ ResourceId: id, Tags: [{ Key: 'k', Value: 'v' }] }, m);
      assert.deepEqual((await api.ListTagsForResource({ ResourceId: id }, m)).Tags, [{ Key: 'k', Value: 'v' }]);
      assert.deepEqual((await api.ListTagsForResource({ ResourceId: 'p-FullAWSAccess' }, m)).Tags, []);
      await fails(api.ListTagsForResource({ ResourceId: 'p-00000000' }, m), 'TargetNotFoundException');
      await fails(api.TagResource({ ResourceId: 'p-00000000', Tags: [{ Key: 'k', Value: 'v' }] }, m), 'TargetNotFoundException');

      const facts = await directory.organizationOf(rootPrincipal(org.managementAccountId));
      assert.deepEqual(await policies.policyFacts(facts, id), { arn: `arn:aws:organizations::${org.managementAccountId}:policy/${org.id}/service_control_policy/${id}`, type: SCP });
      assert.deepEqual(await policies.policyFacts(facts, 'p-FullAWSAccess'), { arn: 'arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess', type: SCP });
      assert.equal(await policies.policyFacts(facts, 'p-00000000'), undefined);

      const membership = await directory.membershipOf(account.id);
      assert.ok(membership);
      assert.deepEqual(await policies.authorizationLevels(membership, SCP), []);
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      await api.AttachPolicy({ PolicyId: id, TargetId: workloads.id }, m);
      const levels = await policies.authorizationLevels(membership, SCP);
      // the core's path: root, Workloads, Development, the account
      assert.deepEqual(levels.map((l) => l.targetId), (await directory.path(org.id, account.id)).map((t) => t.id));
      assert.equal(levels.length, 4);
      assert.equal(levels[0]?.targetId, org.rootId);
      assert.equal(levels[1]?.targetId, workloads.id);
      assert.equal(levels[1]?.policies.length, 2);
      assert.ok(levels[1]?.policies.some((p) => p.content === scpContent('s3:*')));
      assert.equal(levels[3]?.targetId, account.id);
      assert.ok(levels.every((l) => l.policies.length >= 1));
    });

    it('gives the policy engine the SCPs of each level two OUs deep, and its cached answer follows the middle OU', async () => {
      const { org, m, workloads, dev, account } = await tree();
      // The authorize step's engine over the real IAM and Organizations, as the server wires it: layers cached per
      // account until the store's write watch sees one of the tables they were read from written.
      const { principalPolicies: iamPolicies } = createIam({ store, clock: systemClock, iam, accountControls: (accountId) => organizations.accountControls(accountId) });
      const source: PolicySource = {
        tables: [...principalPolicyTables, ...organizations.accountControlTables],
        identityPolicies: (principal) => iamPolicies.identityPolicies(principal),
        trustPolicy: (roleArn) => iamPolicies.trustPolicy(roleArn),
        managedPolicy: (accountId, arn) => iamPolicies.managedPolicy(accountId, arn),
        accountControls: (accountId) => organizations.accountControls(accountId),
      };
      const engine = new EngineDecider({ source, watch: store.writes.watch(source.tables), clock: systemClock, log });
      const getObject = async (accountId: string) => {
        const request = { action: 's3:GetObject', resources: ['arn:aws:s3:::bucket/key'], context: {} };
        const decision = await engine.decision({ principal: rootPrincipal(accountId), request, region: 'us-east-1' });
        return { decision: decision.decision, layer: decision.layer, policy: decision.statement?.policyId };
      };
      const allowed = { decision: 'Allow', layer: 'identity', policy: undefined };
      /** accountControls with each level's policy ids. */
      const controls = async (accountId: string) => {
        const found = await organizations.accountControls(accountId);
        return { ...found, scpLevels: found.scpLevels.map((level) => level.map((p) => p.id).sort()) };
      };
      const orgPath = `${org.id}/${org.rootId}/${workloads.id}/${dev.id}/`;
      const managementPath = `${org.id}/${org.rootId}/`;
      const full = 'p-FullAWSAccess';

      // SCPs not enabled: the organization and path, nothing restricts
      assert.deepEqual(await controls(account.id), { organizationId: org.id, orgPath, scpLevels: [] });
      assert.deepEqual(await getObject(account.id), allowed);
      assert.deepEqual(await controls(await standalone('outsider')), { scpLevels: [] });

      // enabled: FullAWSAccess at the root, Workloads, Development and the account; never for the management account
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      assert.deepEqual(await controls(account.id), { organizationId: org.id, orgPath, scpLevels: [[full], [full], [full], [full]] });
      assert.deepEqual(await controls(org.managementAccountId), { organizationId: org.id, orgPath: managementPath, scpLevels: [] });
      assert.deepEqual(await getObject(account.id), allowed);

      // a Deny attached at the middle OU binds the account below it, and goes when detached
      const deny = (await api.CreatePolicy({ Name: 'NoS3', Description: '', Type: SCP, Content: scpContent('s3:*') }, m)).Policy!.PolicySummary!.Id!;
      await api.AttachPolicy({ PolicyId: deny, TargetId: workloads.id }, m);
      assert.deepEqual((await controls(account.id)).scpLevels, [[full], [deny, full].sort(), [full], [full]]);
      assert.deepEqual(await getObject(account.id), { decision: 'ExplicitDeny', layer: 'scp', policy: deny });
      await api.DetachPolicy({ PolicyId: deny, TargetId: workloads.id }, m);
      assert.deepEqual((await controls(account.id)).scpLevels, [[full], [full], [full], [full]]);
      assert.deepEqual(await getObject(account.id), allowed);

      // each level must allow on its own: the middle OU allowing only EC2 leaves S3 without an Allow there
      const ec2 = (await api.CreatePolicy({ Name: 'Ec2Only', Description: '', Type: SCP, Content: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }] }) }, m)).Policy!.PolicySummary!.Id!;
      await api.AttachPolicy({ PolicyId: ec2, TargetId: workloads.id }, m);
      await api.DetachPolicy({ PolicyId: full, TargetId: workloads.id }, m);
      assert.deepEqual((await controls(account.id)).scpLevels, [[full], [ec2], [full], [full]]);
      assert.deepEqual(await getObject(account.id), { decision: 'ImplicitDeny', layer: 'scp', policy: undefined });
      await api.AttachPolicy({ PolicyId: full, TargetId: workloads.id }, m);
      assert.deepEqual(await getObject(account.id), allowed);

      // a Deny at the root binds every member but not the management account
      await api.AttachPolicy({ PolicyId: deny, TargetId: org.rootId }, m);
      assert.deepEqual(await getObject(account.id), { decision: 'ExplicitDeny', layer: 'scp', policy: deny });
      assert.deepEqual(await getObject(org.managementAccountId), allowed);
    });

    it('gives no SCPs to the members of an organization with consolidated billing only', async () => {
      const { org, m } = await found('billing', 'CONSOLIDATED_BILLING');
      const member = await inviteAccount(m, org.rootId, org.rootId, 'billed');
      assert.deepEqual(await organizations.accountControls(member.id), { organizationId: org.id, orgPath: `${org.id}/${org.rootId}/`, scpLevels: [] });
      await fails(api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m), 'PolicyTypeNotAvailableForOrganizationException');
      assert.deepEqual((await organizations.accountControls(member.id)).scpLevels, []);
    });

    it("drops a leaving target's attachments and a deleted organization's everything", async () => {
      // An invited account may leave at once (a created one waits four days), and DeleteOrganization needs the
      // management account alone: so this organization's member joins by invitation.
      const { org, m } = await found('leaving');
      const dev = await createOu(m, org.rootId, 'Development');
      const account = await inviteAccount(m, org.rootId, dev.id, 'leaver');
      const empty = await createOu(m, dev.id, 'Empty');
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: SCP }, m);
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'TAG_POLICY' }, m);
      const tagPolicy = (await api.CreatePolicy({ Name: 'tags', Description: '', Type: 'TAG_POLICY', Content: tagContent(['a']) }, m)).Policy!.PolicySummary!.Id!;
      await api.AttachPolicy({ PolicyId: tagPolicy, TargetId: account.id }, m);
      assert.deepEqual(await scpIds(m, account.id), ['p-FullAWSAccess']);

      assert.deepEqual(await scpIds(m, empty.id), ['p-FullAWSAccess']);

      // an account leaves (RemoveAccountFromOrganization) and an OU goes (DeleteOrganizationalUnit)
      await api.RemoveAccountFromOrganization({ AccountId: account.id }, m);
      await api.DeleteOrganizationalUnit({ OrganizationalUnitId: empty.id }, m);
      const targets = (await api.ListTargetsForPolicy({ PolicyId: 'p-FullAWSAccess' }, m)).Targets!.map((t) => t.TargetId);
      assert.deepEqual(targets.sort(), [org.rootId, org.managementAccountId, dev.id].sort());
      assert.deepEqual((await api.ListTargetsForPolicy({ PolicyId: tagPolicy }, m)).Targets, []);
      for (const gone of [account.id, empty.id]) {
        for (const table of ['org_policy_attachments', 'org_policy_targets'] as const) {
          assert.equal(await rowCount(store, table, { organization_id: org.id, target_id: gone }), 0, `${table} ${gone}`);
        }
      }
      // the policy itself stays, and can go now that nothing holds it
      await api.DeletePolicy({ PolicyId: tagPolicy }, m);

      for (const table of POLICY_TABLES) assert.ok((await rowCount(store, table, { organization_id: org.id })) > 0, table);
      await api.DeleteOrganization({}, m);
      for (const table of POLICY_TABLES) assert.equal(await rowCount(store, table, { organization_id: org.id }), 0, table);
      await fails(api.ListPolicies({ Filter: SCP }, m), 'AWSOrganizationsNotInUseException');
    });

    it('lists and describes AWS-managed policies even where no hook wrote their rows', async () => {
      // An organization whose policy rows were never written (one from before the policies part): the rows the
      // core's hooks wrote at CreateOrganization are removed to stand for it.
      const { org, m } = await found('nohooks');
      for (const table of ['org_policies', 'org_policy_targets'] as const) {
        const removed = await store.db.deleteFrom(table).where('organization_id', '=', org.id).executeTakeFirst();
        assert.ok(Number(removed.numDeletedRows) > 0, `the hooks wrote ${table} rows`);
      }
      assert.equal((await api.DescribePolicy({ PolicyId: 'p-RCPFullAWSAccess' }, m)).Policy?.PolicySummary?.Name, 'RCPFullAWSAccess');
      assert.deepEqual(((await api.ListPolicies({ Filter: 'RESOURCE_CONTROL_POLICY' }, m)).Policies ?? []).map((p) => p.Id), ['p-RCPFullAWSAccess']);
      // and a target the hooks never announced is adopted when something is attached to it
      await api.EnablePolicyType({ RootId: org.rootId, PolicyType: 'TAG_POLICY' }, m);
      const id = (await api.CreatePolicy({ Name: 't', Description: '', Type: 'TAG_POLICY', Content: '{}' }, m)).Policy!.PolicySummary!.Id!;
      await api.AttachPolicy({ PolicyId: id, TargetId: org.managementAccountId }, m);
      assert.deepEqual((await api.ListTargetsForPolicy({ PolicyId: id }, m)).Targets?.map((t) => t.TargetId), [org.managementAccountId]);
    });
  });
}
