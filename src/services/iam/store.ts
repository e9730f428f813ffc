import type { Kysely } from 'kysely';
import type { AccountRow, CredentialRow, Database, NewAccount, NewCredential } from '../../store/schema.js';

export type { CredentialRow };

// The IAM service's tables: accounts (the containers every principal lives in), credentials (access keys of
// every kind, secrets sealed) and the server-wide settings it owns.


export const settingKeys = {
  managementAccountId: 'management_account_id',
} as const;

export class IamStore {
  constructor(private readonly db: Kysely<Database>) {}

  async setting(key: string, db: Kysely<Database> = this.db): Promise<string | undefined> {
    const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
    return row?.value;
  }

  async insertSetting(key: string, value: string, db: Kysely<Database> = this.db): Promise<void> {
    await db.insertInto('settings').values({ key, value }).execute();
  }

  async insertAccount(row: NewAccount, db: Kysely<Database> = this.db): Promise<void> {
    await db.insertInto('accounts').values(row).execute();
  }

  async accountByEmail(email: string, db: Kysely<Database> = this.db): Promise<AccountRow | undefined> {
    return await db
      .selectFrom('accounts')
      .selectAll()
      .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
      .executeTakeFirst();
  }

  async account(id: string, db: Kysely<Database> = this.db): Promise<AccountRow | undefined> {
    return await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertCredential(row: NewCredential, db: Kysely<Database> = this.db): Promise<void> {
    await db.insertInto('credentials').values(row).execute();
  }

  async credential(accessKeyId: string): Promise<CredentialRow | undefined> {
    return await this.db
      .selectFrom('credentials')
      .selectAll()
      .where('access_key_id', '=', accessKeyId)
      .executeTakeFirst();
  }

  async rootCredential(accountId: string): Promise<CredentialRow | undefined> {
    return await this.db
      .selectFrom('credentials')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('kind', '=', 'root')
      .where('status', '=', 'Active')
      .orderBy('created_at')
      .executeTakeFirst();
  }
}
