import { sha256Hex } from '../../aws/auth/hash.js';
import { clientAllows, GRANT_AUTHORIZATION_CODE, toClient, type OidcCore } from './core.js';
import { redirectUriRegistered } from './clients.js';
import { newAuthorizationCode } from './ids.js';
import type { PortalSession } from './ports.js';

// The browser step of the authorization code grant with PKCE (RFC 6749 4.1, RFC 7636), which AWS CLI 2.22+ uses
// by default: the /authorize page signs the user in, then calls `authorize`, which checks the request against the
// client's registration and returns the code to redirect back with. Errors about the client or its redirect URI
// must be shown, never redirected (RFC 6749 4.1.2.1); later errors go back to the client in the redirect.

/** How long an authorization code may wait for CreateToken (RFC 6749 advises at most 10 minutes). */
export const AUTHORIZATION_CODE_SECONDS = 300;

export interface AuthorizeRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  /** Must be 'code'. */
  readonly responseType?: string | undefined;
  readonly codeChallenge: string;
  /** Must be 'S256' (the plain method is refused). */
  readonly codeChallengeMethod: string;
  readonly state?: string | undefined;
  /** Space-separated in the URL; a subset of the client's registered scopes. Empty: the registered scopes. */
  readonly scopes?: readonly string[] | undefined;
}

export type AuthorizeResult =
  | { readonly ok: true; readonly code: string; readonly redirectTo: string }
  | {
      readonly ok: false;
      /** OAuth error code: invalid_client, unauthorized_client, invalid_redirect_uri (shown, not redirected), or
       * unsupported_response_type, invalid_request, invalid_scope, access_denied (redirected). */
      readonly error: string;
      readonly description: string;
      /** Present when the error may be sent back to the client: redirect the browser there. */
      readonly redirectTo?: string;
    };

const withQuery = (uri: string, params: Record<string, string | undefined>): string => {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, value);
  return url.toString();
};

export class Authorizations {
  constructor(private readonly core: OidcCore) {}

  async authorize(request: AuthorizeRequest, session: PortalSession): Promise<AuthorizeResult> {
    const { core } = this;
    const now = core.now();
    const row = request.clientId ? await core.q.client(core.db, request.clientId) : undefined;
    const client = row && toClient(row);
    if (!client || client.secretExpiresAt <= now) return { ok: false, error: 'invalid_client', description: 'Invalid client provided' };
    if (!clientAllows(client, GRANT_AUTHORIZATION_CODE)) {
      return { ok: false, error: 'unauthorized_client', description: 'The client is not registered for the authorization code grant.' };
    }
    if (!redirectUriRegistered(client.redirectUris, request.redirectUri)) {
      return { ok: false, error: 'invalid_redirect_uri', description: 'The redirect URI is not one the client registered.' };
    }
    const fail = (error: string, description: string): AuthorizeResult => ({
      ok: false,
      error,
      description,
      redirectTo: withQuery(request.redirectUri, { error, error_description: description, state: request.state }),
    });
    if ((request.responseType ?? 'code') !== 'code') return fail('unsupported_response_type', 'Only response_type=code is supported.');
    if (request.codeChallengeMethod !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256.');
    if (!/^[A-Za-z0-9_-]{43}$/.test(request.codeChallenge)) return fail('invalid_request', 'code_challenge must be base64url(sha256(code_verifier)).');
    const scopes = request.scopes && request.scopes.length > 0 ? [...new Set(request.scopes)] : client.scopes;
    if (scopes.some((scope) => !client.scopes.includes(scope))) return fail('invalid_scope', 'A requested scope was not registered by the client.');
    if (session.expiresAt <= now) return fail('access_denied', 'The portal session has ended.');
    if (client.issuerUrl !== undefined) {
      const issuer = await core.deps.instances.forStartUrl(client.issuerUrl);
      if (issuer && issuer.instanceArn !== session.instanceArn) return fail('access_denied', 'The client was registered for another IAM Identity Center instance.');
    }

    const code = newAuthorizationCode();
    await core.q.insertCode(core.db, {
      code_hash: sha256Hex(code),
      client_id: client.clientId,
      redirect_uri: request.redirectUri,
      code_challenge: request.codeChallenge,
      scopes: JSON.stringify(scopes),
      instance_arn: session.instanceArn,
      identity_store_id: session.identityStoreId,
      user_id: session.userId,
      created_at: now,
      expires_at: now + AUTHORIZATION_CODE_SECONDS * 1000,
    });
    core.deps.log.info({ identityStoreId: session.identityStoreId, userName: session.userName, clientId: client.clientId }, 'sso-oidc: authorization code issued');
    return { ok: true, code, redirectTo: withQuery(request.redirectUri, { code, state: request.state }) };
  }
}
