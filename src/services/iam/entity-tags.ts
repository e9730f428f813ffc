import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import { entityErrors } from './entity-errors.js';

// Tags of an IAM entity (user; the table also serves roles, policies and SAML providers), keyed by the entity's
// id so a rename keeps them. IAM compares tag keys case-insensitively: a tag whose key matches an existing one
// replaces it, keeping the case it is given. At most 50 per entity.

export interface Tag {
  readonly key: string;
  readonly value: string;
}

const tagsPerEntity = 50;

/** Throws InvalidInput when two tags of one request have the same key (compared case-insensitively). */
export function checkDistinctKeys(tags: readonly Tag[]): void {
  const keys = new Set(tags.map((t) => t.key.toLowerCase()));
  if (keys.size !== tags.length) throw entityErrors.duplicateTagKeys();
}

export class EntityTags {
  constructor(private readonly db: Kysely<Database>) {}

  /** The entity's tags in key order. */
  async list(entityId: string, db: Kysely<Database> = this.db): Promise<Tag[]> {
    return await db.selectFrom('iam_tags').select(['key', 'value']).where('entity_id', '=', entityId).orderBy('key').execute();
  }

  /** Adds or replaces tags inside the caller's transaction; `quotaName` names the quota IAM reports (TagsPerUser). */
  async tag(db: Kysely<Database>, entityId: string, tags: readonly Tag[], quotaName: string): Promise<void> {
    checkDistinctKeys(tags);
    if (tags.length === 0) return;
    const existing = await this.list(entityId, db);
    const replaced = new Set(tags.map((t) => t.key.toLowerCase()));
    const kept = existing.filter((t) => !replaced.has(t.key.toLowerCase()));
    if (kept.length + tags.length > tagsPerEntity) throw entityErrors.quota(quotaName, tagsPerEntity);
    await this.deleteKeys(db, entityId, existing.filter((t) => replaced.has(t.key.toLowerCase())).map((t) => t.key));
    await db
      .insertInto('iam_tags')
      .values(tags.map((t) => ({ entity_id: entityId, key: t.key, value: t.value })))
      .execute();
  }

  /** Removes the tags with these keys (case-insensitively); keys the entity does not have are ignored. */
  async untag(db: Kysely<Database>, entityId: string, keys: readonly string[]): Promise<void> {
    const removed = new Set(keys.map((k) => k.toLowerCase()));
    const existing = await this.list(entityId, db);
    await this.deleteKeys(db, entityId, existing.filter((t) => removed.has(t.key.toLowerCase())).map((t) => t.key));
  }

  async untagAll(db: Kysely<Database>, entityId: string): Promise<void> {
    await db.deleteFrom('iam_tags').where('entity_id', '=', entityId).execute();
  }

  private async deleteKeys(db: Kysely<Database>, entityId: string, keys: readonly string[]): Promise<void> {
    if (keys.length === 0) return;
    await db.deleteFrom('iam_tags').where('entity_id', '=', entityId).where('key', 'in', keys).execute();
  }
}
