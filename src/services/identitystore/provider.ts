import type * as api from '../../aws/api/identitystore.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import { pickExtensions, type UserAttributes } from './attributes.js';
import type { AlternateId, GroupView, IdentityStoreDomain, MembershipView, UserView } from './domain.js';
import { idsErrors } from './errors.js';
import type { Page } from './pagination.js';

// The Identity Store, wire <-> domain: all 19 operations of the model. The only file of the service that sees wire
// names. User attributes travel as the model's PascalCase structures and are kept under SCIM's camelCase names (the
// names UpdateUser's AttributePaths use), so the mapping is a change of the first letter, member by member.

function caller(ctx: OperationContext): Principal {
  if (!ctx.principal) throw new Error('an Identity Store operation reached its handler without a principal');
  return ctx.principal;
}

const page = (input: { readonly MaxResults?: number; readonly NextToken?: string }) => ({ maxResults: input.MaxResults, nextToken: input.NextToken });
const next = <T>(p: Page<T>) => (p.nextToken !== undefined ? { NextToken: p.nextToken } : {});

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** A structure or list of structures with each member's first letter changed (user attributes are flat). */
function rekey(value: unknown, change: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rekey(item, change));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [change(k), v]));
}

/** CreateUser's attributes under the store's names; Extensions' documents pass as they are. */
function userAttributesIn(input: api.CreateUserRequest): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (key === 'IdentityStoreId' || value === undefined) continue;
    out[lowerFirst(key)] = key === 'Extensions' ? value : rekey(value, lowerFirst);
  }
  return out;
}

function user(v: UserView, extensionNames?: readonly string[]): api.User {
  const { extensions: _all, ...attributes }: UserAttributes = v.attributes;
  const wire: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(attributes)) wire[upperFirst(key)] = rekey(value, upperFirst);
  return {
    ...(wire as Partial<api.User>),
    IdentityStoreId: v.identityStoreId,
    UserId: v.userId,
    UserStatus: v.status as api.UserStatus,
    CreatedAt: new Date(v.createdAt),
    CreatedBy: v.createdBy,
    UpdatedAt: new Date(v.updatedAt),
    UpdatedBy: v.updatedBy,
    ...(extensionNames ? { Extensions: pickExtensions(v.attributes, extensionNames) } : {}),
  };
}

function group(v: GroupView): api.Group {
  return {
    IdentityStoreId: v.identityStoreId,
    GroupId: v.groupId,
    DisplayName: v.displayName,
    Description: v.description,
    CreatedAt: new Date(v.createdAt),
    CreatedBy: v.createdBy,
    UpdatedAt: new Date(v.updatedAt),
    UpdatedBy: v.updatedBy,
  } as api.Group;
}

function membership(v: MembershipView): api.GroupMembership {
  return {
    IdentityStoreId: v.identityStoreId,
    MembershipId: v.membershipId,
    GroupId: v.groupId,
    MemberId: { UserId: v.userId },
    CreatedAt: new Date(v.createdAt),
    CreatedBy: v.createdBy,
    UpdatedAt: new Date(v.updatedAt),
    UpdatedBy: v.updatedBy,
  };
}

/** MemberId is a union whose only member is UserId. */
export function memberUserId(member: api.MemberId): string {
  if (member.UserId === undefined) throw idsErrors.validation('MemberId must specify UserId');
  return member.UserId;
}

export function alternateId(alternate: api.AlternateIdentifier): AlternateId {
  if (alternate.UniqueAttribute) {
    return { kind: 'attribute', path: alternate.UniqueAttribute.AttributePath, value: alternate.UniqueAttribute.AttributeValue };
  }
  if (alternate.ExternalId) return { kind: 'external', issuer: alternate.ExternalId.Issuer, id: alternate.ExternalId.Id };
  throw idsErrors.validation('AlternateIdentifier must specify UniqueAttribute or ExternalId');
}

const operations = (ops: readonly api.AttributeOperation[]) => ops.map((op) => ({ path: op.AttributePath, value: op.AttributeValue }));
const filters = (fs: readonly api.Filter[] | undefined) => (fs ?? []).map((f) => ({ path: f.AttributePath, value: f.AttributeValue }));

export class IdentitystoreProvider implements api.IdentitystoreApi {
  constructor(private readonly d: IdentityStoreDomain) {}

  // ---- users

  async CreateUser(input: api.CreateUserRequest, ctx: OperationContext): Promise<api.CreateUserResponse> {
    const created = await this.d.createUser(caller(ctx), input.IdentityStoreId, userAttributesIn(input));
    return { IdentityStoreId: created.identityStoreId, UserId: created.userId };
  }

  async DescribeUser(input: api.DescribeUserRequest, ctx: OperationContext): Promise<api.DescribeUserResponse> {
    return user(await this.d.describeUser(caller(ctx), input.IdentityStoreId, input.UserId, input.Extensions), input.Extensions);
  }

  async UpdateUser(input: api.UpdateUserRequest, ctx: OperationContext): Promise<api.UpdateUserResponse> {
    await this.d.updateUser(caller(ctx), input.IdentityStoreId, input.UserId, operations(input.Operations));
    return {};
  }

  async DeleteUser(input: api.DeleteUserRequest, ctx: OperationContext): Promise<api.DeleteUserResponse> {
    await this.d.deleteUser(caller(ctx), input.IdentityStoreId, input.UserId);
    return {};
  }

