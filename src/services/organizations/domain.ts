import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Database, FeatureSet, OrganizationRow } from '../../store/schema.js';
import { ROOT_NAME, type AccountView, type CallerOrg, type OrgCore, type ParentView } from './core.js';
import { orgErrors } from './errors.js';
import { arns, newOrganizationalUnitId, newOrganizationId, newRootId } from './ids.js';
import { pageCursor, toPage, toPageAsync, type Page, type PageRequest } from './pagination.js';
import type { AccountMembership, OrgDirectory, OrganizationFacts, OrgTag, OrgTarget } from './ports.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import type { TagsDomain } from './tags.js';

// The organization, its root, its OUs and where its accounts sit: the rules of AWS Organizations' tree, and the
// directory the policies part asks about it.

type Db = Kysely<Database>;

/** AWS: OUs nest at most five levels below the root, and an organization has at most 2,000 of them. */
export const MAX_OU_DEPTH = 5;
export const MAX_OUS = 2000;
/** AWS: a created account can leave its organization four days after it was created; invited ones at once. */
export const LEAVE_WAIT_MS = 4 * 24 * 3600 * 1000;

export interface OrganizationView {
  readonly id: string;
  readonly arn: string;
  readonly featureSet: FeatureSet;
  readonly managementAccountId: string;
  readonly managementAccountArn: string;
  readonly managementAccountEmail: string;
  readonly availablePolicyTypes: readonly { readonly Type: string; readonly Status: string }[];
}

export interface RootView {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly policyTypes: readonly { readonly Type: string; readonly Status: string }[];
}

export interface OuView {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly path: string;
}

export interface ChildView {
  readonly id: string;
  readonly type: 'ACCOUNT' | 'ORGANIZATIONAL_UNIT';
}

export interface ParentRef {
  readonly id: string;
  readonly type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
}

export class OrganizationsDomain implements OrgDirectory {
  constructor(
    private readonly core: OrgCore,
    private readonly tags: TagsDomain,
  ) {}

  // ---- the organization

  async createOrganization(principal: Principal, featureSet: FeatureSet = 'ALL'): Promise<OrganizationView> {
    const { core } = this;
    const now = core.now();
    try {
      return await core.store.transaction(async (trx) => {
        if (await core.q.organizationOfAccount(trx, principal.accountId)) throw orgErrors.alreadyInOrganization();
        const account = await core.iam.account(principal.accountId, trx);
        if (!account) throw new Error(`the caller's account ${principal.accountId} does not exist`);
        let rootId = newRootId();
        // 36^4 roots: check rather than trust chance; the unique index backs this up
        while (await trx.selectFrom('organizations').select('id').where('root_id', '=', rootId).executeTakeFirst()) rootId = newRootId();
        const org: OrganizationRow = {
          id: newOrganizationId(),
          feature_set: featureSet,
          management_account_id: account.id,
          root_id: rootId,
          created_at: now,
        };
        await core.q.insertOrganization(trx, org);
        await core.q.insertMember(trx, {
          account_id: account.id,
          organization_id: org.id,
          parent_id: org.root_id,
          joined_method: 'INVITED',
          joined_at: now,
          close_requested_at: null,
          closed_at: null,
        });
        const facts = core.facts(org);
        const root = core.rootView(org);
        await core.hooks.targetCreated(trx, facts, { type: 'ROOT', id: root.id, arn: root.arn, name: root.name });
        await core.hooks.targetCreated(trx, facts, {
          type: 'ACCOUNT',
          id: account.id,
          arn: arns.account(org.management_account_id, org.id, account.id),
          name: account.name,
        });
        return this.organizationView(org, trx);
      });
    } catch (error) {
      // two CreateOrganization calls from one account at once: the unique indexes let one through
      if (isUniqueViolation(error)) throw orgErrors.alreadyInOrganization();
      throw error;
    }
  }

