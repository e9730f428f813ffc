import type { Kysely } from 'kysely';
import type { Principal } from '../../aws/auth/principal.js';
import type { Database, OrganizationRow } from '../../store/schema.js';
import type { CallerOrg, OrgCore } from './core.js';
import { orgErrors } from './errors.js';
import { arns, resourceKind } from './ids.js';
import type { OrgTag } from './ports.js';
import { pageCursor, toPage, type Page, type PageRequest } from './pagination.js';

// Tags on the organization's resources: accounts, the root, OUs, policies, the resource policy and responsibility
// transfers. AWS's rules: at most 50 per resource, keys unique in a request, `aws:` keys reserved.

type Db = Kysely<Database>;

export const MAX_TAGS_PER_RESOURCE = 50;

export class TagsDomain {
  constructor(private readonly core: OrgCore) {}

  /** Checks a request's tags on their own (duplicates, reserved keys, count): before anything is written. */
  checkTags(tags: readonly OrgTag[]): void {
    const keys = new Set<string>();
    for (const tag of tags) {
      if (tag.Key.toLowerCase().startsWith('aws:')) {
        throw orgErrors.invalidInput('INVALID_SYSTEM_TAGS_PARAMETER', `You specified a tag key that is a system tag: ${tag.Key}. Keys that begin with aws: are reserved for AWS use.`);
      }
      if (keys.has(tag.Key)) throw orgErrors.invalidInput('DUPLICATE_TAG_KEY', 'Tag keys must be unique among the tags attached to the same entity.');
      keys.add(tag.Key);
    }
    if (keys.size > MAX_TAGS_PER_RESOURCE) throw orgErrors.constraint('MAX_TAG_LIMIT_EXCEEDED');
  }

  /** Adds or overwrites tags on a resource whose existence the caller has established, enforcing the 50-tag limit. */
  async putTags(db: Db, organizationId: string, resourceId: string, tags: readonly OrgTag[]): Promise<void> {
    this.checkTags(tags);
    if (tags.length === 0) return;
    const existing = await this.core.q.tags(db, organizationId, resourceId);
    const keys = new Set([...existing.map((t) => t.key), ...tags.map((t) => t.Key)]);
    if (keys.size > MAX_TAGS_PER_RESOURCE) throw orgErrors.constraint('MAX_TAG_LIMIT_EXCEEDED');
    await this.core.q.putTags(
      db,
      organizationId,
      resourceId,
      tags.map((t) => ({ key: t.Key, value: t.Value })),
    );
  }

  async tagResource(principal: Principal, resourceId: string, tags: readonly OrgTag[]): Promise<void> {
    const caller = await this.core.requireManagement(principal);
    this.checkTags(tags);
    await this.core.store.transaction(async (trx) => {
      await this.requireResource(trx, caller, resourceId);
      await this.putTags(trx, caller.org.id, resourceId, tags);
    });
  }

  async untagResource(principal: Principal, resourceId: string, keys: readonly string[]): Promise<void> {
    const caller = await this.core.requireManagement(principal);
    for (const key of keys) {
      if (key.toLowerCase().startsWith('aws:')) {
        throw orgErrors.invalidInput('INVALID_SYSTEM_TAGS_PARAMETER', `You specified a tag key that is a system tag: ${key}. Keys that begin with aws: are reserved for AWS use.`);
      }
    }
    await this.core.store.transaction(async (trx) => {
      await this.requireResource(trx, caller, resourceId);
      await this.core.q.deleteTags(trx, caller.org.id, resourceId, keys);
    });
  }

  /** All of a resource's tags fit one page (50 at most); the token is still checked like any other. */
  async listTags(principal: Principal, resourceId: string, request: PageRequest): Promise<Page<OrgTag>> {
    const caller = await this.core.requireReader(principal);
    const scope = `organizations:ListTagsForResource:${caller.org.id}:${resourceId}`;
    const { after } = pageCursor(scope, request);
    await this.requireResource(this.core.db, caller, resourceId);
    const rows = (await this.core.q.tags(this.core.db, caller.org.id, resourceId)).filter((t) => after === undefined || t.key > after);
    return toPage(scope, rows, MAX_TAGS_PER_RESOURCE, (t) => t.key, (t) => ({ Key: t.key, Value: t.value }));
  }

  /** TargetNotFoundException unless the id names a taggable resource of the caller's organization. */
  private async requireResource(db: Db, caller: CallerOrg, resourceId: string): Promise<void> {
    if ((await this.resourceArn(caller.org, resourceId, db)) === undefined) throw orgErrors.targetNotFound();
  }

  /** The ARN of the taggable resource (root, OU, account, policy, resource policy, transfer) the id names in the
   * organization, or undefined when it names none. */
  async resourceArn(org: OrganizationRow, resourceId: string, db: Db = this.core.db): Promise<string | undefined> {
    const { core } = this;
    switch (resourceKind(resourceId)) {
      case 'account':
        return (await core.q.member(db, org.id, resourceId)) ? arns.account(org.management_account_id, org.id, resourceId) : undefined;
      case 'root':
      case 'ou':
        return (await core.parent(org, resourceId, db))?.arn;
      case 'policy':
        return (await core.hooks.policyFacts(core.facts(org), resourceId, db))?.arn;
      case 'resourcepolicy':
        return (await core.q.resourcePolicy(db, org.id))?.id === resourceId
          ? arns.resourcePolicy(org.management_account_id, org.id, resourceId)
          : undefined;
      case 'transfer':
        return (await core.transferSeenBy(org, resourceId, db))?.arn;
      default:
        return undefined;
    }
  }
}
