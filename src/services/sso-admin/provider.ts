import type * as api from '../../aws/api/sso-admin.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { AccessControlAttribute, AccessControlDomain } from './access-control.js';
import type { AssignmentStatusView, AssignmentsDomain, ProvisioningStatusView } from './assignments.js';
import type { InstancesDomain, InstanceView } from './instances.js';
import type { Page } from './pagination.js';
import type { PermissionSetsDomain, PermissionSetView } from './permission-sets.js';

// sso-admin, wire <-> domain: the only file of the service that sees wire names.

export interface SsoAdminDomains {
  readonly instances: InstancesDomain;
  readonly permissionSets: PermissionSetsDomain;
  readonly assignments: AssignmentsDomain;
  readonly accessControl: AccessControlDomain;
}

function caller(ctx: OperationContext): Principal {
  if (!ctx.principal) throw new Error('an sso-admin operation reached its handler without a principal');
  return ctx.principal;
}

const page = (input: { readonly MaxResults?: number | undefined; readonly NextToken?: string | undefined }) => ({ maxResults: input.MaxResults, nextToken: input.NextToken });
const next = <T>(p: Page<T>) => (p.nextToken !== undefined ? { NextToken: p.nextToken } : {});

type Implemented = Pick<
  api.SsoAdminApi,
  | 'CreateInstance'
  | 'DescribeInstance'
  | 'ListInstances'
  | 'UpdateInstance'
  | 'DeleteInstance'
  | 'CreatePermissionSet'
  | 'DescribePermissionSet'
  | 'UpdatePermissionSet'
  | 'DeletePermissionSet'
  | 'ListPermissionSets'
  | 'AttachManagedPolicyToPermissionSet'
  | 'DetachManagedPolicyFromPermissionSet'
  | 'ListManagedPoliciesInPermissionSet'
  | 'AttachCustomerManagedPolicyReferenceToPermissionSet'
  | 'DetachCustomerManagedPolicyReferenceFromPermissionSet'
  | 'ListCustomerManagedPolicyReferencesInPermissionSet'
  | 'PutInlinePolicyToPermissionSet'
  | 'GetInlinePolicyForPermissionSet'
  | 'DeleteInlinePolicyFromPermissionSet'
  | 'PutPermissionsBoundaryToPermissionSet'
  | 'GetPermissionsBoundaryForPermissionSet'
  | 'DeletePermissionsBoundaryFromPermissionSet'
  | 'TagResource'
  | 'UntagResource'
  | 'ListTagsForResource'
  | 'CreateAccountAssignment'
  | 'DeleteAccountAssignment'
  | 'DescribeAccountAssignmentCreationStatus'
  | 'DescribeAccountAssignmentDeletionStatus'
  | 'ListAccountAssignmentCreationStatus'
  | 'ListAccountAssignmentDeletionStatus'
  | 'ListAccountAssignments'
  | 'ListAccountAssignmentsForPrincipal'
  | 'ListPermissionSetsProvisionedToAccount'
  | 'ListAccountsForProvisionedPermissionSet'
  | 'ProvisionPermissionSet'
  | 'DescribePermissionSetProvisioningStatus'
  | 'ListPermissionSetProvisioningStatus'
  | 'CreateInstanceAccessControlAttributeConfiguration'
  | 'DescribeInstanceAccessControlAttributeConfiguration'
  | 'UpdateInstanceAccessControlAttributeConfiguration'
  | 'DeleteInstanceAccessControlAttributeConfiguration'
>;

export class SsoAdminProvider implements Implemented {
  constructor(private readonly d: SsoAdminDomains) {}

  // ---- instances

  async CreateInstance(input: api.CreateInstanceRequest, ctx: OperationContext): Promise<api.CreateInstanceResponse> {
    return { InstanceArn: await this.d.instances.createInstance(caller(ctx), { name: input.Name, tags: input.Tags }) };
  }

