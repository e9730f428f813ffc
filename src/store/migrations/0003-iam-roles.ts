// IAM roles: the role itself (trust policy, path, session limit), the managed policies attached to it and its inline
// policies. Organizations' CreateAccount makes the first ones (OrganizationAccountAccessRole).
// Frozen once released: Kysely<any>, never the current `Database` type.

import type { Kysely, Migration } from 'kysely';

export const iamRoles: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('roles')
      // AROA + 17 base32 characters, as AWS issues role ids
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      // IAM compares role names case-insensitively; the unique index is on this column
      .addColumn('name_lower', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('arn', 'text', (c) => c.notNull())
      .addColumn('description', 'text')
      // the trust (assume-role) policy document, JSON text
      .addColumn('trust_policy', 'text', (c) => c.notNull())
      .addColumn('max_session_duration', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('roles_account_name_idx').on('roles').columns(['account_id', 'name_lower']).unique().execute();

    await db.schema
      .createTable('role_attached_policies')
      .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
      .addColumn('policy_arn', 'text', (c) => c.notNull())
      .addColumn('attached_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('role_attached_policies_pk', ['role_id', 'policy_arn'])
      .execute();

    await db.schema
      .createTable('role_inline_policies')
      .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('role_inline_policies_pk', ['role_id', 'name'])
      .execute();
  },
};
