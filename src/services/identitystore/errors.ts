import type { ResourceType } from '../../aws/api/identitystore.js';
import { ServiceError } from '../../aws/errors.js';

// The Identity Store's errors, named by the model's error shapes (the codec takes each one's status from the model)
// and worded as AWS words them. Reasons and ResourceTypes are the model's enum values.

function error(code: string, message: string, fields: Readonly<Record<string, unknown>> = {}): ServiceError {
  return new ServiceError(code, message, { fields });
}

export const idsErrors = {
  accessDenied: () => error('AccessDeniedException', 'You do not have sufficient access to perform this action.'),
  notFound: (resourceType: ResourceType, resourceId: string) =>
    error('ResourceNotFoundException', `${resourceType} not found.`, { ResourceType: resourceType, ResourceId: resourceId }),
  /** Lookups by an alternate identifier have no id to name. */
  notFoundBy: (resourceType: ResourceType) => error('ResourceNotFoundException', `${resourceType} not found.`, { ResourceType: resourceType }),
  duplicate: (message: string) => error('ConflictException', message, { Reason: 'UNIQUENESS_CONSTRAINT_VIOLATION' }),
  validation: (message: string) => error('ValidationException', message),
  invalidNextToken: () => error('ValidationException', 'The NextToken is invalid or has expired.'),
} as const;
