import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Clock } from '../../lib/clock.js';
import type { Store } from '../../store/database.js';
import type { AccountRow, Database, OrganizationRow, OrgAccountRow, OrgUnitRow, TransferRow } from '../../store/schema.js';
import { orgErrors } from './errors.js';
import { arns } from './ids.js';
import type { IamAccounts, OrganizationFacts, PolicyHooks } from './ports.js';
import type { MemberWithPath } from './store.js';
import { OrganizationsStore } from './store.js';

// What every part of the Organizations core shares: the store, IAM, the clock, the policies part's hooks, and the
// questions each operation starts with (whose organization is this, may the caller do it, what is this parent).

type Db = Kysely<Database>;

export interface OrganizationsDeps {
  readonly store: Store;
  readonly iam: IamAccounts;
  readonly clock: Clock;
  /** How long CreateAccount (and CloseAccount) take to complete; 0 runs the job at once. */
  readonly accountCreationDelayMs: number;
  /** Asks the job runner to look for due jobs at this time (epoch ms), after the enqueueing transaction commits. */
  readonly wakeJobsAt: (at: number) => void;
}

/** The caller's organization and membership, as each operation starts by establishing. */
export interface CallerOrg {
  readonly org: OrganizationRow;
  readonly facts: OrganizationFacts;
  readonly member: OrgAccountRow;
  readonly isManagement: boolean;
}

export type AccountStateName = 'PENDING_ACTIVATION' | 'ACTIVE' | 'SUSPENDED' | 'PENDING_CLOSURE' | 'CLOSED';

export interface AccountView {
  readonly id: string;
  readonly arn: string;
  readonly email: string;
  readonly name: string;
  readonly status: AccountRow['status'];
  readonly state: AccountStateName;
  readonly paths: readonly string[];
  readonly joinedMethod: 'CREATED' | 'INVITED';
  readonly joinedAt: number;
}

/** A root or an OU: what ParentId, DestinationParentId and friends name. */
export interface ParentView {
  readonly type: 'ROOT' | 'ORGANIZATIONAL_UNIT';
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  /** 0 for the root. */
  readonly depth: number;
  /** o-x/r-x/(ou-.../)* */
  readonly path: string;
}

/** A responsibility transfer and how one organization sees it. */
export interface SeenTransfer {
  readonly row: TransferRow;
  readonly direction: 'inbound' | 'outbound';
  readonly arn: string;
}

/** The inviter (the transfer's Target) sees a transfer as inbound, the invited organization (its Source) as
 * outbound. */
export function transferDirection(org: OrganizationRow, row: TransferRow): 'inbound' | 'outbound' {
  return row.target_organization_id === org.id ? 'inbound' : 'outbound';
}

export const ROOT_NAME = 'Root';

export class OrgCore {
  readonly q = new OrganizationsStore();
  readonly store: Store;
  readonly iam: IamAccounts;
  readonly clock: Clock;
  readonly accountCreationDelayMs: number;
  readonly wakeJobsAt: (at: number) => void;
  #hooks: PolicyHooks | undefined;

  constructor(deps: OrganizationsDeps) {
    this.store = deps.store;
    this.iam = deps.iam;
    this.clock = deps.clock;
    this.accountCreationDelayMs = deps.accountCreationDelayMs;
    this.wakeJobsAt = deps.wakeJobsAt;
  }

  get db(): Db {
    return this.store.db;
  }

  /** The policies part is built with the core as its directory, then handed back here (index.ts). */
  bindPolicyHooks(hooks: PolicyHooks): void {
    this.#hooks = hooks;
  }

