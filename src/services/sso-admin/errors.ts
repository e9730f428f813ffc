import { ServiceError } from '../../aws/errors.js';

// The errors of IAM Identity Center administration, named by the model's error shapes (the codec takes each one's
// HTTP status from the model). sso-admin errors carry only a message (and, in newer models, a Reason we leave out).

const error = (code: string, message: string): ServiceError => new ServiceError(code, message);

export const ssoErrors = {
  validation: (message: string) => error('ValidationException', message),
  conflict: (message: string) => error('ConflictException', message),
  notFound: (message: string) => error('ResourceNotFoundException', message),
  accessDenied: (message = 'User is not authorized to perform this action on the requested resource.') => error('AccessDeniedException', message),
  quota: (message: string) => error('ServiceQuotaExceededException', message),
  instanceNotFound: () => error('ResourceNotFoundException', 'Could not find the specified IAM Identity Center instance.'),
  permissionSetNotFound: () => error('ResourceNotFoundException', 'Could not find PermissionSet with the specified arn.'),
  invalidNextToken: () => error('ValidationException', 'The NextToken provided is invalid.'),
};
