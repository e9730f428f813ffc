import type { Kysely, SelectQueryBuilder } from 'kysely';
import type {
  CreateAccountRequestRow,
  CreateAccountState,
  Database,
  FeatureSet,
  HandshakeAction,
  HandshakeRow,
  OrgAccountRow,
  OrganizationRow,
  OrgUnitRow,
  StoredHandshakeState,
  TransferRow,
  TransferStatus,
} from '../../store/schema.js';

// The Organizations core's tables and queries. Every method takes the caller's transaction or the store's Kysely
// (`db`): inside a transaction always pass it, since SQLite has one connection and a query outside the transaction
// would wait for it to end. Lists take `after` (the last key of the previous page) and `limit` (page size + 1) and
// read one index range in key order.

type Db = Kysely<Database>;
type HandshakeQuery = SelectQueryBuilder<Database, 'org_handshakes', HandshakeRow>;

/** A member account with the path of its parent (null when the parent is the root). */
export interface MemberWithPath extends OrgAccountRow {
  readonly parent_path: string | null;
}

export interface HandshakeFilterQuery {
  readonly action?: HandshakeAction | undefined;
  readonly parentHandshakeId?: string | undefined;
}

export const OPEN_STATES: readonly StoredHandshakeState[] = ['REQUESTED', 'OPEN'];
/** Handshakes that reached a final state stay listed this long. */
export const HANDSHAKE_RETENTION_MS = 30 * 24 * 3600 * 1000;

export class OrganizationsStore {
  // ---- organizations

  async insertOrganization(db: Db, row: OrganizationRow): Promise<void> {
    await db.insertInto('organizations').values(row).execute();
  }

