import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptHandshakeCommand,
  CancelHandshakeCommand,
  CloseAccountCommand,
  CreateOrganizationCommand,
  DeclineHandshakeCommand,
  DescribeAccountCommand,
  DescribeHandshakeCommand,
  DescribeOrganizationCommand,
  EnableAllFeaturesCommand,
  InviteAccountToOrganizationCommand,
  ListAccountsCommand,
  ListHandshakesForAccountCommand,
  ListHandshakesForOrganizationCommand,
  ListTagsForResourceCommand,
} from '@aws-sdk/client-organizations';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { allPages, createAccount, foundOrganization, rejects, standalone, type Founded } from './support.js';

// Handshakes: invitations by account id and by email, accepted, declined and canceled by the right parties (each
// signing with its own root key), expiry, listing with filters, and the all-features migration.

const DAY = 24 * 3600 * 1000;

for (const database of testDatabases) {
  describe(`organizations: handshakes (${database.name})`, () => {
    let t: TestServer;
    let org: Founded;
    before(async () => {
      t = await startTestServer(database);
      org = await foundOrganization(t, 'Inviter');
    });
    after(async () => t.close());

    it('invites a standalone account by id; it accepts with its own key and joins as INVITED, with the invitation tags', async () => {
      const partner = await standalone(t, 'Partner');
      const { Handshake: h } = await org.client.send(
        new InviteAccountToOrganizationCommand({
          Target: { Id: partner.accountId, Type: 'ACCOUNT' },
          Notes: 'Welcome aboard',
          Tags: [{ Key: 'team', Value: 'partners' }],
        }),
      );
      assert.match(h!.Id!, /^h-[0-9a-z]{8,32}$/);
      assert.equal(h!.Arn, `arn:aws:organizations::${org.accountId}:handshake/${org.organizationId}/invite/${h!.Id}`);
      assert.equal(h!.Action, 'INVITE');
      assert.equal(h!.State, 'OPEN');
      assert.deepEqual(h!.Parties, [
        { Id: org.organizationId, Type: 'ORGANIZATION' },
        { Id: partner.accountId, Type: 'ACCOUNT' },
      ]);
      assert.equal(h!.ExpirationTimestamp!.getTime() - h!.RequestedTimestamp!.getTime(), 15 * DAY);
      const organization = h!.Resources!.find((r) => r.Type === 'ORGANIZATION')!;
      assert.equal(organization.Value, org.organizationId);
      assert.deepEqual(organization.Resources!.map((r) => r.Type), ['MASTER_EMAIL', 'MASTER_NAME', 'ORGANIZATION_FEATURE_SET']);
      assert.equal(organization.Resources!.find((r) => r.Type === 'ORGANIZATION_FEATURE_SET')!.Value, 'ALL');
      assert.deepEqual(h!.Resources!.slice(1), [
        { Type: 'ACCOUNT', Value: partner.accountId },
        { Type: 'NOTES', Value: 'Welcome aboard' },
      ]);

      await rejects(
        org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: partner.accountId, Type: 'ACCOUNT' } })),
        'DuplicateHandshakeException',
      );
      const received = await partner.client.send(new ListHandshakesForAccountCommand({}));
      assert.deepEqual(received.Handshakes!.map((x) => x.Id), [h!.Id]);
      // the sender cannot accept its own invitation
      await rejects(org.client.send(new AcceptHandshakeCommand({ HandshakeId: h!.Id! })), 'AccessDeniedException');
      // an unrelated account cannot see it
      const stranger = await standalone(t, 'Stranger');
      await rejects(stranger.client.send(new DescribeHandshakeCommand({ HandshakeId: h!.Id! })), 'HandshakeNotFoundException');
      await rejects(stranger.client.send(new AcceptHandshakeCommand({ HandshakeId: h!.Id! })), 'HandshakeNotFoundException');

      const accepted = await partner.client.send(new AcceptHandshakeCommand({ HandshakeId: h!.Id! }));
      assert.equal(accepted.Handshake!.State, 'ACCEPTED');
      await rejects(partner.client.send(new AcceptHandshakeCommand({ HandshakeId: h!.Id! })), 'HandshakeAlreadyInStateException');
      await rejects(partner.client.send(new DeclineHandshakeCommand({ HandshakeId: h!.Id! })), 'InvalidHandshakeTransitionException');
      await rejects(org.client.send(new CancelHandshakeCommand({ HandshakeId: h!.Id! })), 'InvalidHandshakeTransitionException');

      const { Account: account } = await org.client.send(new DescribeAccountCommand({ AccountId: partner.accountId }));
      assert.equal(account!.JoinedMethod, 'INVITED');
      assert.equal(account!.Name, 'Partner');
      const tags = await org.client.send(new ListTagsForResourceCommand({ ResourceId: partner.accountId }));
      assert.deepEqual(tags.Tags, [{ Key: 'team', Value: 'partners' }]);
      assert.equal((await partner.client.send(new DescribeOrganizationCommand({}))).Organization!.Id, org.organizationId);
      await rejects(
        org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: partner.accountId, Type: 'ACCOUNT' } })),
        'HandshakeConstraintViolationException',
        'ALREADY_IN_AN_ORGANIZATION',
      );
    });

    it('invites by email; the invitee declines; the sender cancels another; ended handshakes keep their state', async () => {
      const invitee = await standalone(t, 'Emailed');
      const address = (await t.server.iam.account(invitee.accountId))!.email;
      const { Handshake: h } = await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: address, Type: 'EMAIL' } }));
      assert.deepEqual(h!.Parties![1], { Id: address, Type: 'EMAIL' });
      assert.deepEqual(h!.Resources![1], { Type: 'EMAIL', Value: address });
      const declined = await invitee.client.send(new DeclineHandshakeCommand({ HandshakeId: h!.Id! }));
      assert.equal(declined.Handshake!.State, 'DECLINED');
      await rejects(invitee.client.send(new DeclineHandshakeCommand({ HandshakeId: h!.Id! })), 'HandshakeAlreadyInStateException');
      await rejects(invitee.client.send(new AcceptHandshakeCommand({ HandshakeId: h!.Id! })), 'InvalidHandshakeTransitionException');
      assert.equal((await org.client.send(new DescribeHandshakeCommand({ HandshakeId: h!.Id! }))).Handshake!.State, 'DECLINED');

      const again = await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: invitee.accountId, Type: 'ACCOUNT' } }));
      // the recipient declines, only the sender cancels
      await rejects(invitee.client.send(new CancelHandshakeCommand({ HandshakeId: again.Handshake!.Id! })), 'AccessDeniedException');
      const canceled = await org.client.send(new CancelHandshakeCommand({ HandshakeId: again.Handshake!.Id! }));
      assert.equal(canceled.Handshake!.State, 'CANCELED');
      await rejects(org.client.send(new CancelHandshakeCommand({ HandshakeId: again.Handshake!.Id! })), 'HandshakeAlreadyInStateException');
      await rejects(invitee.client.send(new AcceptHandshakeCommand({ HandshakeId: again.Handshake!.Id! })), 'InvalidHandshakeTransitionException');
      await rejects(invitee.client.send(new DescribeOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    });

    it('refuses bad targets', async () => {
      await rejects(
        org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: org.organizationId, Type: 'ORGANIZATION' } })),
        'InvalidInputException',
        'INVALID_PARTY_TYPE_TARGET',
      );
      await rejects(
        org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: 'nobody@example.com', Type: 'EMAIL' } })),
        'InvalidInputException',
        'INVALID_EMAIL_ADDRESS_TARGET',
      );
      await rejects(
        org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: org.accountId, Type: 'ACCOUNT' } })),
        'HandshakeConstraintViolationException',
        'ALREADY_IN_AN_ORGANIZATION',
      );
      // the management account of another organization cannot join: it would have to leave its own
      const other = await foundOrganization(t, 'OtherOrg');
      await rejects(
        org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: other.accountId, Type: 'ACCOUNT' } })),
        'HandshakeConstraintViolationException',
        'ALREADY_IN_AN_ORGANIZATION',
      );
      await rejects(org.client.send(new DescribeHandshakeCommand({ HandshakeId: 'h-0000000000' })), 'HandshakeNotFoundException');
    });

    it('an invitation accepted by an account that founded an organization meanwhile: MasterCannotLeaveOrganizationException', async () => {
      const founder = await standalone(t, 'Founder');
      const { Handshake: h } = await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: founder.accountId, Type: 'ACCOUNT' } }));
      await founder.client.send(new CreateOrganizationCommand({}));
      await rejects(founder.client.send(new AcceptHandshakeCommand({ HandshakeId: h!.Id! })), 'MasterCannotLeaveOrganizationException');
    });

    it('expires handshakes after 15 days', async () => {
      const late = await standalone(t, 'Late');
      const { Handshake: h } = await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: late.accountId, Type: 'ACCOUNT' } }));
      await t.server.store.db.updateTable('org_handshakes').set({ expires_at: Date.now() - 1000 }).where('id', '=', h!.Id!).execute();
      const described = await late.client.send(new DescribeHandshakeCommand({ HandshakeId: h!.Id! }));
      assert.equal(described.Handshake!.State, 'EXPIRED');
      await rejects(late.client.send(new AcceptHandshakeCommand({ HandshakeId: h!.Id! })), 'InvalidHandshakeTransitionException');
      // an expired invitation does not block a new one
      await org.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: late.accountId, Type: 'ACCOUNT' } }));
      // and 30 days after ending, it is gone from lists and from DescribeHandshake
      await t.server.store.db.updateTable('org_handshakes').set({ expires_at: Date.now() - 31 * DAY }).where('id', '=', h!.Id!).execute();
      await rejects(late.client.send(new DescribeHandshakeCommand({ HandshakeId: h!.Id! })), 'HandshakeNotFoundException');
      const listed = await late.client.send(new ListHandshakesForAccountCommand({}));
      assert.ok(!listed.Handshakes!.some((x) => x.Id === h!.Id));
    });

    it('lists the organization\'s handshakes with ActionType filters and pages, and refuses two filters at once', async () => {
      const all = await allPages(
        (NextToken) => org.client.send(new ListHandshakesForOrganizationCommand({ MaxResults: 2, NextToken })),
        (out) => out.Handshakes,
      );
      assert.ok(all.items.length >= 5);
      assert.equal(new Set(all.items.map((h) => h.Id)).size, all.items.length);
      assert.ok(all.pages >= 3);
      const invites = await org.client.send(new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'INVITE' } }));
      assert.ok(invites.Handshakes!.every((h) => h.Action === 'INVITE'));
      const none = await org.client.send(new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'ENABLE_ALL_FEATURES' } }));
      assert.deepEqual(none.Handshakes, []);
      await rejects(
        org.client.send(new ListHandshakesForOrganizationCommand({ Filter: { ActionType: 'INVITE', ParentHandshakeId: 'h-0000000000' } })),
        'InvalidInputException',
        'MAX_LIMIT_EXCEEDED_FILTER',
      );
      await rejects(org.client.send(new ListHandshakesForOrganizationCommand({ NextToken: 'x.y' })), 'InvalidInputException', 'INVALID_NEXT_TOKEN');
      const loner = await standalone(t, 'Lonely');
      assert.deepEqual((await loner.client.send(new ListHandshakesForAccountCommand({}))).Handshakes, []);
      await rejects(loner.client.send(new ListHandshakesForOrganizationCommand({})), 'AWSOrganizationsNotInUseException');
    });

    it('EnableAllFeatures: invited members approve, the management account confirms, the organization has all features', async () => {
      const billing = await foundOrganization(t, 'Migrating', 'CONSOLIDATED_BILLING');
      const created = await createAccount(billing.client, { AccountName: 'Created member' });
      const members = [await standalone(t, 'Approver one'), await standalone(t, 'Approver two')];
      for (const member of members) {
        const invite = await billing.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: member.accountId, Type: 'ACCOUNT' } }));
        assert.equal(
          invite.Handshake!.Resources![0]!.Resources!.find((r) => r.Type === 'ORGANIZATION_FEATURE_SET')!.Value,
          'CONSOLIDATED_BILLING',
        );
        await member.client.send(new AcceptHandshakeCommand({ HandshakeId: invite.Handshake!.Id! }));
      }
      await rejects(billing.client.send(new CloseAccountCommand({ AccountId: created })), 'ConstraintViolationException', 'ORGANIZATION_NOT_IN_ALL_FEATURES_MODE');
      await rejects(members[0]!.client.send(new EnableAllFeaturesCommand({})), 'AccessDeniedException');

      const { Handshake: parent } = await billing.client.send(new EnableAllFeaturesCommand({}));
      assert.equal(parent!.Action, 'ENABLE_ALL_FEATURES');
      assert.equal(parent!.State, 'REQUESTED');
      assert.equal(parent!.Arn, `arn:aws:organizations::${billing.accountId}:handshake/${billing.organizationId}/enable_all_features/${parent!.Id}`);
      assert.deepEqual(parent!.Parties, [{ Id: billing.organizationId, Type: 'ORGANIZATION' }]);
      assert.deepEqual(parent!.Resources, [{ Type: 'ORGANIZATION', Value: billing.organizationId }]);
      await rejects(
        billing.client.send(new EnableAllFeaturesCommand({})),
        'HandshakeConstraintViolationException',
        'ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION',
      );
      const newcomer = await standalone(t, 'Newcomer');
      await rejects(
        billing.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: newcomer.accountId, Type: 'ACCOUNT' } })),
        'HandshakeConstraintViolationException',
        'INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES',
      );
      // the parent cannot be confirmed before every invited member approved
      await rejects(billing.client.send(new AcceptHandshakeCommand({ HandshakeId: parent!.Id! })), 'InvalidHandshakeTransitionException');

      const children = await billing.client.send(new ListHandshakesForOrganizationCommand({ Filter: { ParentHandshakeId: parent!.Id! } }));
      assert.equal(children.Handshakes!.length, 2, 'one per invited member, none for created accounts');
      for (const member of members) {
        const mine = await member.client.send(new ListHandshakesForAccountCommand({ Filter: { ActionType: 'ENABLE_ALL_FEATURES' } }));
        assert.equal(mine.Handshakes!.length, 1);
        const child = mine.Handshakes![0]!;
        assert.deepEqual(child.Resources!.find((r) => r.Type === 'PARENT_HANDSHAKE'), { Type: 'PARENT_HANDSHAKE', Value: parent!.Id });
        await member.client.send(new AcceptHandshakeCommand({ HandshakeId: child.Id! }));
      }
      assert.equal((await billing.client.send(new DescribeHandshakeCommand({ HandshakeId: parent!.Id! }))).Handshake!.State, 'OPEN');
      const approvals = await billing.client.send(new ListHandshakesForAccountCommand({ Filter: { ActionType: 'APPROVE_ALL_FEATURES' } }));
      assert.equal(approvals.Handshakes!.length, 1);
      const confirmed = await billing.client.send(new AcceptHandshakeCommand({ HandshakeId: approvals.Handshakes![0]!.Id! }));
      assert.equal(confirmed.Handshake!.State, 'ACCEPTED');
      assert.equal((await billing.client.send(new DescribeHandshakeCommand({ HandshakeId: parent!.Id! }))).Handshake!.State, 'ACCEPTED');
      assert.equal((await billing.client.send(new DescribeOrganizationCommand({}))).Organization!.FeatureSet, 'ALL');
      await rejects(
        billing.client.send(new EnableAllFeaturesCommand({})),
        'HandshakeConstraintViolationException',
        'ORGANIZATION_ALREADY_HAS_ALL_FEATURES',
      );
      await billing.client.send(new InviteAccountToOrganizationCommand({ Target: { Id: newcomer.accountId, Type: 'ACCOUNT' } }));
      const accounts = await billing.client.send(new ListAccountsCommand({}));
      assert.equal(accounts.Accounts!.length, 4);
    });

    it('EnableAllFeatures with no invited member is ready for the management account at once', async () => {
      const solo = await foundOrganization(t, 'Solo', 'CONSOLIDATED_BILLING');
      const { Handshake: parent } = await solo.client.send(new EnableAllFeaturesCommand({}));
      assert.equal(parent!.State, 'OPEN');
      // the management account may confirm by accepting the ENABLE_ALL_FEATURES handshake itself
      await solo.client.send(new AcceptHandshakeCommand({ HandshakeId: parent!.Id! }));
      assert.equal((await solo.client.send(new DescribeOrganizationCommand({}))).Organization!.FeatureSet, 'ALL');
    });
  });
}
