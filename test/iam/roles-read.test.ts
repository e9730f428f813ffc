import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAccountAliasesCommand,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
  ListRolesCommand,
  ListRoleTagsCommand,
  type Role,
} from '@aws-sdk/client-iam';
import { RolesRead } from '../../src/services/iam/roles-read.js';
import { runBoto3 } from '../support/boto3.js';
import { gatehouseBin, parseExports, run } from '../support/processes.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { createAccount, foundOrganization, rejects, standalone, type Credentials } from '../organizations/support.js';

// The IAM read API over roles, account-scoped, driven by the real clients: SDK v3, boto3 and the AWS CLI. Each test
// works in its own standalone account, so counts and listings are exactly what it made.

const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] };
const inline = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::bucket/a b+c' }] };

function iam(url: string, credentials: Credentials): IAMClient {
  return new IAMClient({ endpoint: url, region: 'us-east-1', credentials });
}

for (const database of testDatabases) {
  describe(`iam: roles, read (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    const makeRole = (accountId: string, name: string, extra: { path?: string; description?: string } = {}) =>
      t.server.iam.createRole(t.server.store.db, {
        accountId,
        name,
        trustPolicy: trust,
        ...extra,
        attachedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaRole', 'arn:aws:iam::aws:policy/AdministratorAccess'],
        inlinePolicies: { zeta: inline, alpha: inline },
      });

    it('GetRole answers IAM shape with the trust policy URL-encoded; its policies list, read and filter by path', async () => {
      const a = await standalone(t, 'IamGetRole');
      const created = await makeRole(a.accountId, 'Builder', { path: '/ci/', description: 'builds things' });
      const client = iam(t.url, a.credentials);

      const { Role: role } = await client.send(new GetRoleCommand({ RoleName: 'Builder' }));
      assert.equal(role!.Path, '/ci/');
      assert.equal(role!.RoleName, 'Builder');
      assert.equal(role!.RoleId, created.roleId);
      assert.match(role!.RoleId!, /^AROA[A-Z0-9]{17}$/);
      assert.equal(role!.Arn, `arn:aws:iam::${a.accountId}:role/ci/Builder`);
      assert.equal(role!.CreateDate!.getTime(), Math.floor(created.createdAt / 1000) * 1000);
      assert.equal(role!.Description, 'builds things');
      assert.equal(role!.MaxSessionDuration, 3600);
      assert.equal(role!.AssumeRolePolicyDocument, encodeURIComponent(JSON.stringify(trust)));
      assert.deepEqual(JSON.parse(decodeURIComponent(role!.AssumeRolePolicyDocument!)), trust);
      assert.equal(role!.Tags, undefined);
      assert.deepEqual(role!.RoleLastUsed, {});

      // role names are case-insensitive in IAM
      assert.equal((await client.send(new GetRoleCommand({ RoleName: 'builder' }))).Role!.RoleName, 'Builder');

      const names = await client.send(new ListRolePoliciesCommand({ RoleName: 'Builder' }));
      assert.deepEqual(names.PolicyNames, ['alpha', 'zeta']);
      assert.equal(names.IsTruncated, false);
      const firstName = await client.send(new ListRolePoliciesCommand({ RoleName: 'Builder', MaxItems: 1 }));
      assert.deepEqual([firstName.PolicyNames, firstName.IsTruncated], [['alpha'], true]);
      const secondName = await client.send(new ListRolePoliciesCommand({ RoleName: 'Builder', MaxItems: 1, Marker: firstName.Marker! }));
      assert.deepEqual([secondName.PolicyNames, secondName.IsTruncated, secondName.Marker], [['zeta'], false, undefined]);

      const policy = await client.send(new GetRolePolicyCommand({ RoleName: 'Builder', PolicyName: 'alpha' }));
      assert.equal(policy.RoleName, 'Builder');
      assert.equal(policy.PolicyName, 'alpha');
      assert.equal(policy.PolicyDocument, encodeURIComponent(JSON.stringify(inline)));
      assert.deepEqual(JSON.parse(decodeURIComponent(policy.PolicyDocument!)), inline);

      const attached = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Builder' }));
      assert.deepEqual(attached.AttachedPolicies, [
        { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        { PolicyName: 'AWSLambdaRole', PolicyArn: 'arn:aws:iam::aws:policy/service-role/AWSLambdaRole' },
      ]);
      const serviceRole = await client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Builder', PathPrefix: '/service-role/' }));
      assert.deepEqual(serviceRole.AttachedPolicies?.map((p) => p.PolicyName), ['AWSLambdaRole']);

      const tags = await client.send(new ListRoleTagsCommand({ RoleName: 'Builder' }));
      assert.deepEqual([tags.Tags, tags.IsTruncated], [[], false]);
    });

    it('ListRoles pages with an opaque Marker (MaxItems), filters by PathPrefix, and sees only the caller account', async () => {
      const a = await standalone(t, 'IamListRoles');
      const other = await standalone(t, 'IamOther');
      for (const name of ['delta', 'Alpha', 'charlie', 'bravo']) await makeRole(a.accountId, name);
      await makeRole(a.accountId, 'echo', { path: '/team/' });
      await makeRole(a.accountId, 'foxtrot', { path: '/team/sub/' });
      await makeRole(other.accountId, 'Alpha');
      const client = iam(t.url, a.credentials);

      const all = await client.send(new ListRolesCommand({}));
      assert.deepEqual(all.Roles!.map((r) => r.RoleName), ['Alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot']);
      assert.equal(all.IsTruncated, false);
      assert.equal(all.Marker, undefined);
      assert.ok(all.Roles!.every((r) => r.Arn!.startsWith(`arn:aws:iam::${a.accountId}:role/`)));
      // as IAM: listings leave out RoleLastUsed and Tags
      assert.equal(all.Roles![0]!.RoleLastUsed, undefined);

      const seen: Role[] = [];
      let marker: string | undefined;
      let calls = 0;
      do {
        const p = await client.send(new ListRolesCommand({ MaxItems: 4, ...(marker ? { Marker: marker } : {}) }));
        calls += 1;
        seen.push(...p.Roles!);
        assert.equal(p.IsTruncated, p.Marker !== undefined);
        marker = p.Marker;
      } while (marker);
      assert.equal(calls, 2);
      assert.deepEqual(seen.map((r) => r.RoleName), all.Roles!.map((r) => r.RoleName));

      const team = await client.send(new ListRolesCommand({ PathPrefix: '/team/' }));
      assert.deepEqual(team.Roles!.map((r) => [r.RoleName, r.Path]), [['echo', '/team/'], ['foxtrot', '/team/sub/']]);
      const sub = await client.send(new ListRolesCommand({ PathPrefix: '/team/sub/' }));
      assert.deepEqual(sub.Roles!.map((r) => r.RoleName), ['foxtrot']);
      const slash = await client.send(new ListRolesCommand({ PathPrefix: '/' }));
      assert.equal(slash.Roles!.length, 6);

      const bad = await rejects(client.send(new ListRolesCommand({ Marker: 'not-a-marker' })), 'ValidationError');
      assert.equal(bad.status, 400);
      const otherList = await iam(t.url, other.credentials).send(new ListRolesCommand({}));
      assert.deepEqual(otherList.Roles!.map((r) => r.Arn), [`arn:aws:iam::${other.accountId}:role/Alpha`]);

      const summary = await client.send(new GetAccountSummaryCommand({}));
      assert.equal(summary.SummaryMap!['Roles'], 6);
      assert.equal(summary.SummaryMap!['RolesQuota'], 1000);
      assert.equal(summary.SummaryMap!['Users'], 0);
      assert.equal(summary.SummaryMap!['AccountAccessKeysPresent'], 1);
    });

    it('NoSuchEntity (404) for a missing role, one of another account, a missing inline policy, and the password policy', async () => {
      const a = await standalone(t, 'IamMissing');
      const other = await standalone(t, 'IamMissingOther');
      await makeRole(other.accountId, 'Theirs');
      await makeRole(a.accountId, 'Mine');
      const client = iam(t.url, a.credentials);

      const missing = await rejects(client.send(new GetRoleCommand({ RoleName: 'Nope' })), 'NoSuchEntityException');
      assert.equal(missing.message, 'The role with name Nope cannot be found.');
      assert.equal(missing.status, 404);
      await rejects(client.send(new GetRoleCommand({ RoleName: 'Theirs' })), 'NoSuchEntityException');
      await rejects(client.send(new ListRolePoliciesCommand({ RoleName: 'Theirs' })), 'NoSuchEntityException');
      await rejects(client.send(new ListAttachedRolePoliciesCommand({ RoleName: 'Theirs' })), 'NoSuchEntityException');
      await rejects(client.send(new ListRoleTagsCommand({ RoleName: 'Theirs' })), 'NoSuchEntityException');
      const policy = await rejects(client.send(new GetRolePolicyCommand({ RoleName: 'Mine', PolicyName: 'nope' })), 'NoSuchEntityException');
      assert.equal(policy.message, 'The role policy with name nope cannot be found.');

      const password = await rejects(client.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException');
      assert.equal(password.message, `The Password Policy with domain name ${a.accountId} cannot be found.`);
      assert.deepEqual((await client.send(new ListAccountAliasesCommand({}))).AccountAliases, []);

      // model validation runs before the handler, with the query protocol's ValidationError
      await rejects(client.send(new GetRoleCommand({ RoleName: 'bad name!' })), 'ValidationError');
    });

    it('the OrganizationAccountAccessRole CreateAccount makes is in the member account only', async () => {
      const org = await foundOrganization(t, 'IamOrg');
      const memberId = await createAccount(org.client, { AccountName: 'IamMember' });
      const reader = new RolesRead(t.server.store.db);
      const role = await reader.role(memberId, 'OrganizationAccountAccessRole');
      assert.equal(role.arn, `arn:aws:iam::${memberId}:role/OrganizationAccountAccessRole`);
      assert.deepEqual(JSON.parse(role.trust_policy).Statement[0].Principal, { AWS: `arn:aws:iam::${org.accountId}:root` });
      const attached = await reader.attachedPolicies(role, undefined, {});
      assert.deepEqual(attached.items.map((p) => p.name), ['AdministratorAccess']);
      const listed = await reader.listRoles(memberId, '/', {});
      assert.deepEqual(listed.items.map((r) => r.name), ['OrganizationAccountAccessRole']);
      // the management account does not see it
      const mgmt = await iam(t.url, org.credentials).send(new ListRolesCommand({}));
      assert.deepEqual(mgmt.Roles, []);
    });

    it('boto3 decodes the documents and pages list_roles; GetAccountPasswordPolicy is NoSuchEntity', async () => {
      const a = await standalone(t, 'IamBoto3');
      for (const name of ['r1', 'r2', 'r3']) await makeRole(a.accountId, name);
      const out = await runBoto3(
        `
import json, boto3
from botocore.exceptions import ClientError
iam = boto3.client('iam')
out = {'role': iam.get_role(RoleName='r2')['Role']['AssumeRolePolicyDocument']}
out['policy'] = iam.get_role_policy(RoleName='r1', PolicyName='alpha')['PolicyDocument']
out['names'] = [r['RoleName'] for page in iam.get_paginator('list_roles').paginate(PaginationConfig={'PageSize': 2}) for r in page['Roles']]
out['aliases'] = iam.list_account_aliases()['AccountAliases']
try:
    iam.get_account_password_policy()
except ClientError as e:
    out['password'] = [e.response['Error']['Code'], e.response['ResponseMetadata']['HTTPStatusCode']]
print(json.dumps(out))
`,
        t.url,
        a.credentials,
      );
      assert.deepEqual(out['role'], trust);
      assert.deepEqual(out['policy'], inline);
      assert.deepEqual(out['names'], ['r1', 'r2', 'r3']);
      assert.deepEqual(out['aliases'], []);
      assert.deepEqual(out['password'], ['NoSuchEntity', 404]);
    });

    it('`aws iam list-roles --path-prefix /` (Debian AWS CLI 2.9 through `gatehouse env --profile`)', async () => {
      await makeRole(t.root.accountId, 'CliRole', { path: '/cli/' });
      const home = await mkdtemp(join(tmpdir(), 'gatehouse-home-'));
      try {
        const baseEnv = { PATH: process.env['PATH'], HOME: home };
        const port = new URL(t.url).port;
        const env = await run(process.execPath, [gatehouseBin, 'env', '--port', port, '--data-dir', t.dataDir, '--profile', 'gatehouse'], { env: baseEnv });
        assert.equal(env.code, 0, env.stderr);
        const listed = await run('/usr/bin/aws', ['--profile', 'gatehouse', 'iam', 'list-roles', '--path-prefix', '/', '--output', 'json'], {
          env: { ...baseEnv, ...parseExports(env.stdout) },
        });
        assert.equal(listed.code, 0, listed.stderr);
        const roles = (JSON.parse(listed.stdout) as { Roles: { RoleName: string; Path: string; AssumeRolePolicyDocument: unknown }[] }).Roles;
        const cli = roles.find((r) => r.RoleName === 'CliRole');
        assert.equal(cli?.Path, '/cli/');
        assert.deepEqual(cli?.AssumeRolePolicyDocument, trust);
      } finally {
        await rm(home, { recursive: true, force: true });
      }
    });
  });
}
