// IAM inside each account, beyond roles: users (with their access keys in `credentials`), groups and memberships,
// customer managed policies with their versions, the policies attached to or inlined in users and groups, tags on
// any IAM entity, SAML providers, the account alias and the account password policy.
// Frozen once released: Kysely<any>, never the current `Database` type.
//
// Names are unique per account compared case-insensitively (IAM's rule), hence the name_lower columns and their
// unique indexes; every list IAM pages (by name) has an index in that order.

import type { Kysely, Migration } from 'kysely';

export const iamEntities: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    // An IAM user's access keys are credentials rows of kind 'user'; this column finds them (ListAccessKeys).
    await db.schema.alterTable('credentials').addColumn('user_id', 'text').execute();
    await db.schema.createIndex('credentials_user_idx').on('credentials').columns(['user_id', 'created_at']).execute();

    for (const [table, id] of [
      ['iam_users', 'AIDA'],
      ['iam_groups', 'AGPA'],
    ] as const) {
      await db.schema
        .createTable(table)
        // `${id}` + 17 base32 characters, as AWS issues them
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_lower', 'text', (c) => c.notNull())
        .addColumn('path', 'text', (c) => c.notNull())
        .addColumn('arn', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex(`${table}_account_name_idx`).on(table).columns(['account_id', 'name_lower']).unique().execute();
    }
    await db.schema.alterTable('iam_users').addColumn('permissions_boundary', 'text').execute();
    // the console password (CreateLoginProfile): a scrypt hash, never the password
    await db.schema.alterTable('iam_users').addColumn('password_hash', 'text').execute();
    await db.schema.alterTable('iam_users').addColumn('password_reset_required', 'integer').execute();
    await db.schema.alterTable('iam_users').addColumn('password_created_at', 'bigint').execute();

    await db.schema
      .createTable('iam_group_members')
      .addColumn('group_id', 'text', (c) => c.notNull().references('iam_groups.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('iam_users.id'))
      .addColumn('added_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_group_members_pk', ['group_id', 'user_id'])
      .execute();
    await db.schema.createIndex('iam_group_members_user_idx').on('iam_group_members').columns(['user_id', 'group_id']).execute();

    for (const [owner, references] of [
      ['user', 'iam_users.id'],
      ['group', 'iam_groups.id'],
    ] as const) {
      await db.schema
        .createTable(`iam_${owner}_inline_policies`)
        .addColumn(`${owner}_id`, 'text', (c) => c.notNull().references(references))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('document', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint(`iam_${owner}_inline_policies_pk`, [`${owner}_id`, 'name'])
        .execute();
      await db.schema
        .createTable(`iam_${owner}_attached_policies`)
        .addColumn(`${owner}_id`, 'text', (c) => c.notNull().references(references))
        .addColumn('policy_arn', 'text', (c) => c.notNull())
        .addColumn('attached_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint(`iam_${owner}_attached_policies_pk`, [`${owner}_id`, 'policy_arn'])
        .execute();
      await db.schema.createIndex(`iam_${owner}_attached_policies_arn_idx`).on(`iam_${owner}_attached_policies`).columns(['policy_arn']).execute();
    }
    await db.schema.createIndex('role_attached_policies_arn_idx').on('role_attached_policies').columns(['policy_arn']).execute();

    // Customer managed policies. AWS managed ones are a read-only catalogue shipped with the server, not rows.
    await db.schema
      .createTable('iam_policies')
      // ANPA + 17 base32 characters
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_lower', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull().unique())
      .addColumn('description', 'text')
      .addColumn('default_version_id', 'text', (c) => c.notNull())
      // version ids are never reused: v1, v2, ... even after deletions
      .addColumn('next_version', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('iam_policies_account_name_idx').on('iam_policies').columns(['account_id', 'name_lower']).unique().execute();

    await db.schema
      .createTable('iam_policy_versions')
      .addColumn('policy_id', 'text', (c) => c.notNull().references('iam_policies.id'))
      .addColumn('version_id', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_policy_versions_pk', ['policy_id', 'version_id'])
      .execute();

    // Tags of roles, users, customer managed policies and SAML providers, keyed by the entity's id (SAML: its ARN).
    await db.schema
      .createTable('iam_tags')
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('iam_tags_pk', ['entity_id', 'key'])
      .execute();

    await db.schema
      .createTable('iam_saml_providers')
      .addColumn('arn', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('metadata_document', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('valid_until', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('iam_saml_providers_account_idx').on('iam_saml_providers').columns(['account_id', 'name']).execute();

    // One alias per account, unique across the server as across AWS.
    await db.schema
      .createTable('iam_account_aliases')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
      .addColumn('alias', 'text', (c) => c.notNull().unique())
      .execute();

    await db.schema
      .createTable('iam_password_policies')
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
      // the PasswordPolicy settings, JSON text
      .addColumn('policy', 'text', (c) => c.notNull())
      .execute();
  },
};
