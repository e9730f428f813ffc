import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { IamUserRow } from '../../store/schema.js';
import type { AccessKeys, KeyOwner } from './access-keys.js';
import type { IamDomain } from './domain.js';
import { entityErrors } from './entity-errors.js';
import type { LoginProfiles } from './login-profiles.js';
import { account, caller, encodeDocument, page, truncation, wholeSeconds as iamDate } from './provider-shapes.js';
import type { Users } from './users.js';

// IAM users, wire <-> domain: the users themselves, their boundary, tags and inline policies, console passwords
// (login profiles) and access keys. Operations whose UserName is optional act on the calling IAM user; the root
// user's own access keys are reached the same way.

type Implemented =
  | 'CreateUser'
  | 'GetUser'
  | 'ListUsers'
  | 'UpdateUser'
  | 'DeleteUser'
  | 'TagUser'
  | 'UntagUser'
  | 'ListUserTags'
  | 'PutUserPermissionsBoundary'
  | 'DeleteUserPermissionsBoundary'
  | 'PutUserPolicy'
  | 'GetUserPolicy'
  | 'DeleteUserPolicy'
  | 'ListUserPolicies'
  | 'CreateLoginProfile'
  | 'GetLoginProfile'
  | 'UpdateLoginProfile'
  | 'DeleteLoginProfile'
  | 'CreateAccessKey'
  | 'ListAccessKeys'
  | 'UpdateAccessKey'
  | 'DeleteAccessKey'
  | 'GetAccessKeyLastUsed';


/** A user as IAM lists it (ListUsers, GetGroup): without PermissionsBoundary and Tags. */
export function listedUser(row: IamUserRow): api.User {
  return { Path: row.path, UserName: row.name, UserId: row.id, Arn: row.arn, CreateDate: iamDate(row.created_at) };
}

/** A user as GetUser and CreateUser answer it: with its boundary and tags when it has them. */
function fullUser(row: IamUserRow, tags: readonly api.Tag[]): api.User {
  return {
    ...listedUser(row),
    ...(row.permissions_boundary !== null
      ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy', PermissionsBoundaryArn: row.permissions_boundary } }
      : {}),
    ...(tags.length > 0 ? { Tags: [...tags] } : {}),
  };
}

export class UsersProvider implements Pick<api.IamApi, Implemented> {
  constructor(
    private readonly users: Users,
    private readonly loginProfiles: LoginProfiles,
    private readonly accessKeys: AccessKeys,
    private readonly iam: IamDomain,
  ) {}

  // ---- users

  async CreateUser(input: api.CreateUserRequest, ctx: OperationContext): Promise<api.CreateUserResponse> {
    const { user, tags } = await this.users.create(account(ctx), {
      name: input.UserName,
      path: input.Path,
      permissionsBoundary: input.PermissionsBoundary,
      tags: input.Tags ?? [],
    });
    return { User: fullUser(user, tags) };
  }

  async GetUser(input: api.GetUserRequest, ctx: OperationContext): Promise<api.GetUserResponse> {
    const principal = caller(ctx);
    if (input.UserName === undefined && principal.type === 'root') {
      // IAM's answer for the root user: the account id as UserId, the root ARN, no UserName or Path
      const created = (await this.iam.account(principal.accountId))?.created_at ?? 0;
      return { User: { UserId: principal.accountId, Arn: principal.arn, CreateDate: iamDate(created) } as api.User };
    }
    const user = await this.users.named(principal, input.UserName);
    return { User: fullUser(user, await this.users.tags.list(user.id)) };
  }

  async ListUsers(input: api.ListUsersRequest, ctx: OperationContext): Promise<api.ListUsersResponse> {
    const p = await this.users.list(account(ctx), input.PathPrefix, page(input));
    return { Users: p.items.map(listedUser), ...truncation(p) };
  }

  async UpdateUser(input: api.UpdateUserRequest, ctx: OperationContext): Promise<void> {
    await this.users.update(account(ctx), input.UserName, { newName: input.NewUserName, newPath: input.NewPath });
  }

  async DeleteUser(input: api.DeleteUserRequest, ctx: OperationContext): Promise<void> {
    await this.users.delete(account(ctx), input.UserName);
  }

  async TagUser(input: api.TagUserRequest, ctx: OperationContext): Promise<void> {
    await this.users.tag(account(ctx), input.UserName, input.Tags ?? []);
  }

  async UntagUser(input: api.UntagUserRequest, ctx: OperationContext): Promise<void> {
    await this.users.untag(account(ctx), input.UserName, input.TagKeys);
  }

  async ListUserTags(input: api.ListUserTagsRequest, ctx: OperationContext): Promise<api.ListUserTagsResponse> {
    const user = await this.users.get(account(ctx), input.UserName);
    const p = await this.users.tags.page(user.id, `iam:ListUserTags:${user.id}`, page(input));
    return { Tags: [...p.items], ...truncation(p) };
  }

  async PutUserPermissionsBoundary(input: api.PutUserPermissionsBoundaryRequest, ctx: OperationContext): Promise<void> {
    await this.users.setBoundary(account(ctx), input.UserName, input.PermissionsBoundary);
  }

  async DeleteUserPermissionsBoundary(input: api.DeleteUserPermissionsBoundaryRequest, ctx: OperationContext): Promise<void> {
    await this.users.setBoundary(account(ctx), input.UserName, null);
  }

  // ---- inline policies

