// IAM Identity Center settings of an instance (sso-admin): its attribute-based access control configuration (the
// attributes that become session tags on sign-in) and the access portal's settings, which AWS keeps in its console
// rather than in the sso-admin API (the start URL's alias, the portal session duration, when users are asked for
// MFA, the identity source). Frozen once released: Kysely<any>, never `Database`.

import type { Kysely, Migration } from 'kysely';

export const identityCenterSettings: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('sso_access_control_attributes')
      // one configuration per instance, as AWS allows
      .addColumn('instance_arn', 'text', (c) => c.primaryKey().references('sso_instances.arn'))
      // JSON [{Key, Source}] in the order given: the attributes and the identity-store path each one reads
      .addColumn('attributes', 'text', (c) => c.notNull())
      // ENABLED | CREATION_IN_PROGRESS | CREATION_FAILED
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sso_portal_settings')
      .addColumn('instance_arn', 'text', (c) => c.primaryKey().references('sso_instances.arn'))
      // the start URL's custom part, /start/<alias>; null until set (then /start/<identity store id>). Set once.
      .addColumn('alias', 'text', (c) => c.unique())
      // the access portal session, in minutes (AWS: 15 minutes to 90 days, 8 hours by default)
      .addColumn('session_minutes', 'integer', (c) => c.notNull())
      // always-on | context-aware | disabled (the console's "Prompt users for MFA")
      .addColumn('mfa_mode', 'text', (c) => c.notNull())
      // identity-center-directory: the built-in directory (the identity store); the only source gatehouse has
      .addColumn('identity_source', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },
};