  async DescribeInstance(input: api.DescribeInstanceRequest, ctx: OperationContext): Promise<api.DescribeInstanceResponse> {
    const i = await this.d.instances.describeInstance(caller(ctx), input.InstanceArn);
    return { ...instance(i), EncryptionConfigurationDetails: { KeyType: 'AWS_OWNED_KMS_KEY', EncryptionStatus: 'ENABLED' } };
  }

  async ListInstances(input: api.ListInstancesRequest, ctx: OperationContext): Promise<api.ListInstancesResponse> {
    const p = await this.d.instances.listInstances(caller(ctx), page(input));
    return { Instances: p.items.map(instance), ...next(p) };
  }

  async UpdateInstance(input: api.UpdateInstanceRequest, ctx: OperationContext): Promise<api.UpdateInstanceResponse> {
    await this.d.instances.updateInstance(caller(ctx), input.InstanceArn, { name: input.Name, keyType: input.EncryptionConfiguration?.KeyType });
    return {};
  }

  async DeleteInstance(input: api.DeleteInstanceRequest, ctx: OperationContext): Promise<api.DeleteInstanceResponse> {
    await this.d.instances.deleteInstance(caller(ctx), input.InstanceArn);
    return {};
  }

  // ---- attribute-based access control

  async CreateInstanceAccessControlAttributeConfiguration(
    input: api.CreateInstanceAccessControlAttributeConfigurationRequest,
    ctx: OperationContext,
  ): Promise<api.CreateInstanceAccessControlAttributeConfigurationResponse> {
    await this.d.accessControl.create(caller(ctx), input.InstanceArn, accessControlAttributes(input.InstanceAccessControlAttributeConfiguration));
    return {};
  }

  async DescribeInstanceAccessControlAttributeConfiguration(
    input: api.DescribeInstanceAccessControlAttributeConfigurationRequest,
    ctx: OperationContext,
  ): Promise<api.DescribeInstanceAccessControlAttributeConfigurationResponse> {
    const c = await this.d.accessControl.describe(caller(ctx), input.InstanceArn);
    return {
      Status: c.status,
      ...(c.statusReason !== undefined ? { StatusReason: c.statusReason } : {}),
      InstanceAccessControlAttributeConfiguration: { AccessControlAttributes: c.attributes.map((a) => ({ Key: a.key, Value: { Source: [a.source] } })) },
    };
  }

  async UpdateInstanceAccessControlAttributeConfiguration(
    input: api.UpdateInstanceAccessControlAttributeConfigurationRequest,
    ctx: OperationContext,
  ): Promise<api.UpdateInstanceAccessControlAttributeConfigurationResponse> {
    await this.d.accessControl.update(caller(ctx), input.InstanceArn, accessControlAttributes(input.InstanceAccessControlAttributeConfiguration));
    return {};
  }

  async DeleteInstanceAccessControlAttributeConfiguration(
    input: api.DeleteInstanceAccessControlAttributeConfigurationRequest,
    ctx: OperationContext,
  ): Promise<api.DeleteInstanceAccessControlAttributeConfigurationResponse> {
    await this.d.accessControl.delete(caller(ctx), input.InstanceArn);
    return {};
  }

  // ---- permission sets

  async CreatePermissionSet(input: api.CreatePermissionSetRequest, ctx: OperationContext): Promise<api.CreatePermissionSetResponse> {
    const ps = await this.d.permissionSets.create(caller(ctx), input.InstanceArn, {
      name: input.Name,
      description: input.Description,
      sessionDuration: input.SessionDuration,
      relayState: input.RelayState,
      tags: input.Tags ?? [],
    });
    return { PermissionSet: permissionSet(ps) };
  }

  async DescribePermissionSet(input: api.DescribePermissionSetRequest, ctx: OperationContext): Promise<api.DescribePermissionSetResponse> {
    return { PermissionSet: permissionSet(await this.d.permissionSets.describe(caller(ctx), input.InstanceArn, input.PermissionSetArn)) };
  }

