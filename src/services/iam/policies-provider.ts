import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import { isAwsManagedPolicyArn } from './aws-managed-catalogue.js';
import { policyErrors } from './errors.js';
import type { ManagedPolicies, ManagedPolicy, PolicyEntity, PolicyUsageKind, PolicyVersion, Tag } from './policies.js';
import type { EntityKind } from './policies-store.js';
import { account, encodeDocument, page, truncation } from './provider-shapes.js';

// IAM managed policies, wire <-> domain: customer managed policies and their versions and tags, the AWS managed
// catalogue, ListPolicies, ListEntitiesForPolicy, and attaching managed policies to roles, users and groups. The only
// file of this topic that sees wire names.

type Implemented =
  | 'CreatePolicy'
  | 'GetPolicy'
  | 'DeletePolicy'
  | 'CreatePolicyVersion'
  | 'GetPolicyVersion'
  | 'ListPolicyVersions'
  | 'DeletePolicyVersion'
  | 'SetDefaultPolicyVersion'
  | 'ListPolicies'
  | 'TagPolicy'
  | 'UntagPolicy'
  | 'ListPolicyTags'
  | 'ListEntitiesForPolicy'
  | 'AttachRolePolicy'
  | 'DetachRolePolicy'
  | 'AttachUserPolicy'
  | 'DetachUserPolicy'
  | 'ListAttachedUserPolicies'
  | 'AttachGroupPolicy'
  | 'DetachGroupPolicy'
  | 'ListAttachedGroupPolicies';

const usages: Readonly<Record<api.PolicyUsageType, PolicyUsageKind>> = { PermissionsPolicy: 'attached', PermissionsBoundary: 'boundary' };
const entityKinds: Readonly<Record<api.EntityType, readonly EntityKind[]>> = {
  User: ['user'],
  Role: ['role'],
  Group: ['group'],
  // the entities a policy is attached to are never policies
  LocalManagedPolicy: [],
  AWSManagedPolicy: [],
};

export class PoliciesProvider implements Pick<api.IamApi, Implemented> {
  constructor(private readonly policies: ManagedPolicies) {}

  // ---- customer managed policies

  async CreatePolicy(input: api.CreatePolicyRequest, ctx: OperationContext): Promise<api.CreatePolicyResponse> {
    const { policy, tags } = await this.policies.createPolicy(account(ctx), {
      name: input.PolicyName,
      document: input.PolicyDocument,
      ...(input.Path !== undefined ? { path: input.Path } : {}),
      ...(input.Description !== undefined ? { description: input.Description } : {}),
      tags: (input.Tags ?? []).map((t) => ({ key: t.Key, value: t.Value })),
    });
    // As IAM: the response leaves out the description, and names the tags (in the request's order) only when given.
    return { Policy: { ...wirePolicy({ ...policy, description: undefined }), ...(tags.length > 0 ? { Tags: wireTags(tags) } : {}) } };
  }

  async GetPolicy(input: api.GetPolicyRequest, ctx: OperationContext): Promise<api.GetPolicyResponse> {
    const { policy, tags } = await this.policies.policy(account(ctx), input.PolicyArn);
    return { Policy: { ...wirePolicy(policy), Tags: wireTags(tags) } };
  }

  async DeletePolicy(input: api.DeletePolicyRequest, ctx: OperationContext): Promise<void> {
    this.refuseAwsManaged(ctx, 'DeletePolicy', input.PolicyArn);
    await this.policies.deletePolicy(account(ctx), input.PolicyArn);
  }

  // ---- versions

  async CreatePolicyVersion(input: api.CreatePolicyVersionRequest, ctx: OperationContext): Promise<api.CreatePolicyVersionResponse> {
    this.refuseAwsManaged(ctx, 'CreatePolicyVersion', input.PolicyArn);
    const version = await this.policies.createVersion(account(ctx), input.PolicyArn, input.PolicyDocument, input.SetAsDefault === true);
    return { PolicyVersion: wireVersion(version) };
  }

