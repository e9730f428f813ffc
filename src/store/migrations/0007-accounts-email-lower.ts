// Account emails are unique case-insensitively, and every CreateAccount looks one up by lower(email): an index on
// that expression turns the scan (which grew with the accounts table) into a lookup, and makes the rule the
// database's own. Frozen once released: Kysely<any>, never the current `Database` type.

import { sql, type Kysely, type Migration } from 'kysely';

export const accountsEmailLower: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.createIndex('accounts_email_lower_idx').on('accounts').expression(sql`lower(email)`).unique().execute();
  },
};
