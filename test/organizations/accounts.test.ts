import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptHandshakeCommand,
  CloseAccountCommand,
  CreateAccountCommand,
  CreateGovCloudAccountCommand,
  DescribeAccountCommand,
  DescribeCreateAccountStatusCommand,
  DescribeOrganizationCommand,
  InviteAccountToOrganizationCommand,
  LeaveOrganizationCommand,
  ListAccountsCommand,
  ListCreateAccountStatusCommand,
  ListTagsForResourceCommand,
  RemoveAccountFromOrganizationCommand,
} from '@aws-sdk/client-organizations';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { allPages, createAccount, email, foundOrganization, rejects, settled, standalone, type Actor, type Founded } from './support.js';

// Accounts: CreateAccount as AWS runs it (asynchronous, IN_PROGRESS until a durable job finishes; here with a
// creation delay so that polling is exercised), the access role it makes, FAILED requests, closing, removing and
// leaving.

const delayMs = 150;

for (const database of testDatabases) {
  describe(`organizations: accounts (${database.name})`, () => {
    let t: TestServer;
    let org: Founded;
    before(async () => {
      t = await startTestServer(database, { accountCreationDelayMs: delayMs });
      org = await foundOrganization(t, 'Accounts');
    });
    after(async () => t.close());

    async function invitedMember(name: string): Promise<Actor> {
      const member = await standalone(t, name);
      const invite = await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: member.accountId, Type: 'ACCOUNT' } }));
      await member.client.send(new AcceptHandshakeCommand({ HandshakeId: invite.Handshake!.Id! }));
      return member;
    }

    it('CreateAccount stays IN_PROGRESS until its job runs, then SUCCEEDED with the account and its access role', async () => {
      const started = Date.now();
      const out = await org.client.send(
        new CreateAccountCommand({ Email: email('Development'), AccountName: 'Development', Tags: [{ Key: 'env', Value: 'dev' }] }),
      );
      const status = out.CreateAccountStatus!;
      assert.match(status.Id!, /^car-[a-z0-9]{8,32}$/);
      assert.equal(status.State, 'IN_PROGRESS');
      assert.equal(status.AccountName, 'Development');
      assert.ok(status.RequestedTimestamp instanceof Date);
      assert.equal(status.AccountId, undefined);

      const done = await settled(org.client, status.Id!);
      assert.equal(done.State, 'SUCCEEDED');
      assert.ok(Date.now() - started >= delayMs, 'the creation delay applies');
      assert.match(done.AccountId!, /^\d{12}$/);
      assert.ok(done.CompletedTimestamp! >= done.RequestedTimestamp!);

      const { Account: account } = await org.client.send(new DescribeAccountCommand({ AccountId: done.AccountId! }));
      assert.equal(account!.Arn, `arn:aws:organizations::${org.accountId}:account/${org.organizationId}/${done.AccountId}`);
      assert.equal(account!.Name, 'Development');
      assert.equal(account!.JoinedMethod, 'CREATED');
      assert.equal(account!.Status, 'ACTIVE');
      assert.equal(account!.State, 'ACTIVE');
      assert.deepEqual(account!.Paths, [`${org.organizationId}/${org.rootId}/${done.AccountId}/`]);
      const tags = await org.client.send(new ListTagsForResourceCommand({ ResourceId: done.AccountId! }));
      assert.deepEqual(tags.Tags, [{ Key: 'env', Value: 'dev' }]);

      const role = await t.server.iam.role(done.AccountId!, 'OrganizationAccountAccessRole');
      assert.ok(role, 'OrganizationAccountAccessRole exists');
      assert.equal(role.arn, `arn:aws:iam::${done.AccountId}:role/OrganizationAccountAccessRole`);
      assert.match(role.roleId, /^AROA[A-Z2-7]{17}$/);
      assert.equal(role.path, '/');
      assert.equal(role.maxSessionDuration, 3600);
      assert.deepEqual(role.attachedPolicyArns, ['arn:aws:iam::aws:policy/AdministratorAccess']);
      assert.deepEqual(JSON.parse(role.trustPolicy), {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${org.accountId}:root` }, Action: 'sts:AssumeRole' }],
      });
    });

    it('names the access role after RoleName, and refuses reserved role names', async () => {
      const id = await createAccount(org.client, { AccountName: 'Custom role', RoleName: 'AdminFromManagement' });
      assert.ok(await t.server.iam.role(id, 'AdminFromManagement'));
      assert.equal(await t.server.iam.role(id, 'OrganizationAccountAccessRole'), undefined);
      await rejects(
        org.client.send(new CreateAccountCommand({ Email: email('x'), AccountName: 'x', RoleName: 'AWSServiceRoleForThing' })),
        'InvalidInputException',
        'INVALID_ROLE_NAME',
      );
      await rejects(
        org.client.send(new CreateAccountCommand({ Email: email('x'), AccountName: 'x', Tags: [{ Key: 'aws:reserved', Value: 'x' }] })),
        'InvalidInputException',
        'INVALID_SYSTEM_TAGS_PARAMETER',
      );
    });

    it('fails a request for an email address in use with EMAIL_ALREADY_EXISTS, asynchronously as AWS does', async () => {
      const address = email('Taken');
      await createAccount(org.client, { AccountName: 'Taken', Email: address });
      const out = await org.client.send(new CreateAccountCommand({ Email: address.toUpperCase(), AccountName: 'Again' }));
      assert.equal(out.CreateAccountStatus!.State, 'IN_PROGRESS');
      const failed = await settled(org.client, out.CreateAccountStatus!.Id!);
      assert.equal(failed.State, 'FAILED');
      assert.equal(failed.FailureReason, 'EMAIL_ALREADY_EXISTS');
      assert.equal(failed.AccountId, undefined);
      assert.ok(failed.CompletedTimestamp instanceof Date);
    });

    it('lists creation requests newest first, filtered by state, page by page', async () => {
      const all = await allPages(
        (NextToken) => org.client.send(new ListCreateAccountStatusCommand({ MaxResults: 1, NextToken })),
        (out) => out.CreateAccountStatuses,
      );
      assert.ok(all.items.length >= 4);
      assert.equal(all.pages, all.items.length);
      const times = all.items.map((s) => s.RequestedTimestamp!.getTime());
      assert.deepEqual(times, [...times].sort((a, b) => b - a));
      const failed = await org.client.send(new ListCreateAccountStatusCommand({ States: ['FAILED'] }));
      assert.ok(failed.CreateAccountStatuses!.length >= 1);
      assert.ok(failed.CreateAccountStatuses!.every((s) => s.State === 'FAILED'));
      const token = (await org.client.send(new ListCreateAccountStatusCommand({ MaxResults: 1 }))).NextToken!;
      await rejects(
        org.client.send(new ListCreateAccountStatusCommand({ States: ['FAILED'], NextToken: token })),
        'InvalidInputException',
        'INVALID_NEXT_TOKEN',
      );
      await rejects(
        org.client.send(new DescribeCreateAccountStatusCommand({ CreateAccountRequestId: 'car-0000000000000000' })),
        'CreateAccountStatusNotFoundException',
      );
      await rejects(org.client.send(new DescribeAccountCommand({ AccountId: '000000000000' })), 'AccountNotFoundException');
    });

    it('CloseAccount: PENDING_CLOSURE, then SUSPENDED (State CLOSED); never the management account', async () => {
      const id = await createAccount(org.client, { AccountName: 'Closing' });
      await org.client.send(new CloseAccountCommand({ AccountId: id }));
      const pending = (await org.client.send(new DescribeAccountCommand({ AccountId: id }))).Account!;
      assert.equal(pending.Status, 'PENDING_CLOSURE');
      assert.equal(pending.State, 'PENDING_CLOSURE');
      await rejects(org.client.send(new CloseAccountCommand({ AccountId: id })), 'ConflictException');
      let closed = pending;
      for (let i = 0; i < 200 && closed.Status === 'PENDING_CLOSURE'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        closed = (await org.client.send(new DescribeAccountCommand({ AccountId: id }))).Account!;
      }
      assert.equal(closed.Status, 'SUSPENDED');
      assert.equal(closed.State, 'CLOSED');
      await rejects(org.client.send(new CloseAccountCommand({ AccountId: id })), 'AccountAlreadyClosedException');
      await rejects(org.client.send(new CloseAccountCommand({ AccountId: org.accountId })), 'ConstraintViolationException', 'CANNOT_CLOSE_MANAGEMENT_ACCOUNT');
      await rejects(org.client.send(new CloseAccountCommand({ AccountId: '000000000000' })), 'AccountNotFoundException');
    });

    it('refuses closures beyond the 30-day quota (CLOSE_ACCOUNT_QUOTA_EXCEEDED)', async () => {
      const quota = await foundOrganization(t, 'Quota');
      // 250 accounts closed in the last 30 days: the quota of an organization of fewer than 1,250 members
      const now = Date.now();
      const base = 900_000 + Math.floor(Math.random() * 99_999);
      const ids = Array.from({ length: 250 }, (_, i) => `${base}${String(i).padStart(6, '0')}`);
      await t.server.store.transaction(async (trx) => {
        await trx
          .insertInto('accounts')
          .values(ids.map((id) => ({ id, name: `closed ${id}`, email: `closed-${id}@example.com`, status: 'SUSPENDED' as const, created_at: now })))
          .execute();
        await trx
          .insertInto('org_accounts')
          .values(
            ids.map((id) => ({
              account_id: id,
              organization_id: quota.organizationId,
              parent_id: quota.rootId,
              joined_method: 'CREATED' as const,
              joined_at: now,
              close_requested_at: now - 1000,
              closed_at: now - 500,
            })),
          )
          .execute();
      });
      const id = await createAccount(quota.client, { AccountName: 'One too many' });
      await rejects(quota.client.send(new CloseAccountCommand({ AccountId: id })), 'ConstraintViolationException', 'CLOSE_ACCOUNT_QUOTA_EXCEEDED');
    });

    it('RemoveAccountFromOrganization: a created account after its waiting period, and the account is standalone again', async () => {
      const id = await createAccount(org.client, { AccountName: 'Leaving' });
      await rejects(org.client.send(new RemoveAccountFromOrganizationCommand({ AccountId: id })), 'ConstraintViolationException', 'WAIT_PERIOD_ACTIVE');
      // five days later
      await t.server.store.db.updateTable('org_accounts').set({ joined_at: Date.now() - 5 * 24 * 3600 * 1000 }).where('account_id', '=', id).execute();
      await org.client.send(new RemoveAccountFromOrganizationCommand({ AccountId: id }));
      await rejects(org.client.send(new DescribeAccountCommand({ AccountId: id })), 'AccountNotFoundException');
      const listed = await allPages((NextToken) => org.client.send(new ListAccountsCommand({ NextToken })), (out) => out.Accounts);
      assert.ok(!listed.items.some((a) => a.Id === id));
      await rejects(org.client.send(new RemoveAccountFromOrganizationCommand({ AccountId: id })), 'AccountNotFoundException');
      await rejects(org.client.send(new RemoveAccountFromOrganizationCommand({ AccountId: org.accountId })), 'MasterCannotLeaveOrganizationException');

      // an invited account has no waiting period
      const member = await invitedMember('Removed');
      await org.client.send(new RemoveAccountFromOrganizationCommand({ AccountId: member.accountId }));
      await rejects(member.client.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    });

    it('LeaveOrganization by the member itself; the management account cannot leave', async () => {
      const member = await invitedMember('Leaver');
      await rejects(member.client.send(new CreateAccountCommand({ Email: email('x'), AccountName: 'x' })), 'AccessDeniedException');
      await rejects(member.client.send(new CloseAccountCommand({ AccountId: member.accountId })), 'AccessDeniedException');
      await member.client.send(new LeaveOrganizationCommand({}));
      await rejects(member.client.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
      await rejects(member.client.send(new LeaveOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
      await rejects(org.client.send(new LeaveOrganizationCommand({})), 'MasterCannotLeaveOrganizationException');
    });

    it('CreateGovCloudAccount needs a management account paired with GovCloud', async () => {
      await rejects(
        org.client.send(new CreateGovCloudAccountCommand({ Email: email('gov'), AccountName: 'Gov' })),
        'ConstraintViolationException',
        'MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED',
      );
    });
  });
}
