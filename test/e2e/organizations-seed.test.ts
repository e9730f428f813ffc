import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { AwsCli } from '../support/aws-cli.js';
import { gatehouseBin, run } from '../support/processes.js';

// The first seed tutorial's organization, built with Debian's AWS CLI 2.9 (/usr/bin/aws) the way a platform
// engineer would: OUs Workloads (Development, QA, Production), Shared (Security), Sandbox (Workshops, Experiments)
// and Marketplace, accounts created asynchronously and polled, moved into their OUs, an existing standalone account
// invited and accepting, tags, and an SCP. Independent CLI calls run in parallel: each costs a Python start-up.

const structure: Readonly<Record<string, readonly string[]>> = {
  Workloads: ['Development', 'QA', 'Production'],
  Shared: ['Security'],
  Sandbox: ['Workshops', 'Experiments'],
  Marketplace: ['559089'],
};

describe('the seed organization through /usr/bin/aws (sqlite)', () => {
  let t: TestServer;
  let cli: AwsCli;
  let env: NodeJS.ProcessEnv;
  const aws = (profile: string, ...args: string[]) => cli.json(profile, 'organizations', ...args);
  const awsFails = (profile: string, ...args: string[]) => cli.fails(profile, 'organizations', ...args);

  before(async () => {
    t = await startTestServer(testDatabases[0]!, { accountCreationDelayMs: 300 });
    cli = await AwsCli.forServer(t);
    env = cli.env;
  });
  after(async () => {
    await t.close();
    await cli.close();
  });

  it('builds the OUs and accounts, polls creation, moves accounts, invites an account, tags and manages SCPs', async () => {
    const org = (await aws('mgmt', 'create-organization', '--feature-set', 'ALL')).Organization as Record<string, string>;
    assert.match(org['Id']!, /^o-[a-z0-9]{10}$/);
    assert.equal(org['MasterAccountId'], t.root.accountId);
    const rootId = ((await aws('mgmt', 'list-roots')).Roots as { Id: string }[])[0]!.Id;
    assert.match(rootId, /^r-[0-9a-z]{4}$/);

    const ous = Object.fromEntries(
      await Promise.all(
        Object.keys(structure).map(async (name) => {
          const ou = (await aws('mgmt', 'create-organizational-unit', '--parent-id', rootId, '--name', name)).OrganizationalUnit as { Id: string };
          return [name, ou.Id] as const;
        }),
      ),
    );
    assert.match(await awsFails('mgmt', 'create-organizational-unit', '--parent-id', rootId, '--name', 'Sandbox'), /DuplicateOrganizationalUnitException/);

    const requests = await Promise.all(
      Object.entries(structure).flatMap(([ou, accounts]) =>
        accounts.map(async (name) => {
          const status = (await aws('mgmt', 'create-account', '--email', `aws+${name.toLowerCase()}@example.com`, '--account-name', name))
            .CreateAccountStatus as { Id: string; State: string };
          assert.match(status.Id, /^car-[a-z0-9]{8,32}$/);
          return { ou, name, requestId: status.Id };
        }),
      ),
    );

    const created = await Promise.all(
      requests.map(async (request) => {
        for (let attempt = 0; attempt < 30; attempt++) {
          const status = (await aws('mgmt', 'describe-create-account-status', '--create-account-request-id', request.requestId))
            .CreateAccountStatus as { State: string; AccountId?: string; FailureReason?: string };
          if (status.State === 'SUCCEEDED') return { ...request, accountId: status.AccountId! };
          assert.equal(status.State, 'IN_PROGRESS', status.FailureReason);
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        assert.fail(`account ${request.name} was never created`);
      }),
    );

    await Promise.all(
      created.map((account) =>
        aws('mgmt', 'move-account', '--account-id', account.accountId, '--source-parent-id', rootId, '--destination-parent-id', ous[account.ou]!),
      ),
    );
    const inWorkloads = (await aws('mgmt', 'list-accounts-for-parent', '--parent-id', ous['Workloads']!)).Accounts as { Name: string }[];
    assert.deepEqual(inWorkloads.map((a) => a.Name).sort(), ['Development', 'Production', 'QA']);
    const parents = (await aws('mgmt', 'list-parents', '--child-id', created.find((a) => a.name === 'Security')!.accountId)).Parents as { Id: string; Type: string }[];
    assert.deepEqual(parents, [{ Id: ous['Shared'], Type: 'ORGANIZATIONAL_UNIT' }]);
    // A used email fails in the background, as in AWS: the request is accepted, its status ends FAILED.
    const duplicate = (await aws('mgmt', 'create-account', '--email', 'aws+qa@example.com', '--account-name', 'QA again')).CreateAccountStatus as { Id: string };
    let failed: { State: string; FailureReason?: string } = { State: 'IN_PROGRESS' };
    for (let attempt = 0; attempt < 30 && failed.State === 'IN_PROGRESS'; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      failed = (await aws('mgmt', 'describe-create-account-status', '--create-account-request-id', duplicate.Id)).CreateAccountStatus as typeof failed;
    }
    assert.deepEqual([failed.State, failed.FailureReason], ['FAILED', 'EMAIL_ALREADY_EXISTS']);

    // An existing standalone account is invited and accepts with its own root key.
    const port = new URL(t.url).port;
    const partnerOut = await run(
      process.execPath,
      [gatehouseBin, 'accounts', 'create', '--port', port, '--data-dir', t.dataDir, '--name', 'Partner', '--email', 'partner@example.com', '--profile', 'partner'],
      { env },
    );
    assert.equal(partnerOut.code, 0, partnerOut.stderr);
    const partnerId = (JSON.parse(partnerOut.stdout) as { accountId: string }).accountId;
    const handshake = (await aws('mgmt', 'invite-account-to-organization', '--target', `Id=${partnerId},Type=ACCOUNT`)).Handshake as { Id: string; State: string };
    assert.match(handshake.Id, /^h-[0-9a-z]{8,32}$/);
    const pending = (await aws('partner', 'list-handshakes-for-account')).Handshakes as { Id: string }[];
    assert.deepEqual(pending.map((h) => h.Id), [handshake.Id]);
    const accepted = (await aws('partner', 'accept-handshake', '--handshake-id', handshake.Id)).Handshake as { State: string };
    assert.equal(accepted.State, 'ACCEPTED');
    const partner = (await aws('mgmt', 'describe-account', '--account-id', partnerId)).Account as { JoinedMethod: string; Status: string };
    assert.equal(partner.JoinedMethod, 'INVITED');
    const described = (await aws('partner', 'describe-organization')).Organization as { Id: string };
    assert.equal(described.Id, org['Id']);
    assert.match(await awsFails('partner', 'list-accounts'), /AccessDenied/);

    // Tags.
    const production = created.find((a) => a.name === 'Production')!.accountId;
    await aws('mgmt', 'tag-resource', '--resource-id', production, '--tags', 'Key=env,Value=prod', 'Key=team,Value=platform');
    const tags = (await aws('mgmt', 'list-tags-for-resource', '--resource-id', production)).Tags as { Key: string; Value: string }[];
    assert.deepEqual(tags.sort((a, b) => a.Key.localeCompare(b.Key)), [{ Key: 'env', Value: 'prod' }, { Key: 'team', Value: 'platform' }]);

    // An SCP on the Sandbox OU.
    await aws('mgmt', 'enable-policy-type', '--root-id', rootId, '--policy-type', 'SERVICE_CONTROL_POLICY');
    const scp = (await aws(
      'mgmt',
      'create-policy',
      '--name', 'DenyLeavingOrg',
      '--description', 'Accounts cannot leave the organization',
      '--type', 'SERVICE_CONTROL_POLICY',
      '--content', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'organizations:LeaveOrganization', Resource: '*' }] }),
    )).Policy as { PolicySummary: { Id: string } };
    await aws('mgmt', 'attach-policy', '--policy-id', scp.PolicySummary.Id, '--target-id', ous['Sandbox']!);
    const onSandbox = (await aws('mgmt', 'list-policies-for-target', '--target-id', ous['Sandbox']!, '--filter', 'SERVICE_CONTROL_POLICY')).Policies as { Name: string }[];
    assert.deepEqual(onSandbox.map((p) => p.Name).sort(), ['DenyLeavingOrg', 'FullAWSAccess']);
    assert.match(
      await awsFails('mgmt', 'create-policy', '--name', 'Bad', '--description', 'x', '--type', 'SERVICE_CONTROL_POLICY', '--content', '{"Statement":'),
      /MalformedPolicyDocumentException/,
    );

    const all = (await aws('mgmt', 'list-accounts')).Accounts as unknown[];
    assert.equal(all.length, 1 + created.length + 1);
  });
});
