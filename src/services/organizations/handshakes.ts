import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Database, HandshakeAction, HandshakeRow, OrganizationRow, StoredHandshakeState, TransferRow } from '../../store/schema.js';
import type { CallerOrg, OrgCore } from './core.js';
import { orgErrors } from './errors.js';
import { arns, newHandshakeId } from './ids.js';
import { pageCursor, toPageAsync, type Page, type PageRequest } from './pagination.js';
import type { OrgTag } from './ports.js';
import { OPEN_STATES, HANDSHAKE_RETENTION_MS, type HandshakeFilterQuery } from './store.js';
import type { TagsDomain } from './tags.js';

// Handshakes: invitations to join (INVITE), the all-features migration (ENABLE_ALL_FEATURES to each invited member,
// then APPROVE_ALL_FEATURES to the management account) and responsibility-transfer invitations. A handshake lives
// 15 days; EXPIRED is computed from its expiry when read, and ended handshakes stay listed for 30 days.

type Db = Kysely<Database>;

export const HANDSHAKE_TTL_MS = 15 * 24 * 3600 * 1000;
/** AWS: the standard all-features migration is for organizations of fewer than 5,000 accounts. */
export const MAX_ACCOUNTS_FOR_MIGRATION = 5000;

export type HandshakeStateName = StoredHandshakeState | 'EXPIRED';

export interface HandshakeResourceView {
  readonly type: string;
  readonly value: string;
  readonly resources?: readonly HandshakeResourceView[];
}

export interface HandshakeView {
  readonly id: string;
  readonly arn: string;
  readonly parties: readonly { readonly id: string; readonly type: string }[];
  readonly state: HandshakeStateName;
  readonly requestedAt: number;
  readonly expiresAt: number;
  readonly action: HandshakeAction;
  readonly resources: readonly HandshakeResourceView[];
}

export interface HandshakeTarget {
  readonly id: string;
  readonly type: string;
}

export interface HandshakeFilterInput {
  readonly actionType?: string | undefined;
  readonly parentHandshakeId?: string | undefined;
}

export class HandshakesDomain {
  constructor(
    private readonly core: OrgCore,
    private readonly tags: TagsDomain,
  ) {}

  // ---- sending