  async organization(db: Db, id: string): Promise<OrganizationRow | undefined> {
    return await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The organization an account belongs to, with its membership row; one indexed join. */
  async organizationOfAccount(db: Db, accountId: string): Promise<{ org: OrganizationRow; member: OrgAccountRow } | undefined> {
    const row = await this.accountOrganizationQuery(db, accountId).executeTakeFirst();
    return row && splitOrganization(row);
  }

  /** As organizationOfAccount, with the path of the account's parent (null when the parent is the root): the
   * account's whole chain up to the root in one read, since an OU's path names every OU above it. */
  async membershipOfAccount(db: Db, accountId: string): Promise<{ org: OrganizationRow; member: MemberWithPath } | undefined> {
    const row = await this.accountOrganizationQuery(db, accountId)
      .leftJoin('org_units as u', 'u.id', 'm.parent_id')
      .select('u.path as parent_path')
      .executeTakeFirst();
    if (!row) return undefined;
    const { org, member } = splitOrganization(row);
    return { org, member: { ...member, parent_path: row.parent_path } };
  }

  private accountOrganizationQuery(db: Db, accountId: string) {
    return db
      .selectFrom('org_accounts as m')
      .innerJoin('organizations as o', 'o.id', 'm.organization_id')
      .select([
        'o.id as org_id',
        'o.feature_set',
        'o.management_account_id',
        'o.root_id',
        'o.created_at',
        'm.account_id',
        'm.organization_id',
        'm.parent_id',
        'm.joined_method',
        'm.joined_at',
        'm.close_requested_at',
        'm.closed_at',
      ])
      .where('m.account_id', '=', accountId);
  }

  async setFeatureSet(db: Db, id: string, featureSet: FeatureSet): Promise<void> {
    await db.updateTable('organizations').set({ feature_set: featureSet }).where('id', '=', id).execute();
  }

  /** Everything the core keeps for an organization, children first (the policies part clears its own first). */
  async deleteOrganization(db: Db, id: string): Promise<void> {
    const transferIds = await db.selectFrom('org_responsibility_transfers').select('id').where('target_organization_id', '=', id).execute();
    if (transferIds.length > 0) {
      await db
        .deleteFrom('org_responsibility_transfers')
        .where('id', 'in', transferIds.map((t) => t.id))
        .execute();
    }
    for (const table of [
      'org_tags',
      'org_service_access',
      'org_delegated_admins',
      'org_resource_policies',
      'org_handshakes',
      'org_create_account_requests',
      'org_accounts',
      'org_units',
    ] as const) {
      await db.deleteFrom(table).where('organization_id', '=', id).execute();
    }
    await db.deleteFrom('organizations').where('id', '=', id).execute();
  }

  // ---- organizational units

  async insertOu(db: Db, row: OrgUnitRow): Promise<void> {
    await db.insertInto('org_units').values(row).execute();
  }

  async ou(db: Db, organizationId: string, id: string): Promise<OrgUnitRow | undefined> {
    return await db.selectFrom('org_units').selectAll().where('id', '=', id).where('organization_id', '=', organizationId).executeTakeFirst();
  }

  async ous(db: Db, ids: readonly string[]): Promise<OrgUnitRow[]> {
    if (ids.length === 0) return [];
    return await db.selectFrom('org_units').selectAll().where('id', 'in', ids).execute();
  }

  async ouByName(db: Db, parentId: string, name: string): Promise<OrgUnitRow | undefined> {
    return await db.selectFrom('org_units').selectAll().where('parent_id', '=', parentId).where('name', '=', name).executeTakeFirst();
  }

  async ouCount(db: Db, organizationId: string): Promise<number> {
    const row = await db
      .selectFrom('org_units')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async ousForParent(db: Db, parentId: string, after: string | undefined, limit: number): Promise<OrgUnitRow[]> {
    let q = db.selectFrom('org_units').selectAll().where('parent_id', '=', parentId);
    if (after !== undefined) q = q.where('id', '>', after);
    return await q.orderBy('id').limit(limit).execute();
  }

  async hasChildren(db: Db, parentId: string): Promise<boolean> {
    const ou = await db.selectFrom('org_units').select('id').where('parent_id', '=', parentId).limit(1).executeTakeFirst();
    if (ou) return true;
    const account = await db.selectFrom('org_accounts').select('account_id').where('parent_id', '=', parentId).limit(1).executeTakeFirst();
    return account !== undefined;
  }

  async renameOu(db: Db, id: string, name: string): Promise<void> {
    await db.updateTable('org_units').set({ name }).where('id', '=', id).execute();
  }

  async deleteOu(db: Db, id: string): Promise<void> {
    await db.deleteFrom('org_units').where('id', '=', id).execute();
  }

  // ---- member accounts

  async insertMember(db: Db, row: OrgAccountRow): Promise<void> {
    await db.insertInto('org_accounts').values(row).execute();
  }

  async member(db: Db, organizationId: string, accountId: string): Promise<MemberWithPath | undefined> {
    const row = await this.membersQuery(db)
      .where('m.organization_id', '=', organizationId)
      .where('m.account_id', '=', accountId)
      .executeTakeFirst();
    return row && normalizeMember(row);
  }

  async members(db: Db, organizationId: string, after: string | undefined, limit: number): Promise<MemberWithPath[]> {
    let q = this.membersQuery(db).where('m.organization_id', '=', organizationId);
    if (after !== undefined) q = q.where('m.account_id', '>', after);
    return (await q.orderBy('m.account_id').limit(limit).execute()).map(normalizeMember);
  }

  async membersForParent(db: Db, parentId: string, after: string | undefined, limit: number): Promise<MemberWithPath[]> {
    let q = this.membersQuery(db).where('m.parent_id', '=', parentId);
    if (after !== undefined) q = q.where('m.account_id', '>', after);
    return (await q.orderBy('m.account_id').limit(limit).execute()).map(normalizeMember);
  }

  async childAccountIds(db: Db, parentId: string, after: string | undefined, limit: number): Promise<string[]> {
    let q = db.selectFrom('org_accounts').select('account_id').where('parent_id', '=', parentId);
    if (after !== undefined) q = q.where('account_id', '>', after);
    return (await q.orderBy('account_id').limit(limit).execute()).map((r) => r.account_id);
  }

  async childOuIds(db: Db, parentId: string, after: string | undefined, limit: number): Promise<string[]> {
    let q = db.selectFrom('org_units').select('id').where('parent_id', '=', parentId);
    if (after !== undefined) q = q.where('id', '>', after);
    return (await q.orderBy('id').limit(limit).execute()).map((r) => r.id);
  }

  async memberCount(db: Db, organizationId: string): Promise<number> {
    const row = await db
      .selectFrom('org_accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Members that joined by invitation, other than the management account (EnableAllFeatures asks them). */
  async invitedMemberIds(db: Db, organizationId: string, managementAccountId: string): Promise<string[]> {
    const rows = await db
      .selectFrom('org_accounts')
      .select('account_id')
      .where('organization_id', '=', organizationId)
      .where('joined_method', '=', 'INVITED')
      .where('account_id', '!=', managementAccountId)
      .orderBy('account_id')
      .execute();
    return rows.map((r) => r.account_id);
  }

  async moveMember(db: Db, accountId: string, parentId: string): Promise<void> {
    await db.updateTable('org_accounts').set({ parent_id: parentId }).where('account_id', '=', accountId).execute();
  }

  async deleteMember(db: Db, accountId: string): Promise<void> {
    await db.deleteFrom('org_accounts').where('account_id', '=', accountId).execute();
  }

  async setCloseRequested(db: Db, accountId: string, at: number): Promise<void> {
    await db.updateTable('org_accounts').set({ close_requested_at: at }).where('account_id', '=', accountId).execute();
  }

  async setClosed(db: Db, accountId: string, at: number): Promise<void> {
    await db.updateTable('org_accounts').set({ closed_at: at }).where('account_id', '=', accountId).execute();
  }

  async closuresSince(db: Db, organizationId: string, since: number): Promise<number> {
    const row = await db
      .selectFrom('org_accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('close_requested_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  private membersQuery(db: Db) {
    return db
      .selectFrom('org_accounts as m')
      .leftJoin('org_units as u', 'u.id', 'm.parent_id')
      .select([
        'm.account_id',
        'm.organization_id',
        'm.parent_id',
        'm.joined_method',
        'm.joined_at',
        'm.close_requested_at',
        'm.closed_at',
        'u.path as parent_path',
      ]);
  }

  // ---- account creation requests

  async insertCreateAccountRequest(db: Db, row: CreateAccountRequestRow): Promise<void> {
    await db.insertInto('org_create_account_requests').values(row).execute();
  }

  async createAccountRequest(db: Db, id: string): Promise<CreateAccountRequestRow | undefined> {
    const row = await db.selectFrom('org_create_account_requests').selectAll().where('id', '=', id).executeTakeFirst();
    return row && normalizeRequest(row);
  }

  /** Newest first: keyset on (requested_at, id) descending. */
  async createAccountRequests(
    db: Db,
    organizationId: string,
    states: readonly CreateAccountState[] | undefined,
    after: { readonly at: number; readonly id: string } | undefined,
    limit: number,
  ): Promise<CreateAccountRequestRow[]> {
    let q = db.selectFrom('org_create_account_requests').selectAll().where('organization_id', '=', organizationId);
    if (states && states.length > 0) q = q.where('state', 'in', states);
    if (after) {
      q = q.where((eb) => eb.or([eb('requested_at', '<', after.at), eb.and([eb('requested_at', '=', after.at), eb('id', '<', after.id)])]));
    }
    const rows = await q.orderBy('requested_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(normalizeRequest);
  }

  async completeCreateAccountRequest(
    db: Db,
    id: string,
    outcome: { readonly state: 'SUCCEEDED' | 'FAILED'; readonly accountId?: string; readonly failureReason?: string; readonly at: number },
  ): Promise<void> {
    await db
      .updateTable('org_create_account_requests')
      .set({
        state: outcome.state,
        account_id: outcome.accountId ?? null,
        failure_reason: outcome.failureReason ?? null,
        completed_at: outcome.at,
      })
      .where('id', '=', id)
      .where('state', '=', 'IN_PROGRESS')
      .execute();
  }

  // ---- handshakes

  async insertHandshake(db: Db, row: HandshakeRow): Promise<void> {
    await db.insertInto('org_handshakes').values(row).execute();
  }

  async handshake(db: Db, id: string): Promise<HandshakeRow | undefined> {
    const row = await db.selectFrom('org_handshakes').selectAll().where('id', '=', id).executeTakeFirst();
    return row && normalizeHandshake(row);
  }

  async childHandshakes(db: Db, parentId: string): Promise<HandshakeRow[]> {
    const rows = await db.selectFrom('org_handshakes').selectAll().where('parent_handshake_id', '=', parentId).orderBy('id').execute();
    return rows.map(normalizeHandshake);
  }

  async setHandshakeState(db: Db, id: string, state: StoredHandshakeState, at: number): Promise<void> {
    await db.updateTable('org_handshakes').set({ state, updated_at: at }).where('id', '=', id).execute();
  }

  /** Open (not expired) handshakes of an organization with this action, optionally to one recipient. */
  async openHandshakes(db: Db, organizationId: string, action: HandshakeAction, now: number, recipientAccountId?: string): Promise<HandshakeRow[]> {
    let q = db
      .selectFrom('org_handshakes')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('action', '=', action)
      .where('state', 'in', OPEN_STATES)
      .where('expires_at', '>', now);
    if (recipientAccountId !== undefined) q = q.where('recipient_account_id', '=', recipientAccountId);
    return (await q.execute()).map(normalizeHandshake);
  }

  async handshakesSent(db: Db, organizationId: string, filter: HandshakeFilterQuery, now: number, after: string | undefined, limit: number) {
    let q = db.selectFrom('org_handshakes').selectAll().where('organization_id', '=', organizationId);
    q = this.handshakeFilters(q, filter, now);
    if (after !== undefined) q = q.where('id', '>', after);
    return (await q.orderBy('id').limit(limit).execute()).map(normalizeHandshake);
  }

  async handshakesReceived(db: Db, accountId: string, filter: HandshakeFilterQuery, now: number, after: string | undefined, limit: number) {
    let q = db.selectFrom('org_handshakes').selectAll().where('recipient_account_id', '=', accountId);
    q = this.handshakeFilters(q, filter, now);
    if (after !== undefined) q = q.where('id', '>', after);
    return (await q.orderBy('id').limit(limit).execute()).map(normalizeHandshake);
  }

  // Terminal handshakes (and expired ones) are listed for 30 days after they got there, as AWS does.
  private handshakeFilters(q: HandshakeQuery, filter: HandshakeFilterQuery, now: number): HandshakeQuery {
    const since = now - HANDSHAKE_RETENTION_MS;
    let out = q.where((eb) =>
      eb.or([
        eb.and([eb('state', 'in', OPEN_STATES), eb('expires_at', '>=', since)]),
        eb.and([eb('state', 'not in', OPEN_STATES), eb('updated_at', '>=', since)]),
      ]),
    );
    if (filter.action !== undefined) out = out.where('action', '=', filter.action);
    if (filter.parentHandshakeId !== undefined) out = out.where('parent_handshake_id', '=', filter.parentHandshakeId);
    return out;
  }

  // ---- tags

  async tags(db: Db, organizationId: string, resourceId: string): Promise<{ key: string; value: string }[]> {
    return await db
      .selectFrom('org_tags')
      .select(['key', 'value'])
      .where('organization_id', '=', organizationId)
      .where('resource_id', '=', resourceId)
      .orderBy('key')
      .execute();
  }

  async putTags(db: Db, organizationId: string, resourceId: string, tags: readonly { readonly key: string; readonly value: string }[]): Promise<void> {
    if (tags.length === 0) return;
    await this.deleteTags(db, organizationId, resourceId, tags.map((t) => t.key));
    await db
      .insertInto('org_tags')
      .values(tags.map((t) => ({ organization_id: organizationId, resource_id: resourceId, key: t.key, value: t.value })))
      .execute();
  }

  async deleteTags(db: Db, organizationId: string, resourceId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await db
      .deleteFrom('org_tags')
      .where('organization_id', '=', organizationId)
      .where('resource_id', '=', resourceId)
      .where('key', 'in', keys)
      .execute();
  }

  async deleteAllTags(db: Db, organizationId: string, resourceId: string): Promise<void> {
    await db.deleteFrom('org_tags').where('organization_id', '=', organizationId).where('resource_id', '=', resourceId).execute();
  }

  // ---- trusted service access

  async serviceAccess(db: Db, organizationId: string, servicePrincipal: string): Promise<{ enabled_at: number } | undefined> {
    const row = await db
      .selectFrom('org_service_access')
      .select('enabled_at')
      .where('organization_id', '=', organizationId)
      .where('service_principal', '=', servicePrincipal)
      .executeTakeFirst();
    return row && { enabled_at: Number(row.enabled_at) };
  }

  async enableServiceAccess(db: Db, organizationId: string, servicePrincipal: string, at: number): Promise<void> {
    await db
      .insertInto('org_service_access')
      .values({ organization_id: organizationId, service_principal: servicePrincipal, enabled_at: at })
      .onConflict((oc) => oc.columns(['organization_id', 'service_principal']).doNothing())
      .execute();
  }

  async disableServiceAccess(db: Db, organizationId: string, servicePrincipal: string): Promise<void> {
    await db.deleteFrom('org_service_access').where('organization_id', '=', organizationId).where('service_principal', '=', servicePrincipal).execute();
  }

  async servicesWithAccess(db: Db, organizationId: string, after: string | undefined, limit: number) {
    let q = db.selectFrom('org_service_access').select(['service_principal', 'enabled_at']).where('organization_id', '=', organizationId);
    if (after !== undefined) q = q.where('service_principal', '>', after);
    const rows = await q.orderBy('service_principal').limit(limit).execute();
    return rows.map((r) => ({ service_principal: r.service_principal, enabled_at: Number(r.enabled_at) }));
  }

  // ---- delegated administrators

  async delegation(db: Db, organizationId: string, accountId: string, servicePrincipal: string): Promise<boolean> {
    const row = await db
      .selectFrom('org_delegated_admins')
      .select('account_id')
      .where('organization_id', '=', organizationId)
      .where('account_id', '=', accountId)
      .where('service_principal', '=', servicePrincipal)
      .executeTakeFirst();
    return row !== undefined;
  }

  async isDelegatedAdministrator(db: Db, organizationId: string, accountId: string): Promise<boolean> {
    const row = await db
      .selectFrom('org_delegated_admins')
      .select('account_id')
      .where('organization_id', '=', organizationId)
      .where('account_id', '=', accountId)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async delegationCount(db: Db, organizationId: string, servicePrincipal: string): Promise<number> {
    const row = await db
      .selectFrom('org_delegated_admins')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('organization_id', '=', organizationId)
      .where('service_principal', '=', servicePrincipal)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertDelegation(db: Db, organizationId: string, accountId: string, servicePrincipal: string, at: number): Promise<void> {
    await db
      .insertInto('org_delegated_admins')
      .values({ organization_id: organizationId, account_id: accountId, service_principal: servicePrincipal, enabled_at: at })
      .execute();
  }

  async deleteDelegation(db: Db, organizationId: string, accountId: string, servicePrincipal: string): Promise<void> {
    await db
      .deleteFrom('org_delegated_admins')
      .where('organization_id', '=', organizationId)
      .where('account_id', '=', accountId)
      .where('service_principal', '=', servicePrincipal)
      .execute();
  }

  async deleteDelegationsForService(db: Db, organizationId: string, servicePrincipal: string): Promise<void> {
    await db.deleteFrom('org_delegated_admins').where('organization_id', '=', organizationId).where('service_principal', '=', servicePrincipal).execute();
  }

  /** One row per delegated administrator account, with its earliest delegation (or that of the one service). */
  async delegatedAdministrators(db: Db, organizationId: string, servicePrincipal: string | undefined, after: string | undefined, limit: number) {
    let q = db
      .selectFrom('org_delegated_admins')
      .select((eb) => ['account_id', eb.fn.min<number>('enabled_at').as('enabled_at')])
      .where('organization_id', '=', organizationId);
    if (servicePrincipal !== undefined) q = q.where('service_principal', '=', servicePrincipal);
    if (after !== undefined) q = q.where('account_id', '>', after);
    const rows = await q.groupBy('account_id').orderBy('account_id').limit(limit).execute();
    return rows.map((r) => ({ account_id: r.account_id, enabled_at: Number(r.enabled_at) }));
  }

  async delegatedServices(db: Db, organizationId: string, accountId: string, after: string | undefined, limit: number) {
    let q = db
      .selectFrom('org_delegated_admins')
      .select(['service_principal', 'enabled_at'])
      .where('organization_id', '=', organizationId)
      .where('account_id', '=', accountId);
    if (after !== undefined) q = q.where('service_principal', '>', after);
    const rows = await q.orderBy('service_principal').limit(limit).execute();
    return rows.map((r) => ({ service_principal: r.service_principal, enabled_at: Number(r.enabled_at) }));
  }

  // ---- resource policy

  async resourcePolicy(db: Db, organizationId: string) {
    const row = await db.selectFrom('org_resource_policies').selectAll().where('organization_id', '=', organizationId).executeTakeFirst();
    return row && { ...row, created_at: Number(row.created_at), updated_at: Number(row.updated_at) };
  }

  async insertResourcePolicy(db: Db, organizationId: string, id: string, content: string, at: number): Promise<void> {
    await db
      .insertInto('org_resource_policies')
      .values({ organization_id: organizationId, id, content, created_at: at, updated_at: at })
      .execute();
  }

  async updateResourcePolicy(db: Db, organizationId: string, content: string, at: number): Promise<void> {
    await db.updateTable('org_resource_policies').set({ content, updated_at: at }).where('organization_id', '=', organizationId).execute();
  }

  async deleteResourcePolicy(db: Db, organizationId: string): Promise<void> {
    await db.deleteFrom('org_resource_policies').where('organization_id', '=', organizationId).execute();
  }

  // ---- responsibility transfers

  async insertTransfer(db: Db, row: TransferRow): Promise<void> {
    await db.insertInto('org_responsibility_transfers').values(row).execute();
  }

  async transfer(db: Db, id: string): Promise<TransferRow | undefined> {
    const row = await db.selectFrom('org_responsibility_transfers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && normalizeTransfer(row);
  }

  async setTransfer(db: Db, id: string, values: { status?: TransferStatus; name?: string; end_at?: number | null; source_organization_id?: string }, at: number) {
    await db
      .updateTable('org_responsibility_transfers')
      .set({ ...values, updated_at: at })
      .where('id', '=', id)
      .execute();
  }

  async inboundTransfers(db: Db, organizationId: string, type: string, id: string | undefined, after: string | undefined, limit: number) {
    let q = db.selectFrom('org_responsibility_transfers').selectAll().where('target_organization_id', '=', organizationId).where('type', '=', type);
    if (id !== undefined) q = q.where('id', '=', id);
    if (after !== undefined) q = q.where('id', '>', after);
    return (await q.orderBy('id').limit(limit).execute()).map(normalizeTransfer);
  }

  async outboundTransfers(db: Db, managementAccountId: string, type: string, after: string | undefined, limit: number) {
    let q = db.selectFrom('org_responsibility_transfers').selectAll().where('source_account_id', '=', managementAccountId).where('type', '=', type);
    if (after !== undefined) q = q.where('id', '>', after);
    return (await q.orderBy('id').limit(limit).execute()).map(normalizeTransfer);
  }

  /** REQUESTED or ACCEPTED transfers an organization takes part in, either side (DeleteOrganization refuses them). */
  async activeTransfers(db: Db, organizationId: string, managementAccountId: string): Promise<TransferRow[]> {
    const rows = await db
      .selectFrom('org_responsibility_transfers')
      .selectAll()
      .where('status', 'in', ['REQUESTED', 'ACCEPTED'])
      .where((eb) => eb.or([eb('target_organization_id', '=', organizationId), eb('source_account_id', '=', managementAccountId)]))
      .execute();
    return rows.map(normalizeTransfer);
  }
}

// bigint columns arrive as numbers on both dialects (see the dialects); these keep the types honest about it.

function normalizeMember(row: {
  account_id: string;
  organization_id: string;
  parent_id: string;
  joined_method: OrgAccountRow['joined_method'];
  joined_at: number;
  close_requested_at: number | null;
  closed_at: number | null;
  parent_path: string | null;
}): MemberWithPath {
  return {
    ...row,
    joined_at: Number(row.joined_at),
    close_requested_at: row.close_requested_at === null ? null : Number(row.close_requested_at),
    closed_at: row.closed_at === null ? null : Number(row.closed_at),
  };
}

function normalizeRequest(row: CreateAccountRequestRow): CreateAccountRequestRow {
  return { ...row, requested_at: Number(row.requested_at), completed_at: row.completed_at === null ? null : Number(row.completed_at) };
}

function normalizeHandshake(row: HandshakeRow): HandshakeRow {
  return { ...row, requested_at: Number(row.requested_at), expires_at: Number(row.expires_at), updated_at: Number(row.updated_at) };
}

function normalizeTransfer(row: TransferRow): TransferRow {
  return {
    ...row,
    start_at: Number(row.start_at),
    end_at: row.end_at === null ? null : Number(row.end_at),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

/** A row of accountOrganizationQuery as the organization and the membership it joins. */
function splitOrganization(row: Omit<OrganizationRow, 'id'> & OrgAccountRow & { readonly org_id: string }): { org: OrganizationRow; member: OrgAccountRow } {
  return {
    org: {
      id: row.org_id,
      feature_set: row.feature_set,
      management_account_id: row.management_account_id,
      root_id: row.root_id,
      created_at: Number(row.created_at),
    },
    member: {
      account_id: row.account_id,
      organization_id: row.organization_id,
      parent_id: row.parent_id,
      joined_method: row.joined_method,
      joined_at: Number(row.joined_at),
      close_requested_at: row.close_requested_at === null ? null : Number(row.close_requested_at),
      closed_at: row.closed_at === null ? null : Number(row.closed_at),
    },
  };
}
