import { model } from '../../aws/api/organizations.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { authz } from './authz.js';

/** Routed, authenticated and validated; its operations answer NotImplementedException until its issue lands. */
export function organizationsService(): ServiceDefinition {
  return defineService('organizations', model, authz);
}
