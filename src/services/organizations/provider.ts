import type * as api from '../../aws/api/organizations.js';
import type { Principal } from '../../aws/auth/principal.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { AccountsDomain, CreateAccountStatusView } from './accounts.js';
import type { AccountView } from './core.js';
import type { DelegationDomain, ServiceAccessView } from './delegation.js';
import type { OrganizationsDomain, OrganizationView, OuView, RootView } from './domain.js';
import type { EffectiveValidationDomain } from './effective-validation.js';
import type { HandshakeResourceView, HandshakesDomain, HandshakeView } from './handshakes.js';
import type { Page } from './pagination.js';
import type { TagsDomain } from './tags.js';
import type { TransfersDomain, TransferView } from './transfers.js';

// Organizations, wire <-> domain: every operation of the model except the policy ones (policies/policy-provider.ts).
// The only file of the core that sees wire names.

/** The operations the policies part serves. */
export type PolicyOperation =
  | 'AttachPolicy'
  | 'CreatePolicy'
  | 'DeletePolicy'
  | 'DescribeEffectivePolicy'
  | 'DescribePolicy'
  | 'DetachPolicy'
  | 'DisablePolicyType'
  | 'EnablePolicyType'
  | 'ListPolicies'
  | 'ListPoliciesForTarget'
  | 'ListTargetsForPolicy'
  | 'UpdatePolicy';

export type CoreApi = Omit<api.OrganizationsApi, PolicyOperation>;

export interface CoreDomains {
  readonly organizations: OrganizationsDomain;
  readonly accounts: AccountsDomain;
  readonly handshakes: HandshakesDomain;
  readonly delegation: DelegationDomain;
  readonly tags: TagsDomain;
  readonly transfers: TransfersDomain;
  readonly validation: EffectiveValidationDomain;
}

function caller(ctx: OperationContext): Principal {
  if (!ctx.principal) throw new Error('an Organizations operation reached its handler without a principal');
  return ctx.principal;
}

const page = (input: { readonly MaxResults?: number; readonly NextToken?: string }) => ({ maxResults: input.MaxResults, nextToken: input.NextToken });
const next = <T>(p: Page<T>) => (p.nextToken !== undefined ? { NextToken: p.nextToken } : {});

export class OrganizationsProvider implements CoreApi {
  constructor(private readonly d: CoreDomains) {}

  // ---- organization

  async CreateOrganization(input: api.CreateOrganizationRequest, ctx: OperationContext): Promise<api.CreateOrganizationResponse> {
    return { Organization: organization(await this.d.organizations.createOrganization(caller(ctx), input.FeatureSet ?? 'ALL')) };
  }

  async DescribeOrganization(_input: Record<string, never>, ctx: OperationContext): Promise<api.DescribeOrganizationResponse> {
    return { Organization: organization(await this.d.organizations.describeOrganization(caller(ctx))) };
  }

  async DeleteOrganization(_input: Record<string, never>, ctx: OperationContext): Promise<void> {
    await this.d.organizations.deleteOrganization(caller(ctx));
  }

  async ListRoots(input: api.ListRootsRequest, ctx: OperationContext): Promise<api.ListRootsResponse> {
    const p = await this.d.organizations.listRoots(caller(ctx), page(input));
    return { Roots: p.items.map(root), ...next(p) };
  }

  async EnableAllFeatures(_input: api.EnableAllFeaturesRequest, ctx: OperationContext): Promise<api.EnableAllFeaturesResponse> {
    return { Handshake: handshake(await this.d.handshakes.enableAllFeatures(caller(ctx))) };
  }

  // ---- organizational units

  async CreateOrganizationalUnit(input: api.CreateOrganizationalUnitRequest, ctx: OperationContext): Promise<api.CreateOrganizationalUnitResponse> {
    return { OrganizationalUnit: ou(await this.d.organizations.createOrganizationalUnit(caller(ctx), input.ParentId, input.Name, input.Tags)) };
  }

  async DescribeOrganizationalUnit(input: api.DescribeOrganizationalUnitRequest, ctx: OperationContext): Promise<api.DescribeOrganizationalUnitResponse> {
    return { OrganizationalUnit: ou(await this.d.organizations.describeOrganizationalUnit(caller(ctx), input.OrganizationalUnitId)) };
  }

  async UpdateOrganizationalUnit(input: api.UpdateOrganizationalUnitRequest, ctx: OperationContext): Promise<api.UpdateOrganizationalUnitResponse> {
    return { OrganizationalUnit: ou(await this.d.organizations.updateOrganizationalUnit(caller(ctx), input.OrganizationalUnitId, input.Name)) };
  }

