import type { Kysely } from 'kysely';
import { partition } from '../../lib/arn.js';
import type { Clock } from '../../lib/clock.js';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Store } from '../../store/database.js';
import type { Database, IamPolicyRow } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { awsManagedCatalogue, type AwsManagedPolicy } from './aws-managed-catalogue.js';
import { policyErrors } from './errors.js';
import { newPolicyId } from './ids.js';
import { policySize } from '../../policy/index.js';
import { checkPolicyDocument } from './policy-document.js';
import { PoliciesStore, entityKinds, type EntityKind, type EntityRow, type PolicyUsage } from './policies-store.js';
import { iamPages as pages, inMemoryPage } from './pages.js';
import { IamTags } from './tags.js';
import { policyView, type AttachedPolicyView } from './roles-read.js';

// Managed policies in an account: the account's own (customer managed: created, versioned, tagged, deleted here)
// and AWS's (a read-only catalogue, the same for every account), and their attachment to the account's roles,
// users and groups. Each account sees its own customer managed policies only; counts of AWS managed policies'
// attachments are the caller's account's. Knows no wire names (policies-provider.ts maps them).

/** IAM's quotas for managed policies (AWS's defaults; GetAccountSummary reports the same). */
export const policyQuotas = { size: 6144, versions: 5, attachedPerEntity: 10, tags: 50 } as const;

export interface Tag {
  readonly key: string;
  readonly value: string;
}

export interface ManagedPolicy {
  readonly arn: string;
  readonly name: string;
  readonly path: string;
  readonly policyId: string;
  readonly defaultVersionId: string;
  readonly description: string | undefined;
  /** Epoch ms. */
  readonly createdAt: number;
  /** When the newest version was created (the creation time while there is one version). */
  readonly updatedAt: number;
  /** Roles, users and groups of the caller's account it is attached to. */
  readonly attachmentCount: number;
  /** Roles and users of the caller's account whose permissions boundary it is. */
  readonly boundaryUsageCount: number;
  readonly isAttachable: boolean;
  readonly awsManaged: boolean;
}

export interface PolicyVersion {
  readonly versionId: string;
  readonly isDefault: boolean;
  readonly createdAt: number;
  /** JSON text as it was submitted; absent in lists. */
  readonly document?: string;
}

export type PolicyScope = 'all' | 'aws' | 'local';
/** attached: as a permissions policy; boundary: as a permissions boundary. */
export type PolicyUsageKind = 'attached' | 'boundary';

export interface PolicyFilter {
  readonly scope?: PolicyScope;
  readonly onlyAttached?: boolean;
  readonly pathPrefix?: string;
  readonly usage?: PolicyUsageKind;
}

export interface EntityFilter {
  /** Absent: roles, users and groups. */
  readonly kinds?: readonly EntityKind[];
  readonly pathPrefix?: string;
  /** Absent: either way. */
  readonly usage?: PolicyUsageKind;
}

export interface PolicyEntity {
  readonly kind: EntityKind;
  readonly name: string;
  readonly id: string;
}

export interface NewPolicy {
  readonly name: string;
  /** Default '/'. */
  readonly path?: string;
  readonly document: string;
  readonly description?: string;
  readonly tags?: readonly Tag[];
}

export interface PolicyCounts {
  /** Customer managed policies in the account. */
  readonly policies: number;
  /** Managed policies (customer or AWS) attached to at least one of its roles, users or groups. */
  readonly policyVersionsInUse: number;
}

/** Roles that Identity Center and AWS services own: IAM refuses to change them (UnmodifiableEntity). */
const protectedRolePaths = ['/aws-reserved/sso.amazonaws.com/', '/aws-service-role/'];

/** arn:aws:iam::<account or aws>:policy<path><name>. */
const policyArnPattern = /^arn:aws:iam::(aws|\d{12}):policy\/(?:[^/]+\/)*[^/]+$/;

/** Whether an ARN names a managed policy the account can use: an AWS managed one, or its own customer managed one. */
export async function managedPolicyExists(db: Kysely<Database>, accountId: string, arn: string): Promise<boolean> {
  if (awsManagedCatalogue.exists(arn)) return true;
  return (await new PoliciesStore(false).policyByArn(db, accountId, arn)) !== undefined;
}

export class ManagedPolicies {
  private readonly store: PoliciesStore;
  private readonly iamTags: IamTags;

  constructor(
    private readonly db: Store,
    private readonly clock: Clock,
  ) {
    this.store = new PoliciesStore(db.dialect === 'postgres');
    this.iamTags = new IamTags(db.db);
  }

