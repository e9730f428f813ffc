import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreatePolicyCommand,
  CreatePolicyVersionCommand,
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetAccountSummaryCommand,
  GetPolicyCommand,
  GetPolicyVersionCommand,
  ListPoliciesCommand,
  ListPolicyTagsCommand,
  ListPolicyVersionsCommand,
  SetDefaultPolicyVersionCommand,
  TagPolicyCommand,
  UntagPolicyCommand,
  type IAMClient,
  type ListPoliciesCommandInput,
  type Policy,
} from '@aws-sdk/client-iam';
import { awsManagedCatalogue } from '../../src/services/iam/aws-managed-catalogue.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone } from '../organizations/support.js';
import { iam, insertUser } from './support.js';

// Customer managed policies (CreatePolicy, versions, tags, DeletePolicy), the AWS managed catalogue as IAM serves
// it, and ListPolicies with its scopes, filters and pages, driven by SDK v3. Each test works in its own standalone
// account, so listings and counts are exactly what it made; expected messages are the ones AWS answers with.

const statement = (action: string) => ({ Sid: 'S1', Effect: 'Allow', Action: [action], Resource: '*' });
const doc = (action = 's3:ListBucket') => JSON.stringify({ Version: '2012-10-17', Statement: [statement(action)] });
const ADMIN = 'arn:aws:iam::aws:policy/AdministratorAccess';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const POWER_USER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const wholeSeconds = (d: Date | undefined) => d !== undefined && d.getTime() % 1000 === 0;

async function listAll(client: IAMClient, input: ListPoliciesCommandInput): Promise<{ policies: Policy[]; pages: number }> {
  const policies: Policy[] = [];
  let Marker: string | undefined;
  let pages = 0;
  do {
    const out = await client.send(new ListPoliciesCommand({ ...input, ...(Marker ? { Marker } : {}) }));
    pages += 1;
    policies.push(...out.Policies!);
    assert.equal(out.IsTruncated, out.Marker !== undefined);
    Marker = out.Marker;
  } while (Marker);
  return { policies, pages };
}