  async invite(principal: Principal, target: HandshakeTarget, notes: string | undefined, tags: readonly OrgTag[] = []): Promise<HandshakeView> {
    const { core } = this;
    this.tags.checkTags(tags);
    return core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const recipient = await this.resolveRecipient(trx, target);
      if (await core.q.organizationOfAccount(trx, recipient)) throw orgErrors.handshakeConstraint('ALREADY_IN_AN_ORGANIZATION');
      const now = core.now();
      if ((await core.q.openHandshakes(trx, caller.org.id, 'ENABLE_ALL_FEATURES', now)).some((h) => h.parent_handshake_id === null)) {
        throw orgErrors.handshakeConstraint('INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES');
      }
      if ((await core.q.openHandshakes(trx, caller.org.id, 'INVITE', now, recipient)).length > 0) throw orgErrors.duplicateHandshake();
      const row = await this.send(trx, caller.org, {
        action: 'INVITE',
        state: 'OPEN',
        party: target,
        recipient,
        notes,
        tags: tags.length > 0 ? JSON.stringify(tags) : null,
      });
      return this.view(trx, row);
    });
  }

  /** The account a handshake party names: an account id or the email address of an existing account. */
  async resolveRecipient(db: Db, target: HandshakeTarget): Promise<string> {
    if (target.type === 'ACCOUNT') {
      if (!/^\d{12}$/.test(target.id)) throw orgErrors.invalidInput('INVALID_PATTERN', "You provided a value that doesn't match the required pattern: an account id is 12 digits.");
      if (!(await this.core.iam.account(target.id, db))) throw orgErrors.accountNotFound();
      return target.id;
    }
    if (target.type === 'EMAIL') {
      const account = await this.core.iam.accountByEmail(target.id, db);
      if (!account) throw orgErrors.invalidInput('INVALID_EMAIL_ADDRESS_TARGET', 'You specified an invalid email address for the invited account owner.');
      return account.id;
    }
    throw orgErrors.invalidInput('INVALID_PARTY_TYPE_TARGET', 'You specified the wrong type of entity (account, organization, or email) as a party.');
  }

  /** Writes a handshake sent by the organization (used by transfers too). */
  async send(
    db: Db,
    org: OrganizationRow,
    h: {
      readonly action: HandshakeAction;
      readonly state: StoredHandshakeState;
      readonly party?: HandshakeTarget;
      readonly recipient?: string;
      readonly parent?: string;
      readonly transferId?: string;
      readonly notes?: string | undefined;
      readonly tags?: string | null;
    },
  ): Promise<HandshakeRow> {
    const now = this.core.now();
    const row: HandshakeRow = {
      id: newHandshakeId(),
      organization_id: org.id,
      action: h.action,
      state: h.state,
      party_type: h.party?.type ?? null,
      party_id: h.party?.id ?? null,
      recipient_account_id: h.recipient ?? null,
      parent_handshake_id: h.parent ?? null,
      transfer_id: h.transferId ?? null,
      notes: h.notes ?? null,
      tags: h.tags ?? null,
      requested_at: now,
      expires_at: now + HANDSHAKE_TTL_MS,
      updated_at: now,
    };
    await this.core.q.insertHandshake(db, row);
    return row;
  }

  async enableAllFeatures(principal: Principal): Promise<HandshakeView> {
    const { core } = this;
    return core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const { org } = caller;
      if (org.feature_set === 'ALL') throw orgErrors.handshakeConstraint('ORGANIZATION_ALREADY_HAS_ALL_FEATURES');
      if ((await core.q.openHandshakes(trx, org.id, 'ENABLE_ALL_FEATURES', core.now())).some((h) => h.parent_handshake_id === null)) {
        throw orgErrors.handshakeConstraint('ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION');
      }
      if ((await core.q.memberCount(trx, org.id)) > MAX_ACCOUNTS_FOR_MIGRATION) {
        throw orgErrors.constraint('ALL_FEATURES_MIGRATION_ORGANIZATION_SIZE_LIMIT_EXCEEDED');
      }
      const invited = await core.q.invitedMemberIds(trx, org.id, org.management_account_id);
      let parent = await this.send(trx, org, { action: 'ENABLE_ALL_FEATURES', state: invited.length > 0 ? 'REQUESTED' : 'OPEN' });
      for (const accountId of invited) {
        await this.send(trx, org, {
          action: 'ENABLE_ALL_FEATURES',
          state: 'OPEN',
          party: { id: accountId, type: 'ACCOUNT' },
          recipient: accountId,
          parent: parent.id,
        });
      }
      if (invited.length === 0) {
        await this.sendApproval(trx, org, parent.id);
        parent = { ...parent, state: 'OPEN' };
      }
      return this.view(trx, parent);
    });
  }

  /** Every invited member approved: the management account is asked to confirm (APPROVE_ALL_FEATURES). */
  private async sendApproval(db: Db, org: OrganizationRow, parentId: string): Promise<void> {
    await this.send(db, org, {
      action: 'APPROVE_ALL_FEATURES',
      state: 'OPEN',
      party: { id: org.management_account_id, type: 'ACCOUNT' },
      recipient: org.management_account_id,
      parent: parentId,
    });
  }

  // ---- responding

  async accept(principal: Principal, id: string): Promise<HandshakeView> {
    const { core } = this;
    return core.store.transaction(async (trx) => {
      const h = await this.visible(trx, principal, id);
      const isFinalParent = h.row.action === 'ENABLE_ALL_FEATURES' && h.row.parent_handshake_id === null;
      if (isFinalParent ? !h.isSenderManagement : h.row.recipient_account_id !== principal.accountId) throw orgErrors.accessDenied();
      const state = this.stateOf(h.row);
      if (state === 'ACCEPTED') throw orgErrors.handshakeAlreadyInState();
      if (state !== 'OPEN' && state !== 'REQUESTED') throw orgErrors.invalidHandshakeTransition();
      if (isFinalParent && state !== 'OPEN') throw orgErrors.invalidHandshakeTransition();
      const now = core.now();
      switch (h.row.action) {
        case 'INVITE':
          await this.join(trx, principal, h.org, h.row);
          break;
        case 'ENABLE_ALL_FEATURES':
          if (isFinalParent) {
            await this.finishMigration(trx, h.org, h.row.id, now);
          } else {
            await core.q.setHandshakeState(trx, h.row.id, 'ACCEPTED', now);
            const siblings = await core.q.childHandshakes(trx, h.row.parent_handshake_id!);
            const approvals = siblings.filter((s) => s.action === 'ENABLE_ALL_FEATURES');
            if (approvals.every((s) => s.id === h.row.id || s.state === 'ACCEPTED')) {
              await core.q.setHandshakeState(trx, h.row.parent_handshake_id!, 'OPEN', now);
              await this.sendApproval(trx, h.org, h.row.parent_handshake_id!);
            }
          }
          break;
        case 'APPROVE_ALL_FEATURES':
          await this.finishMigration(trx, h.org, h.row.parent_handshake_id!, now);
          break;
        case 'TRANSFER_RESPONSIBILITY':
          await this.acceptTransfer(trx, principal, h.org, h.row, now);
          break;
      }
      if (h.row.state !== 'ACCEPTED') await core.q.setHandshakeState(trx, h.row.id, 'ACCEPTED', now);
      return this.view(trx, (await core.q.handshake(trx, h.row.id))!);
    });
  }

  async decline(principal: Principal, id: string): Promise<HandshakeView> {
    const { core } = this;
    return core.store.transaction(async (trx) => {
      const h = await this.visible(trx, principal, id);
      if (h.row.recipient_account_id !== principal.accountId) throw orgErrors.accessDenied();
      const state = this.stateOf(h.row);
      if (state === 'DECLINED') throw orgErrors.handshakeAlreadyInState();
      if (state !== 'OPEN' && state !== 'REQUESTED') throw orgErrors.invalidHandshakeTransition();
      const now = core.now();
      await core.q.setHandshakeState(trx, h.row.id, 'DECLINED', now);
      if (h.row.transfer_id) await core.q.setTransfer(trx, h.row.transfer_id, { status: 'DECLINED' }, now);
      return this.view(trx, { ...h.row, state: 'DECLINED', updated_at: now });
    });
  }

  async cancel(principal: Principal, id: string): Promise<HandshakeView> {
    const { core } = this;
    return core.store.transaction(async (trx) => {
      const h = await this.visible(trx, principal, id);
      if (!h.isSenderManagement) throw orgErrors.accessDenied();
      const state = this.stateOf(h.row);
      if (state === 'CANCELED') throw orgErrors.handshakeAlreadyInState();
      if (state !== 'OPEN' && state !== 'REQUESTED') throw orgErrors.invalidHandshakeTransition();
      const now = core.now();
      await core.q.setHandshakeState(trx, h.row.id, 'CANCELED', now);
      for (const child of await core.q.childHandshakes(trx, h.row.id)) {
        if (OPEN_STATES.includes(child.state)) await core.q.setHandshakeState(trx, child.id, 'CANCELED', now);
      }
      if (h.row.transfer_id) await core.q.setTransfer(trx, h.row.transfer_id, { status: 'CANCELED' }, now);
      return this.view(trx, { ...h.row, state: 'CANCELED', updated_at: now });
    });
  }

  async describe(principal: Principal, id: string): Promise<HandshakeView> {
    const h = await this.visible(this.core.db, principal, id);
    return this.view(this.core.db, h.row, h.org);
  }

  // ---- listing

  /** The handshakes the caller's account received; callable from any account, in an organization or not. */
  async listForAccount(principal: Principal, filter: HandshakeFilterInput | undefined, request: PageRequest): Promise<Page<HandshakeView>> {
    const query = filterOf(filter);
    const scope = `organizations:ListHandshakesForAccount:${principal.accountId}:${query.action ?? ''}:${query.parentHandshakeId ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await this.core.q.handshakesReceived(this.core.db, principal.accountId, query, this.core.now(), after, limit + 1);
    return toPageAsync(scope, rows, limit, (h) => h.id, (page) => this.views(this.core.db, page));
  }

  /** The handshakes the caller's organization sent. */
  async listForOrganization(principal: Principal, filter: HandshakeFilterInput | undefined, request: PageRequest): Promise<Page<HandshakeView>> {
    const caller = await this.core.requireReader(principal);
    const query = filterOf(filter);
    const scope = `organizations:ListHandshakesForOrganization:${caller.org.id}:${query.action ?? ''}:${query.parentHandshakeId ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await this.core.q.handshakesSent(this.core.db, caller.org.id, query, this.core.now(), after, limit + 1);
    return toPageAsync(scope, rows, limit, (h) => h.id, (page) => this.views(this.core.db, page, caller.org));
  }

  // ---- the pieces

  /**
   * The handshake if the caller may see it: its recipient, or the management account (or a delegated administrator)
   * of the organization that sent it. Anyone else, and ended handshakes past 30 days, get HandshakeNotFoundException.
   */
  private async visible(db: Db, principal: Principal, id: string): Promise<{ row: HandshakeRow; org: OrganizationRow; isSenderManagement: boolean }> {
    const { core } = this;
    const row = await core.q.handshake(db, id);
    if (!row) throw orgErrors.handshakeNotFound();
    const org = await core.q.organization(db, row.organization_id);
    if (!org) throw orgErrors.handshakeNotFound();
    const now = core.now();
    const endedAt = OPEN_STATES.includes(row.state) ? row.expires_at : row.updated_at;
    if (endedAt < now - HANDSHAKE_RETENTION_MS) throw orgErrors.handshakeNotFound();
    const isSenderManagement = org.management_account_id === principal.accountId;
    if (row.recipient_account_id === principal.accountId || isSenderManagement) return { row, org, isSenderManagement };
    if (await core.q.isDelegatedAdministrator(db, org.id, principal.accountId)) return { row, org, isSenderManagement };
    throw orgErrors.handshakeNotFound();
  }

  stateOf(row: HandshakeRow): HandshakeStateName {
    return OPEN_STATES.includes(row.state) && row.expires_at <= this.core.now() ? 'EXPIRED' : row.state;
  }

  /** The invited account joins at the root, with the invitation's tags. */
  private async join(trx: Db, principal: Principal, org: OrganizationRow, row: HandshakeRow): Promise<void> {
    const { core } = this;
    const current = await core.q.organizationOfAccount(trx, principal.accountId);
    if (current) {
      if (current.org.management_account_id === principal.accountId) throw orgErrors.masterCannotLeave();
      throw orgErrors.handshakeConstraint('ALREADY_IN_AN_ORGANIZATION');
    }
    const account = await core.iam.account(principal.accountId, trx);
    if (!account) throw orgErrors.accountNotFound();
    await core.q.insertMember(trx, {
      account_id: account.id,
      organization_id: org.id,
      parent_id: org.root_id,
      joined_method: 'INVITED',
      joined_at: core.now(),
      close_requested_at: null,
      closed_at: null,
    });
    if (row.tags) await this.tags.putTags(trx, org.id, account.id, JSON.parse(row.tags) as OrgTag[]);
    await core.hooks.targetCreated(trx, core.facts(org), {
      type: 'ACCOUNT',
      id: account.id,
      arn: arns.account(org.management_account_id, org.id, account.id),
      name: account.name,
    });
  }

  /** The management account confirmed: all features are on; the parent and its approval are accepted. */
  private async finishMigration(trx: Db, org: OrganizationRow, parentId: string, now: number): Promise<void> {
    const { core } = this;
    await core.q.setFeatureSet(trx, org.id, 'ALL');
    await core.q.setHandshakeState(trx, parentId, 'ACCEPTED', now);
    for (const child of await core.q.childHandshakes(trx, parentId)) {
      if (child.action === 'APPROVE_ALL_FEATURES' && OPEN_STATES.includes(child.state)) await core.q.setHandshakeState(trx, child.id, 'ACCEPTED', now);
    }
  }

  /** The invited management account agrees to let the inviter manage the responsibility for its organization. */
  private async acceptTransfer(trx: Db, principal: Principal, sender: OrganizationRow, row: HandshakeRow, now: number): Promise<void> {
    const { core } = this;
    const caller: CallerOrg = await core.callerOrg(principal, trx);
    if (!caller.isManagement) throw orgErrors.accessDenied();
    if (caller.org.id === sender.id) throw orgErrors.handshakeConstraint('SOURCE_AND_TARGET_CANNOT_MATCH');
    if (row.transfer_id) await core.q.setTransfer(trx, row.transfer_id, { status: 'ACCEPTED', source_organization_id: caller.org.id }, now);
  }

  async views(db: Db, rows: readonly HandshakeRow[], knownOrg?: OrganizationRow): Promise<HandshakeView[]> {
    const orgs = new Map<string, OrganizationRow>(knownOrg ? [[knownOrg.id, knownOrg]] : []);
    const out: HandshakeView[] = [];
    for (const row of rows) {
      let org = orgs.get(row.organization_id);
      if (!org) {
        org = await this.core.q.organization(db, row.organization_id);
        if (!org) continue;
        orgs.set(org.id, org);
      }
      out.push(await this.view(db, row, org));
    }
    return out;
  }

  async view(db: Db, row: HandshakeRow, knownOrg?: OrganizationRow): Promise<HandshakeView> {
    const org = knownOrg ?? (await this.core.q.organization(db, row.organization_id));
    if (!org) throw orgErrors.handshakeNotFound();
    const parties = [{ id: org.id, type: 'ORGANIZATION' }];
    if (row.party_type !== null && row.party_id !== null) parties.push({ id: row.party_id, type: row.party_type });
    return {
      id: row.id,
      arn: arns.handshake(org.management_account_id, org.id, row.action, row.id),
      parties,
      state: this.stateOf(row),
      requestedAt: Number(row.requested_at),
      expiresAt: Number(row.expires_at),
      action: row.action,
      resources: await this.resources(db, org, row),
    };
  }

  // As AWS returns them: the sending organization with its management account's email and name (and feature set),
  // the invited party, the notes; a migration's parent; a transfer's details.
  private async resources(db: Db, org: OrganizationRow, row: HandshakeRow): Promise<HandshakeResourceView[]> {
    const management = await this.core.iam.account(org.management_account_id, db);
    const party: HandshakeResourceView[] = row.party_type !== null && row.party_id !== null ? [{ type: row.party_type, value: row.party_id }] : [];
    const notes: HandshakeResourceView[] = row.notes !== null ? [{ type: 'NOTES', value: row.notes }] : [];
    switch (row.action) {
      case 'INVITE':
        return [
          {
            type: 'ORGANIZATION',
            value: org.id,
            resources: [
              { type: 'MASTER_EMAIL', value: management?.email ?? '' },
              { type: 'MASTER_NAME', value: management?.name ?? '' },
              { type: 'ORGANIZATION_FEATURE_SET', value: org.feature_set },
            ],
          },
          ...party,
          ...notes,
        ];
      case 'ENABLE_ALL_FEATURES':
      case 'APPROVE_ALL_FEATURES':
        return [
          { type: 'ORGANIZATION', value: org.id },
          ...(row.parent_handshake_id !== null ? [{ type: 'PARENT_HANDSHAKE', value: row.parent_handshake_id }] : []),
        ];
      case 'TRANSFER_RESPONSIBILITY': {
        const transfer: TransferRow | undefined = row.transfer_id !== null ? await this.core.q.transfer(db, row.transfer_id) : undefined;
        return [
          {
            type: 'ORGANIZATION',
            value: org.id,
            resources: [
              { type: 'MANAGEMENT_ACCOUNT', value: org.management_account_id },
              { type: 'MANAGEMENT_EMAIL', value: management?.email ?? '' },
              { type: 'MANAGEMENT_NAME', value: management?.name ?? '' },
            ],
          },
          ...(transfer
            ? [
                {
                  type: 'RESPONSIBILITY_TRANSFER',
                  value: transfer.id,
                  resources: [
                    { type: 'TRANSFER_TYPE', value: transfer.type },
                    { type: 'TRANSFER_START_TIMESTAMP', value: new Date(transfer.start_at).toISOString() },
                  ],
                },
              ]
            : []),
          ...party,
          ...notes,
        ];
      }
    }
  }
}

const ACTIONS: readonly HandshakeAction[] = ['INVITE', 'ENABLE_ALL_FEATURES', 'APPROVE_ALL_FEATURES', 'TRANSFER_RESPONSIBILITY'];

function filterOf(filter: HandshakeFilterInput | undefined): HandshakeFilterQuery {
  if (!filter) return {};
  if (filter.actionType !== undefined && filter.parentHandshakeId !== undefined) {
    throw orgErrors.invalidInput('MAX_LIMIT_EXCEEDED_FILTER', 'You can specify only one filter parameter for the operation.');
  }
  if (filter.actionType !== undefined) {
    // ADD_ORGANIZATIONS_SERVICE_LINKED_ROLE is a valid ActionType no handshake here ever has
    return { action: (ACTIONS as readonly string[]).includes(filter.actionType) ? (filter.actionType as HandshakeAction) : ('NONE' as HandshakeAction) };
  }
  return filter.parentHandshakeId !== undefined ? { parentHandshakeId: filter.parentHandshakeId } : {};
}
