import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Database, TransferRow } from '../../store/schema.js';
import { transferDirection, type CallerOrg, type OrgCore } from './core.js';
import { orgErrors } from './errors.js';
import { arns, newTransferId } from './ids.js';
import { pageCursor, toPageAsync, type Page, type PageRequest } from './pagination.js';
import type { OrgTag } from './ports.js';
import type { HandshakeTarget, HandshakeView, HandshakesDomain } from './handshakes.js';
import type { TagsDomain } from './tags.js';

// Responsibility transfers (billing transfer): the management account of one organization invites the management
// account of another to let it manage a responsibility (BILLING) for that organization. The inviter is the
// transfer's Target and sees it as inbound; the invited organization is its Source and sees it as outbound.
// Transfers start on the first of a month and end on the last moment of one.

type Db = Kysely<Database>;

/** How far ahead a transfer may be set to start. */
export const MAX_START_MONTHS_AHEAD = 12;

export interface TransferParticipantView {
  readonly managementAccountId: string;
  readonly managementAccountEmail: string;
}

export interface TransferView {
  readonly arn: string;
  readonly name: string;
  readonly id: string;
  readonly type: string;
  readonly status: TransferRow['status'] | 'EXPIRED';
  readonly source: TransferParticipantView;
  readonly target: TransferParticipantView;
  readonly startAt: number;
  readonly endAt?: number;
  readonly activeHandshakeId?: string;
}

export interface TransferInvitation {
  readonly type: string;
  readonly target: HandshakeTarget;
  readonly notes?: string | undefined;
  readonly startTimestamp: Date;
  readonly sourceName: string;
  readonly tags?: readonly OrgTag[] | undefined;
}

export class TransfersDomain {
  constructor(
    private readonly core: OrgCore,
    private readonly handshakes: HandshakesDomain,
    private readonly tags: TagsDomain,
  ) {}