  async DeleteOrganizationalUnit(input: api.DeleteOrganizationalUnitRequest, ctx: OperationContext): Promise<void> {
    await this.d.organizations.deleteOrganizationalUnit(caller(ctx), input.OrganizationalUnitId);
  }

  async ListOrganizationalUnitsForParent(
    input: api.ListOrganizationalUnitsForParentRequest,
    ctx: OperationContext,
  ): Promise<api.ListOrganizationalUnitsForParentResponse> {
    const p = await this.d.organizations.listOrganizationalUnitsForParent(caller(ctx), input.ParentId, page(input));
    return { OrganizationalUnits: p.items.map(ou), ...next(p) };
  }

  async ListChildren(input: api.ListChildrenRequest, ctx: OperationContext): Promise<api.ListChildrenResponse> {
    const p = await this.d.organizations.listChildren(caller(ctx), input.ParentId, input.ChildType, page(input));
    return { Children: p.items.map((c) => ({ Id: c.id, Type: c.type })), ...next(p) };
  }

  async ListParents(input: api.ListParentsRequest, ctx: OperationContext): Promise<api.ListParentsResponse> {
    const p = await this.d.organizations.listParents(caller(ctx), input.ChildId, page(input));
    return { Parents: p.items.map((x) => ({ Id: x.id, Type: x.type })), ...next(p) };
  }

  // ---- accounts

  async CreateAccount(input: api.CreateAccountRequest, ctx: OperationContext): Promise<api.CreateAccountResponse> {
    const status = await this.d.accounts.createAccount(caller(ctx), {
      email: input.Email,
      accountName: input.AccountName,
      roleName: input.RoleName,
      iamUserAccessToBilling: input.IamUserAccessToBilling,
      tags: input.Tags,
    });
    return { CreateAccountStatus: createAccountStatus(status) };
  }

  async CreateGovCloudAccount(_input: api.CreateGovCloudAccountRequest, ctx: OperationContext): Promise<api.CreateGovCloudAccountResponse> {
    return this.d.accounts.createGovCloudAccount(caller(ctx));
  }

  async DescribeCreateAccountStatus(
    input: api.DescribeCreateAccountStatusRequest,
    ctx: OperationContext,
  ): Promise<api.DescribeCreateAccountStatusResponse> {
    return { CreateAccountStatus: createAccountStatus(await this.d.accounts.describeCreateAccountStatus(caller(ctx), input.CreateAccountRequestId)) };
  }

  async ListCreateAccountStatus(input: api.ListCreateAccountStatusRequest, ctx: OperationContext): Promise<api.ListCreateAccountStatusResponse> {
    const p = await this.d.accounts.listCreateAccountStatus(caller(ctx), input.States, page(input));
    return { CreateAccountStatuses: p.items.map(createAccountStatus), ...next(p) };
  }

  async DescribeAccount(input: api.DescribeAccountRequest, ctx: OperationContext): Promise<api.DescribeAccountResponse> {
    return { Account: account(await this.d.organizations.describeAccount(caller(ctx), input.AccountId)) };
  }

  async ListAccounts(input: api.ListAccountsRequest, ctx: OperationContext): Promise<api.ListAccountsResponse> {
    const p = await this.d.organizations.listAccounts(caller(ctx), page(input));
    return { Accounts: p.items.map(account), ...next(p) };
  }

  async ListAccountsForParent(input: api.ListAccountsForParentRequest, ctx: OperationContext): Promise<api.ListAccountsForParentResponse> {
    const p = await this.d.organizations.listAccountsForParent(caller(ctx), input.ParentId, page(input));
    return { Accounts: p.items.map(account), ...next(p) };
  }

  async MoveAccount(input: api.MoveAccountRequest, ctx: OperationContext): Promise<void> {
    await this.d.organizations.moveAccount(caller(ctx), input.AccountId, input.SourceParentId, input.DestinationParentId);
  }

  async CloseAccount(input: api.CloseAccountRequest, ctx: OperationContext): Promise<void> {
    await this.d.accounts.closeAccount(caller(ctx), input.AccountId);
  }

  async RemoveAccountFromOrganization(input: api.RemoveAccountFromOrganizationRequest, ctx: OperationContext): Promise<void> {
    await this.d.organizations.removeAccount(caller(ctx), input.AccountId);
  }

  async LeaveOrganization(_input: Record<string, never>, ctx: OperationContext): Promise<void> {
    await this.d.organizations.leaveOrganization(caller(ctx));
  }

  // ---- handshakes