  async UpdatePermissionSet(input: api.UpdatePermissionSetRequest, ctx: OperationContext): Promise<api.UpdatePermissionSetResponse> {
    await this.d.permissionSets.update(caller(ctx), input.InstanceArn, input.PermissionSetArn, {
      description: input.Description,
      sessionDuration: input.SessionDuration,
      relayState: input.RelayState,
    });
    return {};
  }

  async DeletePermissionSet(input: api.DeletePermissionSetRequest, ctx: OperationContext): Promise<api.DeletePermissionSetResponse> {
    await this.d.permissionSets.delete(caller(ctx), input.InstanceArn, input.PermissionSetArn);
    return {};
  }

  async ListPermissionSets(input: api.ListPermissionSetsRequest, ctx: OperationContext): Promise<api.ListPermissionSetsResponse> {
    const p = await this.d.permissionSets.list(caller(ctx), input.InstanceArn, page(input));
    return { PermissionSets: [...p.items], ...next(p) };
  }

  // ---- AWS managed policies

  async AttachManagedPolicyToPermissionSet(
    input: api.AttachManagedPolicyToPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.AttachManagedPolicyToPermissionSetResponse> {
    await this.d.permissionSets.attachManagedPolicy(caller(ctx), input.InstanceArn, input.PermissionSetArn, input.ManagedPolicyArn);
    return {};
  }

  async DetachManagedPolicyFromPermissionSet(
    input: api.DetachManagedPolicyFromPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.DetachManagedPolicyFromPermissionSetResponse> {
    await this.d.permissionSets.detachManagedPolicy(caller(ctx), input.InstanceArn, input.PermissionSetArn, input.ManagedPolicyArn);
    return {};
  }

  async ListManagedPoliciesInPermissionSet(
    input: api.ListManagedPoliciesInPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.ListManagedPoliciesInPermissionSetResponse> {
    const p = await this.d.permissionSets.listManagedPolicies(caller(ctx), input.InstanceArn, input.PermissionSetArn, page(input));
    return { AttachedManagedPolicies: p.items.map((m) => ({ Name: m.name, Arn: m.arn })), ...next(p) };
  }

  // ---- customer managed policy references

  async AttachCustomerManagedPolicyReferenceToPermissionSet(
    input: api.AttachCustomerManagedPolicyReferenceToPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.AttachCustomerManagedPolicyReferenceToPermissionSetResponse> {
    const ref = input.CustomerManagedPolicyReference;
    await this.d.permissionSets.attachCustomerPolicy(caller(ctx), input.InstanceArn, input.PermissionSetArn, { name: ref.Name, path: ref.Path });
    return {};
  }

  async DetachCustomerManagedPolicyReferenceFromPermissionSet(
    input: api.DetachCustomerManagedPolicyReferenceFromPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.DetachCustomerManagedPolicyReferenceFromPermissionSetResponse> {
    const ref = input.CustomerManagedPolicyReference;
    await this.d.permissionSets.detachCustomerPolicy(caller(ctx), input.InstanceArn, input.PermissionSetArn, { name: ref.Name, path: ref.Path });
    return {};
  }

  async ListCustomerManagedPolicyReferencesInPermissionSet(
    input: api.ListCustomerManagedPolicyReferencesInPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.ListCustomerManagedPolicyReferencesInPermissionSetResponse> {
    const p = await this.d.permissionSets.listCustomerPolicies(caller(ctx), input.InstanceArn, input.PermissionSetArn, page(input));
    return { CustomerManagedPolicyReferences: p.items.map((r) => ({ Name: r.name, Path: r.path })), ...next(p) };
  }

  // ---- inline policy

  async PutInlinePolicyToPermissionSet(
    input: api.PutInlinePolicyToPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.PutInlinePolicyToPermissionSetResponse> {
    await this.d.permissionSets.putInlinePolicy(caller(ctx), input.InstanceArn, input.PermissionSetArn, input.InlinePolicy);
    return {};
  }

  async GetInlinePolicyForPermissionSet(
    input: api.GetInlinePolicyForPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.GetInlinePolicyForPermissionSetResponse> {
    const policy = await this.d.permissionSets.inlinePolicy(caller(ctx), input.InstanceArn, input.PermissionSetArn);
    return policy === undefined ? {} : { InlinePolicy: policy };
  }

  async DeleteInlinePolicyFromPermissionSet(
    input: api.DeleteInlinePolicyFromPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.DeleteInlinePolicyFromPermissionSetResponse> {
    await this.d.permissionSets.deleteInlinePolicy(caller(ctx), input.InstanceArn, input.PermissionSetArn);
    return {};
  }

  // ---- permissions boundary

  async PutPermissionsBoundaryToPermissionSet(
    input: api.PutPermissionsBoundaryToPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.PutPermissionsBoundaryToPermissionSetResponse> {
    const b = input.PermissionsBoundary;
    await this.d.permissionSets.putBoundary(caller(ctx), input.InstanceArn, input.PermissionSetArn, {
      managedPolicyArn: b.ManagedPolicyArn,
      customer: b.CustomerManagedPolicyReference && { name: b.CustomerManagedPolicyReference.Name, path: b.CustomerManagedPolicyReference.Path },
    });
    return {};
  }

  async GetPermissionsBoundaryForPermissionSet(
    input: api.GetPermissionsBoundaryForPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.GetPermissionsBoundaryForPermissionSetResponse> {
    const b = await this.d.permissionSets.boundary(caller(ctx), input.InstanceArn, input.PermissionSetArn);
    return {
      PermissionsBoundary: b.managedPolicyArn !== undefined ? { ManagedPolicyArn: b.managedPolicyArn } : { CustomerManagedPolicyReference: { Name: b.customer!.name, Path: b.customer!.path ?? '/' } },
    };
  }

  async DeletePermissionsBoundaryFromPermissionSet(
    input: api.DeletePermissionsBoundaryFromPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.DeletePermissionsBoundaryFromPermissionSetResponse> {
    await this.d.permissionSets.deleteBoundary(caller(ctx), input.InstanceArn, input.PermissionSetArn);
    return {};
  }

  // ---- tags (instances and permission sets)

  async TagResource(input: api.TagResourceRequest, ctx: OperationContext): Promise<api.TagResourceResponse> {
    await this.d.permissionSets.tagResource(caller(ctx), input.InstanceArn, input.ResourceArn, input.Tags);
    return {};
  }

  async UntagResource(input: api.UntagResourceRequest, ctx: OperationContext): Promise<api.UntagResourceResponse> {
    await this.d.permissionSets.untagResource(caller(ctx), input.InstanceArn, input.ResourceArn, input.TagKeys);
    return {};
  }

  async ListTagsForResource(input: api.ListTagsForResourceRequest, ctx: OperationContext): Promise<api.ListTagsForResourceResponse> {
    const p = await this.d.permissionSets.listTags(caller(ctx), input.InstanceArn, input.ResourceArn, { nextToken: input.NextToken });
    return { Tags: [...p.items], ...next(p) };
  }

  // ---- account assignments

  async CreateAccountAssignment(input: api.CreateAccountAssignmentRequest, ctx: OperationContext): Promise<api.CreateAccountAssignmentResponse> {
    return { AccountAssignmentCreationStatus: assignmentStatus(await this.d.assignments.create(caller(ctx), input.InstanceArn, assignmentInput(input))) };
  }

  async DeleteAccountAssignment(input: api.DeleteAccountAssignmentRequest, ctx: OperationContext): Promise<api.DeleteAccountAssignmentResponse> {
    return { AccountAssignmentDeletionStatus: assignmentStatus(await this.d.assignments.delete(caller(ctx), input.InstanceArn, assignmentInput(input))) };
  }

  async DescribeAccountAssignmentCreationStatus(
    input: api.DescribeAccountAssignmentCreationStatusRequest,
    ctx: OperationContext,
  ): Promise<api.DescribeAccountAssignmentCreationStatusResponse> {
    const s = await this.d.assignments.describeRequest(caller(ctx), input.InstanceArn, 'CREATE', input.AccountAssignmentCreationRequestId);
    return { AccountAssignmentCreationStatus: assignmentStatus(s) };
  }

  async DescribeAccountAssignmentDeletionStatus(
    input: api.DescribeAccountAssignmentDeletionStatusRequest,
    ctx: OperationContext,
  ): Promise<api.DescribeAccountAssignmentDeletionStatusResponse> {
    const s = await this.d.assignments.describeRequest(caller(ctx), input.InstanceArn, 'DELETE', input.AccountAssignmentDeletionRequestId);
    return { AccountAssignmentDeletionStatus: assignmentStatus(s) };
  }

  async ListAccountAssignmentCreationStatus(
    input: api.ListAccountAssignmentCreationStatusRequest,
    ctx: OperationContext,
  ): Promise<api.ListAccountAssignmentCreationStatusResponse> {
    const p = await this.d.assignments.listRequests(caller(ctx), input.InstanceArn, 'CREATE', input.Filter?.Status, page(input));
    return { AccountAssignmentsCreationStatus: p.items.map(statusMetadata), ...next(p) };
  }

  async ListAccountAssignmentDeletionStatus(
    input: api.ListAccountAssignmentDeletionStatusRequest,
    ctx: OperationContext,
  ): Promise<api.ListAccountAssignmentDeletionStatusResponse> {
    const p = await this.d.assignments.listRequests(caller(ctx), input.InstanceArn, 'DELETE', input.Filter?.Status, page(input));
    return { AccountAssignmentsDeletionStatus: p.items.map(statusMetadata), ...next(p) };
  }

  async ListAccountAssignments(input: api.ListAccountAssignmentsRequest, ctx: OperationContext): Promise<api.ListAccountAssignmentsResponse> {
    const p = await this.d.assignments.listOn(caller(ctx), input.InstanceArn, input.AccountId, input.PermissionSetArn, page(input));
    return {
      AccountAssignments: p.items.map((a) => ({ AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId })),
      ...next(p),
    };
  }

  async ListAccountAssignmentsForPrincipal(
    input: api.ListAccountAssignmentsForPrincipalRequest,
    ctx: OperationContext,
  ): Promise<api.ListAccountAssignmentsForPrincipalResponse> {
    const p = await this.d.assignments.listFor(caller(ctx), input.InstanceArn, input.PrincipalType, input.PrincipalId, input.Filter?.AccountId, page(input));
    return {
      AccountAssignments: p.items.map((a) => ({ AccountId: a.accountId, PermissionSetArn: a.permissionSetArn, PrincipalType: a.principalType, PrincipalId: a.principalId })),
      ...next(p),
    };
  }

  async ListPermissionSetsProvisionedToAccount(
    input: api.ListPermissionSetsProvisionedToAccountRequest,
    ctx: OperationContext,
  ): Promise<api.ListPermissionSetsProvisionedToAccountResponse> {
    const p = await this.d.assignments.permissionSetsProvisionedTo(caller(ctx), input.InstanceArn, input.AccountId, input.ProvisioningStatus, page(input));
    return { PermissionSets: [...p.items], ...next(p) };
  }

  async ListAccountsForProvisionedPermissionSet(
    input: api.ListAccountsForProvisionedPermissionSetRequest,
    ctx: OperationContext,
  ): Promise<api.ListAccountsForProvisionedPermissionSetResponse> {
    const p = await this.d.assignments.accountsProvisionedWith(caller(ctx), input.InstanceArn, input.PermissionSetArn, input.ProvisioningStatus, page(input));
    return { AccountIds: [...p.items], ...next(p) };
  }

  // ---- provisioning

  async ProvisionPermissionSet(input: api.ProvisionPermissionSetRequest, ctx: OperationContext): Promise<api.ProvisionPermissionSetResponse> {
    const s = await this.d.assignments.provision(caller(ctx), input.InstanceArn, input.PermissionSetArn, input.TargetType, input.TargetId);
    return { PermissionSetProvisioningStatus: provisioningStatus(s) };
  }

  async DescribePermissionSetProvisioningStatus(
    input: api.DescribePermissionSetProvisioningStatusRequest,
    ctx: OperationContext,
  ): Promise<api.DescribePermissionSetProvisioningStatusResponse> {
    return { PermissionSetProvisioningStatus: provisioningStatus(await this.d.assignments.describeProvisioning(caller(ctx), input.InstanceArn, input.ProvisionPermissionSetRequestId)) };
  }

  async ListPermissionSetProvisioningStatus(
    input: api.ListPermissionSetProvisioningStatusRequest,
    ctx: OperationContext,
  ): Promise<api.ListPermissionSetProvisioningStatusResponse> {
    const p = await this.d.assignments.listProvisioning(caller(ctx), input.InstanceArn, input.Filter?.Status, page(input));
    return { PermissionSetsProvisioningStatus: p.items.map(statusMetadata), ...next(p) };
  }
}

/** The model allows exactly one Source per attribute. */
function accessControlAttributes(c: api.InstanceAccessControlAttributeConfiguration): AccessControlAttribute[] {
  return c.AccessControlAttributes.map((a) => ({ key: a.Key, source: a.Value.Source[0] ?? '' }));
}

function assignmentInput(input: api.CreateAccountAssignmentRequest | api.DeleteAccountAssignmentRequest) {
  return {
    targetId: input.TargetId,
    targetType: input.TargetType,
    permissionSetArn: input.PermissionSetArn,
    principalType: input.PrincipalType,
    principalId: input.PrincipalId,
  };
}

function assignmentStatus(s: AssignmentStatusView): api.AccountAssignmentOperationStatus {
  return {
    Status: s.status,
    RequestId: s.requestId,
    ...(s.failureReason !== undefined ? { FailureReason: s.failureReason } : {}),
    TargetId: s.targetId,
    TargetType: 'AWS_ACCOUNT',
    PermissionSetArn: s.permissionSetArn,
    PrincipalType: s.principalType,
    PrincipalId: s.principalId,
    CreatedDate: new Date(s.createdAt),
  };
}

function statusMetadata(s: { readonly status: api.StatusValues; readonly requestId: string; readonly createdAt: number }): api.AccountAssignmentOperationStatusMetadata {
  return { Status: s.status, RequestId: s.requestId, CreatedDate: new Date(s.createdAt) };
}

function provisioningStatus(s: ProvisioningStatusView): api.PermissionSetProvisioningStatus {
  return {
    Status: s.status,
    RequestId: s.requestId,
    ...(s.accountId !== undefined ? { AccountId: s.accountId } : {}),
    PermissionSetArn: s.permissionSetArn,
    ...(s.failureReason !== undefined ? { FailureReason: s.failureReason } : {}),
    CreatedDate: new Date(s.createdAt),
  };
}

function instance(i: InstanceView): api.InstanceMetadata {
  return {
    InstanceArn: i.arn,
    IdentityStoreId: i.identityStoreId,
    OwnerAccountId: i.ownerAccountId,
    ...(i.name !== undefined ? { Name: i.name } : {}),
    CreatedDate: new Date(i.createdAt),
    Status: i.status,
  };
}

function permissionSet(ps: PermissionSetView): api.PermissionSet {
  return {
    Name: ps.name,
    PermissionSetArn: ps.arn,
    ...(ps.description !== undefined ? { Description: ps.description } : {}),
    CreatedDate: new Date(ps.createdAt),
    SessionDuration: ps.sessionDuration,
    ...(ps.relayState !== undefined ? { RelayState: ps.relayState } : {}),
  };
}
