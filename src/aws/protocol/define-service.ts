import type { AuthzTable } from '../authz/types.js';
import type { ServiceModel } from './model.js';
import { handlersOf, type ServiceDefinition } from './service-definition.js';

/** The validation error code each protocol's services answer with, unless a service says otherwise. */
const validationCodes = { json: 'ValidationException', query: 'ValidationError', 'rest-json': 'InvalidRequestException' } as const;

export function defineService(
  id: string,
  model: ServiceModel,
  authz: AuthzTable,
  provider: object | readonly object[] = {},
  extra: Partial<Pick<ServiceDefinition, 'validationErrorCode' | 'resolveAuthzName' | 'verifyMfa'>> = {},
): ServiceDefinition {
  const unchecked = Object.keys(authz).filter((operation) => authz[operation]?.mfa !== undefined);
  if (unchecked.length > 0 && !extra.verifyMfa) {
    throw new Error(`${id}: ${unchecked.join(', ')} name MFA members but the service has no verifyMfa: their codes would go unchecked`);
  }
  return {
    id,
    model,
    authz,
    handlers: handlersOf(provider),
    validationErrorCode: extra.validationErrorCode ?? validationCodes[model.metadata.protocol],
    ...(extra.resolveAuthzName ? { resolveAuthzName: extra.resolveAuthzName } : {}),
    ...(extra.verifyMfa ? { verifyMfa: extra.verifyMfa } : {}),
  };
}
