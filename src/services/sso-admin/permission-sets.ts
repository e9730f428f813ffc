import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import { firstError, policySize, validatePolicy } from '../../policy/index.js';
import type { Database } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { MAX_TAGS_PER_RESOURCE, type SsoCore } from './core.js';
import { ssoErrors } from './errors.js';
import { arns, instanceIdOf, newPermissionSetId, permissionSetInstanceIdOf } from './ids.js';
import { pageCursor, toPage, type Page, type PageRequest } from './pagination.js';
import type { InstanceRow, PermissionSetRow } from './store.js';

// Permission sets of an instance and what they carry into the accounts they are provisioned to: AWS managed
// policies, customer managed policy references (resolved by name and path in each account at provisioning), one
// inline policy and a permissions boundary; and the tags of instances and permission sets.

type Db = Kysely<Database>;

/** AWS quotas: permission sets per instance; AWS managed and customer managed policies per permission set (each). */
export const MAX_PERMISSION_SETS = 2000;
export const MAX_MANAGED_POLICIES = 20;
export const MAX_CUSTOMER_POLICIES = 20;
/** The inline policy's quota in IAM's count (characters outside whitespace); the model caps the text at 32,768. */
export const MAX_INLINE_POLICY_SIZE = 10_240;
/** Session duration bounds: 1 to 12 hours. */
const MIN_SESSION_SECONDS = 3600;
const MAX_SESSION_SECONDS = 12 * 3600;
const DEFAULT_SESSION_DURATION = 'PT1H';

export interface PermissionSetView {
  readonly arn: string;
  readonly name: string;
  readonly description: string | undefined;
  readonly sessionDuration: string;
  readonly relayState: string | undefined;
  readonly createdAt: number;
}

export interface PolicyReference {
  readonly name: string;
  readonly path?: string | undefined;
}

export interface Boundary {
  readonly managedPolicyArn?: string | undefined;
  readonly customer?: PolicyReference | undefined;
}

type Tag = { readonly Key: string; readonly Value: string };

export class PermissionSetsDomain {
  constructor(private readonly core: SsoCore) {}

