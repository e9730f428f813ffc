import { model } from '../../aws/api/sso-oidc.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { Authorizations, type AuthorizeRequest, type AuthorizeResult } from './authorize.js';
import { authz } from './authz.js';
import { ClientsDomain } from './clients.js';
import { OidcCore, type OidcDeps } from './core.js';
import { DeviceAuthorizations, type DeviceDecision, type DeviceRequest } from './device-authorization.js';
import type { AccessTokens, PortalSession } from './ports.js';
import { SsoOidcProvider } from './provider.js';
import { Tokens } from './tokens.js';

export type { OidcDeps } from './core.js';
export type { AuthorizeRequest, AuthorizeResult } from './authorize.js';
export type { DeviceDecision, DeviceRequest } from './device-authorization.js';
export type { AccessGrant, AccessTokens } from './ports.js';

/**
 * What the device and authorize pages (src/web) call, with the PortalSession that sign-in's `session(cookie)` gave
 * them: the user confirms a device code, or lets a PKCE client have an authorization code.
 */
export interface OidcPages {
  /** The pending request a user code names (normalized: case, spaces and the dash do not matter). */
  deviceByUserCode(userCode: string): Promise<DeviceRequest | undefined>;
  approveDevice(userCode: string, session: PortalSession): Promise<DeviceDecision>;
  denyDevice(userCode: string, session: PortalSession): Promise<DeviceDecision>;
  authorize(request: AuthorizeRequest, session: PortalSession): Promise<AuthorizeResult>;
}

/** The OIDC service of IAM Identity Center: the wire service, the pages' domain API, and the access tokens the
 * portal API checks. */
export interface SsoOidc {
  readonly service: ServiceDefinition;
  readonly pages: OidcPages;
  readonly tokens: AccessTokens;
}

export function createSsoOidc(deps: OidcDeps): SsoOidc {
  const core = new OidcCore(deps);
  const tokens = new Tokens(core);
  const devices = new DeviceAuthorizations(core);
  const authorizations = new Authorizations(core);
  const provider = new SsoOidcProvider(core, new ClientsDomain(core), devices, { core, tokens, devices });
  return {
    service: defineService('sso-oidc', model, authz, provider),
    pages: {
      deviceByUserCode: (userCode) => devices.byUserCode(userCode),
      approveDevice: (userCode, session) => devices.decide(userCode, session, 'approved'),
      denyDevice: (userCode, session) => devices.decide(userCode, session, 'denied'),
      authorize: (request, session) => authorizations.authorize(request, session),
    },
    tokens,
  };
}
