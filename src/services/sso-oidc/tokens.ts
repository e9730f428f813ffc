import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../../aws/auth/hash.js';
import type { Database } from '../../store/schema.js';
import { clientAllows, GRANT_REFRESH_TOKEN, type Client, type OidcCore } from './core.js';
import { newAccessToken, newRefreshToken } from './ids.js';
import type { AccessGrant, AccessTokens } from './ports.js';
import type { TokenRow } from './store.js';

// Access and refresh tokens, as AWS issues them since late 2023:
// * a client registered with scopes (sso-session profiles, SDK token providers) gets a refreshable grant: access
//   tokens of one hour, and a refresh token, rotated at every use, that works until the grant ends, which is the
//   instance's access portal session duration after sign-in (8 hours by default);
// * a client registered without scopes (legacy profiles) gets one access token for a fixed 8 hours, no refresh.
// A grant is one sign-in of one client. Presenting a refresh token a second time revokes its whole grant (the token
// was stolen or replayed: OAuth 2.0 Security BCP, refresh token rotation); Logout revokes the grant too.

type Db = Kysely<Database>;

export const ACCESS_TOKEN_SECONDS = 3600;
export const LEGACY_ACCESS_TOKEN_SECONDS = 8 * 3600;

/** Who a grant is for. */
export interface Subject {
  readonly instanceArn: string;
  readonly identityStoreId: string;
  readonly userId: string;
}

/** CreateToken's answer before the wire. */
export interface IssuedTokens {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  /** Seconds. */
  readonly expiresIn: number;
  readonly refreshToken?: string;
}

/** An existing grant continued by a refresh. */
export interface GrantContinuation {
  readonly grantId: string;
  readonly grantExpiresAt: number;
}

export const scopesOf = (row: { readonly scopes: string }): string[] => JSON.parse(row.scopes) as string[];

export class Tokens implements AccessTokens {
  constructor(private readonly core: OidcCore) {}

  /** Issues the tokens of a new grant (a sign-in just completed) or of an existing one (a refresh), in `db`. */
  async issue(db: Db, client: Client, subject: Subject, scopes: readonly string[], grant?: GrantContinuation): Promise<IssuedTokens> {
    const now = this.core.now();
    const refreshable = scopes.length > 0 && clientAllows(client, GRANT_REFRESH_TOKEN);
    let grantId: string;
    let grantExpiresAt: number;
    if (grant) {
      ({ grantId, grantExpiresAt } = grant);
    } else {
      grantId = randomUUID();
      const { sessionSeconds } = await this.core.deps.instances.settings(subject.instanceArn);
      grantExpiresAt = now + (refreshable ? sessionSeconds : LEGACY_ACCESS_TOKEN_SECONDS) * 1000;
    }
    const accessExpiresAt = Math.min(grantExpiresAt, now + (refreshable ? ACCESS_TOKEN_SECONDS : LEGACY_ACCESS_TOKEN_SECONDS) * 1000);
    const base = {
      grant_id: grantId,
      client_id: client.clientId,
      instance_arn: subject.instanceArn,
      identity_store_id: subject.identityStoreId,
      user_id: subject.userId,
      scopes: JSON.stringify(scopes),
      created_at: now,
      grant_expires_at: grantExpiresAt,
      revoked_at: null,
    };
    const accessToken = newAccessToken();
    const rows: TokenRow[] = [{ ...base, token_hash: sha256Hex(accessToken), kind: 'access', expires_at: accessExpiresAt }];
    const refreshToken = refreshable ? newRefreshToken() : undefined;
    if (refreshToken) rows.push({ ...base, token_hash: sha256Hex(refreshToken), kind: 'refresh', expires_at: grantExpiresAt });
    await this.core.q.insertTokens(db, rows);
    const expiresIn = Math.max(1, Math.floor((accessExpiresAt - now) / 1000));
    return { accessToken, tokenType: 'Bearer', expiresIn, ...(refreshToken ? { refreshToken } : {}) };
  }

  /** The refresh token's row, revoked or not (a revoked one presented again is a replay); undefined when unknown. */
  async refreshTokenRow(refreshToken: string): Promise<TokenRow | undefined> {
    const row = await this.core.q.token(this.core.db, sha256Hex(refreshToken));
    return row?.kind === 'refresh' ? row : undefined;
  }

  async verify(accessToken: string): Promise<AccessGrant | undefined> {
    if (!accessToken) return undefined;
    const row = await this.core.q.token(this.core.db, sha256Hex(accessToken));
    if (!row || row.kind !== 'access' || row.revoked_at !== null || Number(row.expires_at) <= this.core.now()) return undefined;
    return {
      grantId: row.grant_id,
      clientId: row.client_id,
      instanceArn: row.instance_arn,
      identityStoreId: row.identity_store_id,
      userId: row.user_id,
      scopes: scopesOf(row),
      expiresAt: Number(row.expires_at),
    };
  }

  async revoke(accessToken: string): Promise<void> {
    const row = accessToken ? await this.core.q.token(this.core.db, sha256Hex(accessToken)) : undefined;
    if (row) await this.core.q.revokeGrant(this.core.db, row.grant_id, this.core.now());
  }
}