  get hooks(): PolicyHooks {
    if (!this.#hooks) throw new Error('the Organizations policies part is not bound to the core');
    return this.#hooks;
  }

  now(): number {
    return this.clock.now().getTime();
  }

  facts(org: OrganizationRow): OrganizationFacts {
    return {
      id: org.id,
      arn: arns.organization(org.management_account_id, org.id),
      featureSet: org.feature_set,
      managementAccountId: org.management_account_id,
      rootId: org.root_id,
    };
  }

  /** The caller's organization; AWSOrganizationsNotInUseException when its account is in none. */
  async callerOrg(principal: Principal, db: Db = this.db): Promise<CallerOrg> {
    const found = await this.q.organizationOfAccount(db, principal.accountId);
    if (!found) throw orgErrors.notInUse();
    return {
      org: found.org,
      facts: this.facts(found.org),
      member: found.member,
      isManagement: found.org.management_account_id === principal.accountId,
    };
  }

  /** Operations only the management account may call. */
  async requireManagement(principal: Principal, db: Db = this.db): Promise<CallerOrg> {
    const caller = await this.callerOrg(principal, db);
    if (!caller.isManagement) throw orgErrors.accessDenied();
    return caller;
  }

  /** Read operations AWS opens to "the management account or a member account that is a delegated administrator". */
  async requireReader(principal: Principal, db: Db = this.db): Promise<CallerOrg> {
    const caller = await this.callerOrg(principal, db);
    if (!caller.isManagement && !(await this.q.isDelegatedAdministrator(db, caller.org.id, principal.accountId))) {
      throw orgErrors.accessDenied();
    }
    return caller;
  }

  requireAllFeatures(caller: CallerOrg): void {
    if (caller.org.feature_set !== 'ALL') throw orgErrors.constraint('ORGANIZATION_NOT_IN_ALL_FEATURES_MODE');
  }

  rootView(org: OrganizationRow): ParentView {
    return {
      type: 'ROOT',
      id: org.root_id,
      arn: arns.root(org.management_account_id, org.id, org.root_id),
      name: ROOT_NAME,
      depth: 0,
      path: `${org.id}/${org.root_id}/`,
    };
  }

  ouView(org: OrganizationRow, ou: OrgUnitRow): ParentView {
    return {
      type: 'ORGANIZATIONAL_UNIT',
      id: ou.id,
      arn: arns.ou(org.management_account_id, org.id, ou.id),
      name: ou.name,
      depth: Number(ou.depth),
      path: ou.path,
    };
  }

  /** The root or an OU of the organization by id, or undefined. */
  async parent(org: OrganizationRow, id: string, db: Db = this.db): Promise<ParentView | undefined> {
    if (id === org.root_id) return this.rootView(org);
    if (!id.startsWith('ou-')) return undefined;
    const ou = await this.q.ou(db, org.id, id);
    return ou && this.ouView(org, ou);
  }

  /** Account views for membership rows (one IAM lookup for the batch), in the rows' order. */
  async accountViews(org: OrganizationRow, members: readonly MemberWithPath[], db: Db = this.db): Promise<AccountView[]> {
    const accounts = new Map((await this.iam.accounts(members.map((m) => m.account_id), db)).map((a) => [a.id, a]));
    return members.map((member) => {
      const account = accounts.get(member.account_id);
      if (!account) throw new Error(`organization member ${member.account_id} has no account row`);
      return this.accountView(org, member, account);
    });
  }

  accountView(org: OrganizationRow, member: MemberWithPath, account: AccountRow): AccountView {
    const parentPath = member.parent_path ?? `${org.id}/${org.root_id}/`;
    return {
      id: account.id,
      arn: arns.account(org.management_account_id, org.id, account.id),
      email: account.email,
      name: account.name,
      status: account.status,
      state: accountState(account.status, member),
      paths: [`${parentPath}${account.id}/`],
      joinedMethod: member.joined_method,
      joinedAt: Number(member.joined_at),
    };
  }

  /** A responsibility transfer as the organization sees it (its ARN names the direction), or undefined when it is
   * not one of the organization's, inbound or outbound. */
  async transferSeenBy(org: OrganizationRow, id: string, db: Db = this.db): Promise<SeenTransfer | undefined> {
    const row = await this.q.transfer(db, id);
    if (!row || !(row.target_organization_id === org.id || row.source_account_id === org.management_account_id)) return undefined;
    const direction = transferDirection(org, row);
    return { row, direction, arn: arns.transfer(org.management_account_id, org.id, row.type, direction, row.id) };
  }

  async accountViewOf(org: OrganizationRow, accountId: string, db: Db = this.db): Promise<AccountView | undefined> {
    // The account row first, then the membership: a closure commits both, and reading them in this order can only
    // see it whole or not yet (the other order can see SUSPENDED without closed_at, a State that never existed).
    const [account] = await this.iam.accounts([accountId], db);
    const member = await this.q.member(db, org.id, accountId);
    if (!member || !account) return undefined;
    return this.accountView(org, member, account);
  }
}

/** The account's lifecycle State from its Status and closure: SUSPENDED after CloseAccount is AWS's CLOSED. */
function accountState(status: AccountRow['status'], member: OrgAccountRow): AccountStateName {
  if (status === 'SUSPENDED') return member.closed_at !== null ? 'CLOSED' : 'SUSPENDED';
  return status;
}
