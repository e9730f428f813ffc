// IAM Identity Center's identity store (identitystore): the users, groups and group memberships of each store.
// Frozen once released: Kysely<any>, never `Database`.
//
// identity_store_id names an sso-admin instance's store (d-<10 hex>) but carries no foreign key: the store belongs
// to sso-admin, which asks identitystore to drop a store's directory through its port rather than the schema
// tying the two services' tables together. Every list the API pages through has an index in its keyset order.

import type { Kysely, Migration } from 'kysely';

export const identityStore: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('idstore_users')
      // a UUID, as AWS issues user ids in current stores
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('user_name', 'text', (c) => c.notNull())
      // UserName is unique per store compared case-insensitively, as AWS compares it; the unique index is on this
      .addColumn('user_name_lower', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text')
      // the first (and only: AWS allows one) email, lower-cased, for GetUserId by emails.value
      .addColumn('email_lower', 'text')
      // JSON: every other attribute of the user (name, emails, addresses, ..., extensions)
      .addColumn('profile', 'text', (c) => c.notNull())
      // ENABLED | DISABLED
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('idstore_users_store_id_idx').on('idstore_users').columns(['identity_store_id', 'id']).execute();
    await db.schema
      .createIndex('idstore_users_store_name_idx')
      .on('idstore_users')
      .columns(['identity_store_id', 'user_name_lower'])
      .unique()
      .execute();
    await db.schema.createIndex('idstore_users_store_email_idx').on('idstore_users').columns(['identity_store_id', 'email_lower']).execute();

    await db.schema
      .createTable('idstore_groups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('display_name', 'text')
      // DisplayName is unique per store, compared case-insensitively like UserName; absent names do not collide
      .addColumn('display_name_lower', 'text')
      .addColumn('description', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('idstore_groups_store_id_idx').on('idstore_groups').columns(['identity_store_id', 'id']).execute();
    await db.schema
      .createIndex('idstore_groups_store_name_idx')
      .on('idstore_groups')
      .columns(['identity_store_id', 'display_name_lower'])
      .unique()
      .execute();

    await db.schema
      .createTable('idstore_memberships')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('identity_store_id', 'text', (c) => c.notNull())
      .addColumn('group_id', 'text', (c) => c.notNull().references('idstore_groups.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('idstore_users.id'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .execute();
    // one membership per (group, member); also ListGroupMemberships' keyset order is served by the next index
    await db.schema.createIndex('idstore_memberships_group_user_idx').on('idstore_memberships').columns(['group_id', 'user_id']).unique().execute();
    await db.schema.createIndex('idstore_memberships_group_id_idx').on('idstore_memberships').columns(['group_id', 'id']).execute();
    await db.schema.createIndex('idstore_memberships_user_id_idx').on('idstore_memberships').columns(['user_id', 'id']).execute();
  },
};
