// Organizations policies: policy types enabled per organization, the targets policies can be attached to (kept in
// step by the core's hooks), policies (customer and AWS-managed, one row per organization) and attachments.
// Frozen once released: Kysely<any>, never the current `Database` type.
//
// No foreign keys to the core's tables: the core tells this part about roots, OUs and accounts through hooks
// (services/organizations/ports.ts), so either side's schema can change without the other's migrations.

import type { Kysely, Migration } from 'kysely';

export const organizationPolicies: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('org_policy_types')
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('policy_type', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('enabled_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_policy_types_pk', ['organization_id', 'policy_type'])
      .execute();

    await db.schema
      .createTable('org_policy_targets')
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      .addColumn('target_type', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_policy_targets_pk', ['organization_id', 'target_id'])
      .execute();

    await db.schema
      .createTable('org_policies')
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('policy_type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('aws_managed', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_policies_pk', ['organization_id', 'id'])
      .execute();
    // ListPolicies pages by (organization, type, id); names are unique per organization and type.
    await db.schema.createIndex('org_policies_type_idx').on('org_policies').columns(['organization_id', 'policy_type', 'id']).execute();
    await db.schema
      .createIndex('org_policies_name_idx')
      .on('org_policies')
      .columns(['organization_id', 'policy_type', 'name'])
      .unique()
      .execute();

    await db.schema
      .createTable('org_policy_attachments')
      .addColumn('organization_id', 'text', (c) => c.notNull())
      .addColumn('policy_id', 'text', (c) => c.notNull())
      .addColumn('target_id', 'text', (c) => c.notNull())
      // The policy's type, copied so per-target counts and filters need no join.
      .addColumn('policy_type', 'text', (c) => c.notNull())
      // Attachment order on the target: management policies attached to one target merge in this order.
      .addColumn('position', 'bigint', (c) => c.notNull())
      .addColumn('attached_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_policy_attachments_pk', ['organization_id', 'policy_id', 'target_id'])
      .addForeignKeyConstraint('org_policy_attachments_policy_fk', ['organization_id', 'policy_id'], 'org_policies', ['organization_id', 'id'])
      .addForeignKeyConstraint('org_policy_attachments_target_fk', ['organization_id', 'target_id'], 'org_policy_targets', ['organization_id', 'target_id'])
      .execute();
    await db.schema
      .createIndex('org_policy_attachments_target_idx')
      .on('org_policy_attachments')
      .columns(['organization_id', 'target_id', 'policy_type', 'policy_id'])
      .execute();
  },
};
