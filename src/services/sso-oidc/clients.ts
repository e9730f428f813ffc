import { sha256Hex } from '../../aws/auth/hash.js';
import { GRANT_AUTHORIZATION_CODE, GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN, type OidcCore } from './core.js';
import { oidcErrors } from './errors.js';
import { newClientId, newClientSecret } from './ids.js';

// RegisterClient: public clients only (what AWS supports), registered for 90 days, as AWS does. A client that will
// use the authorization code grant (PKCE) names its redirect URIs; loopback ones (http://127.0.0.1/..., the CLI's
// and Granted's) match a redirect to any port of the same host and path, as RFC 8252 7.3 asks.

export const CLIENT_REGISTRATION_SECONDS = 90 * 24 * 3600;
const KNOWN_GRANT_TYPES = new Set([GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN, GRANT_AUTHORIZATION_CODE]);

export interface Registration {
  readonly clientName: string;
  readonly clientType: string;
  readonly scopes?: readonly string[] | undefined;
  readonly grantTypes?: readonly string[] | undefined;
  readonly redirectUris?: readonly string[] | undefined;
  readonly issuerUrl?: string | undefined;
}

export interface Registered {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Epoch seconds. */
  readonly clientIdIssuedAt: number;
  readonly clientSecretExpiresAt: number;
  readonly authorizationEndpoint?: string;
  readonly tokenEndpoint?: string;
}

const isLoopback = (host: string): boolean => host === '127.0.0.1' || host === '[::1]' || host === 'localhost';

/** Whether a redirect URI an authorization request names is one the client registered. */
export function redirectUriRegistered(registered: readonly string[], requested: string): boolean {
  let asked: URL;
  try {
    asked = new URL(requested);
  } catch {
    return false;
  }
  return registered.some((uri) => {
    if (uri === requested) return true;
    let known: URL;
    try {
      known = new URL(uri);
    } catch {
      return false;
    }
    return (
      known.protocol === 'http:' &&
      asked.protocol === 'http:' &&
      isLoopback(known.hostname) &&
      known.hostname === asked.hostname &&
      known.pathname === asked.pathname &&
      known.search === asked.search
    );
  });
}

export class ClientsDomain {
  constructor(private readonly core: OidcCore) {}

  async register(input: Registration, origin: string): Promise<Registered> {
    if (input.clientType !== 'public') throw oidcErrors.invalidClientMetadata('Invalid client type: only public clients can be registered.');
    const grantTypes = [...new Set(input.grantTypes ?? [])];
    for (const grantType of grantTypes) if (!KNOWN_GRANT_TYPES.has(grantType)) throw oidcErrors.unsupportedGrantType(grantType);
    const redirectUris = [...new Set(input.redirectUris ?? [])];
    for (const uri of redirectUris) checkRedirectUri(uri);
    const pkce = grantTypes.includes(GRANT_AUTHORIZATION_CODE);
    if (pkce && redirectUris.length === 0) throw oidcErrors.invalidRequest('A client of the authorization_code grant needs redirectUris.');
    const scopes = [...new Set(input.scopes ?? [])];
    for (const scope of scopes) if (!/^[\x21-\x7e]{1,256}$/.test(scope)) throw oidcErrors.invalidScope(`Invalid scope: ${scope.slice(0, 100)}`);

    const clientId = newClientId();
    const clientSecret = newClientSecret();
    const now = this.core.now();
    const issuedAt = Math.floor(now / 1000);
    const expiresAt = issuedAt + CLIENT_REGISTRATION_SECONDS;
    await this.core.q.insertClient(this.core.db, {
      client_id: clientId,
      secret_hash: sha256Hex(clientSecret),
      name: input.clientName,
      type: input.clientType,
      scopes: JSON.stringify(scopes),
      grant_types: JSON.stringify(grantTypes),
      redirect_uris: JSON.stringify(redirectUris),
      issuer_url: input.issuerUrl ?? null,
      created_at: now,
      secret_expires_at: expiresAt * 1000,
    });
    return {
      clientId,
      clientSecret,
      clientIdIssuedAt: issuedAt,
      clientSecretExpiresAt: expiresAt,
      ...(pkce ? { authorizationEndpoint: `${origin}/authorize`, tokenEndpoint: `${origin}/token` } : {}),
    };
  }
}

/** https anywhere, or http to a loopback address (a CLI's local callback). */
function checkRedirectUri(uri: string): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw oidcErrors.invalidRedirectUri(`Invalid redirect URI: ${uri.slice(0, 200)}`);
  }
  const ok = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
  if (!ok || url.hash !== '') throw oidcErrors.invalidRedirectUri(`Invalid redirect URI: ${uri.slice(0, 200)}`);
}
