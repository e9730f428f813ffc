// AWS Organizations, the core: organizations and their roots, OUs, member accounts, account-creation requests,
// handshakes, tags, trusted service access, delegated administrators, the resource policy and responsibility
// transfers. Policies live in their own tables (0002). Frozen once released: Kysely<any>, never `Database`.
//
// Every list the API pages through has an index that serves its keyset order, so a page costs one index range scan
// however large the organization is.

import type { Kysely, Migration } from 'kysely';

export const organizations: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('organizations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('feature_set', 'text', (c) => c.notNull())
      .addColumn('management_account_id', 'text', (c) => c.notNull().unique().references('accounts.id'))
      // one root per organization, as AWS has it
      .addColumn('root_id', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('org_units')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      // the root (r-...) or an OU (ou-...)
      .addColumn('parent_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      // 1 directly below the root; AWS allows 5
      .addColumn('depth', 'integer', (c) => c.notNull())
      // o-.../r-.../ou-.../ou-<this>/ : OUs never move, so the path is written once
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_units_parent_name_idx').on('org_units').columns(['parent_id', 'name']).unique().execute();
    await db.schema.createIndex('org_units_parent_id_idx').on('org_units').columns(['parent_id', 'id']).execute();
    await db.schema.createIndex('org_units_organization_idx').on('org_units').columns(['organization_id']).execute();

    await db.schema
      .createTable('org_accounts')
      // an account belongs to at most one organization
      .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('parent_id', 'text', (c) => c.notNull())
      // CREATED | INVITED
      .addColumn('joined_method', 'text', (c) => c.notNull())
      .addColumn('joined_at', 'bigint', (c) => c.notNull())
      // CloseAccount: when it was asked for (the 30-day closure quota counts these) and when it completed
      .addColumn('close_requested_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      .execute();
    await db.schema.createIndex('org_accounts_organization_idx').on('org_accounts').columns(['organization_id', 'account_id']).execute();
    await db.schema.createIndex('org_accounts_parent_idx').on('org_accounts').columns(['parent_id', 'account_id']).execute();

    await db.schema
      .createTable('org_create_account_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('account_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('role_name', 'text', (c) => c.notNull())
      .addColumn('iam_user_access_to_billing', 'text')
      // JSON [{Key, Value}], applied to the account when it is created
      .addColumn('tags', 'text')
      // IN_PROGRESS | SUCCEEDED | FAILED
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('failure_reason', 'text')
      .addColumn('account_id', 'text')
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('completed_at', 'bigint')
      .execute();
    await db.schema
      .createIndex('org_create_account_requests_list_idx')
      .on('org_create_account_requests')
      .columns(['organization_id', 'requested_at', 'id'])
      .execute();

    await db.schema
      .createTable('org_handshakes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // the sender
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      // INVITE | ENABLE_ALL_FEATURES | APPROVE_ALL_FEATURES | TRANSFER_RESPONSIBILITY
      .addColumn('action', 'text', (c) => c.notNull())
      // REQUESTED | OPEN | CANCELED | ACCEPTED | DECLINED; EXPIRED is computed from expires_at on read
      .addColumn('state', 'text', (c) => c.notNull())
      // the recipient party as the sender named it (ACCOUNT id or EMAIL address); null for a parent handshake
      .addColumn('party_type', 'text')
      .addColumn('party_id', 'text')
      // the account that may respond, resolved when the handshake is sent
      .addColumn('recipient_account_id', 'text')
      .addColumn('parent_handshake_id', 'text')
      .addColumn('transfer_id', 'text')
      .addColumn('notes', 'text')
      // JSON [{Key, Value}]: an invitation's tags, applied to the account when it joins
      .addColumn('tags', 'text')
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      // when the state last changed: terminal handshakes are listed for 30 days after it
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('org_handshakes_organization_idx').on('org_handshakes').columns(['organization_id', 'id']).execute();
    await db.schema.createIndex('org_handshakes_recipient_idx').on('org_handshakes').columns(['recipient_account_id', 'id']).execute();
    await db.schema.createIndex('org_handshakes_parent_idx').on('org_handshakes').columns(['parent_handshake_id']).execute();

    await db.schema
      .createTable('org_tags')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      // an account id, r-, ou-, p-, rp- or rt- id
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_tags_pk', ['organization_id', 'resource_id', 'key'])
      .execute();

    await db.schema
      .createTable('org_service_access')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('service_principal', 'text', (c) => c.notNull())
      .addColumn('enabled_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_service_access_pk', ['organization_id', 'service_principal'])
      .execute();

    await db.schema
      .createTable('org_delegated_admins')
      .addColumn('organization_id', 'text', (c) => c.notNull().references('organizations.id'))
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('service_principal', 'text', (c) => c.notNull())
      .addColumn('enabled_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('org_delegated_admins_pk', ['organization_id', 'account_id', 'service_principal'])
      .execute();
    await db.schema
      .createIndex('org_delegated_admins_service_idx')
      .on('org_delegated_admins')
      .columns(['organization_id', 'service_principal', 'account_id'])
      .execute();

    await db.schema
      .createTable('org_resource_policies')
      .addColumn('organization_id', 'text', (c) => c.primaryKey().references('organizations.id'))
      .addColumn('id', 'text', (c) => c.notNull().unique())
      .addColumn('content', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    // A transfer joins two organizations; either may outlive the other's deletion, so no foreign keys.
    await db.schema
      .createTable('org_responsibility_transfers')
      .addColumn('id', 'text', (c) => c.primaryKey())
      // BILLING
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      // REQUESTED | ACCEPTED | DECLINED | CANCELED | WITHDRAWN; EXPIRED is computed from the handshake
      .addColumn('status', 'text', (c) => c.notNull())
      // the inviter, who will manage the responsibility (the transfer's Target)
      .addColumn('target_organization_id', 'text', (c) => c.notNull())
      .addColumn('target_account_id', 'text', (c) => c.notNull())
      // the invited management account (the transfer's Source); its organization once it accepts
      .addColumn('source_account_id', 'text', (c) => c.notNull())
      .addColumn('source_organization_id', 'text')
      .addColumn('start_at', 'bigint', (c) => c.notNull())
      .addColumn('end_at', 'bigint')
      .addColumn('handshake_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('org_responsibility_transfers_target_idx')
      .on('org_responsibility_transfers')
      .columns(['target_organization_id', 'id'])
      .execute();
    await db.schema
      .createIndex('org_responsibility_transfers_source_idx')
      .on('org_responsibility_transfers')
      .columns(['source_account_id', 'id'])
      .execute();
  },
};
