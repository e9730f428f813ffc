import { model } from '../../aws/api/sts.js';
import { defineService } from '../../aws/protocol/define-service.js';
import type { ServiceDefinition } from '../../aws/protocol/service-definition.js';
import { authz } from './authz.js';
import { StsProvider, type StsIam } from './provider.js';

export function stsService(iam: StsIam): ServiceDefinition {
  return defineService('sts', model, authz, new StsProvider(iam));
}
