import { model } from '../../aws/api/sso.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { authz } from './authz.js';
import { PortalDomain, type PortalDeps, type PortalWeb } from './domain.js';
import { SsoPortalProvider } from './provider.js';

export type { PortalDeps, PortalWeb, AccountWithRoles } from './domain.js';

export interface SsoPortal {
  /** The access portal API (ListAccounts, ListAccountRoles, GetRoleCredentials, Logout) over OIDC access tokens. */
  readonly service: ServiceDefinition;
  /** The same for the portal pages' signed-in user. */
  readonly web: PortalWeb;
}

export function createSsoPortal(deps: PortalDeps): SsoPortal {
  const domain = new PortalDomain(deps);
  return { service: defineService('sso', model, authz, new SsoPortalProvider(domain)), web: domain };
}
