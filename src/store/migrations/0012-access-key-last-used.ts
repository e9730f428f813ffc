// When, where and with which service each long-term access key (root or IAM user) was last used, for IAM's
// GetAccessKeyLastUsed. Written at most once a minute per key per server, never on every request.
// Frozen once released: Kysely<any>, never `Database`.

import type { Kysely, Migration } from 'kysely';

export const accessKeyLastUsed: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('credentials').addColumn('last_used_at', 'bigint').execute();
    await db.schema.alterTable('credentials').addColumn('last_used_service', 'text').execute();
    await db.schema.alterTable('credentials').addColumn('last_used_region', 'text').execute();
  },
};
