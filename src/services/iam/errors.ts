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
} as const;
