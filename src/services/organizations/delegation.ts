import type { Principal } from '../../aws/auth/principal.js';
import type { AccountView, OrgCore } from './core.js';
import { orgErrors } from './errors.js';
import { arns, newResourcePolicyId } from './ids.js';
import { pageCursor, toPage, toPageAsync, type Page, type PageRequest } from './pagination.js';
import type { OrgTag } from './ports.js';
import { acceptsDelegatedAdministrator, isTrustedService, policyTypeRequiringService, takesOneDelegatedAdministrator } from './service-principals.js';
import type { TagsDomain } from './tags.js';

// What the organization opens to other AWS services and accounts: trusted service access, delegated administrators
// (member accounts that may read the organization for a service) and the organization's resource policy.

export interface ServiceAccessView {
  readonly servicePrincipal: string;
  readonly enabledAt: number;
}

export interface DelegatedAdministratorView extends AccountView {
  readonly delegationEnabledAt: number;
}

export interface ResourcePolicyView {
  readonly id: string;
  readonly arn: string;
  readonly content: string;
}

export class DelegationDomain {
  constructor(
    private readonly core: OrgCore,
    private readonly tags: TagsDomain,
  ) {}

  // ---- trusted service access

  async enableServiceAccess(principal: Principal, servicePrincipal: string): Promise<void> {
    const caller = await this.core.requireManagement(principal);
    requireTrusted(servicePrincipal);
    this.core.requireAllFeatures(caller);
    await this.core.q.enableServiceAccess(this.core.db, caller.org.id, servicePrincipal, this.core.now());
  }

  async disableServiceAccess(principal: Principal, servicePrincipal: string): Promise<void> {
    const { core } = this;
    const caller = await core.requireManagement(principal);
    requireTrusted(servicePrincipal);
    const policyType = policyTypeRequiringService(servicePrincipal);
    if (policyType && (await core.hooks.policyTypes(caller.org.id)).some((t) => t.Type === policyType)) {
      throw orgErrors.constraint('POLICY_TYPE_ENABLED_FOR_THIS_SERVICE');
    }
    // Without trusted access the service has no delegated administrators either.
    await core.store.transaction(async (trx) => {
      await core.q.deleteDelegationsForService(trx, caller.org.id, servicePrincipal);
      await core.q.disableServiceAccess(trx, caller.org.id, servicePrincipal);
    });
  }

