import type { Kysely } from 'kysely';
import type { Page, PageRequest } from '../../lib/keyset-pages.js';
import type { Database } from '../../store/schema.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { iamErrors } from './errors.js';
import { inMemoryPage } from './pages.js';

// Tags on IAM entities, in `iam_tags` keyed by the entity's id (a role's AROA id, a SAML provider's ARN). IAM's
// rules: keys are compared case-insensitively (a request naming one key twice in any case is InvalidInput; tagging
// an existing key in another case replaces it), at most 50 tags an entity (LimitExceeded naming the entity's quota),
// listed sorted by key. Key and value length and characters are the model's (validated before a handler runs).

export interface Tag {
  readonly Key: string;
  readonly Value: string;
}

/** Tags an IAM entity may carry. */
export const MAX_TAGS = 50;

/** InvalidInput when the request names a key twice (compared case-insensitively). */
export function checkTagKeys(tags: readonly Tag[]): void {
  const seen = new Set<string>();
  for (const tag of tags) {
    const key = tag.Key.toLowerCase();
    if (seen.has(key)) throw iamErrors.duplicateTagKeys();
    seen.add(key);
  }
}

const byKey = (a: Tag, b: Tag): number => (a.Key < b.Key ? -1 : a.Key > b.Key ? 1 : 0);

export class IamTags {
  constructor(private readonly db: Kysely<Database>) {}

  /** The entity's tags, sorted by key. */
  async list(entityId: string, db: Kysely<Database> = this.db): Promise<Tag[]> {
    const rows = await db.selectFrom('iam_tags').select(['key', 'value']).where('entity_id', '=', entityId).execute();
    return rows.map((r) => ({ Key: r.key, Value: r.value })).sort(byKey);
  }

  async page(entityId: string, scope: string, request: PageRequest): Promise<Page<Tag>> {
    return inMemoryPage(scope, await this.list(entityId), (t) => t.Key, request);
  }

  /** Adds or replaces tags (run inside the caller's transaction); `quota` names the limit in IAM's message. */
  async tag(db: Kysely<Database>, entityId: string, tags: readonly Tag[], quota: string): Promise<void> {
    checkTagKeys(tags);
    const merged = new Map((await this.list(entityId, db)).map((t) => [t.Key.toLowerCase(), t]));
    for (const tag of tags) merged.set(tag.Key.toLowerCase(), tag);
    if (merged.size > MAX_TAGS) throw iamErrors.tooManyTags(quota, MAX_TAGS);
    await this.replace(db, entityId, [...merged.values()]);
  }

  /** Removes the tags with these keys (compared case-insensitively); keys the entity does not have are ignored. */
  async untag(db: Kysely<Database>, entityId: string, keys: readonly string[]): Promise<void> {
    const gone = new Set(keys.map((k) => k.toLowerCase()));
    const kept = (await this.list(entityId, db)).filter((t) => !gone.has(t.Key.toLowerCase()));
    await this.replace(db, entityId, kept);
  }

  async deleteAll(db: Kysely<Database>, entityId: string): Promise<void> {
    await db.deleteFrom('iam_tags').where('entity_id', '=', entityId).execute();
  }

  private async replace(db: Kysely<Database>, entityId: string, tags: readonly Tag[]): Promise<void> {
    await this.deleteAll(db, entityId);
    if (tags.length === 0) return;
    try {
      await db
        .insertInto('iam_tags')
        .values(tags.map((t) => ({ entity_id: entityId, key: t.Key, value: t.Value })))
        .execute();
    } catch (error) {
      // another request tagged the entity between our read and our write
      if (isUniqueViolation(error)) throw iamErrors.concurrentModification();
      throw error;
    }
  }
}