  async ListUsers(input: api.ListUsersRequest, ctx: OperationContext): Promise<api.ListUsersResponse> {
    const p = await this.d.listUsers(caller(ctx), input.IdentityStoreId, filters(input.Filters), page(input), input.Extensions);
    return { Users: p.items.map((u) => user(u, input.Extensions)), ...next(p) };
  }

  async GetUserId(input: api.GetUserIdRequest, ctx: OperationContext): Promise<api.GetUserIdResponse> {
    const userId = await this.d.getUserId(caller(ctx), input.IdentityStoreId, alternateId(input.AlternateIdentifier));
    return { IdentityStoreId: input.IdentityStoreId, UserId: userId };
  }

  // ---- groups

  async CreateGroup(input: api.CreateGroupRequest, ctx: OperationContext): Promise<api.CreateGroupResponse> {
    const created = await this.d.createGroup(caller(ctx), input.IdentityStoreId, {
      ...(input.DisplayName !== undefined ? { displayName: input.DisplayName } : {}),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
    });
    return { IdentityStoreId: created.identityStoreId, GroupId: created.groupId };
  }

  async DescribeGroup(input: api.DescribeGroupRequest, ctx: OperationContext): Promise<api.DescribeGroupResponse> {
    return group(await this.d.describeGroup(caller(ctx), input.IdentityStoreId, input.GroupId));
  }

  async UpdateGroup(input: api.UpdateGroupRequest, ctx: OperationContext): Promise<api.UpdateGroupResponse> {
    await this.d.updateGroup(caller(ctx), input.IdentityStoreId, input.GroupId, operations(input.Operations));
    return {};
  }

  async DeleteGroup(input: api.DeleteGroupRequest, ctx: OperationContext): Promise<api.DeleteGroupResponse> {
    await this.d.deleteGroup(caller(ctx), input.IdentityStoreId, input.GroupId);
    return {};
  }

  async ListGroups(input: api.ListGroupsRequest, ctx: OperationContext): Promise<api.ListGroupsResponse> {
    const p = await this.d.listGroups(caller(ctx), input.IdentityStoreId, filters(input.Filters), page(input));
    return { Groups: p.items.map(group), ...next(p) };
  }

  async GetGroupId(input: api.GetGroupIdRequest, ctx: OperationContext): Promise<api.GetGroupIdResponse> {
    const groupId = await this.d.getGroupId(caller(ctx), input.IdentityStoreId, alternateId(input.AlternateIdentifier));
    return { IdentityStoreId: input.IdentityStoreId, GroupId: groupId };
  }

  // ---- memberships

  async CreateGroupMembership(input: api.CreateGroupMembershipRequest, ctx: OperationContext): Promise<api.CreateGroupMembershipResponse> {
    const created = await this.d.createGroupMembership(caller(ctx), input.IdentityStoreId, input.GroupId, memberUserId(input.MemberId));
    return { IdentityStoreId: created.identityStoreId, MembershipId: created.membershipId };
  }

  async DescribeGroupMembership(input: api.DescribeGroupMembershipRequest, ctx: OperationContext): Promise<api.DescribeGroupMembershipResponse> {
    const m = membership(await this.d.describeGroupMembership(caller(ctx), input.IdentityStoreId, input.MembershipId));
    return m as api.DescribeGroupMembershipResponse;
  }

  async DeleteGroupMembership(input: api.DeleteGroupMembershipRequest, ctx: OperationContext): Promise<api.DeleteGroupMembershipResponse> {
    await this.d.deleteGroupMembership(caller(ctx), input.IdentityStoreId, input.MembershipId);
    return {};
  }

  async GetGroupMembershipId(input: api.GetGroupMembershipIdRequest, ctx: OperationContext): Promise<api.GetGroupMembershipIdResponse> {
    const membershipId = await this.d.getGroupMembershipId(caller(ctx), input.IdentityStoreId, input.GroupId, memberUserId(input.MemberId));
    return { IdentityStoreId: input.IdentityStoreId, MembershipId: membershipId };
  }

  async ListGroupMemberships(input: api.ListGroupMembershipsRequest, ctx: OperationContext): Promise<api.ListGroupMembershipsResponse> {
    const p = await this.d.listGroupMemberships(caller(ctx), input.IdentityStoreId, input.GroupId, page(input));
    return { GroupMemberships: p.items.map(membership), ...next(p) };
  }

  async ListGroupMembershipsForMember(
    input: api.ListGroupMembershipsForMemberRequest,
    ctx: OperationContext,
  ): Promise<api.ListGroupMembershipsForMemberResponse> {
    const p = await this.d.listGroupMembershipsForMember(caller(ctx), input.IdentityStoreId, memberUserId(input.MemberId), page(input));
    return { GroupMemberships: p.items.map(membership), ...next(p) };
  }

  async IsMemberInGroups(input: api.IsMemberInGroupsRequest, ctx: OperationContext): Promise<api.IsMemberInGroupsResponse> {
    const userId = memberUserId(input.MemberId);
    const results = await this.d.isMemberInGroups(caller(ctx), input.IdentityStoreId, userId, input.GroupIds);
    return { Results: results.map((r) => ({ GroupId: r.groupId, MemberId: { UserId: userId }, MembershipExists: r.member })) };
  }
}
