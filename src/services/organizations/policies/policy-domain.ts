import type { Kysely } from 'kysely';
import type { AccountControls } from '../../../aws/authz/policy-source.js';
import type { Principal } from '../../../aws/auth/principal.js';
import { partition } from '../../../lib/arn.js';
import type { Clock } from '../../../lib/clock.js';
import { newLowerId } from '../../../lib/ids.js';
import type { Store } from '../../../store/database.js';
import type { Database } from '../../../store/schema.js';
import { pageCursor, toPage, toPageAsync, type Page, type PageRequest } from '../pagination.js';
import type { AccountMembership, EffectivePolicyValidationFinding, OrganizationFacts, OrgDirectory, OrgTag, OrgTarget, PolicyHooks } from '../ports.js';
import { isUniqueViolation } from '../../../store/unique-violation.js';
import { mergeEffectivePolicy, type AttachedDocument, type MergeViolation } from './effective-policy.js';
import { defaultPolicyOf, managedPolicy, managedPolicyArn } from './managed-policies.js';
import { checkPolicyDocument, contentLength, isJsonObject, type JsonObject } from './policy-document.js';
import { policyErrors } from './policy-errors.js';
import { PolicyStore, type PolicyRow } from './policy-store.js';
import { isPolicyType, policyTypePath, policyTypeRules, type PolicyType } from './policy-types.js';

// The rules of Organizations policies: policy types on the root, policies, attachments and effective policies.
// Knows no HTTP and no wire shapes (policy-provider.ts maps those). Every change runs in one transaction; the core
// reaches this part only through PolicyHooks, and this part reaches the core only through OrgDirectory.

export interface PolicyView {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly description: string;
  readonly type: PolicyType;
  readonly awsManaged: boolean;
  readonly content: string;
}

export interface PolicyTypeStatus {
  readonly type: PolicyType;
  /** Enabling and disabling finish within the call here: AWS's PENDING_ENABLE / PENDING_DISABLE never show. */
  readonly status: 'ENABLED';
}

export interface RootView {
  readonly id: string;
  readonly arn: string;
  readonly name: string;
  readonly policyTypes: readonly PolicyTypeStatus[];
}

export interface EffectivePolicyView {
  readonly targetId: string;
  readonly type: PolicyType;
  /** The merged document as JSON text, without inheritance operators. */
  readonly content: string;
  /** The latest change among the contributing policies and their attachments. */
  readonly lastUpdated: Date;
}

export interface NewPolicy {
  readonly name: string;
  readonly description: string;
  readonly content: string;
  readonly type: PolicyType;
  readonly tags?: readonly OrgTag[] | undefined;
}

export interface PolicyChanges {
  readonly name?: string | undefined;
  readonly description?: string | undefined;
  readonly content?: string | undefined;
}

/** What the authorization step needs of SCPs and RCPs: the documents in force at each level of an account's path. */
export interface PolicyLevel {
  readonly targetId: string;
  /** The policies attached at this level: id (p-...) and content. */
  readonly policies: readonly { readonly id: string; readonly content: string }[];
}

export class PolicyDomain implements PolicyHooks {
  private readonly policies: PolicyStore;

  constructor(
    private readonly store: Store,
    private readonly directory: OrgDirectory,
    private readonly clock: Clock,
  ) {
    this.policies = new PolicyStore(store.dialect === 'postgres');
  }

  // -- policy types on the root --------------------------------------------------------------------------------

  async enablePolicyType(principal: Principal, rootId: string, type: PolicyType): Promise<RootView> {
    return await this.store.transaction(async (trx) => {
      const org = await this.managementOrganization(principal, trx);
      const root = await this.rootOf(org, rootId, trx);
      if (org.featureSet !== 'ALL') throw policyErrors.typeNotAvailable(type);
      const service = policyTypeRules(type).servicePrincipal;
      if (service !== undefined && !(await this.directory.serviceAccessEnabled(org.id, service, trx))) {
        throw policyErrors.constraint(
          'SERVICE_ACCESS_NOT_ENABLED',
          `You must enable trusted access for ${service} (EnableAWSServiceAccess) before you enable ${type}.`,
        );
      }
      const now = this.now();
      await this.policies.ensureManagedPolicies(trx, org.id, now);
      await this.policies.ensureTarget(trx, org.id, root.id, 'ROOT', now);
      // Held until commit: a target joining meanwhile waits, then finds the type enabled (see targetCreated).
      await this.policies.lockTarget(trx, org.id, root.id);
      if (!(await this.policies.enableType(trx, org.id, type, now))) throw policyErrors.typeAlreadyEnabled();
      const managed = defaultPolicyOf(type);
      if (managed) await this.policies.attachEverywhere(trx, org.id, managed, now);
      return await this.rootView(trx, org.id, root);
    });
  }

