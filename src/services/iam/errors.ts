import { ServiceError } from '../../aws/errors.js';

// IAM's errors, by the model's error shapes (the codec takes status and wire code, e.g. NoSuchEntity 404, from the
// model), worded as IAM words them.

export const iamErrors = {
  noSuchRole: (name: string) => new ServiceError('NoSuchEntityException', `The role with name ${name} cannot be found.`),
  noSuchRolePolicy: (name: string) => new ServiceError('NoSuchEntityException', `The role policy with name ${name} cannot be found.`),
  noPasswordPolicy: (accountId: string) =>
    new ServiceError('NoSuchEntityException', `The Password Policy with domain name ${accountId} cannot be found.`),
  /** Not a model shape: IAM answers a Marker it did not issue with the query protocol's ValidationError. */
  invalidMarker: () => new ServiceError('ValidationError', 'Invalid Marker.', { status: 400 }),
  concurrentModification: () =>
    new ServiceError(
      'ConcurrentModificationException',
      'The request was rejected because multiple requests to change this object were submitted simultaneously. Wait a few minutes and submit your request again.',
    ),

  // ---- roles
  roleExists: (name: string) => new ServiceError('EntityAlreadyExistsException', `Role with name ${name} already exists.`),
  /** A trust policy over IAM's 2048-character quota. */
  trustPolicyTooLarge: () => new ServiceError('LimitExceededException', 'Cannot exceed quota for ACLSizePerRole: 2048'),
  /** The role's inline policies together over IAM's 10240-character quota. */
  rolePoliciesTooLarge: (roleName: string) =>
    new ServiceError('LimitExceededException', `Maximum policy size of 10240 bytes exceeded for role ${roleName}`),
  mustDetachPolicies: () => new ServiceError('DeleteConflictException', 'Cannot delete entity, must detach all policies first.'),
  mustDeletePolicies: () => new ServiceError('DeleteConflictException', 'Cannot delete entity, must delete policies first.'),
  /** Roles AWS keeps for itself (Identity Center's AWSReservedSSO_ roles): only the owning service changes them. */
  protectedRole: (name: string) =>
    new ServiceError('UnmodifiableEntityException', `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`),
  /** A permissions boundary naming a managed policy that does not exist. */
  noSuchBoundary: (arn: string) => new ServiceError('NoSuchEntityException', `Scope ARN: ${arn} does not exist or is not attachable.`),
  invalidArn: (arn: string) => new ServiceError('InvalidInputException', `ARN ${arn} is not valid.`),

  // ---- tags (roles, SAML providers)
  duplicateTagKeys: () => new ServiceError('InvalidInputException', 'Duplicate tag keys found. Please note that Tag keys are case insensitive.'),
  tooManyTags: (quota: string, max: number) => new ServiceError('LimitExceededException', `Cannot exceed quota for ${quota}: ${max}`),

  // ---- SAML providers
  noSuchSamlProvider: (arn: string) => new ServiceError('NoSuchEntityException', `Manifest not found for arn ${arn}`),
  samlProviderExists: (name: string) => new ServiceError('EntityAlreadyExistsException', `SAMLProvider with name ${name} already exists.`),
  invalidSamlMetadata: () => new ServiceError('InvalidInputException', 'Could not parse metadata'),
  noSamlUpdate: () => new ServiceError('InvalidInputException', 'No updates are defined.'),
  /** Assertion encryption (AssertionEncryptionMode, private keys) is not built; refused rather than ignored. */
  samlEncryptionNotImplemented: () =>
    new ServiceError('NotImplementedException', 'gatehouse does not implement SAML assertion encryption (AssertionEncryptionMode, AddPrivateKey, RemovePrivateKey) yet.', {
      status: 501,
    }),

  // ---- the account
  aliasExists: (alias: string) => new ServiceError('EntityAlreadyExistsException', `The account alias ${alias} already exists.`),
  noSuchAlias: (alias: string) => new ServiceError('NoSuchEntityException', `The account alias ${alias} cannot be found.`),
  noPasswordPolicyToDelete: () => new ServiceError('NoSuchEntityException', 'The account policy with name PasswordPolicy cannot be found.'),
} as const;

// Managed policies (policies.ts), worded as IAM words them: https://docs.aws.amazon.com/IAM/latest/APIReference/
// and the responses AWS returns (recorded by other emulators' parity suites).

export const policyErrors = {
  /** The role, user or group named is not in the caller's account. */
  noSuchEntity: (kind: 'role' | 'user' | 'group', name: string) => new ServiceError('NoSuchEntityException', `The ${kind} with name ${name} cannot be found.`),
  policyNotFound: (arn: string) => new ServiceError('NoSuchEntityException', `Policy ${arn} was not found.`),
  notAttachable: (arn: string) => new ServiceError('NoSuchEntityException', `Policy ${arn} does not exist or is not attachable.`),
  noSuchVersion: (arn: string, versionId: string) =>
    new ServiceError('NoSuchEntityException', `Policy ${arn} version ${versionId} does not exist or is not attachable.`),
  invalidArn: (arn: string) => new ServiceError('InvalidInputException', `ARN ${arn} is not valid.`),
  exists: (name: string) => new ServiceError('EntityAlreadyExistsException', `A policy called ${name} already exists. Duplicate names are not allowed.`),
  tooLarge: (quota: number) => new ServiceError('LimitExceededException', `Cannot exceed quota for PolicySize: ${quota}`),
  tooManyVersions: () =>
    new ServiceError(
      'LimitExceededException',
      'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.',
    ),
  tooManyAttached: (kind: 'role' | 'user' | 'group', quota: number) =>
    new ServiceError('LimitExceededException', `Cannot exceed quota for PoliciesPer${kind[0]!.toUpperCase()}${kind.slice(1)}: ${quota}`),
  attachedToEntities: () => new ServiceError('DeleteConflictException', 'Cannot delete a policy attached to entities.'),
  hasVersions: () =>
    new ServiceError(
      'DeleteConflictException',
      "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
    ),
  deleteDefaultVersion: () => new ServiceError('DeleteConflictException', 'Cannot delete the default version of a policy.'),
  duplicateTagKeys: () => new ServiceError('InvalidInputException', 'Duplicate tag keys found.'),
  tooManyTags: () => new ServiceError('LimitExceededException', 'The number of tags has reached the maximum limit.'),
  protectedRole: (name: string) =>
    new ServiceError('UnmodifiableEntityException', `Cannot perform the operation on the protected role '${name}' - this role is only modifiable by AWS`),
  serviceRolePolicy: (kind: 'role' | 'user' | 'group') =>
    new ServiceError('PolicyNotAttachableException', `Cannot attach a Service Role Policy to a ${kind === 'role' ? 'Customer Role' : kind === 'user' ? 'User' : 'Group'}.`),
  /** Not a model shape: AWS managed policies belong to AWS, and IAM's authorization refuses changes to them. */
  awsManagedReadOnly: (principalArn: string, action: string, arn: string) =>
    new ServiceError('AccessDenied', `User: ${principalArn} is not authorized to perform: iam:${action} on resource: policy ${arn}`, { status: 403 }),
} as const;