  /** Any account of the organization may describe it. */
  async describeOrganization(principal: Principal): Promise<OrganizationView> {
    const caller = await this.core.callerOrg(principal);
    return this.organizationView(caller.org);
  }

  async deleteOrganization(principal: Principal): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const org = caller.org;
      if ((await core.q.memberCount(trx, org.id)) > 1) throw orgErrors.organizationNotEmpty();
      const creating = await trx
        .selectFrom('org_create_account_requests')
        .select('id')
        .where('organization_id', '=', org.id)
        .where('state', '=', 'IN_PROGRESS')
        .limit(1)
        .executeTakeFirst();
      if (creating) throw orgErrors.organizationNotEmpty();
      if ((await core.q.activeTransfers(trx, org.id, org.management_account_id)).length > 0) {
        throw orgErrors.constraint('ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS');
      }
      await core.hooks.organizationDeleted(trx, org.id);
      await core.q.deleteOrganization(trx, org.id);
    });
  }

  async organizationView(org: OrganizationRow, db: Db = this.core.db): Promise<OrganizationView> {
    const management = await this.core.iam.account(org.management_account_id, db);
    return {
      id: org.id,
      arn: arns.organization(org.management_account_id, org.id),
      featureSet: org.feature_set,
      managementAccountId: org.management_account_id,
      managementAccountArn: arns.account(org.management_account_id, org.id, org.management_account_id),
      managementAccountEmail: management?.email ?? '',
      availablePolicyTypes: await this.core.hooks.policyTypes(org.id, db),
    };
  }

  async listRoots(principal: Principal, request: PageRequest): Promise<Page<RootView>> {
    const caller = await this.core.requireReader(principal);
    const scope = `organizations:ListRoots:${caller.org.id}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = after !== undefined && after >= caller.org.root_id ? [] : [caller.org];
    return toPageAsync(scope, rows, limit, (org) => org.root_id, (orgs) => Promise.all(orgs.map((org) => this.rootOf(org))));
  }

  async rootOf(org: OrganizationRow, db: Db = this.core.db): Promise<RootView> {
    const root = this.core.rootView(org);
    return { id: root.id, arn: root.arn, name: ROOT_NAME, policyTypes: await this.core.hooks.policyTypes(org.id, db) };
  }

  // ---- organizational units

  async createOrganizationalUnit(principal: Principal, parentId: string, name: string, tags: readonly OrgTag[] = []): Promise<OuView> {
    const { core } = this;
    this.tags.checkTags(tags);
    try {
      return await core.store.transaction(async (trx) => {
        const caller = await core.requireManagement(principal, trx);
        const { org } = caller;
        const parent = await core.parent(org, parentId, trx);
        if (!parent) throw orgErrors.parentNotFound();
        if (parent.depth + 1 > MAX_OU_DEPTH) throw orgErrors.constraint('OU_DEPTH_LIMIT_EXCEEDED');
        if ((await core.q.ouCount(trx, org.id)) >= MAX_OUS) throw orgErrors.constraint('OU_NUMBER_LIMIT_EXCEEDED');
        if (await core.q.ouByName(trx, parent.id, name)) throw orgErrors.duplicateOu();
        let id = newOrganizationalUnitId(org.root_id);
        while (await trx.selectFrom('org_units').select('id').where('id', '=', id).executeTakeFirst()) id = newOrganizationalUnitId(org.root_id);
        const row = { id, organization_id: org.id, parent_id: parent.id, name, depth: parent.depth + 1, path: `${parent.path}${id}/`, created_at: core.now() };
        await core.q.insertOu(trx, row);
        await this.tags.putTags(trx, org.id, id, tags);
        const view = core.ouView(org, row);
        await core.hooks.targetCreated(trx, caller.facts, { type: 'ORGANIZATIONAL_UNIT', id, arn: view.arn, name });
        return ouOf(view);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateOu();
      throw error;
    }
  }

  async describeOrganizationalUnit(principal: Principal, id: string): Promise<OuView> {
    const caller = await this.core.requireReader(principal);
    const ou = await this.core.q.ou(this.core.db, caller.org.id, id);
    if (!ou) throw orgErrors.ouNotFound();
    return ouOf(this.core.ouView(caller.org, ou));
  }

  async updateOrganizationalUnit(principal: Principal, id: string, name: string | undefined): Promise<OuView> {
    const { core } = this;
    try {
      return await core.store.transaction(async (trx) => {
        const caller = await core.requireManagement(principal, trx);
        const ou = await core.q.ou(trx, caller.org.id, id);
        if (!ou) throw orgErrors.ouNotFound();
        if (name === undefined || name === ou.name) return ouOf(core.ouView(caller.org, ou));
        if (await core.q.ouByName(trx, ou.parent_id, name)) throw orgErrors.duplicateOu();
        await core.q.renameOu(trx, id, name);
        return ouOf(core.ouView(caller.org, { ...ou, name }));
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw orgErrors.duplicateOu();
      throw error;
    }
  }

  async deleteOrganizationalUnit(principal: Principal, id: string): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const ou = await core.q.ou(trx, caller.org.id, id);
      if (!ou) throw orgErrors.ouNotFound();
      if (await core.q.hasChildren(trx, id)) throw orgErrors.ouNotEmpty();
      await core.hooks.targetRemoved(trx, caller.org.id, id);
      await core.q.deleteAllTags(trx, caller.org.id, id);
      await core.q.deleteOu(trx, id);
    });
  }

  async listOrganizationalUnitsForParent(principal: Principal, parentId: string, request: PageRequest): Promise<Page<OuView>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListOrganizationalUnitsForParent:${caller.org.id}:${parentId}`;
    const { limit, after } = pageCursor(scope, request);
    if (!(await core.parent(caller.org, parentId))) throw orgErrors.parentNotFound();
    const rows = await core.q.ousForParent(core.db, parentId, after, limit + 1);
    return toPage(scope, rows, limit, (ou) => ou.id, (ou) => ouOf(core.ouView(caller.org, ou)));
  }

  async listChildren(principal: Principal, parentId: string, childType: ChildView['type'], request: PageRequest): Promise<Page<ChildView>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListChildren:${caller.org.id}:${parentId}:${childType}`;
    const { limit, after } = pageCursor(scope, request);
    if (!(await core.parent(caller.org, parentId))) throw orgErrors.parentNotFound();
    const ids =
      childType === 'ACCOUNT'
        ? await core.q.childAccountIds(core.db, parentId, after, limit + 1)
        : await core.q.childOuIds(core.db, parentId, after, limit + 1);
    return toPage(scope, ids, limit, (id) => id, (id) => ({ id, type: childType }));
  }

  async listParents(principal: Principal, childId: string, request: PageRequest): Promise<Page<ParentRef>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListParents:${caller.org.id}:${childId}`;
    const { limit, after } = pageCursor(scope, request);
    let parentId: string | undefined;
    if (/^\d{12}$/.test(childId)) parentId = (await core.q.member(core.db, caller.org.id, childId))?.parent_id;
    else if (childId.startsWith('ou-')) parentId = (await core.q.ou(core.db, caller.org.id, childId))?.parent_id;
    if (parentId === undefined) throw orgErrors.childNotFound();
    const parents: ParentRef[] = [{ id: parentId, type: parentId.startsWith('r-') ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }];
    return toPage(scope, after === undefined ? parents : [], limit, (p) => p.id, (p) => p);
  }

  // ---- accounts in the tree

  async describeAccount(principal: Principal, accountId: string): Promise<AccountView> {
    const caller = await this.core.requireReader(principal);
    const view = await this.core.accountViewOf(caller.org, accountId);
    if (!view) throw orgErrors.accountNotFound();
    return view;
  }

  async listAccounts(principal: Principal, request: PageRequest): Promise<Page<AccountView>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListAccounts:${caller.org.id}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await core.q.members(core.db, caller.org.id, after, limit + 1);
    return toPageAsync(scope, rows, limit, (m) => m.account_id, (page) => core.accountViews(caller.org, page));
  }

  async listAccountsForParent(principal: Principal, parentId: string, request: PageRequest): Promise<Page<AccountView>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListAccountsForParent:${caller.org.id}:${parentId}`;
    const { limit, after } = pageCursor(scope, request);
    if (!(await core.parent(caller.org, parentId))) throw orgErrors.parentNotFound();
    const rows = await core.q.membersForParent(core.db, parentId, after, limit + 1);
    return toPageAsync(scope, rows, limit, (m) => m.account_id, (page) => core.accountViews(caller.org, page));
  }

  async moveAccount(principal: Principal, accountId: string, sourceParentId: string, destinationParentId: string): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const member = await core.q.member(trx, caller.org.id, accountId);
      if (!member) throw orgErrors.accountNotFound();
      if (!(await core.parent(caller.org, sourceParentId, trx))) throw orgErrors.sourceParentNotFound();
      if (!(await core.parent(caller.org, destinationParentId, trx))) throw orgErrors.destinationParentNotFound();
      // The source must be where the account is: a source that exists but holds no such account is not its source.
      if (member.parent_id !== sourceParentId) throw orgErrors.sourceParentNotFound();
      if (member.parent_id === destinationParentId) throw orgErrors.duplicateAccount();
      await core.q.moveMember(trx, accountId, destinationParentId);
    });
  }

  /** RemoveAccountFromOrganization, by the management account. */
  async removeAccount(principal: Principal, accountId: string): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      if (accountId === caller.org.management_account_id) throw orgErrors.masterCannotLeave();
      await this.detach(trx, caller, accountId);
    });
  }

  /** LeaveOrganization, by the member account itself. */
  async leaveOrganization(principal: Principal): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const caller = await core.callerOrg(principal, trx);
      if (caller.isManagement) throw orgErrors.masterCannotLeave();
      await this.detach(trx, caller, principal.accountId);
    });
  }

  /** The account becomes standalone: its membership, its tags in the organization and its policy attachments go. */
  private async detach(trx: Db, caller: CallerOrg, accountId: string): Promise<void> {
    const { core } = this;
    const member = await core.q.member(trx, caller.org.id, accountId);
    if (!member) throw orgErrors.accountNotFound();
    if (await core.q.isDelegatedAdministrator(trx, caller.org.id, accountId)) {
      throw orgErrors.constraint('CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG');
    }
    if (member.joined_method === 'CREATED' && core.now() - member.joined_at < LEAVE_WAIT_MS) {
      throw orgErrors.constraint('WAIT_PERIOD_ACTIVE');
    }
    await core.hooks.targetRemoved(trx, caller.org.id, accountId);
    await core.q.deleteAllTags(trx, caller.org.id, accountId);
    await core.q.deleteMember(trx, accountId);
  }

  // ---- OrgDirectory: what the policies part asks

  async organizationOf(principal: Principal, db?: Db): Promise<OrganizationFacts> {
    return (await this.core.callerOrg(principal, db)).facts;
  }

  /** One read: the organization, the membership and the parent's path, whose OUs (never deleted while they hold
   * anything, never moved) are the account's chain up to the root. */
  async membershipOf(accountId: string, db: Db = this.core.db): Promise<AccountMembership | undefined> {
    const found = await this.core.q.membershipOfAccount(db, accountId);
    if (!found) return undefined;
    const { org, member } = found;
    const parentPath = member.parent_path ?? `${org.id}/${org.root_id}/`;
    return { organization: this.core.facts(org), parentPath, pathIds: [org.root_id, ...ouIdsOf(parentPath), accountId] };
  }

  /** Every member account of the organization, the management account included, in id order ([] for an unknown
   * organization): the access report walks them. */
  async memberAccountIds(organizationId: string, db: Db = this.core.db): Promise<readonly string[]> {
    const ids: string[] = [];
    for (let after: string | undefined; ; ) {
      const rows = await this.core.q.members(db, organizationId, after, 1000);
      ids.push(...rows.map((r) => r.account_id));
      if (rows.length < 1000) return ids;
      after = ids.at(-1);
    }
  }

  requireManagement(principal: Principal, organization: OrganizationFacts): void {
    if (principal.accountId !== organization.managementAccountId) throw orgErrors.accessDenied();
  }

  async target(organizationId: string, id: string, db: Db = this.core.db): Promise<OrgTarget | undefined> {
    const org = await this.core.q.organization(db, organizationId);
    if (!org) return undefined;
    if (/^\d{12}$/.test(id)) {
      const member = await this.core.q.member(db, org.id, id);
      if (!member) return undefined;
      const account = await this.core.iam.account(id, db);
      return { type: 'ACCOUNT', id, arn: arns.account(org.management_account_id, org.id, id), name: account?.name ?? id };
    }
    const parent = await this.core.parent(org, id, db);
    return parent && targetOf(parent);
  }

  async path(organizationId: string, id: string, db: Db = this.core.db): Promise<readonly OrgTarget[]> {
    const org = await this.core.q.organization(db, organizationId);
    if (!org) return [];
    const target = await this.target(organizationId, id, db);
    if (!target) return [];
    let containerPath: string;
    if (target.type === 'ACCOUNT') {
      const member = await this.core.q.member(db, org.id, id);
      containerPath = member?.parent_path ?? `${org.id}/${org.root_id}/`;
    } else if (target.type === 'ORGANIZATIONAL_UNIT') {
      containerPath = (await this.core.q.ou(db, org.id, id))?.path ?? '';
    } else {
      return [target];
    }
    const ouIds = ouIdsOf(containerPath);
    const ous = new Map((await this.core.q.ous(db, ouIds)).map((ou) => [ou.id, ou]));
    const chain: OrgTarget[] = [targetOf(this.core.rootView(org))];
    for (const ouId of ouIds) {
      const ou = ous.get(ouId);
      if (ou) chain.push(targetOf(this.core.ouView(org, ou)));
    }
    if (target.type === 'ACCOUNT') chain.push(target);
    return chain;
  }

  async putTags(db: Db, organizationId: string, resourceId: string, tags: readonly OrgTag[]): Promise<void> {
    await this.tags.putTags(db, organizationId, resourceId, tags);
  }

  async deleteTags(db: Db, organizationId: string, resourceId: string): Promise<void> {
    await this.core.q.deleteAllTags(db, organizationId, resourceId);
  }

  async serviceAccessEnabled(organizationId: string, servicePrincipal: string, db: Db = this.core.db): Promise<boolean> {
    return (await this.core.q.serviceAccess(db, organizationId, servicePrincipal)) !== undefined;
  }

  async isMember(organizationId: string, accountId: string, db: Db = this.core.db): Promise<boolean> {
    return (await this.core.q.member(db, organizationId, accountId)) !== undefined;
  }

  async enableServiceAccess(db: Db, organizationId: string, servicePrincipal: string): Promise<void> {
    await this.core.q.enableServiceAccess(db, organizationId, servicePrincipal, this.core.now());
  }
}

function ouOf(view: ParentView): OuView {
  return { id: view.id, arn: view.arn, name: view.name, path: view.path };
}

/** o-x/r-x/ou-a/ou-b/: the OUs from the root down. */
function ouIdsOf(path: string): string[] {
  return path.split('/').filter((part) => part.startsWith('ou-'));
}

function targetOf(view: ParentView): OrgTarget {
  return { type: view.type, id: view.id, arn: view.arn, name: view.name };
}