  async disablePolicyType(principal: Principal, rootId: string, type: PolicyType): Promise<RootView> {
    return await this.store.transaction(async (trx) => {
      const org = await this.managementOrganization(principal, trx);
      const root = await this.rootOf(org, rootId, trx);
      await this.policies.lockTarget(trx, org.id, root.id);
      // The type's row goes first: its delete waits for attachers holding it shared, and the detach after it then
      // sees what they attached. Every policy of the type leaves every target; the policies themselves stay.
      if (!(await this.policies.disableType(trx, org.id, type))) throw policyErrors.typeNotEnabled(type);
      await this.policies.detachAllOfType(trx, org.id, type);
      return await this.rootView(trx, org.id, root);
    });
  }

  // -- policies ------------------------------------------------------------------------------------------------

  async createPolicy(principal: Principal, input: NewPolicy): Promise<PolicyView> {
    return await this.store.transaction(async (trx) => {
      const org = await this.managementOrganization(principal, trx);
      if (org.featureSet !== 'ALL') throw policyErrors.typeNotAvailable(input.type);
      await checkContent(input.type, input.content);
      const rules = policyTypeRules(input.type);
      const now = this.now();
      await this.policies.ensureManagedPolicies(trx, org.id, now);
      // The root's row serializes creators, so concurrent ones cannot pass the quota together.
      await this.policies.ensureTarget(trx, org.id, org.rootId, 'ROOT', now);
      await this.policies.lockTarget(trx, org.id, org.rootId);
      if ((await this.policies.countPolicies(trx, org.id, input.type)) >= rules.maxPolicies) {
        throw policyErrors.constraint(
          'POLICY_NUMBER_LIMIT_EXCEEDED',
          `You have reached the maximum number of policies of type ${input.type} (${rules.maxPolicies}) in the organization.`,
        );
      }
      if (await this.policies.policyNamed(trx, org.id, input.type, input.name)) throw policyErrors.duplicatePolicy(input.name);
      const row: PolicyRow = {
        organization_id: org.id,
        id: `p-${newLowerId(8)}`,
        policy_type: input.type,
        name: input.name,
        description: input.description,
        content: input.content,
        aws_managed: 0,
        created_at: now,
        updated_at: now,
      };
      // The unique index on (organization, type, name) settles a race between two creators of one name.
      await this.policies.insertPolicy(trx, row).catch((err: unknown) => {
        throw isUniqueViolation(err) ? policyErrors.duplicatePolicy(input.name) : err;
      });
      if (input.tags && input.tags.length > 0) await this.directory.putTags(trx, org.id, row.id, input.tags);
      return policyView(org, row);
    });
  }

  async describePolicy(principal: Principal, policyId: string): Promise<PolicyView> {
    const org = await this.managementOrganization(principal);
    const row = await this.policies.policy(this.store.db, org.id, policyId);
    if (row) return policyView(org, row);
    // AWS-managed policies exist in every organization, whether or not their row was written yet.
    const managed = managedPolicy(policyId);
    if (!managed) throw policyErrors.policyNotFound();
    const { id, name, description, type, content } = managed;
    return { id, arn: managedPolicyArn(managed), name, description, type, awsManaged: true, content };
  }

