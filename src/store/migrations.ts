// Every schema change, in the order it is applied; the one place migrations are listed. Append only: never edit,
// reorder or remove a released entry (a database that ran it would no longer match). To change the schema, add a
// file `migrations/NNNN-what.ts` and one line here named `NNNN_what`, then update schema.ts to match.

import type { Migration, MigrationProvider } from 'kysely';
import { initial } from './migrations/0001-initial.js';
import { organizationPolicies } from './migrations/0002-organization-policies.js';
import { iamRoles } from './migrations/0003-iam-roles.js';
import { organizations } from './migrations/0004-organizations.js';
import { ssoAdmin } from './migrations/0005-sso-admin.js';
import { identityStore } from './migrations/0006-identity-store.js';
import { accountsEmailLower } from './migrations/0007-accounts-email-lower.js';
import { ssoAssignments } from './migrations/0008-sso-assignments.js';
import { iamEntities } from './migrations/0009-iam-entities.js';
import { accessKeyLastUsed } from './migrations/0012-access-key-last-used.js';
import { identityCenterSettings } from './migrations/0013-identity-center-settings.js';
import { signIn } from './migrations/0014-sign-in.js';
import { writeNotifications } from './migrations/0015-write-notifications.js';
import { iamMfaDevices } from './migrations/0016-iam-mfa-devices.js';
import { notifyEveryTable } from './migrations/0017-notify-every-table.js';

export interface NamedMigration {
  readonly name: string;
  readonly migration: Migration;
}

export const MIGRATIONS: readonly NamedMigration[] = [
  { name: '0001_initial', migration: initial },
  { name: '0002_organization_policies', migration: organizationPolicies },
  { name: '0003_iam_roles', migration: iamRoles },
  { name: '0004_organizations', migration: organizations },
  { name: '0005_sso_admin', migration: ssoAdmin },
  { name: '0006_identity_store', migration: identityStore },
  { name: '0007_accounts_email_lower', migration: accountsEmailLower },
  { name: '0008_sso_assignments', migration: ssoAssignments },
  { name: '0009_iam_entities', migration: iamEntities },
  { name: '0012_access_key_last_used', migration: accessKeyLastUsed },
  { name: '0013_identity_center_settings', migration: identityCenterSettings },
  { name: '0014_sign_in', migration: signIn },
  { name: '0015_write_notifications', migration: writeNotifications },
  { name: '0016_iam_mfa_devices', migration: iamMfaDevices },
  { name: '0017_notify_every_table', migration: notifyEveryTable },
];

/** Name of the newest migration: the schema version, stamped on exports and checked on import. */
export const LATEST_MIGRATION: string = checkOrder(MIGRATIONS);

/** Kysely's Migrator applies migrations in name order; these names sort in list order by construction. */
export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return Object.fromEntries(MIGRATIONS.map((m) => [m.name, m.migration]));
  },
};

function checkOrder(list: readonly NamedMigration[]): string {
  let previous = '';
  for (const { name } of list) {
    if (!/^\d{4}_[a-z0-9_]+$/.test(name)) throw new Error(`migration name ${name} is not NNNN_snake_case`);
    if (name <= previous) throw new Error(`migration ${name} is out of order after ${previous}`);
    previous = name;
  }
  if (!previous) throw new Error('no migrations');
  return previous;
}
