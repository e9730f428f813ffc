import { model } from '../../aws/api/sso-admin.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { authz } from './authz.js';

/** Routed, authenticated and validated; its operations answer NotImplementedException until its issue lands. */
export function ssoAdminService(): ServiceDefinition {
  return defineService('sso-admin', model, authz);
}
