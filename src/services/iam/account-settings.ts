import type { Store } from '../../store/database.js';
import { isUniqueViolation } from '../../store/unique-violation.js';
import { iamErrors } from './errors.js';

// An account's own IAM settings: its alias (one an account, unique across the server as across AWS; a new one
// replaces the old) and its password policy (one an account, every setting at IAM's default unless given; stored as
// the JSON of PasswordPolicySettings; passwordPolicy is what console passwords are checked against).

export interface PasswordPolicySettings {
  readonly minimumPasswordLength: number;
  readonly requireSymbols: boolean;
  readonly requireNumbers: boolean;
  readonly requireUppercaseCharacters: boolean;
  readonly requireLowercaseCharacters: boolean;
  readonly allowUsersToChangePassword: boolean;
  /** Days; 0: passwords never expire. */
  readonly maxPasswordAge: number;
  /** Previous passwords a user may not reuse; 0: no check. */
  readonly passwordReusePrevention: number;
  readonly hardExpiry: boolean;
}

/** What UpdateAccountPasswordPolicy sets for a setting the request leaves out (IAM's documented defaults). */
export const passwordPolicyDefaults: PasswordPolicySettings = {
  minimumPasswordLength: 6,
  requireSymbols: false,
  requireNumbers: false,
  requireUppercaseCharacters: false,
  requireLowercaseCharacters: false,
  allowUsersToChangePassword: false,
  maxPasswordAge: 0,
  passwordReusePrevention: 0,
  hardExpiry: false,
};

export class AccountSettings {
  constructor(private readonly store: Store) {}

  /** The account's alias, in a list as IAM lists it (empty or one). */
  async aliases(accountId: string): Promise<string[]> {
    const row = await this.store.db.selectFrom('iam_account_aliases').select('alias').where('account_id', '=', accountId).executeTakeFirst();
    return row ? [row.alias] : [];
  }

  /** Sets the account's alias, replacing the one it had; EntityAlreadyExists when another account uses it. */
  async createAlias(accountId: string, alias: string): Promise<void> {
    try {
      await this.store.transaction(async (trx) => {
        const holder = await trx.selectFrom('iam_account_aliases').select('account_id').where('alias', '=', alias).executeTakeFirst();
        if (holder?.account_id === accountId) return;
        if (holder) throw iamErrors.aliasExists(alias);
        await trx
          .insertInto('iam_account_aliases')
          .values({ account_id: accountId, alias })
          .onConflict((oc) => oc.column('account_id').doUpdateSet({ alias }))
          .execute();
      });
    } catch (error) {
      // the unique index on alias settles two accounts claiming one alias at once
      if (isUniqueViolation(error)) throw iamErrors.aliasExists(alias);
      throw error;
    }
  }

  /** NoSuchEntity unless it is the account's alias. */
  async deleteAlias(accountId: string, alias: string): Promise<void> {
    const deleted = await this.store.db.deleteFrom('iam_account_aliases').where('account_id', '=', accountId).where('alias', '=', alias).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw iamErrors.noSuchAlias(alias);
  }

  /** The account's password policy, or undefined when it has none. */
  async passwordPolicy(accountId: string): Promise<PasswordPolicySettings | undefined> {
    const row = await this.store.db.selectFrom('iam_password_policies').select('policy').where('account_id', '=', accountId).executeTakeFirst();
    return row ? { ...passwordPolicyDefaults, ...(JSON.parse(row.policy) as Partial<PasswordPolicySettings>) } : undefined;
  }

  /** Replaces the account's password policy: settings left out take their defaults, as IAM does. */
  async setPasswordPolicy(accountId: string, settings: Partial<PasswordPolicySettings>): Promise<void> {
    const policy = JSON.stringify({ ...passwordPolicyDefaults, ...settings });
    await this.store.db
      .insertInto('iam_password_policies')
      .values({ account_id: accountId, policy })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ policy }))
      .execute();
  }

  async deletePasswordPolicy(accountId: string): Promise<void> {
    const deleted = await this.store.db.deleteFrom('iam_password_policies').where('account_id', '=', accountId).executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) throw iamErrors.noPasswordPolicyToDelete();
  }
}
