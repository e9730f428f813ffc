import type {
  AttachPolicyRequest,
  CreatePolicyRequest,
  CreatePolicyResponse,
  DeletePolicyRequest,
  DescribeEffectivePolicyRequest,
  DescribeEffectivePolicyResponse,
  DescribePolicyRequest,
  DescribePolicyResponse,
  DetachPolicyRequest,
  DisablePolicyTypeRequest,
  DisablePolicyTypeResponse,
  EnablePolicyTypeRequest,
  EnablePolicyTypeResponse,
  ListPoliciesForTargetRequest,
  ListPoliciesForTargetResponse,
  ListPoliciesRequest,
  ListPoliciesResponse,
  ListTargetsForPolicyRequest,
  ListTargetsForPolicyResponse,
  OrganizationsApi,
  Policy,
  PolicySummary,
  Root,
  UpdatePolicyRequest,
  UpdatePolicyResponse,
} from '../../../aws/api/organizations.js';
import type { Principal } from '../../../aws/auth/principal.js';
import type { OperationContext } from '../../../aws/protocol/operation-context.js';
import type { Page } from '../pagination.js';
import type { OrgTarget } from '../ports.js';
import type { PolicyDomain, PolicyView, RootView } from './policy-domain.js';

/** The operations this provider answers; the core composes them into the Organizations provider. (The core answers
 * ListEffectivePolicyValidationErrors and ListAccountsWithInvalidEffectivePolicy through the
 * effectivePolicyValidationErrors hook: it owns the accounts those list.) */
export type PolicyOperations = Pick<
  OrganizationsApi,
  | 'EnablePolicyType'
  | 'DisablePolicyType'
  | 'CreatePolicy'
  | 'DescribePolicy'
  | 'UpdatePolicy'
  | 'DeletePolicy'
  | 'AttachPolicy'
  | 'DetachPolicy'
  | 'ListPolicies'
  | 'ListPoliciesForTarget'
  | 'ListTargetsForPolicy'
  | 'DescribeEffectivePolicy'
>;

/** Organizations policies, wire <-> domain: the only file of this part that sees wire shapes. */
export class PolicyProvider implements PolicyOperations {
  constructor(private readonly domain: PolicyDomain) {}

  async EnablePolicyType(input: EnablePolicyTypeRequest, ctx: OperationContext): Promise<EnablePolicyTypeResponse> {
    return { Root: root(await this.domain.enablePolicyType(principalOf(ctx), input.RootId, input.PolicyType)) };
  }

  async DisablePolicyType(input: DisablePolicyTypeRequest, ctx: OperationContext): Promise<DisablePolicyTypeResponse> {
    return { Root: root(await this.domain.disablePolicyType(principalOf(ctx), input.RootId, input.PolicyType)) };
  }

  async CreatePolicy(input: CreatePolicyRequest, ctx: OperationContext): Promise<CreatePolicyResponse> {
    const created = await this.domain.createPolicy(principalOf(ctx), {
      name: input.Name,
      description: input.Description,
      content: input.Content,
      type: input.Type,
      tags: input.Tags,
    });
    return { Policy: policy(created) };
  }

  async DescribePolicy(input: DescribePolicyRequest, ctx: OperationContext): Promise<DescribePolicyResponse> {
    return { Policy: policy(await this.domain.describePolicy(principalOf(ctx), input.PolicyId)) };
  }

  async UpdatePolicy(input: UpdatePolicyRequest, ctx: OperationContext): Promise<UpdatePolicyResponse> {
    const updated = await this.domain.updatePolicy(principalOf(ctx), input.PolicyId, {
      name: input.Name,
      description: input.Description,
      content: input.Content,
    });
    return { Policy: policy(updated) };
  }

  async DeletePolicy(input: DeletePolicyRequest, ctx: OperationContext): Promise<void> {
    await this.domain.deletePolicy(principalOf(ctx), input.PolicyId);
  }

  async AttachPolicy(input: AttachPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.domain.attachPolicy(principalOf(ctx), input.PolicyId, input.TargetId);
  }

  async DetachPolicy(input: DetachPolicyRequest, ctx: OperationContext): Promise<void> {
    await this.domain.detachPolicy(principalOf(ctx), input.PolicyId, input.TargetId);
  }

  async ListPolicies(input: ListPoliciesRequest, ctx: OperationContext): Promise<ListPoliciesResponse> {
    const page = await this.domain.listPolicies(principalOf(ctx), input.Filter, pageRequest(input));
    return { Policies: page.items.map(summary), ...next(page) };
  }

  async ListPoliciesForTarget(input: ListPoliciesForTargetRequest, ctx: OperationContext): Promise<ListPoliciesForTargetResponse> {
    const page = await this.domain.listPoliciesForTarget(principalOf(ctx), input.TargetId, input.Filter, pageRequest(input));
    return { Policies: page.items.map(summary), ...next(page) };
  }

  async ListTargetsForPolicy(input: ListTargetsForPolicyRequest, ctx: OperationContext): Promise<ListTargetsForPolicyResponse> {
    const page = await this.domain.listTargetsForPolicy(principalOf(ctx), input.PolicyId, pageRequest(input));
    return { Targets: page.items.map(target), ...next(page) };
  }

  async DescribeEffectivePolicy(input: DescribeEffectivePolicyRequest, ctx: OperationContext): Promise<DescribeEffectivePolicyResponse> {
    const effective = await this.domain.describeEffectivePolicy(principalOf(ctx), input.PolicyType, input.TargetId);
    return {
      EffectivePolicy: {
        PolicyContent: effective.content,
        LastUpdatedTimestamp: effective.lastUpdated,
        TargetId: effective.targetId,
        PolicyType: input.PolicyType,
      },
    };
  }
}

function principalOf(ctx: OperationContext): Principal {
  // Organizations operations are all signed: the chain never dispatches them without a principal.
  if (!ctx.principal) throw new Error('an Organizations policy operation reached the provider without a principal');
  return ctx.principal;
}

function pageRequest(input: { readonly NextToken?: string; readonly MaxResults?: number }) {
  return { nextToken: input.NextToken, maxResults: input.MaxResults };
}

function next(page: Page<unknown>): { NextToken?: string } {
  return page.nextToken !== undefined ? { NextToken: page.nextToken } : {};
}

function root(view: RootView): Root {
  return { Id: view.id, Arn: view.arn, Name: view.name, PolicyTypes: view.policyTypes.map((t) => ({ Type: t.type, Status: t.status })) };
}

function summary(view: PolicyView): PolicySummary {
  return { Id: view.id, Arn: view.arn, Name: view.name, Description: view.description, Type: view.type, AwsManaged: view.awsManaged };
}

function policy(view: PolicyView): Policy {
  return { PolicySummary: summary(view), Content: view.content };
}

function target(t: OrgTarget): { TargetId: string; Arn: string; Name: string; Type: OrgTarget['type'] } {
  return { TargetId: t.id, Arn: t.arn, Name: t.name, Type: t.type };
}