  async GetPolicyVersion(input: api.GetPolicyVersionRequest, ctx: OperationContext): Promise<api.GetPolicyVersionResponse> {
    return { PolicyVersion: wireVersion(await this.policies.version(account(ctx), input.PolicyArn, input.VersionId)) };
  }

  async ListPolicyVersions(input: api.ListPolicyVersionsRequest, ctx: OperationContext): Promise<api.ListPolicyVersionsResponse> {
    const p = await this.policies.versions(account(ctx), input.PolicyArn, page(input));
    return { Versions: p.items.map(wireVersion), ...truncation(p) };
  }

  async DeletePolicyVersion(input: api.DeletePolicyVersionRequest, ctx: OperationContext): Promise<void> {
    this.refuseAwsManaged(ctx, 'DeletePolicyVersion', input.PolicyArn);
    await this.policies.deleteVersion(account(ctx), input.PolicyArn, input.VersionId);
  }

  async SetDefaultPolicyVersion(input: api.SetDefaultPolicyVersionRequest, ctx: OperationContext): Promise<void> {
    this.refuseAwsManaged(ctx, 'SetDefaultPolicyVersion', input.PolicyArn);
    await this.policies.setDefaultVersion(account(ctx), input.PolicyArn, input.VersionId);
  }

  // ---- listing

  async ListPolicies(input: api.ListPoliciesRequest, ctx: OperationContext): Promise<api.ListPoliciesResponse> {
    const scopes = { All: 'all', AWS: 'aws', Local: 'local' } as const;
    const p = await this.policies.list(
      account(ctx),
      {
        scope: scopes[input.Scope ?? 'All'],
        onlyAttached: input.OnlyAttached === true,
        ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
        ...(input.PolicyUsageFilter !== undefined ? { usage: usages[input.PolicyUsageFilter] } : {}),
      },
      page(input),
    );
    // As IAM: listings leave out descriptions and tags.
    return { Policies: p.items.map((policy) => wirePolicy({ ...policy, description: undefined })), ...truncation(p) };
  }

  async ListEntitiesForPolicy(input: api.ListEntitiesForPolicyRequest, ctx: OperationContext): Promise<api.ListEntitiesForPolicyResponse> {
    const p = await this.policies.entities(
      account(ctx),
      input.PolicyArn,
      {
        ...(input.EntityFilter !== undefined ? { kinds: entityKinds[input.EntityFilter] } : {}),
        ...(input.PathPrefix !== undefined ? { pathPrefix: input.PathPrefix } : {}),
        ...(input.PolicyUsageFilter !== undefined ? { usage: usages[input.PolicyUsageFilter] } : {}),
      },
      page(input),
    );
    const of = (kind: EntityKind) => p.items.filter((e: PolicyEntity) => e.kind === kind);
    return {
      PolicyGroups: of('group').map((e) => ({ GroupName: e.name, GroupId: e.id })),
      PolicyUsers: of('user').map((e) => ({ UserName: e.name, UserId: e.id })),
      PolicyRoles: of('role').map((e) => ({ RoleName: e.name, RoleId: e.id })),
      ...truncation(p),
    };
  }

  // ---- tags

  async TagPolicy(input: api.TagPolicyRequest, ctx: OperationContext): Promise<void> {
    this.refuseAwsManaged(ctx, 'TagPolicy', input.PolicyArn);
    await this.policies.tag(account(ctx), input.PolicyArn, input.Tags.map((t) => ({ key: t.Key, value: t.Value })));
  }

  async UntagPolicy(input: api.UntagPolicyRequest, ctx: OperationContext): Promise<void> {
    this.refuseAwsManaged(ctx, 'UntagPolicy', input.PolicyArn);
    await this.policies.untag(account(ctx), input.PolicyArn, input.TagKeys);
  }