  async PutUserPolicy(input: api.PutUserPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.users.putPolicy(account(ctx), input.UserName, input.PolicyName, input.PolicyDocument);
  }

  async GetUserPolicy(input: api.GetUserPolicyRequest, ctx: OperationContext): Promise<api.GetUserPolicyResponse> {
    const user = await this.users.get(account(ctx), input.UserName);
    const document = await this.users.inline.get(user, input.PolicyName);
    return { UserName: user.name, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(document) };
  }

  async DeleteUserPolicy(input: api.DeleteUserPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.users.inline.delete(await this.users.get(account(ctx), input.UserName), input.PolicyName);
  }

  async ListUserPolicies(input: api.ListUserPoliciesRequest, ctx: OperationContext): Promise<api.ListUserPoliciesResponse> {
    const p = await this.users.inline.names(await this.users.get(account(ctx), input.UserName), page(input));
    return { PolicyNames: p.items, ...truncation(p) };
  }

  // ---- console passwords

  async CreateLoginProfile(input: api.CreateLoginProfileRequest, ctx: OperationContext): Promise<api.CreateLoginProfileResponse> {
    const user = await this.users.named(caller(ctx), input.UserName);
    // optional in the model for AssumeRoot sessions only, which gatehouse does not issue
    if (input.Password === undefined) throw entityErrors.missing('password');
    const profile = await this.loginProfiles.create(user, input.Password, input.PasswordResetRequired ?? false);
    return { LoginProfile: { UserName: profile.userName, CreateDate: iamDate(profile.createdAt), PasswordResetRequired: profile.passwordResetRequired } };
  }

  async GetLoginProfile(input: api.GetLoginProfileRequest, ctx: OperationContext): Promise<api.GetLoginProfileResponse> {
    const profile = this.loginProfiles.get(await this.users.named(caller(ctx), input.UserName));
    return { LoginProfile: { UserName: profile.userName, CreateDate: iamDate(profile.createdAt), PasswordResetRequired: profile.passwordResetRequired } };
  }

  async UpdateLoginProfile(input: api.UpdateLoginProfileRequest, ctx: OperationContext): Promise<void> {
    const user = await this.users.get(account(ctx), input.UserName);
    await this.loginProfiles.update(user, { password: input.Password, passwordResetRequired: input.PasswordResetRequired });
  }

  async DeleteLoginProfile(input: api.DeleteLoginProfileRequest, ctx: OperationContext): Promise<void> {
    await this.loginProfiles.delete(await this.users.named(caller(ctx), input.UserName));
  }

  // ---- access keys

  async CreateAccessKey(input: api.CreateAccessKeyRequest, ctx: OperationContext): Promise<api.CreateAccessKeyResponse> {
    const owner = await this.keyOwner(ctx, input.UserName);
    const key = await this.accessKeys.create(owner);
    const accessKey = {
      // required by the model, but the root user's own keys have no user name to give: it is left out
      ...(key.userName !== undefined ? { UserName: key.userName } : {}),
      AccessKeyId: key.accessKeyId,
      Status: 'Active' as const,
      SecretAccessKey: key.secretAccessKey,
      CreateDate: iamDate(key.createdAt),
    };
    return { AccessKey: accessKey as api.AccessKey };
  }

  async ListAccessKeys(input: api.ListAccessKeysRequest, ctx: OperationContext): Promise<api.ListAccessKeysResponse> {
    const p = await this.accessKeys.list(await this.keyOwner(ctx, input.UserName), page(input));
    return {
      AccessKeyMetadata: p.items.map((k) => ({
        ...(k.userName !== undefined ? { UserName: k.userName } : {}),
        AccessKeyId: k.accessKeyId,
        Status: k.status,
        CreateDate: iamDate(k.createdAt),
      })),
      ...truncation(p),
    };
  }

  async UpdateAccessKey(input: api.UpdateAccessKeyRequest, ctx: OperationContext): Promise<void> {
    // Expired is a status IAM reports for other credentials, not one a caller sets on an access key
    if (input.Status === 'Expired') throw entityErrors.notOneOf('status', input.Status, ['Active', 'Inactive']);
    await this.accessKeys.setStatus(await this.keyOwner(ctx, input.UserName), input.AccessKeyId, input.Status);
  }

  async DeleteAccessKey(input: api.DeleteAccessKeyRequest, ctx: OperationContext): Promise<void> {
    await this.accessKeys.delete(await this.keyOwner(ctx, input.UserName), input.AccessKeyId);
  }

  async GetAccessKeyLastUsed(input: api.GetAccessKeyLastUsedRequest, ctx: OperationContext): Promise<api.GetAccessKeyLastUsedResponse> {
    const last = await this.accessKeys.lastUsed(account(ctx), input.AccessKeyId);
    return {
      ...(last.userName !== undefined ? { UserName: last.userName } : {}),
      // IAM's answer for a key never used: N/A for service and region, no date
      AccessKeyLastUsed: last.used
        ? { LastUsedDate: iamDate(last.used.at), ServiceName: last.used.service, Region: last.used.region }
        : { ServiceName: 'N/A', Region: 'N/A' },
    };
  }

  /** The named user's keys; without a name, the calling IAM user's or the root user's own. */
  private async keyOwner(ctx: OperationContext, userName: string | undefined): Promise<KeyOwner> {
    const principal = caller(ctx);
    if (userName === undefined && principal.type === 'root') return { kind: 'root', accountId: principal.accountId };
    return { kind: 'user', user: await this.users.named(principal, userName) };
  }
}