  async create(
    principal: Principal,
    instanceArn: string,
    input: { readonly name: string; readonly description?: string | undefined; readonly sessionDuration?: string | undefined; readonly relayState?: string | undefined; readonly tags: readonly Tag[] },
  ): Promise<PermissionSetView> {
    const { core } = this;
    const sessionDuration = input.sessionDuration ?? DEFAULT_SESSION_DURATION;
    checkSessionDuration(sessionDuration);
    core.checkTags(input.tags);
    try {
      return await core.store.transaction(async (trx) => {
        const instance = await core.ownedInstance(principal, instanceArn, trx);
        if (await core.q.permissionSetByName(trx, instance.arn, input.name)) throw duplicateName(input.name);
        if ((await core.q.permissionSetCount(trx, instance.arn)) >= MAX_PERMISSION_SETS) {
          throw ssoErrors.quota(`An IAM Identity Center instance can have at most ${MAX_PERMISSION_SETS} permission sets.`);
        }
        const row: PermissionSetRow = {
          arn: arns.permissionSet(instanceIdOf(instance.arn) ?? '', newPermissionSetId()),
          instance_arn: instance.arn,
          name: input.name,
          description: input.description ?? null,
          session_duration: sessionDuration,
          relay_state: input.relayState ?? null,
          inline_policy: null,
          permissions_boundary: null,
          created_at: core.now(),
        };
        await core.q.insertPermissionSet(trx, row);
        await core.putTags(trx, instance.arn, row.arn, input.tags);
        return view(row);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateName(input.name);
      throw error;
    }
  }

  async describe(principal: Principal, instanceArn: string, arn: string): Promise<PermissionSetView> {
    return view(await this.owned(principal, instanceArn, arn));
  }

  async update(
    principal: Principal,
    instanceArn: string,
    arn: string,
    input: { readonly description?: string | undefined; readonly sessionDuration?: string | undefined; readonly relayState?: string | undefined },
  ): Promise<void> {
    if (input.sessionDuration !== undefined) checkSessionDuration(input.sessionDuration);
    await this.core.store.transaction(async (trx) => {
      await this.owned(principal, instanceArn, arn, trx);
      await this.core.q.updatePermissionSet(trx, arn, {
        ...(input.description !== undefined ? { description: input.description } : {}),
        ...(input.sessionDuration !== undefined ? { session_duration: input.sessionDuration } : {}),
        ...(input.relayState !== undefined ? { relay_state: input.relayState } : {}),
      });
    });
  }

  async delete(principal: Principal, instanceArn: string, arn: string): Promise<void> {
    await this.core.store.transaction(async (trx) => {
      await this.owned(principal, instanceArn, arn, trx);
      if (await this.core.q.isProvisionedAnywhere(trx, arn)) {
        throw ssoErrors.conflict('The permission set is provisioned to one or more accounts: remove its account assignments before deleting it.');
      }
      await this.core.q.deletePermissionSet(trx, arn);
    });
  }

  async list(principal: Principal, instanceArn: string, request: PageRequest): Promise<Page<string>> {
    const instance = await this.core.ownedInstance(principal, instanceArn);
    const scope = `sso-admin:ListPermissionSets:${instance.arn}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await this.core.q.permissionSetArns(this.core.db, instance.arn, after, limit + 1);
    return toPage(scope, rows, limit, (a) => a, (a) => a);
  }

  // ---- AWS managed policies

  async attachManagedPolicy(principal: Principal, instanceArn: string, arn: string, policyArn: string): Promise<void> {
    const { core } = this;
    try {
      await core.store.transaction(async (trx) => {
        await this.owned(principal, instanceArn, arn, trx);
        // only AWS managed policies reach here (the model's pattern): they must be in AWS's catalogue
        if (!(await core.iam.managedPolicyExists(principal.accountId, policyArn, trx))) {
          throw ssoErrors.notFound(`Policy ${policyArn} does not exist or is not attachable.`);
        }
        if (await core.q.hasManagedPolicy(trx, arn, policyArn)) throw alreadyAttached(policyArn);
        if ((await core.q.attachedCount(trx, arn, 'sso_ps_managed_policies')) >= MAX_MANAGED_POLICIES) {
          throw ssoErrors.quota(`A permission set can have at most ${MAX_MANAGED_POLICIES} AWS managed policies attached.`);
        }
        await core.q.attachManagedPolicy(trx, arn, policyArn, policyArn.slice(policyArn.lastIndexOf('/') + 1), core.now());
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyAttached(policyArn);
      throw error;
    }
  }

  async detachManagedPolicy(principal: Principal, instanceArn: string, arn: string, policyArn: string): Promise<void> {
    await this.core.store.transaction(async (trx) => {
      await this.owned(principal, instanceArn, arn, trx);
      if (!(await this.core.q.detachManagedPolicy(trx, arn, policyArn))) {
        throw ssoErrors.notFound(`The managed policy ${policyArn} is not attached to the permission set.`);
      }
    });
  }

  async listManagedPolicies(principal: Principal, instanceArn: string, arn: string, request: PageRequest): Promise<Page<{ name: string; arn: string }>> {
    await this.owned(principal, instanceArn, arn);
    const scope = `sso-admin:ListManagedPoliciesInPermissionSet:${arn}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await this.core.q.managedPolicies(this.core.db, arn, after, limit + 1);
    return toPage(scope, rows, limit, (r) => r.policy_arn, (r) => ({ name: r.name, arn: r.policy_arn }));
  }

  // ---- customer managed policy references

  async attachCustomerPolicy(principal: Principal, instanceArn: string, arn: string, ref: PolicyReference): Promise<void> {
    const { core } = this;
    const path = ref.path ?? '/';
    try {
      await core.store.transaction(async (trx) => {
        await this.owned(principal, instanceArn, arn, trx);
        if (await core.q.hasCustomerPolicy(trx, arn, `${path}${ref.name}`)) throw alreadyAttached(`${path}${ref.name}`);
        if ((await core.q.attachedCount(trx, arn, 'sso_ps_customer_policies')) >= MAX_CUSTOMER_POLICIES) {
          throw ssoErrors.quota(`A permission set can have at most ${MAX_CUSTOMER_POLICIES} customer managed policy references.`);
        }
        await core.q.attachCustomerPolicy(trx, arn, ref.name, path, core.now());
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyAttached(`${path}${ref.name}`);
      throw error;
    }
  }

  async detachCustomerPolicy(principal: Principal, instanceArn: string, arn: string, ref: PolicyReference): Promise<void> {
    const reference = `${ref.path ?? '/'}${ref.name}`;
    await this.core.store.transaction(async (trx) => {
      await this.owned(principal, instanceArn, arn, trx);
      if (!(await this.core.q.detachCustomerPolicy(trx, arn, reference))) {
        throw ssoErrors.notFound(`The customer managed policy reference ${reference} is not attached to the permission set.`);
      }
    });
  }

  async listCustomerPolicies(principal: Principal, instanceArn: string, arn: string, request: PageRequest): Promise<Page<{ name: string; path: string }>> {
    await this.owned(principal, instanceArn, arn);
    const scope = `sso-admin:ListCustomerManagedPolicyReferencesInPermissionSet:${arn}`;
    const { limit, after } = pageCursor(scope, request);
    const rows = await this.core.q.customerPolicies(this.core.db, arn, after, limit + 1);
    return toPage(scope, rows, limit, (r) => r.reference, (r) => ({ name: r.name, path: r.path }));
  }

  // ---- inline policy

  async putInlinePolicy(principal: Principal, instanceArn: string, arn: string, policy: string): Promise<void> {
    await checkInlinePolicy(policy);
    await this.core.store.transaction(async (trx) => {
      await this.owned(principal, instanceArn, arn, trx);
      await this.core.q.updatePermissionSet(trx, arn, { inline_policy: policy });
    });
  }

  /** The inline policy, or undefined when the permission set has none (AWS answers without InlinePolicy). */
  async inlinePolicy(principal: Principal, instanceArn: string, arn: string): Promise<string | undefined> {
    return (await this.owned(principal, instanceArn, arn)).inline_policy ?? undefined;
  }

  /** Idempotent: deleting an absent inline policy succeeds, as on AWS. */
  async deleteInlinePolicy(principal: Principal, instanceArn: string, arn: string): Promise<void> {
    await this.core.store.transaction(async (trx) => {
      await this.owned(principal, instanceArn, arn, trx);
      await this.core.q.updatePermissionSet(trx, arn, { inline_policy: null });
    });
  }

  // ---- permissions boundary

  async putBoundary(principal: Principal, instanceArn: string, arn: string, boundary: Boundary): Promise<void> {
    if ((boundary.managedPolicyArn === undefined) === (boundary.customer === undefined)) {
      throw ssoErrors.validation('Specify either a ManagedPolicyArn or a CustomerManagedPolicyReference for the permissions boundary, not both.');
    }
    const stored: Boundary =
      boundary.managedPolicyArn !== undefined
        ? { managedPolicyArn: boundary.managedPolicyArn }
        : { customer: { name: boundary.customer!.name, path: boundary.customer!.path ?? '/' } };
    await this.core.store.transaction(async (trx) => {
      await this.owned(principal, instanceArn, arn, trx);
      await this.core.q.updatePermissionSet(trx, arn, { permissions_boundary: JSON.stringify(stored) });
    });
  }

  async boundary(principal: Principal, instanceArn: string, arn: string): Promise<Boundary> {
    const row = await this.owned(principal, instanceArn, arn);
    if (row.permissions_boundary === null) throw noBoundary();
    return JSON.parse(row.permissions_boundary) as Boundary;
  }

  async deleteBoundary(principal: Principal, instanceArn: string, arn: string): Promise<void> {
    await this.core.store.transaction(async (trx) => {
      const row = await this.owned(principal, instanceArn, arn, trx);
      if (row.permissions_boundary === null) throw noBoundary();
      await this.core.q.updatePermissionSet(trx, arn, { permissions_boundary: null });
    });
  }

  // ---- tags of instances and permission sets

  async tagResource(principal: Principal, instanceArn: string | undefined, resourceArn: string, tags: readonly Tag[]): Promise<void> {
    this.core.checkTags(tags);
    await this.core.store.transaction(async (trx) => {
      const instance = await this.taggable(principal, instanceArn, resourceArn, trx);
      await this.core.putTags(trx, instance.arn, resourceArn, tags);
    });
  }

  async untagResource(principal: Principal, instanceArn: string | undefined, resourceArn: string, keys: readonly string[]): Promise<void> {
    await this.core.store.transaction(async (trx) => {
      await this.taggable(principal, instanceArn, resourceArn, trx);
      await this.core.q.deleteTags(trx, resourceArn, keys);
    });
  }

  /** All of a resource's tags fit one page (50 at most); the token is still checked like any other. */
  async listTags(principal: Principal, instanceArn: string | undefined, resourceArn: string, request: PageRequest): Promise<Page<Tag>> {
    await this.taggable(principal, instanceArn, resourceArn, this.core.db);
    const scope = `sso-admin:ListTagsForResource:${resourceArn}`;
    const { after } = pageCursor(scope, request);
    const rows = await this.core.q.tags(this.core.db, resourceArn, after, MAX_TAGS_PER_RESOURCE + 1);
    return toPage(scope, rows, MAX_TAGS_PER_RESOURCE, (t) => t.key, (t) => ({ Key: t.key, Value: t.value }));
  }

  /** The instance of a taggable resource (the instance itself or one of its permission sets) the caller owns. */
  private async taggable(principal: Principal, instanceArn: string | undefined, resourceArn: string, db: Db): Promise<InstanceRow> {
    const psInstanceId = permissionSetInstanceIdOf(resourceArn);
    const ownerArn = psInstanceId !== undefined ? arns.instance(psInstanceId) : instanceIdOf(resourceArn) !== undefined ? resourceArn : undefined;
    if (ownerArn === undefined) throw ssoErrors.notFound('Could not find the specified resource.');
    if (instanceArn !== undefined && instanceArn !== ownerArn) throw ssoErrors.validation('The resource does not belong to the specified instance.');
    const instance = await this.core.ownedInstance(principal, ownerArn, db);
    if (psInstanceId !== undefined && !(await this.core.q.permissionSet(db, instance.arn, resourceArn))) throw ssoErrors.permissionSetNotFound();
    return instance;
  }

  /** The permission set of an instance the caller owns, or ResourceNotFoundException. */
  private async owned(principal: Principal, instanceArn: string, arn: string, db: Db = this.core.db): Promise<PermissionSetRow> {
    const instance = await this.core.ownedInstance(principal, instanceArn, db);
    const row = await this.core.q.permissionSet(db, instance.arn, arn);
    if (!row) throw ssoErrors.permissionSetNotFound();
    return row;
  }
}

function view(row: PermissionSetRow): PermissionSetView {
  return {
    arn: row.arn,
    name: row.name,
    description: row.description ?? undefined,
    sessionDuration: row.session_duration,
    relayState: row.relay_state ?? undefined,
    createdAt: row.created_at,
  };
}

const duplicateName = (name: string) => ssoErrors.conflict(`A permission set with the name ${name} already exists in this instance.`);
const alreadyAttached = (what: string) => ssoErrors.conflict(`The policy ${what} is already attached to the permission set.`);
const noBoundary = () => ssoErrors.notFound('The permission set has no permissions boundary.');

/** ISO-8601 duration within PT1H..PT12H. The model's pattern admits years, months and weeks: those are out of range. */
export function sessionSeconds(duration: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(duration);
  if (!m || duration === 'P' || duration.endsWith('T')) return undefined;
  return Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
}

function checkSessionDuration(duration: string): void {
  const seconds = sessionSeconds(duration);
  if (seconds === undefined || seconds < MIN_SESSION_SECONDS || seconds > MAX_SESSION_SECONDS) {
    throw ssoErrors.validation(`The session duration ${duration} is not valid: it must be an ISO-8601 duration from PT1H to PT12H.`);
  }
}

/**
 * The inline policy becomes an inline policy of the AWSReservedSSO_ role in each account, so it is checked as IAM checks
 * one (the policy engine's validation), within Identity Center's quota; either failure is a ValidationException.
 */
async function checkInlinePolicy(policy: string): Promise<void> {
  if (policySize(policy) > MAX_INLINE_POLICY_SIZE) {
    throw ssoErrors.validation(`The inline policy exceeds the maximum size of ${MAX_INLINE_POLICY_SIZE} non-whitespace characters.`);
  }
  const error = firstError(await validatePolicy(policy, 'identity'));
  if (error) throw ssoErrors.validation(`Invalid PermissionsPolicy Document: ${error.message}`);
}
