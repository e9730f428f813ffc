import { ServiceError } from '../../aws/errors.js';

// IAM's errors about users, groups, their policies, tags, login profiles and access keys, worded as IAM words them
// (status and wire code come from the model's error shapes).

export type EntityKind = 'user' | 'group';

const capital = (kind: EntityKind): string => kind[0]!.toUpperCase() + kind.slice(1);

export const entityErrors = {
  noSuchEntity: (kind: EntityKind, name: string) => new ServiceError('NoSuchEntityException', `The ${kind} with name ${name} cannot be found.`),
  entityExists: (kind: EntityKind, name: string) => new ServiceError('EntityAlreadyExistsException', `${capital(kind)} with name ${name} already exists.`),
  noSuchInlinePolicy: (kind: EntityKind, name: string) =>
    new ServiceError('NoSuchEntityException', `The ${kind} policy with name ${name} cannot be found.`),
  /** The aggregate size of an entity's inline policies (user 2048, group 5120). */
  inlinePolicySize: (kind: EntityKind, quota: number, name: string) =>
    new ServiceError('LimitExceededException', `Maximum policy size of ${quota} bytes exceeded for ${kind} ${name}`),
  /** `what` as IAM says it: "delete access keys", "remove users from group", "detach all policies", ... */
  deleteConflict: (what: string) => new ServiceError('DeleteConflictException', `Cannot delete entity, must ${what} first.`),
  quota: (name: string, limit: number) => new ServiceError('LimitExceededException', `Cannot exceed quota for ${name}: ${limit}`),
  noSuchAccessKey: (id: string) => new ServiceError('NoSuchEntityException', `The Access Key with id ${id} cannot be found.`),
  noSuchLoginProfile: (user: string) => new ServiceError('NoSuchEntityException', `Login Profile for User ${user} cannot be found.`),
  loginProfileExists: (user: string) => new ServiceError('EntityAlreadyExistsException', `Login Profile for user ${user} already exists.`),
  passwordPolicy: () => new ServiceError('PasswordPolicyViolationException', 'Password does not conform to the account password policy.'),
  /** A required member the model leaves optional (CreateLoginProfile's Password outside AssumeRoot sessions). */
  missing: (member: string) =>
    new ServiceError('ValidationError', `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`, {
      status: 400,
    }),
  notOneOf: (member: string, value: string, allowed: readonly string[]) =>
    new ServiceError(
      'ValidationError',
      `1 validation error detected: Value '${value}' at '${member}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`,
      { status: 400 },
    ),
  /** UserName omitted by a caller that is not an IAM user (root, a role session). Not a model shape. */
  nonUserCredentials: () => new ServiceError('ValidationError', 'Must specify userName when calling with non-User credentials', { status: 400 }),
  invalidArn: (arn: string) => new ServiceError('InvalidInputException', `ARN ${arn} is not valid.`),
  policyNotAttachable: (arn: string) => new ServiceError('NoSuchEntityException', `Policy ${arn} does not exist or is not attachable.`),
} as const;
