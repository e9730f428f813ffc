// IAM Identity Center account assignments and provisioning (sso-admin): assignments of permission sets to
// principals on accounts, the asynchronous requests that create and delete them, the permission sets provisioned
// into accounts (one IAM role each), the requests that re-provision them; and a role's permissions boundary (IAM),
// which provisioning sets. Frozen once released: Kysely<any>, never `Database`.
//
// Every list the API pages through has an index that serves its keyset order.

import type { Kysely, Migration } from 'kysely';

export const ssoAssignments: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('roles').addColumn('permissions_boundary', 'text').execute();

    await db.schema
      .createTable('sso_account_assignments')
      .addColumn('instance_arn', 'text', (c) => c.notNull().references('sso_instances.arn'))
      .addColumn('permission_set_arn', 'text', (c) => c.notNull().references('sso_permission_sets.arn'))
      .addColumn('account_id', 'text', (c) => c.notNull())
      // USER:<id> or GROUP:<id>: one keyset column for ListAccountAssignments
      .addColumn('principal', 'text', (c) => c.notNull())
      .addColumn('principal_type', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_account_assignments_pk', ['permission_set_arn', 'account_id', 'principal'])
      .execute();
    await db.schema
      .createIndex('sso_account_assignments_principal_idx')
      .on('sso_account_assignments')
      .columns(['instance_arn', 'principal', 'account_id', 'permission_set_arn'])
      .execute();

    await db.schema
      .createTable('sso_assignment_requests')
      // a UUID, as AWS's request ids
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      // CREATE or DELETE
      .addColumn('operation', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('failure_reason', 'text')
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('permission_set_arn', 'text', (c) => c.notNull())
      .addColumn('principal_type', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sso_assignment_requests_list_idx')
      .on('sso_assignment_requests')
      .columns(['instance_arn', 'operation', 'created_at', 'id'])
      .execute();

    await db.schema
      .createTable('sso_provisioned')
      .addColumn('permission_set_arn', 'text', (c) => c.notNull().references('sso_permission_sets.arn'))
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('role_name', 'text', (c) => c.notNull())
      // 1 when the permission set changed after it was last provisioned here
      .addColumn('outdated', 'integer', (c) => c.notNull())
      .addColumn('provisioned_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('sso_provisioned_pk', ['permission_set_arn', 'account_id'])
      .execute();
    await db.schema.createIndex('sso_provisioned_account_idx').on('sso_provisioned').columns(['instance_arn', 'account_id', 'permission_set_arn']).execute();

    await db.schema
      .createTable('sso_provisioning_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_arn', 'text', (c) => c.notNull())
      .addColumn('permission_set_arn', 'text', (c) => c.notNull())
      // the one account of TargetType AWS_ACCOUNT; null for ALL_PROVISIONED_ACCOUNTS
      .addColumn('account_id', 'text')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('failure_reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('sso_provisioning_requests_list_idx')
      .on('sso_provisioning_requests')
      .columns(['instance_arn', 'created_at', 'id'])
      .execute();
  },
};
