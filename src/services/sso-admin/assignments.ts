import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import { enqueue, type JobContext, type JobHandlers } from '../../store/jobs.js';
import type { Database, SsoStatus } from '../../store/schema.js';
import type { SsoCore } from './core.js';
import { ssoErrors } from './errors.js';
import { joinKey, pageCursor, splitKey, toPage, type Page, type PageRequest } from './pagination.js';
import { Provisioner, ProvisioningFailure } from './provisioning.js';
import type { AssignmentRequestRow, InstanceRow, PermissionSetRow, ProvisioningRequestRow } from './store.js';

// Account assignments (a principal of the identity store gets a permission set on an account) and provisioning
// (the permission set becomes an IAM role in the account). Both are asynchronous in AWS, both durable jobs here: a
// request commits its status row and its job together; the job does the work in one transaction of its own and
// records SUCCEEDED, or FAILED with a reason in another, so a retried job finds the request no longer IN_PROGRESS.

type Db = Kysely<Database>;

export type PrincipalType = 'USER' | 'GROUP';
export type ProvisioningFilter = 'LATEST_PERMISSION_SET_PROVISIONED' | 'LATEST_PERMISSION_SET_NOT_PROVISIONED';

const ASSIGNMENT_JOB = 'sso-admin:account-assignment';
const PROVISION_JOB = 'sso-admin:provision-permission-set';

interface AssignmentPayload {
  readonly requestId: string;
}
interface ProvisionPayload {
  readonly requestId: string;
}

export interface AssignmentInput {
  readonly targetId: string;
  readonly targetType: string;
  readonly permissionSetArn: string;
  readonly principalType: PrincipalType;
  readonly principalId: string;
}

export interface AssignmentStatusView {
  readonly requestId: string;
  readonly status: SsoStatus;
  readonly failureReason: string | undefined;
  readonly targetId: string;
  readonly permissionSetArn: string;
  readonly principalType: PrincipalType;
  readonly principalId: string;
  readonly createdAt: number;
}

export interface AssignmentView {
  readonly accountId: string;
  readonly permissionSetArn: string;
  readonly principalType: PrincipalType;
  readonly principalId: string;
}

export interface ProvisioningStatusView {
  readonly requestId: string;
  readonly status: SsoStatus;
  readonly failureReason: string | undefined;
  readonly accountId: string | undefined;
  readonly permissionSetArn: string;
  readonly createdAt: number;
}

const principalKey = (type: PrincipalType, id: string): string => `${type}:${id}`;

export class AssignmentsDomain {
  private readonly provisioner: Provisioner;

  constructor(private readonly core: SsoCore) {
    this.provisioner = new Provisioner(core);
  }

  // ---- CreateAccountAssignment / DeleteAccountAssignment

  async create(principal: Principal, instanceArn: string, input: AssignmentInput): Promise<AssignmentStatusView> {
    return this.request(principal, instanceArn, input, 'CREATE');
  }

  async delete(principal: Principal, instanceArn: string, input: AssignmentInput): Promise<AssignmentStatusView> {
    return this.request(principal, instanceArn, input, 'DELETE');
  }

  private async request(principal: Principal, instanceArn: string, input: AssignmentInput, operation: 'CREATE' | 'DELETE'): Promise<AssignmentStatusView> {
    const { core } = this;
    if (input.targetType !== 'AWS_ACCOUNT') throw ssoErrors.validation('TargetType must be AWS_ACCOUNT.');
    const runAt = Date.now();
    const row = await core.store.transaction(async (trx) => {
      const instance = await core.ownedInstance(principal, instanceArn, trx);
      await this.permissionSet(trx, instance, input.permissionSetArn);
      await this.checkAccount(trx, instance, input.targetId);
      await this.checkPrincipal(trx, instance, input.principalType, input.principalId);
      if (operation === 'DELETE' && !(await core.q.assignment(trx, input.permissionSetArn, input.targetId, principalKey(input.principalType, input.principalId)))) {
        throw ssoErrors.notFound('Could not find the specified account assignment.');
      }
      const request: AssignmentRequestRow = {
        id: randomUUID(),
        instance_arn: instance.arn,
        operation,
        status: 'IN_PROGRESS',
        failure_reason: null,
        target_id: input.targetId,
        permission_set_arn: input.permissionSetArn,
        principal_type: input.principalType,
        principal_id: input.principalId,
        created_at: core.now(),
      };
      await core.q.insertAssignmentRequest(trx, request);
      await enqueue(trx, { kind: ASSIGNMENT_JOB, id: `${ASSIGNMENT_JOB}:${request.id}`, payload: { requestId: request.id } satisfies AssignmentPayload, runAt });
      return request;
    });
    core.wakeJobsAt(runAt);
    return assignmentStatus(row);
  }

