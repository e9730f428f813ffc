import { model } from '../../aws/api/sso-oidc.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { authz } from './authz.js';

/** Routed, authenticated and validated; its operations answer NotImplementedException until its issue lands. */
export function ssoOidcService(): ServiceDefinition {
  return defineService('sso-oidc', model, authz);
}
