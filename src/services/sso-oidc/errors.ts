import { ServiceError } from '../../aws/errors.js';

// The errors of the OIDC service, named by the model's error shapes (the codec takes the status from the model and
// writes x-amzn-ErrorType, where botocore reads the code). Each carries the OAuth `error` code and
// `error_description`, as AWS sends them (RFC 6749 / 8628 names).

const error = (code: string, oauth: string, description: string): ServiceError =>
  new ServiceError(code, description, { fields: { error: oauth, error_description: description } });

export const oidcErrors = {
  invalidRequest: (description: string) => error('InvalidRequestException', 'invalid_request', description),
  invalidClient: (description = 'Invalid client provided') => error('InvalidClientException', 'invalid_client', description),
  invalidClientMetadata: (description: string) => error('InvalidClientMetadataException', 'invalid_client_metadata', description),
  invalidRedirectUri: (description: string) => error('InvalidRedirectUriException', 'invalid_redirect_uri', description),
  invalidGrant: (description: string) => error('InvalidGrantException', 'invalid_grant', description),
  invalidScope: (description: string) => error('InvalidScopeException', 'invalid_scope', description),
  unauthorizedClient: (description: string) => error('UnauthorizedClientException', 'unauthorized_client', description),
  unsupportedGrantType: (grantType: string) =>
    error('UnsupportedGrantTypeException', 'unsupported_grant_type', `Unsupported grant type: ${grantType.slice(0, 100)}`),
  authorizationPending: () => error('AuthorizationPendingException', 'authorization_pending', 'Authorization is still pending'),
  slowDown: () => error('SlowDownException', 'slow_down', 'Client is polling too fast'),
  expiredToken: (description = 'Device code has expired') => error('ExpiredTokenException', 'expired_token', description),
  accessDenied: (description = 'Access denied') => error('AccessDeniedException', 'access_denied', description),
} as const;