  async describeRequest(principal: Principal, instanceArn: string, operation: 'CREATE' | 'DELETE', requestId: string): Promise<AssignmentStatusView> {
    const instance = await this.core.ownedInstance(principal, instanceArn);
    const row = await this.core.q.assignmentRequest(this.core.db, requestId);
    if (!row || row.instance_arn !== instance.arn || row.operation !== operation) {
      throw ssoErrors.notFound(`Could not find the account assignment ${operation === 'CREATE' ? 'creation' : 'deletion'} request ${requestId}.`);
    }
    return assignmentStatus(row);
  }

  /** Oldest first. */
  async listRequests(principal: Principal, instanceArn: string, operation: 'CREATE' | 'DELETE', status: SsoStatus | undefined, request: PageRequest): Promise<Page<AssignmentStatusView>> {
    const { core } = this;
    const instance = await core.ownedInstance(principal, instanceArn);
    const scope = `sso-admin:ListAccountAssignment${operation}Status:${instance.arn}:${status ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await core.q.assignmentRequests(core.db, instance.arn, operation, status, timeCursor(after), limit + 1);
    return toPage(scope, rows, limit, (r) => joinKey(r.created_at, r.id), assignmentStatus);
  }

  // ---- assignments

  async listOn(principal: Principal, instanceArn: string, accountId: string, permissionSetArn: string, request: PageRequest): Promise<Page<AssignmentView>> {
    const { core } = this;
    const instance = await core.ownedInstance(principal, instanceArn);
    await this.permissionSet(core.db, instance, permissionSetArn);
    const scope = `sso-admin:ListAccountAssignments:${permissionSetArn}:${accountId}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await core.q.assignmentsOn(core.db, permissionSetArn, accountId, after, limit + 1);
    return toPage(scope, rows, limit, (r) => r.principal, assignmentView);
  }

