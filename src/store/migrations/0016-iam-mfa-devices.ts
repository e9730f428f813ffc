// IAM virtual MFA devices (services/iam/mfa-devices.ts): made by CreateVirtualMFADevice in an account, enabled for
// one IAM user with two consecutive codes, checked by STS (GetSessionToken, AssumeRole with SerialNumber and
// TokenCode). The TOTP seed is sealed with the SecretBox; `last_step` is the last time step a code was accepted for,
// so no code is accepted twice (a conditional update, safe across replicas). Frozen once released: Kysely<any>.

import type { Kysely, Migration } from 'kysely';

export const iamMfaDevices: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('iam_mfa_devices')
      // arn:aws:iam::<account>:mfa<path><name>
      .addColumn('serial_number', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      // base32, sealed
      .addColumn('seed', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      // the IAM user it is enabled for; null while unassigned
      .addColumn('user_id', 'text', (c) => c.references('iam_users.id'))
      .addColumn('enabled_at', 'bigint')
      .addColumn('last_step', 'bigint')
      .execute();
    // names are unique in an account, whatever the path
    await db.schema.createIndex('iam_mfa_devices_name_idx').on('iam_mfa_devices').columns(['account_id', 'name']).unique().execute();
    await db.schema.createIndex('iam_mfa_devices_user_idx').on('iam_mfa_devices').column('user_id').execute();
  },
};