  async InviteAccountToOrganization(
    input: api.InviteAccountToOrganizationRequest,
    ctx: OperationContext,
  ): Promise<api.InviteAccountToOrganizationResponse> {
    const h = await this.d.handshakes.invite(caller(ctx), { id: input.Target.Id, type: input.Target.Type }, input.Notes, input.Tags);
    return { Handshake: handshake(h) };
  }

  async AcceptHandshake(input: api.AcceptHandshakeRequest, ctx: OperationContext): Promise<api.AcceptHandshakeResponse> {
    return { Handshake: handshake(await this.d.handshakes.accept(caller(ctx), input.HandshakeId)) };
  }

  async DeclineHandshake(input: api.DeclineHandshakeRequest, ctx: OperationContext): Promise<api.DeclineHandshakeResponse> {
    return { Handshake: handshake(await this.d.handshakes.decline(caller(ctx), input.HandshakeId)) };
  }

  async CancelHandshake(input: api.CancelHandshakeRequest, ctx: OperationContext): Promise<api.CancelHandshakeResponse> {
    return { Handshake: handshake(await this.d.handshakes.cancel(caller(ctx), input.HandshakeId)) };
  }

  async DescribeHandshake(input: api.DescribeHandshakeRequest, ctx: OperationContext): Promise<api.DescribeHandshakeResponse> {
    return { Handshake: handshake(await this.d.handshakes.describe(caller(ctx), input.HandshakeId)) };
  }

  async ListHandshakesForAccount(input: api.ListHandshakesForAccountRequest, ctx: OperationContext): Promise<api.ListHandshakesForAccountResponse> {
    const p = await this.d.handshakes.listForAccount(caller(ctx), filter(input.Filter), page(input));
    return { Handshakes: p.items.map(handshake), ...next(p) };
  }

  async ListHandshakesForOrganization(
    input: api.ListHandshakesForOrganizationRequest,
    ctx: OperationContext,
  ): Promise<api.ListHandshakesForOrganizationResponse> {
    const p = await this.d.handshakes.listForOrganization(caller(ctx), filter(input.Filter), page(input));
    return { Handshakes: p.items.map(handshake), ...next(p) };
  }

  // ---- delegated administrators, service access, resource policy

  async EnableAWSServiceAccess(input: api.EnableAWSServiceAccessRequest, ctx: OperationContext): Promise<void> {
    await this.d.delegation.enableServiceAccess(caller(ctx), input.ServicePrincipal);
  }

  async DisableAWSServiceAccess(input: api.DisableAWSServiceAccessRequest, ctx: OperationContext): Promise<void> {
    await this.d.delegation.disableServiceAccess(caller(ctx), input.ServicePrincipal);
  }

  async ListAWSServiceAccessForOrganization(
    input: api.ListAWSServiceAccessForOrganizationRequest,
    ctx: OperationContext,
  ): Promise<api.ListAWSServiceAccessForOrganizationResponse> {
    const p = await this.d.delegation.listServiceAccess(caller(ctx), page(input));
    return { EnabledServicePrincipals: p.items.map((s) => ({ ServicePrincipal: s.servicePrincipal, DateEnabled: new Date(s.enabledAt) })), ...next(p) };
  }

  async RegisterDelegatedAdministrator(input: api.RegisterDelegatedAdministratorRequest, ctx: OperationContext): Promise<void> {
    await this.d.delegation.register(caller(ctx), input.AccountId, input.ServicePrincipal);
  }

  async DeregisterDelegatedAdministrator(input: api.DeregisterDelegatedAdministratorRequest, ctx: OperationContext): Promise<void> {
    await this.d.delegation.deregister(caller(ctx), input.AccountId, input.ServicePrincipal);
  }

  async ListDelegatedAdministrators(
    input: api.ListDelegatedAdministratorsRequest,
    ctx: OperationContext,
  ): Promise<api.ListDelegatedAdministratorsResponse> {
    const p = await this.d.delegation.listDelegatedAdministrators(caller(ctx), input.ServicePrincipal, page(input));
    return {
      DelegatedAdministrators: p.items.map((a) => ({ ...account(a), DelegationEnabledDate: new Date(a.delegationEnabledAt) })),
      ...next(p),
    };
  }

  async ListDelegatedServicesForAccount(
    input: api.ListDelegatedServicesForAccountRequest,
    ctx: OperationContext,
  ): Promise<api.ListDelegatedServicesForAccountResponse> {
    const p = await this.d.delegation.listDelegatedServices(caller(ctx), input.AccountId, page(input));
    return { DelegatedServices: p.items.map(delegatedService), ...next(p) };
  }

