import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import { account, page, roleShape, truncation } from './provider-shapes.js';
import type { RolesRead } from './roles-read.js';
import type { RoleView, RolesWrite } from './roles-write.js';
import type { IamTags } from './tags.js';

// IAM roles on the wire: GetRole and ListRoleTags, and the writes (CreateRole, DeleteRole, UpdateRole,
// UpdateRoleDescription, UpdateAssumeRolePolicy, inline policies, the permissions boundary, tags). The lists over a
// role's policies are provider.ts's. Every call is scoped to the caller's account.

type Implemented =
  | 'GetRole'
  | 'ListRoleTags'
  | 'CreateRole'
  | 'DeleteRole'
  | 'UpdateRole'
  | 'UpdateRoleDescription'
  | 'UpdateAssumeRolePolicy'
  | 'PutRolePolicy'
  | 'DeleteRolePolicy'
  | 'PutRolePermissionsBoundary'
  | 'DeleteRolePermissionsBoundary'
  | 'TagRole'
  | 'UntagRole';

export class RolesProvider implements Pick<api.IamApi, Implemented> {
  constructor(
    private readonly read: RolesRead,
    private readonly write: RolesWrite,
    private readonly tags: IamTags,
  ) {}

  async GetRole(input: api.GetRoleRequest, ctx: OperationContext): Promise<api.GetRoleResponse> {
    const row = await this.read.role(account(ctx), input.RoleName);
    // RoleLastUsed is empty until sessions record it
    return { Role: { ...fullRole({ row, tags: await this.tags.list(row.id) }), RoleLastUsed: {} } };
  }

  async ListRoleTags(input: api.ListRoleTagsRequest, ctx: OperationContext): Promise<api.ListRoleTagsResponse> {
    const row = await this.read.role(account(ctx), input.RoleName);
    const p = await this.tags.page(row.id, `iam:ListRoleTags:${row.id}`, page(input));
    return { Tags: p.items, ...truncation(p) };
  }

  async CreateRole(input: api.CreateRoleRequest, ctx: OperationContext): Promise<api.CreateRoleResponse> {
    const view = await this.write.create({
      accountId: account(ctx),
      name: input.RoleName,
      path: input.Path,
      description: input.Description,
      trustPolicy: input.AssumeRolePolicyDocument,
      maxSessionDuration: input.MaxSessionDuration,
      permissionsBoundary: input.PermissionsBoundary,
      tags: input.Tags,
    });
    return { Role: fullRole(view) };
  }

  async DeleteRole(input: api.DeleteRoleRequest, ctx: OperationContext): Promise<void> {
    await this.write.delete(account(ctx), input.RoleName);
  }

  async UpdateRole(input: api.UpdateRoleRequest, ctx: OperationContext): Promise<api.UpdateRoleResponse> {
    await this.write.update(account(ctx), input.RoleName, { description: input.Description, maxSessionDuration: input.MaxSessionDuration });
    return {};
  }

  async UpdateRoleDescription(input: api.UpdateRoleDescriptionRequest, ctx: OperationContext): Promise<api.UpdateRoleDescriptionResponse> {
    return { Role: fullRole(await this.write.updateDescription(account(ctx), input.RoleName, input.Description)) };
  }

  async UpdateAssumeRolePolicy(input: api.UpdateAssumeRolePolicyRequest, ctx: OperationContext): Promise<void> {
    await this.write.updateTrustPolicy(account(ctx), input.RoleName, input.PolicyDocument);
  }

  async PutRolePolicy(input: api.PutRolePolicyRequest, ctx: OperationContext): Promise<void> {
    await this.write.putInlinePolicy(account(ctx), input.RoleName, input.PolicyName, input.PolicyDocument);
  }

  async DeleteRolePolicy(input: api.DeleteRolePolicyRequest, ctx: OperationContext): Promise<void> {
    await this.write.deleteInlinePolicy(account(ctx), input.RoleName, input.PolicyName);
  }

  async PutRolePermissionsBoundary(input: api.PutRolePermissionsBoundaryRequest, ctx: OperationContext): Promise<void> {
    await this.write.putBoundary(account(ctx), input.RoleName, input.PermissionsBoundary);
  }

  async DeleteRolePermissionsBoundary(input: api.DeleteRolePermissionsBoundaryRequest, ctx: OperationContext): Promise<void> {
    await this.write.deleteBoundary(account(ctx), input.RoleName);
  }

  async TagRole(input: api.TagRoleRequest, ctx: OperationContext): Promise<void> {
    await this.write.tag(account(ctx), input.RoleName, input.Tags);
  }

  async UntagRole(input: api.UntagRoleRequest, ctx: OperationContext): Promise<void> {
    await this.write.untag(account(ctx), input.RoleName, input.TagKeys);
  }
}

/** A role with its permissions boundary and tags (absent when it has none), as GetRole and CreateRole show it. */
function fullRole({ row, tags }: RoleView): api.Role {
  return {
    ...roleShape(row),
    ...(row.permissions_boundary !== null
      ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: row.permissions_boundary } }
      : {}),
    ...(tags.length > 0 ? { Tags: tags } : {}),
  };
}
