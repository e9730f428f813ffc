import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, SignInStage, SigninPasswordTokensTable, SigninSessionsTable, SigninUsersTable } from '../../../store/schema.js';

// The sign-in tables (migration 0014): users' credentials, sessions and sign-ins in progress, password tokens.
// Sessions and tokens are looked up by the sha256 of their bearer value only.

type Db = Kysely<Database>;

export type CredentialsRow = Selectable<SigninUsersTable>;
export type SessionRow = Selectable<SigninSessionsTable>;
export type PasswordTokenRow = Selectable<SigninPasswordTokensTable>;

export class SignInStore {
  credentials(db: Db, userId: string): Promise<CredentialsRow | undefined> {
    return db.selectFrom('signin_users').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** The user's row, made empty (no password, no MFA) when there is none yet. */
  async ensureCredentials(db: Db, userId: string, identityStoreId: string, now: number): Promise<CredentialsRow> {
    await db
      .insertInto('signin_users')
      .values({
        user_id: userId,
        identity_store_id: identityStoreId,
        password_hash: null,
        password_history: '[]',
        must_change_password: 0,
        password_set_at: null,
        failed_attempts: 0,
        locked_until: null,
        totp_secret: null,
        totp_pending_secret: null,
        totp_last_step: null,
        mfa_enrolled_at: null,
        updated_at: now,
      })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    return (await this.credentials(db, userId))!;
  }

  async updateCredentials(db: Db, userId: string, set: Updateable<SigninUsersTable>): Promise<void> {
    await db.updateTable('signin_users').set(set).where('user_id', '=', userId).execute();
  }

  /** Counts a failure atomically (two wrong passwords at once both count); returns the new count. */
  async countFailure(db: Db, userId: string, now: number): Promise<number> {
    await db
      .updateTable('signin_users')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), updated_at: now }))
      .where('user_id', '=', userId)
      .execute();
    return Number((await this.credentials(db, userId))?.failed_attempts ?? 0);
  }

  /** Accepts a TOTP step only if it is after the last one accepted: false when another request used it first. */
  async claimTotpStep(db: Db, userId: string, step: number, now: number): Promise<boolean> {
    const result = await db
      .updateTable('signin_users')
      .set({ totp_last_step: step, updated_at: now })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // ---- sessions and sign-ins in progress

  session(db: Db, idHash: string): Promise<SessionRow | undefined> {
    return db.selectFrom('signin_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  }

  async insertSession(db: Db, row: SessionRow): Promise<void> {
    await db.insertInto('signin_sessions').values(row).execute();
  }

  async setStage(db: Db, idHash: string, stage: SignInStage): Promise<void> {
    await db.updateTable('signin_sessions').set({ stage }).where('id_hash', '=', idHash).execute();
  }

  /** Ends a session or sign-in; false when it was already gone (a second request with the same challenge). */
  async deleteSession(db: Db, idHash: string): Promise<boolean> {
    const result = await db.deleteFrom('signin_sessions').where('id_hash', '=', idHash).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  /** Every session and sign-in of a user (their password changed, or an administrator reset it). */
  async deleteSessionsOf(db: Db, userId: string): Promise<void> {
    await db.deleteFrom('signin_sessions').where('user_id', '=', userId).execute();
  }

  async purgeExpired(db: Db, now: number): Promise<void> {
    await db.deleteFrom('signin_sessions').where('expires_at', '<', now).execute();
    await db.deleteFrom('signin_password_tokens').where('expires_at', '<', now).execute();
  }

  // ---- password tokens

  passwordToken(db: Db, tokenHash: string): Promise<PasswordTokenRow | undefined> {
    return db.selectFrom('signin_password_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  /** One live token per user: minting a new one voids the previous. */
  async replacePasswordToken(db: Db, row: PasswordTokenRow): Promise<void> {
    await db.deleteFrom('signin_password_tokens').where('user_id', '=', row.user_id).execute();
    await db.insertInto('signin_password_tokens').values(row).execute();
  }

  async deletePasswordToken(db: Db, tokenHash: string): Promise<boolean> {
    const result = await db.deleteFrom('signin_password_tokens').where('token_hash', '=', tokenHash).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }
}