  async PutResourcePolicy(input: api.PutResourcePolicyRequest, ctx: OperationContext): Promise<api.PutResourcePolicyResponse> {
    const policy = await this.d.delegation.putResourcePolicy(caller(ctx), input.Content, input.Tags);
    return { ResourcePolicy: { ResourcePolicySummary: { Id: policy.id, Arn: policy.arn }, Content: policy.content } };
  }

  async DescribeResourcePolicy(_input: Record<string, never>, ctx: OperationContext): Promise<api.DescribeResourcePolicyResponse> {
    const policy = await this.d.delegation.describeResourcePolicy(caller(ctx));
    return { ResourcePolicy: { ResourcePolicySummary: { Id: policy.id, Arn: policy.arn }, Content: policy.content } };
  }

  async DeleteResourcePolicy(_input: Record<string, never>, ctx: OperationContext): Promise<void> {
    await this.d.delegation.deleteResourcePolicy(caller(ctx));
  }

  // ---- tags

  async TagResource(input: api.TagResourceRequest, ctx: OperationContext): Promise<void> {
    await this.d.tags.tagResource(caller(ctx), input.ResourceId, input.Tags);
  }

  async UntagResource(input: api.UntagResourceRequest, ctx: OperationContext): Promise<void> {
    await this.d.tags.untagResource(caller(ctx), input.ResourceId, input.TagKeys);
  }

  async ListTagsForResource(input: api.ListTagsForResourceRequest, ctx: OperationContext): Promise<api.ListTagsForResourceResponse> {
    const p = await this.d.tags.listTags(caller(ctx), input.ResourceId, { nextToken: input.NextToken });
    return { Tags: p.items.map((t) => ({ Key: t.Key, Value: t.Value })), ...next(p) };
  }

  // ---- effective policy validation

  async ListAccountsWithInvalidEffectivePolicy(
    input: api.ListAccountsWithInvalidEffectivePolicyRequest,
    ctx: OperationContext,
  ): Promise<api.ListAccountsWithInvalidEffectivePolicyResponse> {
    const p = await this.d.validation.accountsWithInvalidEffectivePolicy(caller(ctx), input.PolicyType, page(input));
    return { Accounts: p.items.map(account), PolicyType: input.PolicyType, ...next(p) };
  }

  async ListEffectivePolicyValidationErrors(
    input: api.ListEffectivePolicyValidationErrorsRequest,
    ctx: OperationContext,
  ): Promise<api.ListEffectivePolicyValidationErrorsResponse> {
    const v = await this.d.validation.validationErrors(caller(ctx), input.AccountId, input.PolicyType, page(input));
    return {
      AccountId: v.accountId,
      PolicyType: input.PolicyType,
      Path: v.path,
      EvaluationTimestamp: new Date(v.evaluatedAt),
      EffectivePolicyValidationErrors: v.page.items.map((e) => ({
        ErrorCode: e.errorCode,
        ErrorMessage: e.errorMessage,
        PathToError: e.pathToError,
        ContributingPolicies: e.contributingPolicies,
      })),
      ...next(v.page),
    };
  }

  // ---- responsibility transfers

  async InviteOrganizationToTransferResponsibility(
    input: api.InviteOrganizationToTransferResponsibilityRequest,
    ctx: OperationContext,
  ): Promise<api.InviteOrganizationToTransferResponsibilityResponse> {
    const h = await this.d.transfers.invite(caller(ctx), {
      type: input.Type,
      target: { id: input.Target.Id, type: input.Target.Type },
      notes: input.Notes,
      startTimestamp: input.StartTimestamp,
      sourceName: input.SourceName,
      tags: input.Tags,
    });
    return { Handshake: handshake(h) };
  }

  async DescribeResponsibilityTransfer(
    input: api.DescribeResponsibilityTransferRequest,
    ctx: OperationContext,
  ): Promise<api.DescribeResponsibilityTransferResponse> {
    return { ResponsibilityTransfer: transfer(await this.d.transfers.describe(caller(ctx), input.Id)) };
  }

  async ListInboundResponsibilityTransfers(
    input: api.ListInboundResponsibilityTransfersRequest,
    ctx: OperationContext,
  ): Promise<api.ListInboundResponsibilityTransfersResponse> {
    const p = await this.d.transfers.listInbound(caller(ctx), input.Type, input.Id, page(input));
    return { ResponsibilityTransfers: p.items.map(transfer), ...next(p) };
  }

