import { ServiceError } from '../../aws/errors.js';
import type {
  ConstraintViolationExceptionReason,
  HandshakeConstraintViolationExceptionReason,
  InvalidInputExceptionReason,
} from '../../aws/api/organizations.js';

// The errors of the Organizations core, named by the model's error shapes (the codec takes each one's status from
// the model) and worded as AWS words them. Reasons are the model's enum values.

function error(code: string, message: string, reason?: string): ServiceError {
  return new ServiceError(code, message, reason === undefined ? {} : { fields: { Reason: reason } });
}

const constraintMessages: Partial<Record<ConstraintViolationExceptionReason, string>> = {
  ACCOUNT_CANNOT_LEAVE_ORGANIZATION:
    "You attempted to remove the management account from the organization. You can't remove the management account. Instead, after you remove all member accounts, delete the organization itself.",
  ACTIVE_RESPONSIBILITY_TRANSFER_PROCESS:
    'You cannot delete organization due to an ongoing responsibility transfer process. For example, a pending invitation or an in-progress transfer. To delete the organization, you must resolve the current transfer process.',
  ALL_FEATURES_MIGRATION_ORGANIZATION_SIZE_LIMIT_EXCEEDED:
    'Your organization has more than 5000 accounts, and you can only use the standard migration process for organizations with less than 5000 accounts.',
  CANNOT_CLOSE_MANAGEMENT_ACCOUNT:
    'You attempted to close the management account. To close the management account for the organization, you must first either remove or close all member accounts in the organization.',
  CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR:
    'You attempted to register the management account of the organization as a delegated administrator for an AWS service integrated with Organizations. You can designate only a member account as a delegated administrator.',
  CANNOT_REGISTER_SUSPENDED_ACCOUNT_AS_DELEGATED_ADMINISTRATOR: 'You cannot register a suspended account as a delegated administrator.',
  CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG:
    'You attempted to remove an account that is registered as a delegated administrator for a service integrated with your organization. To complete this operation, you must first deregister this account as a delegated administrator.',
  CLOSE_ACCOUNT_QUOTA_EXCEEDED: 'You have exceeded close account quota for the past 30 days.',
  DELEGATED_ADMINISTRATOR_EXISTS_FOR_THIS_SERVICE:
    'You attempted to register an AWS account as a delegated administrator for an AWS service that already has a delegated administrator. To complete this operation, you must first deregister any existing delegated administrators for this service.',
  MASTER_ACCOUNT_NOT_GOVCLOUD_ENABLED:
    'To complete this operation, the management account must have an associated account in the AWS GovCloud (US-West) Region.',
  MAX_TAG_LIMIT_EXCEEDED: 'You have exceeded the number of tags allowed on this resource.',
  ORGANIZATION_NOT_IN_ALL_FEATURES_MODE:
    "You attempted to perform an operation that requires the organization to be configured to support all features. An organization that supports only consolidated billing features can't perform this operation.",
  OU_DEPTH_LIMIT_EXCEEDED: 'You attempted to create an OU tree that is too many levels deep.',
  OU_NUMBER_LIMIT_EXCEEDED: 'You attempted to exceed the number of OUs that you can have in an organization.',
  POLICY_TYPE_ENABLED_FOR_THIS_SERVICE:
    'You attempted to disable service access before you disabled the policy type. To complete this operation, you must first disable the policy type.',
  SERVICE_ACCESS_NOT_ENABLED:
    'You attempted to register a delegated administrator before you enabled service access. Call the EnableAWSServiceAccess API first.',
  WAIT_PERIOD_ACTIVE:
    'After you create an AWS account, you must wait until at least four days after the account was created. Invited accounts aren\'t subject to this waiting period.',
};

const handshakeConstraintMessages: Partial<Record<HandshakeConstraintViolationExceptionReason, string>> = {
  ALREADY_IN_AN_ORGANIZATION: 'The handshake request is invalid because the invited account is already a member of an organization.',
  INVITE_DISABLED_DURING_ENABLE_ALL_FEATURES:
    "You can't issue new invitations to join an organization while it's in the process of enabling all features. You can resume inviting accounts after you finalize the process when all accounts have agreed to the change.",
  ORGANIZATION_ALREADY_HAS_ALL_FEATURES: 'The handshake request is invalid because the organization has already enabled all features.',
  ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION:
    'The handshake request is invalid because the organization has already started the process to enable all features.',
  RESPONSIBILITY_TRANSFER_ALREADY_EXISTS: 'A responsibility transfer of this type already exists between these organizations.',
  SOURCE_AND_TARGET_CANNOT_MATCH: 'The source and the target of a responsibility transfer cannot be the same organization.',
};