  async listServiceAccess(principal: Principal, request: PageRequest): Promise<Page<ServiceAccessView>> {
    const caller = await this.core.requireReader(principal);
    const scope = `organizations:ListAWSServiceAccessForOrganization:${caller.org.id}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await this.core.q.servicesWithAccess(this.core.db, caller.org.id, after, limit + 1);
    return toPage(scope, rows, limit, (r) => r.service_principal, (r) => ({ servicePrincipal: r.service_principal, enabledAt: r.enabled_at }));
  }

  // ---- delegated administrators

  async register(principal: Principal, accountId: string, servicePrincipal: string): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const { org } = caller;
      if (!acceptsDelegatedAdministrator(servicePrincipal)) throw unrecognized();
      core.requireAllFeatures(caller);
      if (!(await core.q.member(trx, org.id, accountId))) throw orgErrors.accountNotFound();
      if (accountId === org.management_account_id) throw orgErrors.constraint('CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR');
      if ((await core.iam.account(accountId, trx))?.status !== 'ACTIVE') {
        throw orgErrors.constraint('CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR');
      }
      if (!(await core.q.serviceAccess(trx, org.id, servicePrincipal))) throw orgErrors.constraint('SERVICE_ACCESS_NOT_ENABLED');
      if (await core.q.delegation(trx, org.id, accountId, servicePrincipal)) throw orgErrors.accountAlreadyRegistered();
      if (takesOneDelegatedAdministrator(servicePrincipal) && (await core.q.delegationCount(trx, org.id, servicePrincipal)) > 0) {
        throw orgErrors.constraint('DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE');
      }
      await core.q.insertDelegation(trx, org.id, accountId, servicePrincipal, core.now());
    });
  }

  async deregister(principal: Principal, accountId: string, servicePrincipal: string): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      if (!acceptsDelegatedAdministrator(servicePrincipal)) throw unrecognized();
      if (!(await core.q.member(trx, caller.org.id, accountId))) throw orgErrors.accountNotFound();
      if (!(await core.q.delegation(trx, caller.org.id, accountId, servicePrincipal))) throw orgErrors.accountNotRegistered();
      await core.q.deleteDelegation(trx, caller.org.id, accountId, servicePrincipal);
    });
  }

  async listDelegatedAdministrators(principal: Principal, servicePrincipal: string | undefined, request: PageRequest): Promise<Page<DelegatedAdministratorView>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListDelegatedAdministrators:${caller.org.id}:${servicePrincipal ?? ''}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await core.q.delegatedAdministrators(core.db, caller.org.id, servicePrincipal, after, limit + 1);
    return toPageAsync(scope, rows, limit, (r) => r.account_id, async (page) => {
      const views: DelegatedAdministratorView[] = [];
      for (const r of page) {
        const view = await core.accountViewOf(caller.org, r.account_id);
        if (view) views.push({ ...view, delegationEnabledAt: r.enabled_at });
      }
      return views;
    });
  }

  async listDelegatedServices(principal: Principal, accountId: string, request: PageRequest): Promise<Page<ServiceAccessView>> {
    const { core } = this;
    const caller = await core.requireReader(principal);
    const scope = `organizations:ListDelegatedServicesForAccount:${caller.org.id}:${accountId}`;
    const { limit, after } = pageCursor(scope, request);
    if (!(await core.q.member(core.db, caller.org.id, accountId))) throw orgErrors.accountNotFound();
    if (!(await core.q.isDelegatedAdministrator(core.db, caller.org.id, accountId))) throw orgErrors.accountNotRegistered();
    const rows = await core.q.delegatedServices(core.db, caller.org.id, accountId, after, limit + 1);
    return toPage(scope, rows, limit, (r) => r.service_principal, (r) => ({ servicePrincipal: r.service_principal, enabledAt: r.enabled_at }));
  }

  // ---- the resource policy

  async putResourcePolicy(principal: Principal, content: string, tags: readonly OrgTag[] = []): Promise<ResourcePolicyView> {
    const { core } = this;
    checkResourcePolicy(content);
    this.tags.checkTags(tags);
    return core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const { org } = caller;
      const existing = await core.q.resourcePolicy(trx, org.id);
      const now = core.now();
      let id: string;
      if (existing) {
        if (tags.length > 0) {
          throw orgErrors.invalidInput(undefined, 'Updating an existing resource policy with tags is not supported. Use TagResource with the resource policy id.');
        }
        id = existing.id;
        await core.q.updateResourcePolicy(trx, org.id, content, now);
      } else {
        id = newResourcePolicyId();
        await core.q.insertResourcePolicy(trx, org.id, id, content, now);
        await this.tags.putTags(trx, org.id, id, tags);
      }
      return { id, arn: arns.resourcePolicy(org.management_account_id, org.id, id), content };
    });
  }

  async describeResourcePolicy(principal: Principal): Promise<ResourcePolicyView> {
    const caller = await this.core.requireReader(principal);
    const row = await this.core.q.resourcePolicy(this.core.db, caller.org.id);
    if (!row) throw orgErrors.resourcePolicyNotFound();
    return { id: row.id, arn: arns.resourcePolicy(caller.org.management_account_id, caller.org.id, row.id), content: row.content };
  }

  async deleteResourcePolicy(principal: Principal): Promise<void> {
    const { core } = this;
    await core.store.transaction(async (trx) => {
      const caller = await core.requireManagement(principal, trx);
      const row = await core.q.resourcePolicy(trx, caller.org.id);
      if (!row) throw orgErrors.resourcePolicyNotFound();
      await core.q.deleteAllTags(trx, caller.org.id, row.id);
      await core.q.deleteResourcePolicy(trx, caller.org.id);
    });
  }
}

function unrecognized() {
  return orgErrors.invalidInput('UNRECOGNIZED_SERVICE_PRINCIPAL', "You specified a service principal that isn't recognized.");
}

function requireTrusted(servicePrincipal: string): void {
  if (!isTrustedService(servicePrincipal)) throw unrecognized();
}

/**
 * A resource policy delegates Organizations actions to other principals: a JSON policy whose statements have an
 * Effect, a Principal and organizations: actions only.
 */
export function checkResourcePolicy(content: string): void {
  let document: unknown;
  try {
    document = JSON.parse(content);
  } catch {
    throw invalidJson('the policy is not valid JSON');
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) throw invalidJson('the policy must be a JSON object');
  const statement = (document as { Statement?: unknown }).Statement;
  const statements = Array.isArray(statement) ? statement : statement === undefined ? [] : [statement];
  if (statements.length === 0) throw invalidJson('the policy has no Statement');
  for (const s of statements) {
    if (typeof s !== 'object' || s === null || Array.isArray(s)) throw invalidJson('each statement must be a JSON object');
    const { Effect, Principal: principal, NotPrincipal, Action, NotAction } = s as Record<string, unknown>;
    if (Effect !== 'Allow' && Effect !== 'Deny') throw invalidJson('each statement needs an Effect of Allow or Deny');
    if (principal === undefined && NotPrincipal === undefined) {
      throw orgErrors.invalidInput('INVALID_PRINCIPAL', 'You specified an invalid principal element in the policy: each statement needs a Principal.');
    }
    const actions = [Action, NotAction].flatMap((a) => (a === undefined ? [] : Array.isArray(a) ? a : [a]));
    if (actions.length === 0) throw invalidJson('each statement needs an Action');
    for (const action of actions) {
      if (typeof action !== 'string' || !(action === '*' || action.toLowerCase().startsWith('organizations:'))) {
        throw orgErrors.invalidInput('UNSUPPORTED_ACTION_IN_RESOURCE_POLICY', `The resource policy contains an action that is not supported: ${String(action)}.`);
      }
    }
  }
}

function invalidJson(why: string) {
  return orgErrors.invalidInput('INVALID_RESOURCE_POLICY_JSON', `The resource policy is not valid: ${why}.`);
}
