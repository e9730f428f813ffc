import { ServiceError } from '../../aws/errors.js';

// STS's errors as STS words them. Model shapes (MalformedPolicyDocument, PackedPolicyTooLarge,
// InvalidAuthorizationMessageException) take their status from the model; the query protocol's common codes
// (ValidationError, InvalidParameterValue, AccessDenied) name theirs. Wordings marked "AWS" are AWS's responses (as
// recorded against real accounts by LocalStack's STS parity suite, and AWS's knowledge-center articles); the others
// are gatehouse's where AWS's text is not public.

const validation = (message: string) => new ServiceError('ValidationError', message, { status: 400 });
const invalidParameter = (message: string) => new ServiceError('InvalidParameterValue', message, { status: 400 });
const accessDenied = (message: string) => new ServiceError('AccessDenied', message, { status: 403 });

export const stsErrors = {
  /** AWS: a RoleArn that is not an ARN at all. */
  invalidArn: (arn: string) => validation(`${arn} is invalid`),
  /** AWS answers a role that does not exist as it answers one the caller may not assume. */
  notAuthorized: (callerArn: string, action: string, resource: string) =>
    accessDenied(`User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`),
  /** AWS. */
  rootCannotAssumeRoles: () => accessDenied('Roles may not be assumed by root accounts.'),
  /** AWS (GetSessionToken, GetFederationToken). */
  sessionCredentials: (operation: string) => accessDenied(`Cannot call ${operation} with session credentials`),
  /** AWS: a code that is not the device's current one, or was used already. */
  mfaInvalidCode: () => accessDenied('MultiFactorAuthentication failed with invalid MFA one time pass code. '),
  /** AWS: a SerialNumber that names no MFA device enabled for the caller (or a caller that has none: root, a role session). */
  mfaFailed: () => accessDenied('MultiFactorAuthentication failed, unable to validate MFA code'),

  /** AWS. */
  durationOverRoleMaximum: () => validation('The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'),
  /** AWS. */
  durationOverChainingLimit: () => validation('The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'),
  /** AWS caps PolicyArns at 10 (the model does not say so, so the codec cannot). */
  tooManyPolicyArns: (violation: string) => validation(`1 validation error detected: ${violation}`),
  noSuchPolicy: (arn: string) => invalidParameter(`Policy ${arn} does not exist or is not attachable.`),
  /** AWS. */
  duplicateTagKeys: () => invalidParameter('Duplicate tag keys found. Please note that Tag keys are case insensitive.'),
  /** AWS. */
  transitiveKeyNotInTags: () => invalidParameter('The specified transitive tag key must be included in the requested tags.'),
  /** AWS. */
  transitiveKeyConflict: () =>
    invalidParameter("One of the specified transitive tag keys can't be set because it conflicts with a transitive tag key from the calling session."),
  sourceIdentityChanged: (current: string) =>
    invalidParameter(`The source identity of the calling session (${current}) is carried into the new session and cannot be changed.`),
  /** AWS. */
  packedPolicyTooLarge: (percent: number) => new ServiceError('PackedPolicyTooLargeException', `Packed policy consumes ${percent}% of allotted space, please use smaller policy.`),
  /** AWS. */
  packedTagsTooLarge: (percent: number) => new ServiceError('PackedPolicyTooLargeException', `Packed size of session tags consumes ${percent}% of allotted space.`),
  invalidAuthorizationMessage: () =>
    new ServiceError('InvalidAuthorizationMessageException', 'The encoded authorization message is not valid: it was not issued by this server, or it was altered.'),
  unknownAccessKey: (accessKeyId: string) => invalidParameter(`The access key ID ${accessKeyId} does not exist.`),
} as const;