  // ---- customer managed policies

  async createPolicy(accountId: string, input: NewPolicy): Promise<{ policy: ManagedPolicy; tags: readonly Tag[] }> {
    await checkManagedDocument(input.document);
    const tags = input.tags ?? [];
    checkTagKeys(tags);
    const path = input.path ?? '/';
    const now = this.clock.now().getTime();
    const row: IamPolicyRow = {
      id: newPolicyId(),
      account_id: accountId,
      name: input.name,
      name_lower: input.name.toLowerCase(),
      path,
      arn: `arn:${partition}:iam::${accountId}:policy${path}${input.name}`,
      description: input.description ?? null,
      default_version_id: 'v1',
      next_version: 2,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.db.transaction(async (trx) => {
        if (await this.store.policyByName(trx, accountId, input.name)) throw policyErrors.exists(input.name);
        await this.store.insertPolicy(trx, row, input.document);
        await this.store.putTags(trx, row.id, tags);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw policyErrors.exists(input.name);
      throw error;
    }
    return { policy: customerView(row, noUsage), tags };
  }

  /** A managed policy (customer or AWS) with its tags (AWS managed policies have none). */
  async policy(accountId: string, arn: string): Promise<{ policy: ManagedPolicy; tags: readonly Tag[] }> {
    checkPolicyArn(arn);
    const db = this.db.db;
    const aws = awsManagedCatalogue.get(arn);
    if (aws) return { policy: awsView(aws, await this.store.usage(db, accountId, [arn])), tags: [] };
    const row = await this.customerPolicy(db, accountId, arn);
    return { policy: customerView(row, await this.store.usage(db, accountId, [arn])), tags: sortTags(await this.policyTags(db, row.id)) };
  }

  async deletePolicy(accountId: string, arn: string): Promise<void> {
    checkPolicyArn(arn);
    await this.db.transaction(async (trx) => {
      const row = await this.customerPolicy(trx, accountId, arn, 'update');
      const usage = await this.store.usage(trx, accountId, [arn]);
      if ((usage.attachments.get(arn) ?? 0) + (usage.boundaries.get(arn) ?? 0) > 0) throw policyErrors.attachedToEntities();
      if ((await this.store.versions(trx, row.id)).length > 1) throw policyErrors.hasVersions();
      await this.iamTags.deleteAll(trx, row.id);
      await this.store.deletePolicy(trx, row.id);
    });
  }

  // ---- versions

  async createVersion(accountId: string, arn: string, document: string, setAsDefault: boolean): Promise<PolicyVersion> {
    checkPolicyArn(arn);
    await checkManagedDocument(document);
    const now = this.clock.now().getTime();
    return this.db.transaction(async (trx) => {
      const row = await this.customerPolicy(trx, accountId, arn, 'update');
      if ((await this.store.versions(trx, row.id)).length >= policyQuotas.versions) throw policyErrors.tooManyVersions();
      const versionId = `v${Number(row.next_version)}`;
      await this.store.insertVersion(trx, { policy_id: row.id, version_id: versionId, document, created_at: now });
      await this.store.updatePolicy(trx, row.id, {
        next_version: Number(row.next_version) + 1,
        updated_at: now,
        ...(setAsDefault ? { default_version_id: versionId } : {}),
      });
      return { versionId, isDefault: setAsDefault, createdAt: now };
    });
  }

  async version(accountId: string, arn: string, versionId: string): Promise<PolicyVersion> {
    checkPolicyArn(arn);
    const aws = awsManagedCatalogue.get(arn);
    if (aws) {
      // the catalogue holds the default (latest) version only
      if (versionId !== aws.defaultVersionId) throw policyErrors.noSuchVersion(arn, versionId);
      return { versionId, isDefault: true, createdAt: aws.versionCreatedAt, document: aws.document };
    }
    const db = this.db.db;
    const row = await this.store.policyByArn(db, accountId, arn);
    const version = row && (await this.store.version(db, row.id, versionId));
    if (!row || !version) throw policyErrors.noSuchVersion(arn, versionId);
    return { versionId, isDefault: row.default_version_id === versionId, createdAt: Number(version.created_at), document: version.document };
  }

  /** Newest first, as IAM lists them. */
  async versions(accountId: string, arn: string, request: PageRequest): Promise<Page<PolicyVersion>> {
    checkPolicyArn(arn);
    const aws = awsManagedCatalogue.get(arn);
    let all: PolicyVersion[];
    if (aws) all = [{ versionId: aws.defaultVersionId, isDefault: true, createdAt: aws.versionCreatedAt }];
    else {
      const row = await this.customerPolicy(this.db.db, accountId, arn);
      const versions = await this.store.versions(this.db.db, row.id);
      all = versions.map((v) => ({ versionId: v.version_id, isDefault: v.version_id === row.default_version_id, createdAt: Number(v.created_at) }));
    }
    all.sort((a, b) => versionNumber(b.versionId) - versionNumber(a.versionId));
    // keys that sort the same way as the list: newest first
    const key = (v: PolicyVersion) => String(1e9 - versionNumber(v.versionId)).padStart(10, '0');
    return inMemoryPage(`iam:ListPolicyVersions:${arn}`, all, key, request);
  }

  async deleteVersion(accountId: string, arn: string, versionId: string): Promise<void> {
    checkPolicyArn(arn);
    await this.db.transaction(async (trx) => {
      const row = await this.store.policyByArn(trx, accountId, arn, 'update');
      if (!row || !(await this.store.version(trx, row.id, versionId))) throw policyErrors.noSuchVersion(arn, versionId);
      if (row.default_version_id === versionId) throw policyErrors.deleteDefaultVersion();
      await this.store.deleteVersion(trx, row.id, versionId);
    });
  }

  async setDefaultVersion(accountId: string, arn: string, versionId: string): Promise<void> {
    checkPolicyArn(arn);
    await this.db.transaction(async (trx) => {
      const row = await this.store.policyByArn(trx, accountId, arn, 'update');
      if (!row || !(await this.store.version(trx, row.id, versionId))) throw policyErrors.noSuchVersion(arn, versionId);
      await this.store.updatePolicy(trx, row.id, { default_version_id: versionId });
    });
  }

  // ---- listing

  /**
   * The account's customer managed policies by name, then AWS's by name (Scope narrows to one of them), one
   * sequence of pages. Usage filters: onlyAttached keeps policies attached or used as a boundary in the account;
   * usage keeps those used that way.
   */
  async list(accountId: string, filter: PolicyFilter, request: PageRequest): Promise<Page<ManagedPolicy>> {
    const scopeName = `iam:ListPolicies:${accountId}:${filter.scope ?? 'all'}:${filter.onlyAttached ? 1 : 0}:${filter.usage ?? ''}:${filter.pathPrefix ?? ''}`;
    const cursor = pages.pageCursor(scopeName, request);
    const [segment, after] = cursor.after === undefined ? ['L', undefined] : pages.splitKey(cursor.after, 2);
    const db = this.db.db;
    const usage = await this.store.usage(db, accountId);
    const wanted = (arn: string): boolean => {
      const attached = (usage.attachments.get(arn) ?? 0) > 0;
      const bounding = (usage.boundaries.get(arn) ?? 0) > 0;
      if (filter.usage === 'attached') return attached;
      if (filter.usage === 'boundary') return bounding;
      return !filter.onlyAttached || attached || bounding;
    };
    const filtering = filter.onlyAttached === true || filter.usage !== undefined;
    const want = cursor.limit + 1;
    const rows: { readonly key: string; readonly policy: ManagedPolicy }[] = [];

    if (filter.scope !== 'aws' && segment === 'L') {
      // unfiltered: one keyset range; filtered: the few policies in use, which the usage maps name
      const local = filtering
        ? (await this.store.policiesByArns(db, accountId, [...new Set([...usage.attachments.keys(), ...usage.boundaries.keys()])]))
            .filter((r) => wanted(r.arn) && (after === undefined || r.name_lower > after) && underPath(r.path, filter.pathPrefix))
            .sort((a, b) => (a.name_lower < b.name_lower ? -1 : 1))
            .slice(0, want)
        : await this.store.listPolicies(db, accountId, filter.pathPrefix, after, want);
      for (const r of local) rows.push({ key: pages.joinKey('L', r.name_lower), policy: customerView(r, usage) });
    }
    if (filter.scope !== 'local' && rows.length < want) {
      const from = segment === 'A' ? after : undefined;
      for (const p of awsManagedCatalogue.list(filter.pathPrefix)) {
        if (rows.length >= want) break;
        const key = p.name.toLowerCase();
        if ((from !== undefined && key <= from) || !wanted(p.arn)) continue;
        rows.push({ key: pages.joinKey('A', key), policy: awsView(p, usage) });
      }
    }
    return pages.toPage(scopeName, rows, cursor.limit, (r) => r.key, (r) => r.policy);
  }

  // ---- tags

  async tags(accountId: string, arn: string, request: PageRequest): Promise<Page<Tag>> {
    checkPolicyArn(arn);
    if (awsManagedCatalogue.exists(arn)) return { items: [] };
    const row = await this.customerPolicy(this.db.db, accountId, arn);
    return inMemoryPage(`iam:ListPolicyTags:${row.id}`, sortTags(await this.policyTags(this.db.db, row.id)), tagOrderKey, request);
  }

  async tag(accountId: string, arn: string, tags: readonly Tag[]): Promise<void> {
    checkPolicyArn(arn);
    checkTagKeys(tags);
    await this.db.transaction(async (trx) => {
      const row = await this.customerPolicy(trx, accountId, arn, 'update');
      const keys = new Set([...(await this.policyTags(trx, row.id)).map((t) => t.key), ...tags.map((t) => t.key)]);
      if (keys.size > policyQuotas.tags) throw policyErrors.tooManyTags();
      await this.store.putTags(trx, row.id, tags);
    });
  }

  async untag(accountId: string, arn: string, keys: readonly string[]): Promise<void> {
    checkPolicyArn(arn);
    await this.db.transaction(async (trx) => {
      const row = await this.customerPolicy(trx, accountId, arn, 'update');
      await this.store.removeTags(trx, row.id, keys);
    });
  }

  // ---- attachments

  async entities(accountId: string, arn: string, filter: EntityFilter, request: PageRequest): Promise<Page<PolicyEntity>> {
    checkPolicyArn(arn);
    const db = this.db.db;
    if (!awsManagedCatalogue.exists(arn) && !(await this.store.policyByArn(db, accountId, arn))) throw policyErrors.notAttachable(arn);
    const usages: readonly PolicyUsageKind[] = filter.usage ? [filter.usage] : ['attached', 'boundary'];
    const found = new Map<string, PolicyEntity>();
    for (const [index, kind] of entityKinds.entries()) {
      if (filter.kinds && !filter.kinds.includes(kind)) continue;
      for (const usage of usages) {
        for (const e of await this.store.entitiesUsing(db, kind, accountId, arn, usage)) {
          if (!underPath(e.path, filter.pathPrefix)) continue;
          found.set(pages.joinKey(index, e.name.toLowerCase()), { kind, name: e.name, id: e.id });
        }
      }
    }
    const keys = [...found.keys()].sort();
    const scope = `iam:ListEntitiesForPolicy:${accountId}:${arn}:${filter.kinds?.join(',') ?? ''}:${filter.usage ?? ''}:${filter.pathPrefix ?? ''}`;
    const page = inMemoryPage(scope, keys, (k) => k, request);
    return { ...page, items: page.items.map((k) => found.get(k)!) };
  }

  /** Attaches a managed policy to a role, user or group of the account; attaching it again changes nothing. */
  async attach(accountId: string, kind: EntityKind, entityName: string, arn: string): Promise<void> {
    checkPolicyArn(arn);
    const now = this.clock.now().getTime();
    try {
      await this.db.transaction(async (trx) => {
        const entity = await this.modifiableEntity(trx, kind, accountId, entityName);
        const aws = awsManagedCatalogue.get(arn);
        if (!aws && !(await this.store.policyByArn(trx, accountId, arn, 'update'))) throw policyErrors.notAttachable(arn);
        if (aws && !aws.isAttachable) throw policyErrors.serviceRolePolicy(kind);
        const attached = await this.store.attachedArns(trx, kind, [entity.id]);
        if (attached.includes(arn)) return;
        if (attached.length >= policyQuotas.attachedPerEntity) throw policyErrors.tooManyAttached(kind, policyQuotas.attachedPerEntity);
        await this.store.attach(trx, kind, entity.id, arn, now);
      });
    } catch (error) {
      // a concurrent attach of the same policy won: the policy is attached, as asked
      if (!isUniqueViolation(error)) throw error;
    }
  }

  async detach(accountId: string, kind: EntityKind, entityName: string, arn: string): Promise<void> {
    checkPolicyArn(arn);
    await this.db.transaction(async (trx) => {
      const entity = await this.modifiableEntity(trx, kind, accountId, entityName);
      if (!(await this.store.detach(trx, kind, entity.id, arn))) throw policyErrors.policyNotFound(arn);
    });
  }

  /** The managed policies attached to a user or group (roles: RolesRead), by ARN, filtered by path. */
  async attached(accountId: string, kind: EntityKind, entityName: string, pathPrefix: string | undefined, request: PageRequest): Promise<Page<AttachedPolicyView>> {
    const db = this.db.db;
    const entity = await this.store.entity(db, kind, accountId, entityName);
    if (!entity) throw policyErrors.noSuchEntity(kind, entityName);
    const views = (await this.store.attachedArns(db, kind, [entity.id]))
      .map(policyView)
      .filter((p) => underPath(p.path, pathPrefix))
      .sort((a, b) => (a.arn < b.arn ? -1 : a.arn > b.arn ? 1 : 0));
    return inMemoryPage(`iam:ListAttached:${kind}:${entity.id}:${pathPrefix ?? ''}`, views, (p) => p.arn, request);
  }

  async counts(accountId: string): Promise<PolicyCounts> {
    const db = this.db.db;
    return { policies: await this.store.countPolicies(db, accountId), policyVersionsInUse: (await this.store.usage(db, accountId)).attachments.size };
  }

  // ---- helpers

  /** A customer managed policy's tags (iam_tags, keyed by the policy id); sortTags puts them in IAM's order. */
  private async policyTags(db: Kysely<Database>, policyId: string): Promise<Tag[]> {
    return (await this.iamTags.list(policyId, db)).map((t) => ({ key: t.Key, value: t.Value }));
  }

  private async customerPolicy(db: Kysely<Database>, accountId: string, arn: string, lock: 'update' | 'none' = 'none'): Promise<IamPolicyRow> {
    const row = await this.store.policyByArn(db, accountId, arn, lock);
    if (!row) throw policyErrors.policyNotFound(arn);
    return row;
  }

  /** The entity, locked so its attachment count holds until commit; roles AWS owns are refused. */
  private async modifiableEntity(db: Kysely<Database>, kind: EntityKind, accountId: string, name: string): Promise<EntityRow> {
    const entity = await this.store.entity(db, kind, accountId, name, 'update');
    if (!entity) throw policyErrors.noSuchEntity(kind, name);
    if (kind === 'role' && protectedRolePaths.some((p) => entity.path.startsWith(p))) throw policyErrors.protectedRole(entity.name);
    return entity;
  }
}

const noUsage: PolicyUsage = { attachments: new Map(), boundaries: new Map() };

function customerView(row: IamPolicyRow, usage: PolicyUsage): ManagedPolicy {
  const { arn, name, path } = row;
  const own = { arn, name, path, policyId: row.id, defaultVersionId: row.default_version_id, description: row.description ?? undefined };
  return withUsage({ ...own, createdAt: Number(row.created_at), updatedAt: Number(row.updated_at), isAttachable: true, awsManaged: false }, usage);
}

function awsView(p: AwsManagedPolicy, usage: PolicyUsage): ManagedPolicy {
  const { document: _document, versionCreatedAt: _versionCreatedAt, ...policy } = p;
  return withUsage({ ...policy, description: p.description, awsManaged: true }, usage);
}

/** Counts are the caller's account's: how many of its entities use the policy, each way. */
function withUsage(policy: Omit<ManagedPolicy, 'attachmentCount' | 'boundaryUsageCount'>, usage: PolicyUsage): ManagedPolicy {
  return { ...policy, attachmentCount: usage.attachments.get(policy.arn) ?? 0, boundaryUsageCount: usage.boundaries.get(policy.arn) ?? 0 };
}

/** Size first (IAM's PolicySize quota), then the grammar of a managed policy. */
async function checkManagedDocument(document: string): Promise<void> {
  if (policySize(document) > policyQuotas.size) throw policyErrors.tooLarge(policyQuotas.size);
  await checkPolicyDocument(document, 'managed');
}

function checkPolicyArn(arn: string): void {
  if (!policyArnPattern.test(arn)) throw policyErrors.invalidArn(arn);
}

function checkTagKeys(tags: readonly Tag[]): void {
  if (new Set(tags.map((t) => t.key)).size !== tags.length) throw policyErrors.duplicateTagKeys();
  if (tags.length > policyQuotas.tags) throw policyErrors.tooManyTags();
}

/** IAM lists a policy's tags shorter keys first, then by key (case-sensitive). */
const tagOrderKey = (t: Tag) => `${String(t.key.length).padStart(3, '0')}${t.key}`;

function sortTags(tags: readonly Tag[]): Tag[] {
  return [...tags].sort((a, b) => (tagOrderKey(a) < tagOrderKey(b) ? -1 : 1));
}

function underPath(path: string, prefix: string | undefined): boolean {
  return prefix === undefined || path.startsWith(prefix);
}

function versionNumber(versionId: string): number {
  return Number(versionId.slice(1));
}
