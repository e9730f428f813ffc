import type { ConstraintViolationExceptionReason, InvalidInputExceptionReason } from '../../../aws/api/organizations.js';
import { ServiceError } from '../../../aws/errors.js';

// The errors of the policy operations, with AWS's wording where AWS documents it. Shape names come from the model;
// Reason values from its ConstraintViolationExceptionReason / InvalidInputExceptionReason enums.

export const policyErrors = {
  policyNotFound: () => new ServiceError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified."),
  targetNotFound: () =>
    new ServiceError('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified."),
  accountNotFound: () => new ServiceError('AccountNotFoundException', "We can't find an AccountId that matches the one you specified."),
  rootNotFound: () => new ServiceError('RootNotFoundException', "We can't find a root with the RootId that you specified."),
  duplicatePolicy: (name: string) =>
    new ServiceError('DuplicatePolicyException', `A policy with the same name already exists: ${name}.`),
  duplicateAttachment: () =>
    new ServiceError('DuplicatePolicyAttachmentException', 'The selected policy is already attached to the specified target.'),
  notAttached: () =>
    new ServiceError('PolicyNotAttachedException', "The policy isn't attached to the specified target in the specified root."),
  inUse: () =>
    new ServiceError(
      'PolicyInUseException',
      'The policy is attached to one or more entities. You must detach it from all roots, OUs, and accounts before performing this operation.',
    ),
  typeAlreadyEnabled: () => new ServiceError('PolicyTypeAlreadyEnabledException', 'The specified policy type is already enabled.'),
  typeNotEnabled: (type: string) =>
    new ServiceError(
      'PolicyTypeNotEnabledException',
      `The specified policy type (${type}) isn't currently enabled in this root. You can't attach policies of the specified type to entities in a root until you enable that type in the root.`,
    ),
  typeNotAvailable: (type: string) =>
    new ServiceError(
      'PolicyTypeNotAvailableForOrganizationException',
      `You can't use the policy type ${type} with the feature set currently enabled for this organization. Policies are available only when all features are enabled.`,
    ),
  malformed: (reason: string) =>
    new ServiceError(
      'MalformedPolicyDocumentException',
      `The provided policy document does not meet the requirements of the specified policy type: ${reason.replace(/\.$/, '')}.`,
    ),
  effectiveNotFound: () =>
    new ServiceError(
      'EffectivePolicyNotFoundException',
      "We can't find an effective policy of the specified type for the target: no policy of that type applies to it.",
    ),
  constraint: (reason: ConstraintViolationExceptionReason, message: string) =>
    new ServiceError('ConstraintViolationException', message, { fields: { Reason: reason } }),
  invalidInput: (reason: InvalidInputExceptionReason, message: string) =>
    new ServiceError('InvalidInputException', message, { fields: { Reason: reason } }),
  invalidNextToken: () =>
    new ServiceError('InvalidInputException', 'You specified an invalid value for the nextToken request parameter.', {
      fields: { Reason: 'INVALID_NEXT_TOKEN' },
    }),
} as const;