for (const database of testDatabases) {
  describe(`iam: managed policies (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('CreatePolicy and GetPolicy answer IAM shape; names are unique per account, case-insensitively', async () => {
      const a = await standalone(t, 'IamPolicies');
      const other = await standalone(t, 'IamPoliciesOther');
      const client = iam(t.url, a.credentials);
      // the document is kept as written, whitespace and all
      const pretty = JSON.stringify({ Version: '2012-10-17', Statement: [statement('s3:GetObject')] }, null, 2);
      const created = (await client.send(new CreatePolicyCommand({ PolicyName: 'ReadBuckets', Path: '/team/', PolicyDocument: pretty, Description: 'reads' }))).Policy!;
      assert.equal(created.PolicyName, 'ReadBuckets');
      assert.match(created.PolicyId!, /^ANPA[A-Z2-7]{17}$/);
      assert.equal(created.Arn, `arn:aws:iam::${a.accountId}:policy/team/ReadBuckets`);
      assert.equal(created.Path, '/team/');
      assert.equal(created.DefaultVersionId, 'v1');
      assert.equal(created.AttachmentCount, 0);
      assert.equal(created.PermissionsBoundaryUsageCount, 0);
      assert.equal(created.IsAttachable, true);
      // as IAM: CreatePolicy's answer leaves out the description, and has Tags only when some were given
      assert.equal(created.Description, undefined);
      assert.equal(created.Tags, undefined);
      assert.ok(wholeSeconds(created.CreateDate));
      assert.equal(created.UpdateDate!.getTime(), created.CreateDate!.getTime());

      const got = (await client.send(new GetPolicyCommand({ PolicyArn: created.Arn! }))).Policy!;
      const { Description, Tags, ...rest } = got;
      assert.deepEqual(rest, created);
      assert.equal(Description, 'reads');
      assert.deepEqual(Tags, []);
      const v1 = (await client.send(new GetPolicyVersionCommand({ PolicyArn: created.Arn!, VersionId: 'v1' }))).PolicyVersion!;
      assert.equal(v1.Document, encodeURIComponent(pretty));
      assert.equal(decodeURIComponent(v1.Document!), pretty);
      assert.equal(v1.IsDefaultVersion, true);
      assert.equal(v1.VersionId, 'v1');

      const dup = await rejects(client.send(new CreatePolicyCommand({ PolicyName: 'readbuckets', PolicyDocument: doc() })), 'EntityAlreadyExistsException');
      assert.equal(dup.message, 'A policy called readbuckets already exists. Duplicate names are not allowed.');
      assert.equal(dup.status, 409);

      // another account: its own namespace, and none of this account's policies
      const theirs = iam(t.url, other.credentials);
      const same = (await theirs.send(new CreatePolicyCommand({ PolicyName: 'ReadBuckets', PolicyDocument: doc() }))).Policy!;
      assert.equal(same.Arn, `arn:aws:iam::${other.accountId}:policy/ReadBuckets`);
      const hidden = await rejects(theirs.send(new GetPolicyCommand({ PolicyArn: created.Arn! })), 'NoSuchEntityException');
      assert.equal(hidden.message, `Policy ${created.Arn} was not found.`);
      assert.equal(hidden.status, 404);
      await rejects(theirs.send(new GetPolicyVersionCommand({ PolicyArn: created.Arn!, VersionId: 'v1' })), 'NoSuchEntityException');
      await rejects(theirs.send(new DeletePolicyCommand({ PolicyArn: created.Arn! })), 'NoSuchEntityException');
      await rejects(theirs.send(new TagPolicyCommand({ PolicyArn: created.Arn!, Tags: [{ Key: 'k', Value: 'v' }] })), 'NoSuchEntityException');
      assert.deepEqual((await theirs.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies!.map((p) => p.Arn), [same.Arn]);
      assert.deepEqual((await client.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies!.map((p) => p.Arn), [created.Arn]);

      const bad = await rejects(client.send(new GetPolicyCommand({ PolicyArn: `arn:aws:iam::${a.accountId}:role/ReadBuckets` })), 'InvalidInputException');
      assert.equal(bad.message, `ARN arn:aws:iam::${a.accountId}:role/ReadBuckets is not valid.`);
      // the model's checks come first, with the query protocol's ValidationError
      await rejects(client.send(new CreatePolicyCommand({ PolicyName: 'bad name!', PolicyDocument: doc() })), 'ValidationError');
    });

    it('documents: IAM counts size without whitespace (6144), checks the grammar, wants Version 2012-10-17', async () => {
      const a = await standalone(t, 'IamPolicyDocs');
      const client = iam(t.url, a.credentials);
      const actions = (n: number) => Array.from({ length: n }, (_, i) => `ec2:Describe${String(i).padStart(5, '0')}`);
      const sized = (n: number, indent: number) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions(n), Resource: '*' }] }, null, indent);
      // over 6144 characters with its indentation, under without: accepted
      const roomy = sized(230, 8);
      assert.ok(roomy.length > 6144 && sized(230, 0).length <= 6144);
      await client.send(new CreatePolicyCommand({ PolicyName: 'Roomy', PolicyDocument: roomy }));
      const big = await rejects(client.send(new CreatePolicyCommand({ PolicyName: 'Big', PolicyDocument: sized(400, 0) })), 'LimitExceededException');
      assert.equal(big.message, 'Cannot exceed quota for PolicySize: 6144');
      assert.equal(big.status, 409);

      const syntax = await rejects(client.send(new CreatePolicyCommand({ PolicyName: 'Broken', PolicyDocument: '{"Statement":' })), 'MalformedPolicyDocumentException');
      assert.equal(syntax.message, 'Syntax errors in policy.');
      assert.equal(syntax.status, 400);
      const old = await rejects(
        client.send(new CreatePolicyCommand({ PolicyName: 'Old', PolicyDocument: JSON.stringify({ Version: '2008-10-17', Statement: [statement('s3:*')] }) })),
        'MalformedPolicyDocumentException',
      );
      assert.equal(old.message, 'Policy document must be version 2012-10-17 or greater.');
      const noResource = await rejects(
        client.send(new CreatePolicyCommand({ PolicyName: 'NoResource', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*' }] }) })),
        'MalformedPolicyDocumentException',
      );
      assert.equal(noResource.message, 'Policy statement must contain resources.');
      const policy = (await client.send(new ListPoliciesCommand({ Scope: 'Local' }))).Policies!;
      assert.deepEqual(policy.map((p) => p.PolicyName), ['Roomy']);
      // versions are checked the same way
      await rejects(client.send(new CreatePolicyVersionCommand({ PolicyArn: policy[0]!.Arn!, PolicyDocument: sized(400, 0) })), 'LimitExceededException');
      await rejects(client.send(new CreatePolicyVersionCommand({ PolicyArn: policy[0]!.Arn!, PolicyDocument: '[]' })), 'MalformedPolicyDocumentException');
    });

    it('versions: at most five, ids never reused, newest first, the default neither deletable nor required to be newest', async () => {
      const a = await standalone(t, 'IamVersions');
      const client = iam(t.url, a.credentials);
      const arn = (await client.send(new CreatePolicyCommand({ PolicyName: 'Versioned', PolicyDocument: doc('s3:ListBucket') }))).Policy!.Arn!;

      const v2 = (await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:GetObject'), SetAsDefault: true }))).PolicyVersion!;
      assert.deepEqual([v2.VersionId, v2.IsDefaultVersion, v2.Document], ['v2', true, undefined]);
      assert.ok(wholeSeconds(v2.CreateDate));
      const v3 = (await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('ec2:DescribeInstances') }))).PolicyVersion!;
      assert.deepEqual([v3.VersionId, v3.IsDefaultVersion], ['v3', false]);
      const policy = (await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!;
      assert.equal(policy.DefaultVersionId, 'v2');
      assert.ok(policy.UpdateDate!.getTime() >= policy.CreateDate!.getTime());
      assert.deepEqual(JSON.parse(decodeURIComponent((await client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v3' }))).PolicyVersion!.Document!)).Statement[0].Action, [
        'ec2:DescribeInstances',
      ]);

      const listed = await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }));
      assert.deepEqual(listed.Versions!.map((v) => [v.VersionId, v.IsDefaultVersion, v.Document]), [['v3', false, undefined], ['v2', true, undefined], ['v1', false, undefined]]);
      assert.equal(listed.IsTruncated, false);
      const first = await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2 }));
      assert.deepEqual([first.Versions!.map((v) => v.VersionId), first.IsTruncated], [['v3', 'v2'], true]);
      const rest = await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn, MaxItems: 2, Marker: first.Marker! }));
      assert.deepEqual([rest.Versions!.map((v) => v.VersionId), rest.IsTruncated, rest.Marker], [['v1'], false, undefined]);

      const deleteDefault = await rejects(client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v2' })), 'DeleteConflictException');
      assert.equal(deleteDefault.message, 'Cannot delete the default version of a policy.');
      assert.equal(deleteDefault.status, 409);
      const missing = await rejects(client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), 'NoSuchEntityException');
      assert.equal(missing.message, `Policy ${arn} version v9 does not exist or is not attachable.`);
      const getMissing = await rejects(client.send(new GetPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v9' })), 'NoSuchEntityException');
      assert.equal(getMissing.message, `Policy ${arn} version v9 does not exist or is not attachable.`);
      const setMissing = await rejects(client.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v4' })), 'NoSuchEntityException');
      assert.equal(setMissing.message, `Policy ${arn} version v4 does not exist or is not attachable.`);
      const nowhere = `arn:aws:iam::${a.accountId}:policy/TestNonExistingPolicy`;
      const noPolicy = await rejects(client.send(new GetPolicyVersionCommand({ PolicyArn: nowhere, VersionId: 'v1' })), 'NoSuchEntityException');
      assert.equal(noPolicy.message, `Policy ${nowhere} version v1 does not exist or is not attachable.`);
      await rejects(client.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'wrong_version_id' })), 'ValidationError');

      await client.send(new SetDefaultPolicyVersionCommand({ PolicyArn: arn, VersionId: 'v1' }));
      assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.DefaultVersionId, 'v1');
      await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:PutObject') }));
      await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc('s3:DeleteObject') }));
      const limit = await rejects(client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc() })), 'LimitExceededException');
      assert.equal(limit.message, 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
      assert.equal(limit.status, 409);
      await client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: 'v5' }));
      const v6 = (await client.send(new CreatePolicyVersionCommand({ PolicyArn: arn, PolicyDocument: doc() }))).PolicyVersion!;
      assert.equal(v6.VersionId, 'v6');

      // DeletePolicy wants the other versions gone first; the default goes with the policy
      const conflict = await rejects(client.send(new DeletePolicyCommand({ PolicyArn: arn })), 'DeleteConflictException');
      assert.equal(conflict.message, "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.");
      for (const v of ['v2', 'v3', 'v4', 'v6']) await client.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: v }));
      assert.deepEqual((await client.send(new ListPolicyVersionsCommand({ PolicyArn: arn }))).Versions!.map((v) => v.VersionId), ['v1']);
      await client.send(new DeletePolicyCommand({ PolicyArn: arn }));
      await rejects(client.send(new GetPolicyCommand({ PolicyArn: arn })), 'NoSuchEntityException');
      await rejects(client.send(new ListPolicyVersionsCommand({ PolicyArn: arn })), 'NoSuchEntityException');
      await rejects(client.send(new DeletePolicyCommand({ PolicyArn: arn })), 'NoSuchEntityException');
      // the name is free again
      await client.send(new CreatePolicyCommand({ PolicyName: 'Versioned', PolicyDocument: doc() }));
    });

    it('tags: given at creation or later, listed shortest key first, replaced, removed, 50 at most', async () => {
      const a = await standalone(t, 'IamPolicyTags');
      const client = iam(t.url, a.credentials);
      const created = (
        await client.send(
          new CreatePolicyCommand({
            PolicyName: 'Tagged',
            PolicyDocument: doc(),
            Tags: [{ Key: 'abc', Value: 'first' }, { Key: 'b', Value: 'second' }, { Key: 'z', Value: 'third' }, { Key: 'a', Value: 'fourth' }, { Key: 'A', Value: '' }],
          }),
        )
      ).Policy!;
      const arn = created.Arn!;
      // the answer names them as given; the lists order them by length, then key
      assert.deepEqual(created.Tags!.map((t) => t.Key), ['abc', 'b', 'z', 'a', 'A']);
      const order = ['A', 'a', 'b', 'z', 'abc'];
      assert.deepEqual((await client.send(new GetPolicyCommand({ PolicyArn: arn }))).Policy!.Tags!.map((t) => t.Key), order);
      const listed = await client.send(new ListPolicyTagsCommand({ PolicyArn: arn }));
      assert.deepEqual(listed.Tags!.map((t) => t.Key), order);
      assert.deepEqual(listed.Tags![0], { Key: 'A', Value: '' });
      assert.equal(listed.IsTruncated, false);
      const keys: string[] = [];
      let Marker: string | undefined;
      do {
        const p = await client.send(new ListPolicyTagsCommand({ PolicyArn: arn, MaxItems: 2, ...(Marker ? { Marker } : {}) }));
        keys.push(...p.Tags!.map((t) => t.Key!));
        Marker = p.Marker;
      } while (Marker);
      assert.deepEqual(keys, order);

      await client.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'b', Value: 'replaced' }, { Key: 'new', Value: 'x' }] }));
      await client.send(new UntagPolicyCommand({ PolicyArn: arn, TagKeys: ['a', 'abc', 'not-there'] }));
      assert.deepEqual(
        (await client.send(new ListPolicyTagsCommand({ PolicyArn: arn }))).Tags!.map((t) => [t.Key, t.Value]),
        [['A', ''], ['b', 'replaced'], ['z', 'third'], ['new', 'x']],
      );

      const duplicate = await rejects(client.send(new TagPolicyCommand({ PolicyArn: arn, Tags: [{ Key: 'k', Value: '1' }, { Key: 'k', Value: '2' }] })), 'InvalidInputException');
      assert.equal(duplicate.message, 'Duplicate tag keys found.');
      await rejects(client.send(new CreatePolicyCommand({ PolicyName: 'Dup', PolicyDocument: doc(), Tags: [{ Key: '0', Value: '' }, { Key: '0', Value: '' }] })), 'InvalidInputException');
      const many = Array.from({ length: 47 }, (_, i) => ({ Key: `key${i}`, Value: '' }));
      await client.send(new TagPolicyCommand({ PolicyArn: arn, Tags: many.slice(0, 46) }));
      const full = await rejects(client.send(new TagPolicyCommand({ PolicyArn: arn, Tags: many.slice(46) })), 'LimitExceededException');
      assert.equal(full.message, 'The number of tags has reached the maximum limit.');
      // the model caps one request at 50 tags
      await rejects(client.send(new TagPolicyCommand({ PolicyArn: arn, Tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: '' })) })), 'ValidationError');
      const missing = await rejects(client.send(new UntagPolicyCommand({ PolicyArn: `arn:aws:iam::${a.accountId}:policy/NotAPolicy`, TagKeys: ['k'] })), 'NoSuchEntityException');
      assert.equal(missing.message, `Policy arn:aws:iam::${a.accountId}:policy/NotAPolicy was not found.`);
      // deleting the policy takes its tags along
      await client.send(new DeletePolicyCommand({ PolicyArn: arn }));
      const left = await t.server.store.db.selectFrom('iam_tags').select('key').where('entity_id', '=', created.PolicyId!).execute();
      assert.deepEqual(left, []);
    });

    it('AWS managed policies: GetPolicy, GetPolicyVersion (latest only) and ListPolicyVersions from the catalogue; no account may change them', async () => {
      const a = await standalone(t, 'IamAwsManaged');
      const client = iam(t.url, a.credentials);
      const catalogued = awsManagedCatalogue.get('arn:aws:iam::aws:policy/job-function/ViewOnlyAccess')!;
      const got = (await client.send(new GetPolicyCommand({ PolicyArn: catalogued.arn }))).Policy!;
      assert.deepEqual(got, {
        PolicyName: 'ViewOnlyAccess',
        PolicyId: catalogued.policyId,
        Arn: catalogued.arn,
        Path: '/job-function/',
        DefaultVersionId: catalogued.defaultVersionId,
        AttachmentCount: 0,
        PermissionsBoundaryUsageCount: 0,
        IsAttachable: true,
        CreateDate: new Date(Math.floor(catalogued.createdAt / 1000) * 1000),
        UpdateDate: new Date(Math.floor(catalogued.updatedAt / 1000) * 1000),
        Tags: [],
      });
      const version = (await client.send(new GetPolicyVersionCommand({ PolicyArn: catalogued.arn, VersionId: catalogued.defaultVersionId }))).PolicyVersion!;
      assert.equal(version.IsDefaultVersion, true);
      assert.deepEqual(JSON.parse(decodeURIComponent(version.Document!)), JSON.parse(catalogued.document));
      const older = await rejects(client.send(new GetPolicyVersionCommand({ PolicyArn: catalogued.arn, VersionId: 'v1' })), 'NoSuchEntityException');
      assert.equal(older.message, `Policy ${catalogued.arn} version v1 does not exist or is not attachable.`);
      assert.deepEqual(
        (await client.send(new ListPolicyVersionsCommand({ PolicyArn: catalogued.arn }))).Versions!.map((v) => [v.VersionId, v.IsDefaultVersion]),
        [[catalogued.defaultVersionId, true]],
      );
      assert.deepEqual((await client.send(new ListPolicyTagsCommand({ PolicyArn: ADMIN }))).Tags, []);
      const unknown = await rejects(client.send(new GetPolicyCommand({ PolicyArn: 'arn:aws:iam::aws:policy/NoSuchThing' })), 'NoSuchEntityException');
      assert.equal(unknown.message, 'Policy arn:aws:iam::aws:policy/NoSuchThing was not found.');

      // AWS's policies belong to AWS: changing one is refused as IAM's authorization refuses it
      const denied = await rejects(client.send(new DeletePolicyCommand({ PolicyArn: ADMIN })), 'AccessDenied');
      assert.equal(denied.status, 403);
      assert.equal(denied.message, `User: arn:aws:iam::${a.accountId}:root is not authorized to perform: iam:DeletePolicy on resource: policy ${ADMIN}`);
      await rejects(client.send(new CreatePolicyVersionCommand({ PolicyArn: ADMIN, PolicyDocument: doc() })), 'AccessDenied');
      await rejects(client.send(new SetDefaultPolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' })), 'AccessDenied');
      await rejects(client.send(new DeletePolicyVersionCommand({ PolicyArn: ADMIN, VersionId: 'v1' })), 'AccessDenied');
      await rejects(client.send(new TagPolicyCommand({ PolicyArn: ADMIN, Tags: [{ Key: 'k', Value: 'v' }] })), 'AccessDenied');
      await rejects(client.send(new UntagPolicyCommand({ PolicyArn: ADMIN, TagKeys: ['k'] })), 'AccessDenied');
    });

    it('ListPolicies: the account own policies then AWS managed ones, one sequence of pages; scopes, path, usage filters', async () => {
      const a = await standalone(t, 'IamListPolicies');
      const other = await standalone(t, 'IamListPoliciesOther');
      const client = iam(t.url, a.credentials);
      const mine: string[] = [];
      for (const [name, path] of [['charlie', '/'], ['Alpha', '/ops/'], ['bravo', '/ops/team/']] as const) {
        mine.push((await client.send(new CreatePolicyCommand({ PolicyName: name, Path: path, PolicyDocument: doc() }))).Policy!.Arn!);
      }
      const [charlie, alpha, bravo] = mine as [string, string, string];
      const catalogue = awsManagedCatalogue.list();

      const local = await client.send(new ListPoliciesCommand({ Scope: 'Local' }));
      assert.deepEqual(local.Policies!.map((p) => p.PolicyName), ['Alpha', 'bravo', 'charlie']);
      assert.equal(local.IsTruncated, false);
      // listings leave out descriptions and tags
      assert.equal(local.Policies![0]!.Tags, undefined);
      assert.deepEqual((await client.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/ops/' }))).Policies!.map((p) => p.Arn), [alpha, bravo]);
      assert.deepEqual((await client.send(new ListPoliciesCommand({ Scope: 'Local', PathPrefix: '/ops/team/' }))).Policies!.map((p) => p.Arn), [bravo]);

      // All: a page ends inside the local policies, the next goes on into AWS's
      const first = await client.send(new ListPoliciesCommand({ MaxItems: 2 }));
      assert.deepEqual([first.Policies!.map((p) => p.Arn), first.IsTruncated], [[alpha, bravo], true]);
      const second = await client.send(new ListPoliciesCommand({ MaxItems: 2, Marker: first.Marker! }));
      assert.deepEqual(second.Policies!.map((p) => p.Arn), [charlie, catalogue[0]!.arn]);
      const all = await listAll(client, { MaxItems: 1000 });
      assert.equal(all.policies.length, 3 + catalogue.length);
      assert.equal(all.pages, 2);
      assert.equal(new Set(all.policies.map((p) => p.Arn)).size, all.policies.length);
      const aws = await listAll(client, { Scope: 'AWS' });
      assert.deepEqual(aws.policies.map((p) => p.Arn), catalogue.map((p) => p.arn));
      assert.equal(aws.pages, Math.ceil(catalogue.length / 100));
      const jobs = await client.send(new ListPoliciesCommand({ Scope: 'AWS', PathPrefix: '/job-function/' }));
      assert.ok(jobs.Policies!.length > 5 && jobs.Policies!.every((p) => p.Path === '/job-function/'));
      assert.equal(aws.policies.find((p) => p.Path === '/aws-service-role/')?.IsAttachable, false);

      // usage in this account: attached to a role and a user, a role's boundary, and nothing in the other account
      await t.server.iam.createRole(t.server.store.db, {
        accountId: a.accountId,
        name: 'Worker',
        trustPolicy: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] },
        attachedPolicyArns: [ADMIN, bravo],
        permissionsBoundary: POWER_USER,
      });
      await insertUser(t, a.accountId, 'reader', { boundary: alpha });
      await t.server.store.db.transaction().execute(async (trx) => {
        const user = await trx.selectFrom('iam_users').select('id').where('account_id', '=', a.accountId).where('name', '=', 'reader').executeTakeFirstOrThrow();
        await trx.insertInto('iam_user_attached_policies').values({ user_id: user.id, policy_arn: READ_ONLY, attached_at: Date.now() }).execute();
        await trx.insertInto('iam_user_attached_policies').values({ user_id: user.id, policy_arn: ADMIN, attached_at: Date.now() }).execute();
      });
      const attached = await client.send(new ListPoliciesCommand({ OnlyAttached: true }));
      assert.deepEqual(
        attached.Policies!.map((p) => [p.PolicyName, p.AttachmentCount, p.PermissionsBoundaryUsageCount]),
        [['Alpha', 0, 1], ['bravo', 1, 0], ['AdministratorAccess', 2, 0], ['PowerUserAccess', 0, 1], ['ReadOnlyAccess', 1, 0]],
      );
      const attachedPages = await listAll(client, { OnlyAttached: true, MaxItems: 2 });
      assert.deepEqual(attachedPages.policies.map((p) => p.PolicyName), attached.Policies!.map((p) => p.PolicyName));
      assert.equal(attachedPages.pages, 3);
      assert.deepEqual(
        (await client.send(new ListPoliciesCommand({ OnlyAttached: true, Scope: 'AWS', PolicyUsageFilter: 'PermissionsPolicy' }))).Policies!.map((p) => p.PolicyName),
        ['AdministratorAccess', 'ReadOnlyAccess'],
      );
      assert.deepEqual(
        (await client.send(new ListPoliciesCommand({ PolicyUsageFilter: 'PermissionsBoundary' }))).Policies!.map((p) => p.PolicyName),
        ['Alpha', 'PowerUserAccess'],
      );
      assert.deepEqual((await client.send(new ListPoliciesCommand({ OnlyAttached: true, Scope: 'Local', PathPrefix: '/ops/team/' }))).Policies!.map((p) => p.Arn), [bravo]);
      assert.equal((await client.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!.AttachmentCount, 2);
      const elsewhere = iam(t.url, other.credentials);
      assert.equal((await elsewhere.send(new GetPolicyCommand({ PolicyArn: ADMIN }))).Policy!.AttachmentCount, 0);
      assert.deepEqual((await elsewhere.send(new ListPoliciesCommand({ OnlyAttached: true }))).Policies, []);

      const summary = (await client.send(new GetAccountSummaryCommand({}))).SummaryMap!;
      assert.equal(summary['Policies'], 3);
      // managed policies attached somewhere in the account: AdministratorAccess, ReadOnlyAccess and bravo
      assert.equal(summary['PolicyVersionsInUse'], 3);
      assert.equal(summary['PoliciesQuota'], 1500);
      assert.equal((await elsewhere.send(new GetAccountSummaryCommand({}))).SummaryMap!['Policies'], 0);

      const bad = await rejects(client.send(new ListPoliciesCommand({ Marker: 'not-a-marker' })), 'ValidationError');
      assert.equal(bad.status, 400);
      // a Marker belongs to its own listing
      await rejects(client.send(new ListPoliciesCommand({ Scope: 'Local', Marker: first.Marker! })), 'ValidationError');
    });
  });
}