  async invite(principal: Principal, input: TransferInvitation): Promise<HandshakeView> {
    const { core } = this;
    const tags = input.tags ?? [];
    this.tags.checkTags(tags);
    if (input.target.type === 'ORGANIZATION') {
      throw orgErrors.invalidInput('INVALID_PARTY_TYPE_TARGET', 'You specified the wrong type of entity (account, organization, or email) as a party.');
    }
    checkStart(input.startTimestamp, core.clock.now());
    return core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const { org } = caller;
      const recipient = await this.handshakes.resolveRecipient(trx, input.target);
      const recipientOrg = await core.q.organizationOfAccount(trx, recipient);
      if (recipient === org.management_account_id || recipientOrg?.org.id === org.id) {
        throw orgErrors.handshakeConstraint('SOURCE_AND_TARGET_CANNOT_MATCH');
      }
      const existing = (await core.q.inboundTransfers(trx, org.id, input.type, undefined, undefined, 1000)).filter((t) => t.source_account_id === recipient);
      for (const t of existing) {
        if (t.status === 'ACCEPTED') throw orgErrors.handshakeConstraint('RESPONSIBILITY_TRANSFER_ALREADY_EXISTS');
        if (t.status === 'REQUESTED' && this.handshakeOpen(await core.q.handshake(trx, t.handshake_id))) throw orgErrors.duplicateHandshake();
      }
      const now = core.now();
      const transferId = newTransferId();
      const handshake = await this.handshakes.send(trx, org, {
        action: 'TRANSFER_RESPONSIBILITY',
        state: 'OPEN',
        party: input.target,
        recipient,
        transferId,
        notes: input.notes,
      });
      await core.q.insertTransfer(trx, {
        id: transferId,
        type: input.type,
        name: input.sourceName,
        status: 'REQUESTED',
        target_organization_id: org.id,
        target_account_id: org.management_account_id,
        source_account_id: recipient,
        source_organization_id: null,
        start_at: input.startTimestamp.getTime(),
        end_at: null,
        handshake_id: handshake.id,
        created_at: now,
        updated_at: now,
      });
      await this.tags.putTags(trx, org.id, transferId, tags);
      return this.handshakes.view(trx, handshake, org);
    });
  }

  async describe(principal: Principal, id: string): Promise<TransferView> {
    const caller = await this.managementCaller(principal);
    const row = await this.visible(this.core.db, caller, id);
    return this.view(this.core.db, caller, row);
  }

  async listInbound(principal: Principal, type: string, id: string | undefined, request: PageRequest): Promise<Page<TransferView>> {
    const caller = await this.managementCaller(principal);
    const scope = `organizations:ListInboundResponsibilityTransfers:${caller.org.id}:${type}:${id ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await this.core.q.inboundTransfers(this.core.db, caller.org.id, type, id, after, limit + 1);
    return toPageAsync(scope, rows, limit, (r) => r.id, (page) => Promise.all(page.map((r) => this.view(this.core.db, caller, r))));
  }

  async listOutbound(principal: Principal, type: string, request: PageRequest): Promise<Page<TransferView>> {
    const caller = await this.managementCaller(principal);
    const scope = `organizations:ListOutboundResponsibilityTransfers:${caller.org.id}:${type}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await this.core.q.outboundTransfers(this.core.db, caller.org.management_account_id, type, after, limit + 1);
    return toPageAsync(scope, rows, limit, (r) => r.id, (page) => Promise.all(page.map((r) => this.view(this.core.db, caller, r))));
  }

  /** Either side may end an accepted transfer; it ends on the last moment of a month (by default the current one). */
  async terminate(principal: Principal, id: string, endTimestamp: Date | undefined): Promise<TransferView> {
    const { core } = this;
    return core.store.transaction(async (trx) => {
      const caller = await this.managementCaller(principal, trx);
      const row = await this.visible(trx, caller, id);
      const status = await this.statusOf(trx, row);
      if (status === 'WITHDRAWN') throw orgErrors.transferAlreadyInStatus();
      if (status !== 'ACCEPTED') throw orgErrors.invalidTransferTransition();
      const now = core.clock.now();
      const end = endTimestamp === undefined ? endOfMonth(new Date(Math.max(now.getTime(), row.start_at))) : checkEnd(endTimestamp);
      if (end < now.getTime() || end < row.start_at) {
        throw orgErrors.invalidInput('END_DATE_TOO_EARLY', 'You provided an invalid end date. It is too early for the transfer to end.');
      }
      await core.q.setTransfer(trx, id, { status: 'WITHDRAWN', end_at: end }, now.getTime());
      return this.view(trx, caller, { ...row, status: 'WITHDRAWN', end_at: end });
    });
  }

  async update(principal: Principal, id: string, name: string): Promise<TransferView> {
    const { core } = this;
    return core.store.transaction(async (trx) => {
      const caller = await this.managementCaller(principal, trx);
      const row = await this.visible(trx, caller, id);
      await core.q.setTransfer(trx, id, { name }, core.now());
      return this.view(trx, caller, { ...row, name });
    });
  }

  private async managementCaller(principal: Principal, db: Db = this.core.db): Promise<CallerOrg> {
    return this.core.requireManagement(principal, db);
  }

  private async visible(db: Db, caller: CallerOrg, id: string): Promise<TransferRow> {
    const seen = await this.core.transferSeenBy(caller.org, id, db);
    if (!seen) throw orgErrors.transferNotFound();
    return seen.row;
  }

  private handshakeOpen(h: { state: string; expires_at: number } | undefined): boolean {
    return h !== undefined && (h.state === 'OPEN' || h.state === 'REQUESTED') && h.expires_at > this.core.now();
  }

  private async statusOf(db: Db, row: TransferRow): Promise<TransferView['status']> {
    if (row.status !== 'REQUESTED') return row.status;
    return this.handshakeOpen(await this.core.q.handshake(db, row.handshake_id)) ? 'REQUESTED' : 'EXPIRED';
  }

  private async view(db: Db, caller: CallerOrg, row: TransferRow): Promise<TransferView> {
    const direction = transferDirection(caller.org, row);
    const [target, source] = await Promise.all([this.core.iam.account(row.target_account_id, db), this.core.iam.account(row.source_account_id, db)]);
    const status = await this.statusOf(db, row);
    return {
      arn: arns.transfer(caller.org.management_account_id, caller.org.id, row.type, direction, row.id),
      name: row.name,
      id: row.id,
      type: row.type,
      status,
      source: { managementAccountId: row.source_account_id, managementAccountEmail: source?.email ?? '' },
      target: { managementAccountId: row.target_account_id, managementAccountEmail: target?.email ?? '' },
      startAt: row.start_at,
      ...(row.end_at !== null ? { endAt: row.end_at } : {}),
      ...(status === 'REQUESTED' ? { activeHandshakeId: row.handshake_id } : {}),
    };
  }
}

function checkStart(start: Date, now: Date): void {
  if (start.getUTCHours() !== 0 || start.getUTCMinutes() !== 0 || start.getUTCSeconds() !== 0 || start.getUTCMilliseconds() !== 0) {
    throw orgErrors.invalidInput('START_DATE_NOT_BEGINNING_OF_DAY', 'You provided an invalid start date. The start date must be the beginning of the day (00:00:00.000).');
  }
  if (start.getUTCDate() !== 1) {
    throw orgErrors.invalidInput('START_DATE_NOT_BEGINNING_OF_MONTH', 'You provided an invalid start date. The start date must be the first day of the month.');
  }
  const thisMonth = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
  if (start.getTime() < thisMonth) throw orgErrors.invalidInput('START_DATE_TOO_EARLY', 'You provided an invalid start date. The start date is too early.');
  if (start.getTime() > Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + MAX_START_MONTHS_AHEAD, 1)) {
    throw orgErrors.invalidInput('START_DATE_TOO_LATE', 'You provided an invalid start date. The start date is too late.');
  }
}

/** The last millisecond of the month the date falls in (UTC). */
export function endOfMonth(date: Date): number {
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1) - 1;
}

/** An end date within the last second of a month (clients send whole seconds), taken as that month's last moment. */
function checkEnd(end: Date): number {
  const last = endOfMonth(end);
  if (last - end.getTime() >= 1000) {
    throw orgErrors.invalidInput('END_DATE_NOT_END_OF_MONTH', 'You provided an invalid end date. The end date must be the end of the last day of the month (23:59:59.999).');
  }
  return last;
}
