import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { IamGroupRow } from '../../store/schema.js';
import type { Groups } from './groups.js';
import { account, encodeDocument, wholeSeconds as iamDate, page, truncation } from './provider-shapes.js';
import { listedUser } from './users-provider.js';
import type { Users } from './users.js';

// IAM groups, wire <-> domain: the groups, their members and their inline policies. Managed policies attached to
// groups are the policies part's operations.

type Implemented =
  | 'CreateGroup'
  | 'GetGroup'
  | 'ListGroups'
  | 'UpdateGroup'
  | 'DeleteGroup'
  | 'AddUserToGroup'
  | 'RemoveUserFromGroup'
  | 'ListGroupsForUser'
  | 'PutGroupPolicy'
  | 'GetGroupPolicy'
  | 'DeleteGroupPolicy'
  | 'ListGroupPolicies';

function group(row: IamGroupRow): api.Group {
  return { Path: row.path, GroupName: row.name, GroupId: row.id, Arn: row.arn, CreateDate: iamDate(row.created_at) };
}

export class GroupsProvider implements Pick<api.IamApi, Implemented> {
  constructor(
    private readonly groups: Groups,
    private readonly users: Users,
  ) {}

  async CreateGroup(input: api.CreateGroupRequest, ctx: OperationContext): Promise<api.CreateGroupResponse> {
    return { Group: group(await this.groups.create(account(ctx), input.GroupName, input.Path)) };
  }

  async GetGroup(input: api.GetGroupRequest, ctx: OperationContext): Promise<api.GetGroupResponse> {
    const row = await this.groups.get(account(ctx), input.GroupName);
    const p = await this.groups.members(row, page(input));
    return { Group: group(row), Users: p.items.map(listedUser), ...truncation(p) };
  }

  async ListGroups(input: api.ListGroupsRequest, ctx: OperationContext): Promise<api.ListGroupsResponse> {
    const p = await this.groups.list(account(ctx), input.PathPrefix, page(input));
    return { Groups: p.items.map(group), ...truncation(p) };
  }

  async UpdateGroup(input: api.UpdateGroupRequest, ctx: OperationContext): Promise<void> {
    await this.groups.update(account(ctx), input.GroupName, { newName: input.NewGroupName, newPath: input.NewPath });
  }

  async DeleteGroup(input: api.DeleteGroupRequest, ctx: OperationContext): Promise<void> {
    await this.groups.delete(account(ctx), input.GroupName);
  }

  async AddUserToGroup(input: api.AddUserToGroupRequest, ctx: OperationContext): Promise<void> {
    await this.groups.addUser(account(ctx), input.GroupName, input.UserName);
  }

  async RemoveUserFromGroup(input: api.RemoveUserFromGroupRequest, ctx: OperationContext): Promise<void> {
    await this.groups.removeUser(account(ctx), input.GroupName, input.UserName);
  }

  async ListGroupsForUser(input: api.ListGroupsForUserRequest, ctx: OperationContext): Promise<api.ListGroupsForUserResponse> {
    const p = await this.groups.groupsOf(await this.users.get(account(ctx), input.UserName), page(input));
    return { Groups: p.items.map(group), ...truncation(p) };
  }

  async PutGroupPolicy(input: api.PutGroupPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.groups.putPolicy(account(ctx), input.GroupName, input.PolicyName, input.PolicyDocument);
  }

  async GetGroupPolicy(input: api.GetGroupPolicyRequest, ctx: OperationContext): Promise<api.GetGroupPolicyResponse> {
    const row = await this.groups.get(account(ctx), input.GroupName);
    const document = await this.groups.inline.get(row, input.PolicyName);
    return { GroupName: row.name, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(document) };
  }

  async DeleteGroupPolicy(input: api.DeleteGroupPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.groups.inline.delete(await this.groups.get(account(ctx), input.GroupName), input.PolicyName);
  }

  async ListGroupPolicies(input: api.ListGroupPoliciesRequest, ctx: OperationContext): Promise<api.ListGroupPoliciesResponse> {
    const p = await this.groups.inline.names(await this.groups.get(account(ctx), input.GroupName), page(input));
    return { PolicyNames: p.items, ...truncation(p) };
  }
}
