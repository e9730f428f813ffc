import { createHash } from 'node:crypto';
import { sha256Hex } from '../../../aws/auth/hash.js';
import { clientAllows, GRANT_AUTHORIZATION_CODE, sameHash } from '../core.js';
import { oidcErrors } from '../errors.js';
import { scopesOf } from '../tokens.js';
import type { Grant } from './grant.js';

// authorization_code with PKCE S256 (RFC 7636): the code the /authorize page issued, exchanged once by the client
// that asked for it, with the same redirect URI and the verifier whose sha256 is the challenge. The code is spent
// before the verifier is checked, so a wrong verifier cannot be retried.
export const authorizationCodeGrant: Grant = {
  grantType: GRANT_AUTHORIZATION_CODE,
  async createToken({ core, tokens }, client, request) {
    if (!clientAllows(client, GRANT_AUTHORIZATION_CODE)) throw oidcErrors.unauthorizedClient('The client is not registered for the authorization_code grant.');
    if (!request.code) throw oidcErrors.invalidRequest('code is required for this grant type.');
    if (!request.codeVerifier) throw oidcErrors.invalidRequest('codeVerifier is required for this grant type.');
    if (!request.redirectUri) throw oidcErrors.invalidRequest('redirectUri is required for this grant type.');
    const hash = sha256Hex(request.code);
    const row = await core.q.code(core.db, hash);
    if (!row || row.client_id !== client.clientId) throw oidcErrors.invalidGrant('Invalid authorization code provided');
    // spent outside any transaction, so a failed check below does not give it back
    if (!(await core.q.consumeCode(core.db, hash))) throw oidcErrors.invalidGrant('Invalid authorization code provided');
    if (Number(row.expires_at) <= core.now()) throw oidcErrors.invalidGrant('Authorization code has expired');
    if (row.redirect_uri !== request.redirectUri) throw oidcErrors.invalidGrant('The redirect URI does not match the authorization request');
    const challenge = createHash('sha256').update(request.codeVerifier).digest('base64url');
    if (!sameHash(challenge, row.code_challenge)) throw oidcErrors.invalidGrant('Code verifier does not match the code challenge');
    const subject = { instanceArn: row.instance_arn, identityStoreId: row.identity_store_id, userId: row.user_id };
    return tokens.issue(core.db, client, subject, scopesOf(row));
  },
};
