import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AcceptHandshakeCommand,
  DeclineHandshakeCommand,
  DeleteOrganizationCommand,
  DescribeResponsibilityTransferCommand,
  InviteOrganizationToTransferResponsibilityCommand,
  ListHandshakesForAccountCommand,
  ListInboundResponsibilityTransfersCommand,
  ListOutboundResponsibilityTransfersCommand,
  ListTagsForResourceCommand,
  TerminateResponsibilityTransferCommand,
  UpdateResponsibilityTransferCommand,
} from '@aws-sdk/client-organizations';
import { startTestServer, testDatabases, type TestServer } from '../support/servers.js';
import { foundOrganization, rejects, standalone, type Founded } from './support.js';

// Responsibility (billing) transfers between two organizations: the invitation is a TRANSFER_RESPONSIBILITY
// handshake to the other management account; the inviter sees the transfer as inbound, the other as outbound.

function firstOfMonth(monthsAhead: number): Date {
  const now = new Date();
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + monthsAhead, 1));
}

for (const database of testDatabases) {
  describe(`organizations: responsibility transfers (${database.name})`, () => {
    let t: TestServer;
    let payer: Founded;
    let source: Founded;
    before(async () => {
      t = await startTestServer(database);
      payer = await foundOrganization(t, 'Payer');
      source = await foundOrganization(t, 'Source');
    });
    after(async () => t.close());

    it('invites, accepts, lists from both sides, renames and withdraws a billing transfer', async () => {
      const start = firstOfMonth(1);
      const { Handshake: h } = await payer.client.send(
        new InviteOrganizationToTransferResponsibilityCommand({
          Type: 'BILLING',
          Target: { Id: source.accountId, Type: 'ACCOUNT' },
          StartTimestamp: start,
          SourceName: 'Source billing',
          Notes: 'We pay from next month',
          Tags: [{ Key: 'contract', Value: 'c-1' }],
        }),
      );
      assert.equal(h!.Action, 'TRANSFER_RESPONSIBILITY');
      assert.equal(h!.Arn, `arn:aws:organizations::${payer.accountId}:handshake/${payer.organizationId}/transfer_responsibility/${h!.Id}`);
      const transferResource = h!.Resources!.find((r) => r.Type === 'RESPONSIBILITY_TRANSFER')!;
      const transferId = transferResource.Value!;
      assert.match(transferId, /^rt-[0-9a-z]{8,32}$/);

      const inbound = await payer.client.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' }));
      assert.equal(inbound.ResponsibilityTransfers!.length, 1);
      const requested = inbound.ResponsibilityTransfers![0]!;
      assert.equal(requested.Status, 'REQUESTED');
      assert.equal(requested.ActiveHandshakeId, h!.Id);
      assert.equal(requested.Arn, `arn:aws:organizations::${payer.accountId}:transfer/${payer.organizationId}/billing/inbound/${transferId}`);
      assert.equal(requested.Target!.ManagementAccountId, payer.accountId);
      assert.equal(requested.Source!.ManagementAccountId, source.accountId);
      assert.equal(requested.StartTimestamp!.getTime(), start.getTime());
      assert.deepEqual((await payer.client.send(new ListTagsForResourceCommand({ ResourceId: transferId }))).Tags, [{ Key: 'contract', Value: 'c-1' }]);

      await rejects(
        payer.client.send(
          new InviteOrganizationToTransferResponsibilityCommand({
            Type: 'BILLING',
            Target: { Id: source.accountId, Type: 'ACCOUNT' },
            StartTimestamp: start,
            SourceName: 'again',
          }),
        ),
        'DuplicateHandshakeException',
      );

      const received = await source.client.send(new ListHandshakesForAccountCommand({ Filter: { ActionType: 'TRANSFER_RESPONSIBILITY' } }));
      assert.deepEqual(received.Handshakes!.map((x) => x.Id), [h!.Id]);
      await source.client.send(new AcceptHandshakeCommand({ HandshakeId: h!.Id! }));

      const outbound = await source.client.send(new ListOutboundResponsibilityTransfersCommand({ Type: 'BILLING' }));
      assert.equal(outbound.ResponsibilityTransfers!.length, 1);
      const accepted = outbound.ResponsibilityTransfers![0]!;
      assert.equal(accepted.Status, 'ACCEPTED');
      assert.equal(accepted.ActiveHandshakeId, undefined);
      assert.equal(accepted.Arn, `arn:aws:organizations::${source.accountId}:transfer/${source.organizationId}/billing/outbound/${transferId}`);

      const renamed = await payer.client.send(new UpdateResponsibilityTransferCommand({ Id: transferId, Name: 'Renamed' }));
      assert.equal(renamed.ResponsibilityTransfer!.Name, 'Renamed');
      const described = await source.client.send(new DescribeResponsibilityTransferCommand({ Id: transferId }));
      assert.equal(described.ResponsibilityTransfer!.Name, 'Renamed');

      // neither organization can be deleted while the transfer is active
      await rejects(source.client.send(new DeleteOrganizationCommand({})), 'ConstraintViolationException', 'ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS');

      await rejects(
        source.client.send(new TerminateResponsibilityTransferCommand({ Id: transferId, EndTimestamp: new Date(Date.UTC(2099, 0, 15)) })),
        'InvalidInputException',
        'END_DATE_NOT_END_OF_MONTH',
      );
      const ended = await source.client.send(new TerminateResponsibilityTransferCommand({ Id: transferId }));
      assert.equal(ended.ResponsibilityTransfer!.Status, 'WITHDRAWN');
      const end = ended.ResponsibilityTransfer!.EndTimestamp!;
      assert.equal(new Date(end.getTime() + 1).getUTCDate(), 1, 'the end is the last moment of a month');
      await rejects(source.client.send(new TerminateResponsibilityTransferCommand({ Id: transferId })), 'ResponsibilityTransferAlreadyInStatusException');
      await source.client.send(new DeleteOrganizationCommand({}));
    });

    it('refuses bad start dates, the inviter itself, and strangers; a declined transfer cannot be ended', async () => {
      const target = await foundOrganization(t, 'Target');
      const invite = (StartTimestamp: Date, Id = target.accountId) =>
        payer.client.send(
          new InviteOrganizationToTransferResponsibilityCommand({ Type: 'BILLING', Target: { Id, Type: 'ACCOUNT' }, StartTimestamp, SourceName: 'x' }),
        );
      const next = firstOfMonth(1);
      await rejects(invite(new Date(next.getTime() + 3600_000)), 'InvalidInputException', 'START_DATE_NOT_BEGINNING_OF_DAY');
      await rejects(invite(new Date(next.getTime() + 24 * 3600_000)), 'InvalidInputException', 'START_DATE_NOT_BEGINNING_OF_MONTH');
      await rejects(invite(firstOfMonth(-2)), 'InvalidInputException', 'START_DATE_TOO_EARLY');
      await rejects(invite(firstOfMonth(24)), 'InvalidInputException', 'START_DATE_TOO_LATE');
      await rejects(invite(next, payer.accountId), 'HandshakeConstraintViolationException', 'SOURCE_AND_TARGET_CANNOT_MATCH');

      const { Handshake: h } = await invite(next);
      const transferId = h!.Resources!.find((r) => r.Type === 'RESPONSIBILITY_TRANSFER')!.Value!;
      const stranger = await foundOrganization(t, 'Stranger');
      await rejects(stranger.client.send(new DescribeResponsibilityTransferCommand({ Id: transferId })), 'ResponsibilityTransferNotFoundException');
      const loner = await standalone(t, 'Loner');
      await rejects(loner.client.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING' })), 'AWSOrganizationsNotInUseException');

      await target.client.send(new DeclineHandshakeCommand({ HandshakeId: h!.Id! }));
      const declined = await payer.client.send(new DescribeResponsibilityTransferCommand({ Id: transferId }));
      assert.equal(declined.ResponsibilityTransfer!.Status, 'DECLINED');
      await rejects(payer.client.send(new TerminateResponsibilityTransferCommand({ Id: transferId })), 'InvalidResponsibilityTransferTransitionException');
      const inbound = await payer.client.send(new ListInboundResponsibilityTransfersCommand({ Type: 'BILLING', Id: transferId }));
      assert.deepEqual(inbound.ResponsibilityTransfers!.map((x) => x.Id), [transferId]);
    });
  });
}
