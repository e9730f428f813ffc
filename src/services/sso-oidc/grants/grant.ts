import type { Client, OidcCore } from '../core.js';
import type { DeviceAuthorizations } from '../device-authorization.js';
import type { IssuedTokens, Tokens } from '../tokens.js';

// One CreateToken grant type: a module in the registry (grants/registry.ts), chosen by the request's grantType.

/** CreateToken's members besides the client's. */
export interface TokenRequest {
  readonly deviceCode?: string | undefined;
  readonly code?: string | undefined;
  readonly refreshToken?: string | undefined;
  readonly redirectUri?: string | undefined;
  readonly codeVerifier?: string | undefined;
  readonly scope?: readonly string[] | undefined;
}

/** What a grant works with. */
export interface GrantContext {
  readonly core: OidcCore;
  readonly tokens: Tokens;
  readonly devices: DeviceAuthorizations;
}

export interface Grant {
  readonly grantType: string;
  /** Tokens for an authenticated client, or a ServiceError of the OIDC model. */
  createToken(ctx: GrantContext, client: Client, request: TokenRequest): Promise<IssuedTokens>;
}
