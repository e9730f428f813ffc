import type { Kysely, Selectable } from 'kysely';
import type {
  Database,
  DeviceAuthorizationStatus,
  OidcAuthorizationCodesTable,
  OidcClientsTable,
  OidcDeviceAuthorizationsTable,
  OidcTokensTable,
} from '../../store/schema.js';

// The OIDC service's tables (migration 0014). Bearer values are looked up by sha256 only. Every single-use value
// (device code, authorization code, refresh token) is consumed by a conditional write whose row count says whether
// this request won, so two requests racing with one value never both get tokens.

type Db = Kysely<Database>;

export type ClientRow = Selectable<OidcClientsTable>;
export type DeviceRow = Selectable<OidcDeviceAuthorizationsTable>;
export type CodeRow = Selectable<OidcAuthorizationCodesTable>;
export type TokenRow = Selectable<OidcTokensTable>;

export class OidcStore {
  // ---- clients

  client(db: Db, clientId: string): Promise<ClientRow | undefined> {
    return db.selectFrom('oidc_clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  }

  async insertClient(db: Db, row: ClientRow): Promise<void> {
    await db.insertInto('oidc_clients').values(row).execute();
  }

  // ---- device authorizations

  device(db: Db, deviceCodeHash: string): Promise<DeviceRow | undefined> {
    return db.selectFrom('oidc_device_authorizations').selectAll().where('device_code_hash', '=', deviceCodeHash).executeTakeFirst();
  }

  deviceByUserCode(db: Db, userCode: string): Promise<DeviceRow | undefined> {
    return db.selectFrom('oidc_device_authorizations').selectAll().where('user_code', '=', userCode).executeTakeFirst();
  }

  async insertDevice(db: Db, row: DeviceRow): Promise<void> {
    await db.insertInto('oidc_device_authorizations').values(row).execute();
  }

  async notePoll(db: Db, deviceCodeHash: string, at: number): Promise<void> {
    await db.updateTable('oidc_device_authorizations').set({ last_polled_at: at }).where('device_code_hash', '=', deviceCodeHash).execute();
  }

  /** Moves a device authorization from one status to another; false when it was not in `from` any more. */
  async moveDevice(db: Db, deviceCodeHash: string, from: DeviceAuthorizationStatus, to: DeviceAuthorizationStatus, userId?: string): Promise<boolean> {
    const result = await db
      .updateTable('oidc_device_authorizations')
      .set(userId === undefined ? { status: to } : { status: to, user_id: userId })
      .where('device_code_hash', '=', deviceCodeHash)
      .where('status', '=', from)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // ---- authorization codes

  code(db: Db, codeHash: string): Promise<CodeRow | undefined> {
    return db.selectFrom('oidc_authorization_codes').selectAll().where('code_hash', '=', codeHash).executeTakeFirst();
  }

  async insertCode(db: Db, row: CodeRow): Promise<void> {
    await db.insertInto('oidc_authorization_codes').values(row).execute();
  }

  async consumeCode(db: Db, codeHash: string): Promise<boolean> {
    const result = await db.deleteFrom('oidc_authorization_codes').where('code_hash', '=', codeHash).executeTakeFirst();
    return Number(result.numDeletedRows) === 1;
  }

  // ---- tokens

  token(db: Db, tokenHash: string): Promise<TokenRow | undefined> {
    return db.selectFrom('oidc_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
  }

  async insertTokens(db: Db, rows: readonly TokenRow[]): Promise<void> {
    await db.insertInto('oidc_tokens').values([...rows]).execute();
  }

  /** Revokes one token if it is still live; false when it was already revoked (a replay). */
  async revokeToken(db: Db, tokenHash: string, at: number): Promise<boolean> {
    const result = await db.updateTable('oidc_tokens').set({ revoked_at: at }).where('token_hash', '=', tokenHash).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async revokeGrant(db: Db, grantId: string, at: number): Promise<void> {
    await db.updateTable('oidc_tokens').set({ revoked_at: at }).where('grant_id', '=', grantId).where('revoked_at', 'is', null).execute();
  }

  /** Forgets what can no longer be used: expired device authorizations, codes and grants, a day after they end. */
  async purgeExpired(db: Db, before: number): Promise<void> {
    await db.deleteFrom('oidc_device_authorizations').where('expires_at', '<', before).execute();
    await db.deleteFrom('oidc_authorization_codes').where('expires_at', '<', before).execute();
    await db.deleteFrom('oidc_tokens').where('grant_expires_at', '<', before).execute();
  }
}