  async ListOutboundResponsibilityTransfers(
    input: api.ListOutboundResponsibilityTransfersRequest,
    ctx: OperationContext,
  ): Promise<api.ListOutboundResponsibilityTransfersResponse> {
    const p = await this.d.transfers.listOutbound(caller(ctx), input.Type, page(input));
    return { ResponsibilityTransfers: p.items.map(transfer), ...next(p) };
  }

  async TerminateResponsibilityTransfer(
    input: api.TerminateResponsibilityTransferRequest,
    ctx: OperationContext,
  ): Promise<api.TerminateResponsibilityTransferResponse> {
    return { ResponsibilityTransfer: transfer(await this.d.transfers.terminate(caller(ctx), input.Id, input.EndTimestamp)) };
  }

  async UpdateResponsibilityTransfer(
    input: api.UpdateResponsibilityTransferRequest,
    ctx: OperationContext,
  ): Promise<api.UpdateResponsibilityTransferResponse> {
    return { ResponsibilityTransfer: transfer(await this.d.transfers.update(caller(ctx), input.Id, input.Name)) };
  }
}

// ---- domain -> wire

function organization(o: OrganizationView): api.Organization {
  return {
    Id: o.id,
    Arn: o.arn,
    FeatureSet: o.featureSet,
    MasterAccountArn: o.managementAccountArn,
    MasterAccountId: o.managementAccountId,
    MasterAccountEmail: o.managementAccountEmail,
    AvailablePolicyTypes: o.availablePolicyTypes.map(policyTypeSummary),
  };
}

function root(r: RootView): api.Root {
  return { Id: r.id, Arn: r.arn, Name: r.name, PolicyTypes: r.policyTypes.map(policyTypeSummary) };
}

function policyTypeSummary(t: { readonly Type: string; readonly Status: string }): api.PolicyTypeSummary {
  return { Type: t.Type as api.PolicyType, Status: t.Status as api.PolicyTypeStatus };
}

function ou(o: OuView): api.OrganizationalUnit {
  return { Id: o.id, Arn: o.arn, Name: o.name, Path: o.path };
}

function account(a: AccountView): api.Account {
  return {
    Id: a.id,
    Arn: a.arn,
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.state,
    Paths: a.paths,
    JoinedMethod: a.joinedMethod,
    JoinedTimestamp: new Date(a.joinedAt),
  };
}

function createAccountStatus(s: CreateAccountStatusView): api.CreateAccountStatus {
  return {
    Id: s.id,
    AccountName: s.accountName,
    State: s.state,
    RequestedTimestamp: new Date(s.requestedAt),
    ...(s.completedAt !== undefined ? { CompletedTimestamp: new Date(s.completedAt) } : {}),
    ...(s.accountId !== undefined ? { AccountId: s.accountId } : {}),
    ...(s.failureReason !== undefined ? { FailureReason: s.failureReason as api.CreateAccountFailureReason } : {}),
  };
}

function handshake(h: HandshakeView): api.Handshake {
  return {
    Id: h.id,
    Arn: h.arn,
    Parties: h.parties.map((p) => ({ Id: p.id, Type: p.type as api.HandshakePartyType })),
    State: h.state,
    RequestedTimestamp: new Date(h.requestedAt),
    ExpirationTimestamp: new Date(h.expiresAt),
    Action: h.action,
    Resources: h.resources.map(handshakeResource),
  };
}

function handshakeResource(r: HandshakeResourceView): api.HandshakeResource {
  return {
    Value: r.value,
    Type: r.type as api.HandshakeResourceType,
    ...(r.resources ? { Resources: r.resources.map(handshakeResource) } : {}),
  };
}

function filter(f: api.HandshakeFilter | undefined) {
  return f && { actionType: f.ActionType, parentHandshakeId: f.ParentHandshakeId };
}

function delegatedService(s: ServiceAccessView): api.DelegatedService {
  return { ServicePrincipal: s.servicePrincipal, DelegationEnabledDate: new Date(s.enabledAt) };
}

function transfer(t: TransferView): api.ResponsibilityTransfer {
  return {
    Arn: t.arn,
    Name: t.name,
    Id: t.id,
    Type: t.type as api.ResponsibilityTransferType,
    Status: t.status,
    Source: { ManagementAccountId: t.source.managementAccountId, ManagementAccountEmail: t.source.managementAccountEmail },
    Target: { ManagementAccountId: t.target.managementAccountId, ManagementAccountEmail: t.target.managementAccountEmail },
    StartTimestamp: new Date(t.startAt),
    ...(t.endAt !== undefined ? { EndTimestamp: new Date(t.endAt) } : {}),
    ...(t.activeHandshakeId !== undefined ? { ActiveHandshakeId: t.activeHandshakeId } : {}),
  };
}