  async listFor(principal: Principal, instanceArn: string, principalType: PrincipalType, principalId: string, accountId: string | undefined, request: PageRequest): Promise<Page<AssignmentView>> {
    const { core } = this;
    const instance = await core.ownedInstance(principal, instanceArn);
    await this.checkPrincipal(core.db, instance, principalType, principalId);
    const key = principalKey(principalType, principalId);
    const scope = `sso-admin:ListAccountAssignmentsForPrincipal:${instance.arn}:${key}:${accountId ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    let cursor: { accountId: string; permissionSetArn: string } | undefined;
    if (after !== undefined) {
      const [a, p] = splitKey(after, 2) as [string, string];
      cursor = { accountId: a, permissionSetArn: p };
    }
    const rows = await core.q.assignmentsOf(core.db, instance.arn, key, accountId, cursor, limit + 1);
    return toPage(scope, rows, limit, (r) => joinKey(r.account_id, r.permission_set_arn), assignmentView);
  }

  async permissionSetsProvisionedTo(principal: Principal, instanceArn: string, accountId: string, filter: ProvisioningFilter | undefined, request: PageRequest): Promise<Page<string>> {
    const { core } = this;
    const instance = await core.ownedInstance(principal, instanceArn);
    const scope = `sso-admin:ListPermissionSetsProvisionedToAccount:${instance.arn}:${accountId}:${filter ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await core.q.permissionSetsProvisionedTo(core.db, instance.arn, accountId, outdatedOf(filter), after, limit + 1);
    return toPage(scope, rows, limit, (a) => a, (a) => a);
  }

  async accountsProvisionedWith(principal: Principal, instanceArn: string, permissionSetArn: string, filter: ProvisioningFilter | undefined, request: PageRequest): Promise<Page<string>> {
    const { core } = this;
    const instance = await core.ownedInstance(principal, instanceArn);
    await this.permissionSet(core.db, instance, permissionSetArn);
    const scope = `sso-admin:ListAccountsForProvisionedPermissionSet:${permissionSetArn}:${filter ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await core.q.accountsProvisionedWith(core.db, permissionSetArn, outdatedOf(filter), after, limit + 1);
    return toPage(scope, rows, limit, (a) => a, (a) => a);
  }

  // ---- ProvisionPermissionSet

  async provision(principal: Principal, instanceArn: string, permissionSetArn: string, targetType: string, targetId: string | undefined): Promise<ProvisioningStatusView> {
    const { core } = this;
    if (targetType === 'AWS_ACCOUNT' && targetId === undefined) throw ssoErrors.validation('TargetId is required when TargetType is AWS_ACCOUNT.');
    if (targetType === 'ALL_PROVISIONED_ACCOUNTS' && targetId !== undefined) throw ssoErrors.validation('TargetId must not be given when TargetType is ALL_PROVISIONED_ACCOUNTS.');
    const runAt = Date.now();
    const row = await core.store.transaction(async (trx) => {
      const instance = await core.ownedInstance(principal, instanceArn, trx);
      await this.permissionSet(trx, instance, permissionSetArn);
      if (targetId !== undefined) await this.checkAccount(trx, instance, targetId);
      const request: ProvisioningRequestRow = {
        id: randomUUID(),
        instance_arn: instance.arn,
        permission_set_arn: permissionSetArn,
        account_id: targetId ?? null,
        status: 'IN_PROGRESS',
        failure_reason: null,
        created_at: core.now(),
      };
      await core.q.insertProvisioningRequest(trx, request);
      await enqueue(trx, { kind: PROVISION_JOB, id: `${PROVISION_JOB}:${request.id}`, payload: { requestId: request.id } satisfies ProvisionPayload, runAt });
      return request;
    });
    core.wakeJobsAt(runAt);
    return provisioningStatus(row);
  }

  async describeProvisioning(principal: Principal, instanceArn: string, requestId: string): Promise<ProvisioningStatusView> {
    const instance = await this.core.ownedInstance(principal, instanceArn);
    const row = await this.core.q.provisioningRequest(this.core.db, requestId);
    if (!row || row.instance_arn !== instance.arn) throw ssoErrors.notFound(`Could not find the permission set provisioning request ${requestId}.`);
    return provisioningStatus(row);
  }

  /** Oldest first. */
  async listProvisioning(principal: Principal, instanceArn: string, status: SsoStatus | undefined, request: PageRequest): Promise<Page<ProvisioningStatusView>> {
    const { core } = this;
    const instance = await core.ownedInstance(principal, instanceArn);
    const scope = `sso-admin:ListPermissionSetProvisioningStatus:${instance.arn}:${status ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await core.q.provisioningRequests(core.db, instance.arn, status, timeCursor(after), limit + 1);
    return toPage(scope, rows, limit, (r) => joinKey(r.created_at, r.id), provisioningStatus);
  }

  // ---- jobs

  jobHandlers(): JobHandlers {
    return {
      [ASSIGNMENT_JOB]: (payload, job) => this.runAssignment(payload as AssignmentPayload, job),
      [PROVISION_JOB]: (payload, job) => this.runProvisioning(payload as ProvisionPayload, job),
    };
  }

  /** Creates or deletes the assignment, provisioning the permission set on the account's first assignment and
   * removing its role with the last. */
  private async runAssignment(payload: AssignmentPayload, job: JobContext): Promise<void> {
    const { core } = this;
    try {
      await core.store.transaction(async (trx) => {
        const request = await core.q.assignmentRequest(trx, payload.requestId);
        if (!request || request.status !== 'IN_PROGRESS') return;
        const instance = await core.q.instance(trx, request.instance_arn);
        const ps = instance && (await core.q.permissionSet(trx, instance.arn, request.permission_set_arn));
        if (!instance || !ps) throw new ProvisioningFailure('The permission set or its instance no longer exists.');
        const key = principalKey(request.principal_type, request.principal_id);
        const existing = await core.q.assignment(trx, ps.arn, request.target_id, key);
        if (request.operation === 'CREATE') {
          if (!existing) {
            await core.q.insertAssignment(trx, {
              instance_arn: instance.arn,
              permission_set_arn: ps.arn,
              account_id: request.target_id,
              principal: key,
              principal_type: request.principal_type,
              principal_id: request.principal_id,
              created_at: core.now(),
            });
          }
          // The first assignment provisions the permission set; later ones find it there (as AWS, an outdated
          // version stays until ProvisionPermissionSet).
          if (!(await core.q.provisioned(trx, ps.arn, request.target_id))) await this.provisioner.apply(trx, instance, ps, request.target_id);
        } else {
          if (existing) await core.q.deleteAssignment(trx, ps.arn, request.target_id, key);
          if ((await core.q.assignmentCount(trx, ps.arn, request.target_id)) === 0) await this.provisioner.remove(trx, ps, request.target_id);
        }
        await core.q.finishAssignmentRequest(trx, request.id, 'SUCCEEDED', null);
      });
    } catch (error) {
      if (error instanceof ProvisioningFailure) return core.q.finishAssignmentRequest(core.db, payload.requestId, 'FAILED', error.message);
      if (job.attempt >= job.maxAttempts) await core.q.finishAssignmentRequest(core.db, payload.requestId, 'FAILED', 'An internal error occurred.');
      throw error;
    }
  }

  /** Re-applies the permission set to the roles of one account or of every account it is provisioned to. */
  private async runProvisioning(payload: ProvisionPayload, job: JobContext): Promise<void> {
    const { core } = this;
    try {
      await core.store.transaction(async (trx) => {
        const request = await core.q.provisioningRequest(trx, payload.requestId);
        if (!request || request.status !== 'IN_PROGRESS') return;
        const instance = await core.q.instance(trx, request.instance_arn);
        const ps = instance && (await core.q.permissionSet(trx, instance.arn, request.permission_set_arn));
        if (!instance || !ps) throw new ProvisioningFailure('The permission set or its instance no longer exists.');
        const accounts = request.account_id !== null ? [request.account_id] : await core.q.provisionedAccounts(trx, ps.arn);
        for (const accountId of accounts) await this.provisioner.apply(trx, instance, ps, accountId);
        await core.q.finishProvisioningRequest(trx, request.id, 'SUCCEEDED', null);
      });
    } catch (error) {
      if (error instanceof ProvisioningFailure) return core.q.finishProvisioningRequest(core.db, payload.requestId, 'FAILED', error.message);
      if (job.attempt >= job.maxAttempts) await core.q.finishProvisioningRequest(core.db, payload.requestId, 'FAILED', 'An internal error occurred.');
      throw error;
    }
  }

  // ---- checks

  private async permissionSet(db: Db, instance: InstanceRow, arn: string): Promise<PermissionSetRow> {
    const row = await this.core.q.permissionSet(db, instance.arn, arn);
    if (!row) throw ssoErrors.permissionSetNotFound();
    return row;
  }

  /** An organization instance assigns only on the accounts of its organization. */
  private async checkAccount(db: Db, instance: InstanceRow, accountId: string): Promise<void> {
    if (instance.organization_id === null || !(await this.core.organizations.isMember(instance.organization_id, accountId, db))) {
      throw ssoErrors.validation(`The account ${accountId} is not a member of the instance's organization.`);
    }
  }

  private async checkPrincipal(db: Db, instance: InstanceRow, type: PrincipalType, id: string): Promise<void> {
    const directory = this.core.identities();
    const found = type === 'USER' ? await directory.user(instance.identity_store_id, id, db) : await directory.group(instance.identity_store_id, id, db);
    if (!found) throw ssoErrors.notFound(`Could not find the ${type === 'USER' ? 'user' : 'group'} ${id} in the identity store.`);
  }
}

/** isProvisioned filter as the stored outdated flag. */
function outdatedOf(filter: ProvisioningFilter | undefined): number | undefined {
  if (filter === undefined) return undefined;
  return filter === 'LATEST_PERMISSION_SET_PROVISIONED' ? 0 : 1;
}

function timeCursor(after: string | undefined): { at: number; id: string } | undefined {
  if (after === undefined) return undefined;
  const [at, id] = splitKey(after, 2) as [string, string];
  if (!Number.isSafeInteger(Number(at))) throw ssoErrors.invalidNextToken();
  return { at: Number(at), id };
}

function assignmentStatus(r: AssignmentRequestRow): AssignmentStatusView {
  return {
    requestId: r.id,
    status: r.status,
    failureReason: r.failure_reason ?? undefined,
    targetId: r.target_id,
    permissionSetArn: r.permission_set_arn,
    principalType: r.principal_type,
    principalId: r.principal_id,
    createdAt: Number(r.created_at),
  };
}

function assignmentView(r: { account_id: string; permission_set_arn: string; principal_type: PrincipalType; principal_id: string }): AssignmentView {
  return { accountId: r.account_id, permissionSetArn: r.permission_set_arn, principalType: r.principal_type, principalId: r.principal_id };
}

function provisioningStatus(r: ProvisioningRequestRow): ProvisioningStatusView {
  return {
    requestId: r.id,
    status: r.status,
    failureReason: r.failure_reason ?? undefined,
    accountId: r.account_id ?? undefined,
    permissionSetArn: r.permission_set_arn,
    createdAt: Number(r.created_at),
  };
}
