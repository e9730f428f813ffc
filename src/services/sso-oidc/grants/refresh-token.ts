import { clientAllows, GRANT_REFRESH_TOKEN } from '../core.js';
import { oidcErrors } from '../errors.js';
import { scopesOf } from '../tokens.js';
import type { Grant } from './grant.js';

// refresh_token (RFC 6749 6) with rotation: each use returns a new refresh token and retires the one presented.
// A retired one presented again means two parties hold it, so the whole grant is revoked (OAuth 2.0 Security BCP
// 4.14.2) and both must sign in again.
export const refreshTokenGrant: Grant = {
  grantType: GRANT_REFRESH_TOKEN,
  async createToken({ core, tokens }, client, request) {
    if (!clientAllows(client, GRANT_REFRESH_TOKEN)) throw oidcErrors.unauthorizedClient('The client is not registered for the refresh_token grant.');
    if (!request.refreshToken) throw oidcErrors.invalidRequest('refreshToken is required for this grant type.');
    const row = await tokens.refreshTokenRow(request.refreshToken);
    if (!row || row.client_id !== client.clientId) throw oidcErrors.invalidGrant('Invalid refresh token provided');
    const now = core.now();
    if (Number(row.expires_at) <= now && row.revoked_at === null) throw oidcErrors.invalidGrant('Refresh token has expired');
    const scopes = scopesOf(row);
    if (request.scope?.some((scope) => !scopes.includes(scope))) throw oidcErrors.invalidScope('A requested scope was not granted to this refresh token.');
    // retiring it is the claim: of two requests with one refresh token, the second finds it retired, a replay
    if (row.revoked_at !== null || !(await core.q.revokeToken(core.db, row.token_hash, now))) {
      await core.q.revokeGrant(core.db, row.grant_id, now);
      core.deps.log.warn({ clientId: client.clientId, grantId: row.grant_id }, 'sso-oidc: a used refresh token was presented again; its grant is revoked');
      throw oidcErrors.invalidGrant('Invalid refresh token provided');
    }
    const subject = { instanceArn: row.instance_arn, identityStoreId: row.identity_store_id, userId: row.user_id };
    return tokens.issue(core.db, client, subject, scopes, { grantId: row.grant_id, grantExpiresAt: Number(row.grant_expires_at) });
  },
};
