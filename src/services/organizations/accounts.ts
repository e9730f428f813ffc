import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import { enqueue, type JobContext, type JobHandlers } from '../../store/jobs.js';
import type { CreateAccountRequestRow, CreateAccountState, Database } from '../../store/schema.js';
import type { OrgCore } from './core.js';
import { orgErrors } from './errors.js';
import { arns, newCreateAccountRequestId } from './ids.js';
import { joinKey, pageCursor, splitKey, toPage, type Page, type PageRequest } from './pagination.js';
import type { OrgTag } from './ports.js';
import type { TagsDomain } from './tags.js';

// Accounts created by the organization and closed by it: both asynchronous in AWS, both durable jobs here. A request
// commits its row and its job together; the job finishes the work in one transaction of its own, so a crash or a
// second replica neither loses nor duplicates an account (a retried job finds the request no longer IN_PROGRESS).

type Db = Kysely<Database>;

export const CREATE_ACCOUNT_JOB = 'organizations.create-account';
export const CLOSE_ACCOUNT_JOB = 'organizations.close-account';
export const DEFAULT_ROLE_NAME = 'OrganizationAccountAccessRole';
export const ADMINISTRATOR_ACCESS = 'arn:aws:iam::aws:policy/AdministratorAccess';
/** AWS: within a rolling 30 days an organization may close the higher of 250 and 20% of its member accounts, at most 1,000. */
export const CLOSURE_WINDOW_MS = 30 * 24 * 3600 * 1000;
export function closureQuota(memberAccounts: number): number {
  return Math.min(1000, Math.max(250, Math.floor(memberAccounts * 0.2)));
}

export interface CreateAccountInput {
  readonly email: string;
  readonly accountName: string;
  readonly roleName?: string | undefined;
  readonly iamUserAccessToBilling?: string | undefined;
  readonly tags?: readonly OrgTag[] | undefined;
}

export interface CreateAccountStatusView {
  readonly id: string;
  readonly accountName: string;
  readonly state: CreateAccountState;
  readonly requestedAt: number;
  readonly completedAt?: number;
  readonly accountId?: string;
  readonly failureReason?: string;
}

interface CreatePayload {
  readonly requestId: string;
}

interface ClosePayload {
  readonly organizationId: string;
  readonly accountId: string;
}

export class AccountsDomain {
  constructor(
    private readonly core: OrgCore,
    private readonly tags: TagsDomain,
  ) {}