export const orgErrors = {
  notInUse: () => error('AWSOrganizationsNotInUseException', 'Your account is not a member of an organization.'),
  accessDenied: () => error('AccessDeniedException', "You don't have permissions to access this resource."),
  alreadyInOrganization: () =>
    error('AlreadyInOrganizationException', 'This account is already a member of an organization. An account can belong to only one organization at a time.'),
  organizationNotEmpty: () =>
    error(
      'OrganizationNotEmptyException',
      "The organization isn't empty. To delete an organization, you must first remove all accounts except the management account.",
    ),
  accountNotFound: () =>
    error('AccountNotFoundException', "We can't find an AWS account with the AccountId that you specified, or the account whose credentials you used to make this request isn't a member of an organization."),
  accountAlreadyClosed: () => error('AccountAlreadyClosedException', 'You attempted to close an account that is already closed.'),
  conflict: (message = 'The request failed because it conflicts with the current state of the specified resource.') => error('ConflictException', message),
  ouNotFound: () => error('OrganizationalUnitNotFoundException', "We can't find an OU with the OrganizationalUnitId that you specified."),
  ouNotEmpty: () =>
    error(
      'OrganizationalUnitNotEmptyException',
      'The specified OU is not empty. Move all accounts to another root or to other OUs, remove all child OUs, and try the operation again.',
    ),
  duplicateOu: () => error('DuplicateOrganizationalUnitException', 'An OU with the same name already exists.'),
  parentNotFound: () => error('ParentNotFoundException', "We can't find a root or OU with the ParentId that you specified."),
  childNotFound: () => error('ChildNotFoundException', "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified."),
  sourceParentNotFound: () => error('SourceParentNotFoundException', "We can't find a source root or OU with the ParentId that you specified."),
  destinationParentNotFound: () =>
    error('DestinationParentNotFoundException', "We can't find the destination container (a root or OU) with the ParentId that you specified."),
  duplicateAccount: () => error('DuplicateAccountException', 'That account is already present in the specified destination.'),
  rootNotFound: () => error('RootNotFoundException', "We can't find a root with the RootId that you specified."),
  targetNotFound: () => error('TargetNotFoundException', "We can't find a root, OU, account, or policy with the TargetId that you specified."),
  createAccountStatusNotFound: () =>
    error('CreateAccountStatusNotFoundException', "We can't find an create account request with the CreateAccountRequestId that you specified."),
  handshakeNotFound: () => error('HandshakeNotFoundException', "We can't find a handshake with the HandshakeId that you specified."),
  handshakeAlreadyInState: () =>
    error('HandshakeAlreadyInStateException', "The specified handshake is already in the requested state. For example, you can't accept a handshake that was already accepted."),
  invalidHandshakeTransition: () =>
    error(
      'InvalidHandshakeTransitionException',
      "You can't perform the operation on the handshake in its current state. For example, you can't cancel a handshake that was already accepted or accept a handshake that was already declined.",
    ),
  duplicateHandshake: () =>
    error(
      'DuplicateHandshakeException',
      'A handshake with the same action and target already exists. For example, if you invited an account to join your organization, the invited account might already have a pending invitation from this organization.',
    ),
  masterCannotLeave: () =>
    error(
      'MasterCannotLeaveOrganizationException',
      'You can\'t remove a management account from an organization. If you want the management account to become a member account in another organization, you must first delete the current organization of the management account.',
    ),
  accountAlreadyRegistered: () =>
    error('AccountAlreadyRegisteredException', 'The specified account is already a delegated administrator for this AWS service.'),
  accountNotRegistered: () =>
    error('AccountNotRegisteredException', 'The specified account is not a delegated administrator for this AWS service.'),
  resourcePolicyNotFound: () => error('ResourcePolicyNotFoundException', "We can't find a resource policy request with the parameter that you specified."),
  transferNotFound: () => error('ResponsibilityTransferNotFoundException', "We can't find a transfer that you specified."),
  transferAlreadyInStatus: () =>
    error('ResponsibilityTransferAlreadyInStatusException', 'The responsibility transfer is already in the status that you specified.'),
  invalidTransferTransition: () =>
    error(
      'InvalidResponsibilityTransferTransitionException',
      "The responsibility transfer can't transition to the requested state because it's not in a valid state for this operation.",
    ),
  effectivePolicyNotFound: () =>
    error(
      'EffectivePolicyNotFoundException',
      "If you ran this action on the management account, this policy type is not enabled. If you ran the action on a member account, the account doesn't have an effective policy of this type.",
    ),
  constraint: (reason: ConstraintViolationExceptionReason, message?: string) =>
    error('ConstraintViolationException', message ?? constraintMessages[reason] ?? 'Performing this operation violates a minimum or maximum value limit.', reason),
  handshakeConstraint: (reason: HandshakeConstraintViolationExceptionReason, message?: string) =>
    error(
      'HandshakeConstraintViolationException',
      message ?? handshakeConstraintMessages[reason] ?? 'The requested operation would violate the constraint identified in the reason code.',
      reason,
    ),
  invalidInput: (reason: InvalidInputExceptionReason | undefined, message: string) => error('InvalidInputException', message, reason),
  invalidNextToken: () => error('InvalidInputException', 'You specified an invalid value for nextToken. You must get the value from the response to a previous call to the API.', 'INVALID_NEXT_TOKEN'),
} as const;
