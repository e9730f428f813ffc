import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CreateAccountAliasCommand,
  CreateRoleCommand,
  DeleteAccountAliasCommand,
  DeleteAccountPasswordPolicyCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  ListAccountAliasesCommand,
  UpdateAccountPasswordPolicyCommand,
} from '@aws-sdk/client-iam';
import { runBoto3 } from '../support/boto3.js';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { rejects, standalone, unique } from '../organizations/support.js';
import { iam } from './support.js';

// The account's own IAM settings through SDK v3 (and boto3): the alias (one an account, unique across the server,
// a new one replacing the old) and the password policy (IAM's defaults for what is left out, ExpirePasswords
// derived), and the counts GetAccountSummary reports.

const TRUST = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' }] });

for (const database of testDatabases) {
  describe(`iam: the account's alias, password policy and summary (${database.name})`, () => {
    let t: TestServer;
    before(async () => {
      t = await startTestServer(database);
    });
    after(async () => t.close());

    it('CreateAccountAlias sets or replaces the one alias; another account cannot take it; DeleteAccountAlias names it', async () => {
      const a = await standalone(t, 'AliasA');
      const b = await standalone(t, 'AliasB');
      const mine = iam(t.url, a.credentials);
      const theirs = iam(t.url, b.credentials);
      const alias = unique('corp').toLowerCase();
      const renamed = unique('corp-new').toLowerCase();

      assert.deepEqual((await mine.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      await mine.send(new CreateAccountAliasCommand({ AccountAlias: alias }));
      const listed = await mine.send(new ListAccountAliasesCommand({}));
      assert.deepEqual([listed.AccountAliases, listed.IsTruncated], [[alias], false]);
      // creating it again is a no-op; another account cannot have it
      await mine.send(new CreateAccountAliasCommand({ AccountAlias: alias }));
      const taken = await rejects(theirs.send(new CreateAccountAliasCommand({ AccountAlias: alias })), 'EntityAlreadyExistsException');
      assert.equal(taken.message, `The account alias ${alias} already exists.`);
      assert.equal(taken.status, 409);
      assert.deepEqual((await theirs.send(new ListAccountAliasesCommand({}))).AccountAliases, []);

      await mine.send(new CreateAccountAliasCommand({ AccountAlias: renamed }));
      assert.deepEqual((await mine.send(new ListAccountAliasesCommand({}))).AccountAliases, [renamed], 'the new alias replaced the old');
      // the old one is free again
      await theirs.send(new CreateAccountAliasCommand({ AccountAlias: alias }));
      assert.deepEqual((await theirs.send(new ListAccountAliasesCommand({ MaxItems: 1 }))).AccountAliases, [alias]);

      const notMine = await rejects(mine.send(new DeleteAccountAliasCommand({ AccountAlias: alias })), 'NoSuchEntityException');
      assert.equal(notMine.message, `The account alias ${alias} cannot be found.`);
      await mine.send(new DeleteAccountAliasCommand({ AccountAlias: renamed }));
      assert.deepEqual((await mine.send(new ListAccountAliasesCommand({}))).AccountAliases, []);
      await rejects(mine.send(new DeleteAccountAliasCommand({ AccountAlias: renamed })), 'NoSuchEntityException');

      for (const bad of ['ab', 'Upper-case', '-leading', 'trailing-', 'two--dashes', 'under_score', 'x'.repeat(64)]) {
        await rejects(mine.send(new CreateAccountAliasCommand({ AccountAlias: bad })), 'ValidationError');
      }
      await rejects(mine.send(new ListAccountAliasesCommand({ Marker: 'forged' })), 'ValidationError');
    });

    it('UpdateAccountPasswordPolicy fills IAM defaults and replaces the whole policy; Get derives ExpirePasswords; Delete removes it', async () => {
      const a = await standalone(t, 'Passwords');
      const b = await standalone(t, 'PasswordsOther');
      const client = iam(t.url, a.credentials);
      const missing = await rejects(client.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException');
      assert.equal(missing.message, `The Password Policy with domain name ${a.accountId} cannot be found.`);

      await client.send(new UpdateAccountPasswordPolicyCommand({}));
      assert.deepEqual((await client.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
        MinimumPasswordLength: 6,
        RequireSymbols: false,
        RequireNumbers: false,
        RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: false,
        ExpirePasswords: false,
        HardExpiry: false,
      });

      await client.send(
        new UpdateAccountPasswordPolicyCommand({
          MinimumPasswordLength: 14,
          RequireSymbols: true,
          RequireNumbers: true,
          RequireUppercaseCharacters: true,
          RequireLowercaseCharacters: true,
          AllowUsersToChangePassword: true,
          MaxPasswordAge: 90,
          PasswordReusePrevention: 24,
          HardExpiry: true,
        }),
      );
      assert.deepEqual((await client.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy, {
        MinimumPasswordLength: 14,
        RequireSymbols: true,
        RequireNumbers: true,
        RequireUppercaseCharacters: true,
        RequireLowercaseCharacters: true,
        AllowUsersToChangePassword: true,
        ExpirePasswords: true,
        MaxPasswordAge: 90,
        PasswordReusePrevention: 24,
        HardExpiry: true,
      });

      // what a new update leaves out goes back to its default
      await client.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 8, RequireNumbers: true }));
      const replaced = (await client.send(new GetAccountPasswordPolicyCommand({}))).PasswordPolicy!;
      assert.deepEqual([replaced.MinimumPasswordLength, replaced.RequireNumbers, replaced.RequireSymbols, replaced.ExpirePasswords, replaced.MaxPasswordAge], [8, true, false, false, undefined]);

      for (const bad of [{ MinimumPasswordLength: 5 }, { MinimumPasswordLength: 129 }, { MaxPasswordAge: 1096 }, { PasswordReusePrevention: 25 }]) {
        await rejects(client.send(new UpdateAccountPasswordPolicyCommand(bad)), 'ValidationError');
      }
      // another account has none
      await rejects(iam(t.url, b.credentials).send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException');

      await client.send(new DeleteAccountPasswordPolicyCommand({}));
      await rejects(client.send(new GetAccountPasswordPolicyCommand({})), 'NoSuchEntityException');
      const again = await rejects(client.send(new DeleteAccountPasswordPolicyCommand({})), 'NoSuchEntityException');
      assert.equal(again.message, 'The account policy with name PasswordPolicy cannot be found.');
    });

    it("GetAccountSummary counts the account's roles and providers, with the quotas at AWS's defaults", async () => {
      const a = await standalone(t, 'Summary');
      const client = iam(t.url, a.credentials);
      for (const name of ['one', 'two']) await client.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: TRUST }));
      const summary = (await client.send(new GetAccountSummaryCommand({}))).SummaryMap!;
      assert.equal(summary['Roles'], 2);
      assert.equal(summary['Providers'], 0);
      assert.equal(summary['RolesQuota'], 1000);
      assert.equal(summary['AssumeRolePolicySizeQuota'], 2048);
      assert.equal(summary['RolePolicySizeQuota'], 10240);
    });

    it('boto3: alias and password policy', async () => {
      const a = await standalone(t, 'AccountBoto3');
      const alias = unique('boto').toLowerCase();
      const out = await runBoto3(
        `
import json, boto3
from botocore.exceptions import ClientError
iam = boto3.client('iam')
iam.create_account_alias(AccountAlias='${alias}')
out = {'aliases': iam.list_account_aliases()['AccountAliases']}
iam.update_account_password_policy(MinimumPasswordLength=12, MaxPasswordAge=30)
out['policy'] = iam.get_account_password_policy()['PasswordPolicy']
iam.delete_account_password_policy()
try:
    iam.get_account_password_policy()
except ClientError as e:
    out['gone'] = e.response['Error']['Code']
iam.delete_account_alias(AccountAlias='${alias}')
out['after'] = iam.list_account_aliases()['AccountAliases']
print(json.dumps(out))
`,
        t.url,
        a.credentials,
      );
      assert.deepEqual(out['aliases'], [alias]);
      assert.deepEqual(out['policy'], {
        MinimumPasswordLength: 12,
        RequireSymbols: false,
        RequireNumbers: false,
        RequireUppercaseCharacters: false,
        RequireLowercaseCharacters: false,
        AllowUsersToChangePassword: false,
        ExpirePasswords: true,
        MaxPasswordAge: 30,
        HardExpiry: false,
      });
      assert.equal(out['gone'], 'NoSuchEntity');
      assert.deepEqual(out['after'], []);
    });
  });
}