  async createAccount(principal: Principal, input: CreateAccountInput): Promise<CreateAccountStatusView> {
    const { core } = this;
    const roleName = input.roleName ?? DEFAULT_ROLE_NAME;
    if (roleName.startsWith('AWSServiceRoleFor')) {
      throw orgErrors.invalidInput('INVALID_ROLE_NAME', "You provided a role name that isn't valid. A role name can't begin with the reserved prefix AWSServiceRoleFor.");
    }
    this.tags.checkTags(input.tags ?? []);
    const runAt = Date.now() + core.accountCreationDelayMs;
    const row = await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const request: CreateAccountRequestRow = {
        id: newCreateAccountRequestId(),
        organization_id: caller.org.id,
        account_name: input.accountName,
        email: input.email,
        role_name: roleName,
        iam_user_access_to_billing: input.iamUserAccessToBilling ?? null,
        tags: input.tags && input.tags.length > 0 ? JSON.stringify(input.tags) : null,
        state: 'IN_PROGRESS',
        failure_reason: null,
        account_id: null,
        requested_at: core.now(),
        completed_at: null,
      };
      await core.q.insertCreateAccountRequest(trx, request);
      await enqueue(trx, { kind: CREATE_ACCOUNT_JOB, id: `${CREATE_ACCOUNT_JOB}:${request.id}`, payload: { requestId: request.id } satisfies CreatePayload, runAt });
      return request;
    });
    core.wakeJobsAt(runAt);
    return statusOf(row);
  }

  async describeCreateAccountStatus(principal: Principal, requestId: string): Promise<CreateAccountStatusView> {
    const caller = await this.core.requireReader(principal);
    const row = await this.core.q.createAccountRequest(this.core.db, requestId);
    if (!row || row.organization_id !== caller.org.id) throw orgErrors.createAccountStatusNotFound();
    return statusOf(row);
  }

  /** Newest first. */
  async listCreateAccountStatus(principal: Principal, states: readonly CreateAccountState[] | undefined, request: PageRequest): Promise<Page<CreateAccountStatusView>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const filter = states && states.length > 0 ? [...new Set(states)].sort().join(',') : '';
    const scope = `organizations:ListCreateAccountStatus:${caller.org.id}:${filter}`;
    const { limit, after } = pageCursor(scope, request);
    let cursor: { at: number; id: string } | undefined;
    if (after !== undefined) {
      const [at, id] = splitKey(after, 2) as [string, string];
      cursor = { at: Number(at), id };
      if (!Number.isSafeInteger(cursor.at)) throw orgErrors.invalidNextToken();
    }
    const rows = await core.q.createAccountRequests(core.db, caller.org.id, states, cursor, limit + 1);
    return toPage(scope, rows, limit, (r) => joinKey(r.requested_at, r.id), statusOf);
  }

  /** Only for a management account paired with a GovCloud account, which no gatehouse organization has. */
  async createGovCloudAccount(principal: Principal): Promise<never> {
    await this.core.requireManagement(principal);
    throw orgErrors.constraint('MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED');
  }

  async closeAccount(principal: Principal, accountId: string): Promise<void> {
    const { core } = this;
    const runAt = Date.now() + core.accountCreationDelayMs;
    await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const { org } = caller;
      const member = await core.q.member(trx, org.id, accountId);
      if (!member) throw orgErrors.accountNotFound();
      if (accountId === org.management_account_id) throw orgErrors.constraint('CANNOT_CLOSE_MANAGEMENT_ACCOUNT');
      core.requireAllFeatures(caller);
      const account = await core.iam.account(accountId, trx);
      if (account?.status === 'SUSPENDED') throw orgErrors.accountAlreadyClosed();
      if (account?.status === 'PENDING_CLOSURE') throw orgErrors.conflict('The account is already being closed.');
      const now = core.now();
      const members = (await core.q.memberCount(trx, org.id)) - 1;
      if ((await core.q.closuresSince(trx, org.id, now - CLOSURE_WINDOW_MS)) >= closureQuota(members)) {
        throw orgErrors.constraint('CLOSE_ACCOUNT_QUOTA_EXCEEDED');
      }
      await core.q.setCloseRequested(trx, accountId, now);
      await core.iam.setAccountStatus(trx, accountId, 'PENDING_CLOSURE');
      await enqueue(trx, {
        kind: CLOSE_ACCOUNT_JOB,
        id: `${CLOSE_ACCOUNT_JOB}:${accountId}:${now}`,
        payload: { organizationId: org.id, accountId } satisfies ClosePayload,
        runAt,
      });
    });
    core.wakeJobsAt(runAt);
  }

  jobHandlers(): JobHandlers {
    return {
      [CREATE_ACCOUNT_JOB]: (payload, job) => this.finishCreation(payload as CreatePayload, job),
      [CLOSE_ACCOUNT_JOB]: (payload) => this.finishClosure(payload as ClosePayload),
    };
  }

  /** The CreateAccount job: the account, its membership, tags and access role, then SUCCEEDED; or FAILED with a reason. */
  private async finishCreation(payload: CreatePayload, job: JobContext): Promise<void> {
    const { core } = this;
    try {
      await core.store.transaction(async (trx) => {
        const request = await core.q.createAccountRequest(trx, payload.requestId);
        if (!request || request.state !== 'IN_PROGRESS') return; // done by an earlier attempt, or the org is gone
        const org = await core.q.organization(trx, request.organization_id);
        if (!org) return;
        if (await core.iam.accountByEmail(request.email, trx)) {
          await core.q.completeCreateAccountRequest(trx, request.id, { state: 'FAILED', failureReason: 'EMAIL_ALREADY_EXISTS', at: core.now() });
          return;
        }
        const accountId = await core.iam.createAccount(trx, { name: request.account_name, email: request.email });
        const now = core.now();
        await core.q.insertMember(trx, {
          account_id: accountId,
          organization_id: org.id,
          parent_id: org.root_id,
          joined_method: 'CREATED',
          joined_at: now,
          close_requested_at: null,
          closed_at: null,
        });
        if (request.tags) await this.tags.putTags(trx, org.id, accountId, JSON.parse(request.tags) as OrgTag[]);
        await core.iam.createRole(trx, {
          accountId,
          name: request.role_name,
          description: 'Grants the management account of the organization administrator access to this account.',
          trustPolicy: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${org.management_account_id}:root` }, Action: 'sts:AssumeRole' }],
          },
          attachedPolicyArns: [ADMINISTRATOR_ACCESS],
        });
        await core.hooks.targetCreated(trx, core.facts(org), {
          type: 'ACCOUNT',
          id: accountId,
          arn: arns.account(org.management_account_id, org.id, accountId),
          name: request.account_name,
        });
        await core.q.completeCreateAccountRequest(trx, request.id, { state: 'SUCCEEDED', accountId, at: now });
      });
    } catch (error) {
      // Out of retries: the request must not stay IN_PROGRESS for ever.
      if (job.attempt >= job.maxAttempts) await this.failCreation(payload.requestId, 'INTERNAL_FAILURE');
      throw error;
    }
  }

  private async failCreation(requestId: string, reason: string): Promise<void> {
    await this.core.q.completeCreateAccountRequest(this.core.db, requestId, { state: 'FAILED', failureReason: reason, at: this.core.now() });
  }

  /** The CloseAccount job: PENDING_CLOSURE becomes SUSPENDED (State CLOSED). */
  private async finishClosure(payload: ClosePayload): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx: Db) => {
      const member = await core.q.member(trx, payload.organizationId, payload.accountId);
      const account = await core.iam.account(payload.accountId, trx);
      if (!account || account.status !== 'PENDING_CLOSURE') return;
      await core.iam.setAccountStatus(trx, payload.accountId, 'SUSPENDED');
      if (member) await core.q.setClosed(trx, payload.accountId, core.now());
    });
  }
}

function statusOf(row: CreateAccountRequestRow): CreateAccountStatusView {
  return {
    id: row.id,
    accountName: row.account_name,
    state: row.state,
    requestedAt: Number(row.requested_at),
    ...(row.completed_at !== null ? { completedAt: Number(row.completed_at) } : {}),
    ...(row.account_id !== null ? { accountId: row.account_id } : {}),
    ...(row.failure_reason !== null ? { failureReason: row.failure_reason } : {}),
  };
}
