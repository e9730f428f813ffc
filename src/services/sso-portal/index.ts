import { model } from '../../aws/api/sso.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { authz } from './authz.js';
import { PortalDomain, type PortalDeps } from './domain.js';
import { SsoPortalProvider } from './provider.js';

export type { PortalDeps } from './domain.js';

/** The access portal API (ListAccounts, ListAccountRoles, GetRoleCredentials, Logout) over OIDC access tokens. */
export function createSsoPortal(deps: PortalDeps): ServiceDefinition {
  return defineService('sso', model, authz, new SsoPortalProvider(new PortalDomain(deps)));
}
