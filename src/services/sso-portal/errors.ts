import { ServiceError } from '../../aws/errors.js';

// The access portal's errors as AWS answers them. ForbiddenException is not in the model (it has no such shape), but
// it is what the portal sends for a role the user may not use, and clients show it by its code.

export const portalErrors = {
  unauthorized: () => new ServiceError('UnauthorizedException', 'Session token not found or invalid'),
  forbidden: () => new ServiceError('ForbiddenException', 'No access', { status: 403 }),
  invalidNextToken: () => new ServiceError('InvalidRequestException', 'Invalid next token'),
} as const;