  async updatePolicy(principal: Principal, policyId: string, changes: PolicyChanges): Promise<PolicyView> {
    return await this.store.transaction(async (trx) => {
      const org = await this.managementOrganization(principal, trx);
      if (managedPolicy(policyId)) throw immutable();
      const row = await this.policies.policy(trx, org.id, policyId, 'update');
      if (!row) throw policyErrors.policyNotFound();
      const type = typeOf(row);
      if (changes.name !== undefined && changes.name !== row.name) {
        if (await this.policies.policyNamed(trx, org.id, type, changes.name)) throw policyErrors.duplicatePolicy(changes.name);
      }
      if (changes.content !== undefined) await checkContent(type, changes.content);
      const now = this.now();
      const set = {
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.content !== undefined ? { content: changes.content } : {}),
        updated_at: now,
      };
      await this.policies.updatePolicy(trx, org.id, policyId, set).catch((err: unknown) => {
        throw isUniqueViolation(err) && changes.name !== undefined ? policyErrors.duplicatePolicy(changes.name) : err;
      });
      return policyView(org, { ...row, ...set });
    });
  }

  async deletePolicy(principal: Principal, policyId: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const org = await this.managementOrganization(principal, trx);
      if (managedPolicy(policyId)) throw immutable();
      // Locked first, so an attachment cannot slip in between the count and the delete.
      const row = await this.policies.policy(trx, org.id, policyId, 'update');
      if (!row) throw policyErrors.policyNotFound();
      if ((await this.policies.countTargetsOf(trx, org.id, policyId)) > 0) throw policyErrors.inUse();
      await this.policies.deletePolicy(trx, org.id, policyId);
      await this.directory.deleteTags(trx, org.id, policyId);
    });
  }

  async listPolicies(principal: Principal, type: PolicyType, page: PageRequest): Promise<Page<PolicyView>> {
    const org = await this.managementOrganization(principal);
    const scope = `organizations:ListPolicies:${org.id}:${type}`;
    const { after, limit } = pageCursor(scope, page);
    // The AWS-managed policies belong in every organization's list; written on first sight if no hook wrote them.
    if (after === undefined && !(await this.policies.hasManagedPolicies(this.store.db, org.id))) {
      await this.policies.ensureManagedPolicies(this.store.db, org.id, this.now());
    }
    const rows = await this.policies.listPolicies(this.store.db, org.id, type, after, limit + 1);
    return toPage(scope, rows, limit, (r) => r.id, (r) => policyView(org, r));
  }

  // -- attachments ---------------------------------------------------------------------------------------------

  async attachPolicy(principal: Principal, policyId: string, targetId: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const org = await this.managementOrganization(principal, trx);
      const now = this.now();
      if (managedPolicy(policyId)) await this.policies.ensureManagedPolicies(trx, org.id, now);
      const row = await this.policies.policy(trx, org.id, policyId, 'share');
      if (!row) throw policyErrors.policyNotFound();
      const type = typeOf(row);
      const target = await this.directory.target(org.id, targetId, trx);
      if (!target) throw policyErrors.targetNotFound();
      // Locks in one order everywhere (policy, target, policy type), so attach and disable cannot deadlock.
      await this.policies.ensureTarget(trx, org.id, target.id, target.type, now);
      await this.policies.lockTarget(trx, org.id, target.id);
      if (!(await this.policies.typeEnabled(trx, org.id, type, true))) throw policyErrors.typeNotEnabled(type);
      if (await this.policies.isAttached(trx, org.id, policyId, target.id)) throw policyErrors.duplicateAttachment();
      const rules = policyTypeRules(type);
      if ((await this.policies.countOnTarget(trx, org.id, target.id, type)) >= rules.maxPerTarget) {
        throw policyErrors.constraint(
          'MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          `You have attached the maximum number of policies of type ${type} (${rules.maxPerTarget}) to the target ${target.id}.`,
        );
      }
      await this.policies.attach(trx, org.id, policyId, type, target.id, now);
    });
  }

  async detachPolicy(principal: Principal, policyId: string, targetId: string): Promise<void> {
    await this.store.transaction(async (trx) => {
      const org = await this.managementOrganization(principal, trx);
      const row = await this.policies.policy(trx, org.id, policyId);
      const managed = managedPolicy(policyId);
      if (!row && !managed) throw policyErrors.policyNotFound();
      const type = row ? typeOf(row) : managed!.type;
      const target = await this.directory.target(org.id, targetId, trx);
      if (!target) throw policyErrors.targetNotFound();
      if (managed && !managed.detachable) {
        throw policyErrors.invalidInput('NON_DETACHABLE_POLICY', `You can't detach the AWS managed policy ${managed.name}.`);
      }
      await this.policies.lockTarget(trx, org.id, target.id);
      if (!(await this.policies.isAttached(trx, org.id, policyId, target.id))) throw policyErrors.notAttached();
      const rules = policyTypeRules(type);
      if ((await this.policies.countOnTarget(trx, org.id, target.id, type)) - 1 < rules.minPerTarget) {
        throw policyErrors.constraint(
          'MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED',
          `The target ${target.id} must keep at least ${rules.minPerTarget} ${type === 'SERVICE_CONTROL_POLICY' ? 'service control policy' : `policy of type ${type}`}; attach another before detaching this one.`,
        );
      }
      await this.policies.detach(trx, org.id, policyId, target.id);
    });
  }

  async listPoliciesForTarget(principal: Principal, targetId: string, type: PolicyType, page: PageRequest): Promise<Page<PolicyView>> {
    const org = await this.managementOrganization(principal);
    const scope = `organizations:ListPoliciesForTarget:${org.id}:${targetId}:${type}`;
    const { after, limit } = pageCursor(scope, page);
    const target = await this.directory.target(org.id, targetId);
    if (!target) throw policyErrors.targetNotFound();
    const rows = await this.policies.listPoliciesForTarget(this.store.db, org.id, target.id, type, after, limit + 1);
    return toPage(scope, rows, limit, (r) => r.id, (r) => policyView(org, r));
  }

  async listTargetsForPolicy(principal: Principal, policyId: string, page: PageRequest): Promise<Page<OrgTarget>> {
    const org = await this.managementOrganization(principal);
    const scope = `organizations:ListTargetsForPolicy:${org.id}:${policyId}`;
    const { after, limit } = pageCursor(scope, page);
    const row = await this.policies.policy(this.store.db, org.id, policyId);
    if (!row && !managedPolicy(policyId)) throw policyErrors.policyNotFound();
    const rows = await this.policies.listTargetsForPolicy(this.store.db, org.id, policyId, after, limit + 1);
    // Names and ARNs are the core's (an OU can be renamed): looked up for the page, at most 20.
    return await toPageAsync(scope, rows, limit, (r) => r.target_id, async (pageRows) => {
      const targets = await Promise.all(pageRows.map((r) => this.directory.target(org.id, r.target_id)));
      return targets.filter((t): t is OrgTarget => t !== undefined);
    });
  }

  // -- effective policies --------------------------------------------------------------------------------------

  async describeEffectivePolicy(principal: Principal, type: PolicyType, targetId: string | undefined): Promise<EffectivePolicyView> {
    if (policyTypeRules(type).kind !== 'management') {
      throw policyErrors.invalidInput('INVALID_ENUM_POLICY_TYPE', `Effective policies are not available for ${type}: it is an authorization policy type.`);
    }
    const org = await this.directory.organizationOf(principal);
    const accountId = targetId ?? principal.accountId;
    // Any account may see its own effective policy; only the management account may look at others.
    if (accountId !== principal.accountId) this.directory.requireManagement(principal, org);
    const target = await this.directory.target(org.id, accountId);
    if (!target) throw policyErrors.targetNotFound();
    if (target.type !== 'ACCOUNT') {
      throw policyErrors.invalidInput('TARGET_NOT_SUPPORTED', 'Effective policies are available for accounts only, not for roots or OUs.');
    }
    const merged = await this.mergeFor(org, target.id, type);
    if (!merged) throw policyErrors.effectiveNotFound();
    return { targetId: target.id, type, content: JSON.stringify(merged.document), lastUpdated: new Date(merged.lastUpdated) };
  }

  // -- facts for the rest of the service -------------------------------------------------------------------------

  /** The ARN and type of a policy of the organization (AWS-managed ones included), for the authz resolver
   * (PolicyArn, NamedPolicyType) and for TagResource's existence check on p- ids. A policy of another organization
   * is undefined here, as it is NotFound to the operations. */
  async policyFacts(organization: OrganizationFacts, policyId: string, db: Kysely<Database> = this.store.db): Promise<{ readonly arn: string; readonly type: PolicyType } | undefined> {
    const row = await this.policies.policy(db, organization.id, policyId);
    if (row) return { arn: policyArn(organization, row), type: typeOf(row) };
    const managed = managedPolicy(policyId);
    return managed ? { arn: managedPolicyArn(managed), type: managed.type } : undefined;
  }

  /** The SCP (or RCP) documents in force at each level of a member account's path, root first, for the policy
   * engine, in one read. Empty when the type is not enabled (nothing restricts). */
  async authorizationLevels(membership: AccountMembership, type: 'SERVICE_CONTROL_POLICY' | 'RESOURCE_CONTROL_POLICY', db: Kysely<Database> = this.store.db): Promise<readonly PolicyLevel[]> {
    const rows = await this.policies.enabledDocuments(db, membership.organization.id, membership.pathIds, type);
    if (!rows) return [];
    return membership.pathIds.map((targetId) => ({ targetId, policies: rows.filter((r) => r.target_id === targetId).map((r) => ({ id: r.policy_id, content: r.content })) }));
  }

  /**
   * What binds the principals of an account, for the authorize step: its organization, its path in it (the
   * aws:PrincipalOrgPaths form, o-x/r-y/ou-z/) and the SCPs at each level of that path, which do not bind the
   * management account. A standalone account has none of these. Two reads at most: the membership, then the SCPs.
   */
  async accountControls(accountId: string): Promise<AccountControls> {
    const membership = await this.directory.membershipOf(accountId);
    if (!membership) return { scpLevels: [] };
    const { organization, parentPath } = membership;
    const levels = organization.managementAccountId === accountId ? [] : await this.authorizationLevels(membership, 'SERVICE_CONTROL_POLICY');
    return {
      organizationId: organization.id,
      orgPath: parentPath,
      scpLevels: levels.map((level) => level.policies.map((p) => ({ id: p.id, document: p.content }))),
    };
  }

  // -- PolicyHooks (called by the core inside its transactions) ------------------------------------------------

  async targetCreated(db: Kysely<Database>, organization: OrganizationFacts, target: OrgTarget): Promise<void> {
    const now = this.now();
    if (target.type === 'ROOT') await this.policies.ensureManagedPolicies(db, organization.id, now);
    await this.policies.ensureTarget(db, organization.id, target.id, target.type, now);
    if (target.type !== 'ROOT') await this.policies.lockTarget(db, organization.id, organization.rootId, 'share');
    for (const { policy_type } of await this.policies.policyTypes(db, organization.id)) {
      const managed = isPolicyType(policy_type) ? defaultPolicyOf(policy_type) : undefined;
      if (managed) await this.policies.attach(db, organization.id, managed.id, managed.type, target.id, now);
    }
  }

  async targetRemoved(db: Kysely<Database>, organizationId: string, targetId: string): Promise<void> {
    await this.policies.removeTarget(db, organizationId, targetId);
  }

  async organizationDeleted(db: Kysely<Database>, organizationId: string): Promise<void> {
    await this.policies.deleteOrganization(db, organizationId);
  }

  /** The merge's refusals for one account: each operator that a parent's @@operators_allowed_for_child_policies
   * forbade, so the change was left out of the effective policy. */
  async effectivePolicyValidationErrors(
    organization: OrganizationFacts,
    accountId: string,
    policyType: string,
    db: Kysely<Database> = this.store.db,
  ): Promise<readonly EffectivePolicyValidationFinding[] | undefined> {
    if (!isPolicyType(policyType) || policyTypeRules(policyType).kind !== 'management') return undefined;
    const merged = await this.mergeFor(organization, accountId, policyType, db);
    return merged?.violations.map(finding);
  }

  async policyTypes(organizationId: string, db: Kysely<Database> = this.store.db): Promise<readonly { readonly Type: string; readonly Status: string }[]> {
    return (await this.policies.policyTypes(db, organizationId)).map((r) => ({ Type: r.policy_type, Status: r.status }));
  }

  // -- helpers -------------------------------------------------------------------------------------------------

  private now(): number {
    return this.clock.now().getTime();
  }

  private async managementOrganization(principal: Principal, db?: Kysely<Database>): Promise<OrganizationFacts> {
    const org = await this.directory.organizationOf(principal, db);
    this.directory.requireManagement(principal, org);
    return org;
  }

  private async rootOf(org: OrganizationFacts, rootId: string, db: Kysely<Database>): Promise<OrgTarget> {
    const root = rootId === org.rootId ? await this.directory.target(org.id, rootId, db) : undefined;
    if (!root || root.type !== 'ROOT') throw policyErrors.rootNotFound();
    return root;
  }

  private async rootView(db: Kysely<Database>, organizationId: string, root: OrgTarget): Promise<RootView> {
    const types = await this.policies.policyTypes(db, organizationId);
    return {
      id: root.id,
      arn: root.arn,
      name: root.name,
      policyTypes: types.filter((t) => isPolicyType(t.policy_type)).map((t) => ({ type: t.policy_type as PolicyType, status: 'ENABLED' as const })),
    };
  }

  /** The merged management policy of `type` for an account, or undefined when the type is off or nothing applies. */
  private async mergeFor(
    org: OrganizationFacts,
    accountId: string,
    type: PolicyType,
    db: Kysely<Database> = this.store.db,
  ): Promise<{ readonly document: JsonObject; readonly violations: readonly MergeViolation[]; readonly lastUpdated: number } | undefined> {
    // The account's levels from one membership read, as its SCPs are found (authorizationLevels).
    const membership = await this.directory.membershipOf(accountId, db);
    if (!membership || membership.organization.id !== org.id) return undefined;
    const rows = await this.policies.enabledDocuments(db, org.id, membership.pathIds, type);
    if (!rows || rows.length === 0) return undefined;
    let lastUpdated = 0;
    const levels = membership.pathIds.map((id) =>
      rows
        .filter((r) => r.target_id === id)
        .map((r): AttachedDocument => {
          lastUpdated = Math.max(lastUpdated, r.updated_at, r.attached_at);
          const parsed: unknown = JSON.parse(r.content);
          return { policyId: r.policy_id, document: isJsonObject(parsed) ? parsed : {} };
        }),
    );
    const merged = mergeEffectivePolicy(levels);
    return { ...merged, lastUpdated };
  }
}

