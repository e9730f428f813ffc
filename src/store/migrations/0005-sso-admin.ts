// IAM Identity Center administration (sso-admin): instances, their permission sets and what is attached to them,
// and the tags on both. Frozen once released: Kysely<any>, never `Database`.
//
// Every list the API pages through has an index that serves its keyset order.

import type { Kysely, Migration } from 'kysely';

export const ssoAdmin: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('sso_instances')
      // arn:aws:sso:::instance/ssoins-<16 hex>
      .addColumn('arn', 'text', (c) => c.primaryKey())
      // d-<10 hex>
      .addColumn('identity_store_id', 'text', (c) => c.notNull().unique())
      // an organization instance per management account (AWS: one per organization)
      .addColumn('owner_account_id', 'text', (c) => c.notNull().unique().references('accounts.id'))
      .addColumn('organization_id', 'text')
      .addColumn('name', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sso_permission_sets')
      // arn:aws:sso:::permissionSet/ssoins-<16 hex>/ps-<16 hex>
      .addColumn('arn', 'text', (c) => c.primaryKey())
      .addColumn('instance_arn', 'text', (c) => c.notNull().references('sso_instances.arn'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      // ISO-8601 duration, PT1H by default
      .addColumn('session_duration', 'text', (c) => c.notNull())
      .addColumn('relay_state', 'text')
      .addColumn('inline_policy', 'text')
      // JSON {ManagedPolicyArn} or {CustomerManagedPolicyReference: {Name, Path}}
      .addColumn('permissions_boundary', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sso_permission_sets_name_idx').on('sso_permission_sets').columns(['instance_arn', 'name']).unique().execute();
    await db.schema.createIndex('sso_permission_sets_list_idx').on('sso_permission_sets').columns(['instance_arn', 'arn']).execute();

    await db.schema
      .createTable('sso_ps_managed_policies')
      .addColumn('permission_set_arn', 'text', (c) => c.notNull().references('sso_permission_sets.arn'))
      .addColumn('policy_arn', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('attached_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_ps_managed_policies_pk', ['permission_set_arn', 'policy_arn'])
      .execute();

    await db.schema
      .createTable('sso_ps_customer_policies')
      .addColumn('permission_set_arn', 'text', (c) => c.notNull().references('sso_permission_sets.arn'))
      // path + name: the policy's identity inside each account it is provisioned to
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('attached_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_ps_customer_policies_pk', ['permission_set_arn', 'reference'])
      .execute();

    await db.schema
      .createTable('sso_tags')
      .addColumn('instance_arn', 'text', (c) => c.notNull().references('sso_instances.arn'))
      .addColumn('resource_arn', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_tags_pk', ['resource_arn', 'key'])
      .execute();
  },
};