  async ListPolicyTags(input: api.ListPolicyTagsRequest, ctx: OperationContext): Promise<api.ListPolicyTagsResponse> {
    const p = await this.policies.tags(account(ctx), input.PolicyArn, page(input));
    return { Tags: wireTags(p.items), ...truncation(p) };
  }

  // ---- attachments

  async AttachRolePolicy(input: api.AttachRolePolicyRequest, ctx: OperationContext): Promise<void> {
    await this.policies.attach(account(ctx), 'role', input.RoleName, input.PolicyArn);
  }

  async DetachRolePolicy(input: api.DetachRolePolicyRequest, ctx: OperationContext): Promise<void> {
    await this.policies.detach(account(ctx), 'role', input.RoleName, input.PolicyArn);
  }

  async AttachUserPolicy(input: api.AttachUserPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.policies.attach(account(ctx), 'user', input.UserName, input.PolicyArn);
  }

  async DetachUserPolicy(input: api.DetachUserPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.policies.detach(account(ctx), 'user', input.UserName, input.PolicyArn);
  }

  async ListAttachedUserPolicies(input: api.ListAttachedUserPoliciesRequest, ctx: OperationContext): Promise<api.ListAttachedUserPoliciesResponse> {
    return this.attachedTo(ctx, 'user', input.UserName, input);
  }

  async AttachGroupPolicy(input: api.AttachGroupPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.policies.attach(account(ctx), 'group', input.GroupName, input.PolicyArn);
  }

  async DetachGroupPolicy(input: api.DetachGroupPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.policies.detach(account(ctx), 'group', input.GroupName, input.PolicyArn);
  }

  async ListAttachedGroupPolicies(input: api.ListAttachedGroupPoliciesRequest, ctx: OperationContext): Promise<api.ListAttachedGroupPoliciesResponse> {
    return this.attachedTo(ctx, 'group', input.GroupName, input);
  }

  private async attachedTo(
    ctx: OperationContext,
    kind: EntityKind,
    name: string,
    input: { readonly PathPrefix?: string; readonly Marker?: string; readonly MaxItems?: number },
  ): Promise<api.ListAttachedUserPoliciesResponse> {
    const p = await this.policies.attached(account(ctx), kind, name, input.PathPrefix, page(input));
    return { AttachedPolicies: p.items.map((a) => ({ PolicyName: a.name, PolicyArn: a.arn })), ...truncation(p) };
  }

  /** AWS managed policies belong to AWS: no account may change them (IAM's authorization refuses). */
  private refuseAwsManaged(ctx: OperationContext, operation: string, arn: string): void {
    if (isAwsManagedPolicyArn(arn)) throw policyErrors.awsManagedReadOnly(ctx.principal?.arn ?? account(ctx), operation, arn);
  }
}

/** IAM reports whole seconds. */
const seconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000);

function wirePolicy(p: ManagedPolicy): api.Policy {
  return {
    PolicyName: p.name,
    PolicyId: p.policyId,
    Arn: p.arn,
    Path: p.path,
    DefaultVersionId: p.defaultVersionId,
    AttachmentCount: p.attachmentCount,
    PermissionsBoundaryUsageCount: p.boundaryUsageCount,
    IsAttachable: p.isAttachable,
    ...(p.description !== undefined ? { Description: p.description } : {}),
    CreateDate: seconds(p.createdAt),
    UpdateDate: seconds(p.updatedAt),
  };
}

function wireVersion(v: PolicyVersion): api.PolicyVersion {
  return {
    ...(v.document !== undefined ? { Document: encodeDocument(v.document) } : {}),
    VersionId: v.versionId,
    IsDefaultVersion: v.isDefault,
    CreateDate: seconds(v.createdAt),
  };
}

const wireTags = (tags: readonly Tag[]): api.Tag[] => tags.map((t) => ({ Key: t.key, Value: t.value }));