/** Size first (cheap), then syntax; each with its own error. */
async function checkContent(type: PolicyType, content: string): Promise<void> {
  const rules = policyTypeRules(type);
  if (contentLength(content) > rules.maxContentLength) {
    throw policyErrors.constraint(
      'POLICY_CONTENT_LIMIT_EXCEEDED',
      `The policy document is larger than the maximum size for ${type} policies (${rules.maxContentLength} characters).`,
    );
  }
  const check = await checkPolicyDocument(type, content);
  if (!check.ok) throw policyErrors.malformed(check.reason);
}

function immutable(): Error {
  return policyErrors.invalidInput('IMMUTABLE_POLICY', 'You specified a policy that is managed by AWS and cannot be modified or deleted.');
}

function typeOf(row: PolicyRow): PolicyType {
  if (!isPolicyType(row.policy_type)) throw new Error(`stored policy ${row.id} has an unknown type ${row.policy_type}`);
  return row.policy_type;
}

function policyArn(org: OrganizationFacts, row: PolicyRow): string {
  const managed = row.aws_managed ? managedPolicy(row.id) : undefined;
  if (managed) return managedPolicyArn(managed);
  return `arn:${partition}:organizations::${org.managementAccountId}:policy/${org.id}/${policyTypePath(typeOf(row))}/${row.id}`;
}

function policyView(org: OrganizationFacts, row: PolicyRow): PolicyView {
  return {
    id: row.id,
    arn: policyArn(org, row),
    name: row.name,
    description: row.description,
    type: typeOf(row),
    awsManaged: row.aws_managed === 1,
    content: row.content,
  };
}

function finding(v: MergeViolation): EffectivePolicyValidationFinding {
  return {
    errorCode: 'OPERATOR_NOT_ALLOWED',
    errorMessage: `${v.operator} is not allowed at ${v.path}: a parent policy's @@operators_allowed_for_child_policies forbids it, so the change was left out of the effective policy.`,
    pathToError: v.path,
    contributingPolicies: [...new Set([...v.restrictedBy, v.policyId])],
  };
}

