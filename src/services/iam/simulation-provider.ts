import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { MatchedStatement, PolicyPrincipal } from '../../policy/index.js';
import { account, page, truncation } from './provider-shapes.js';
import {
  contextKeys,
  invalidInput,
  listed,
  simulateActions,
  simulationContext,
  sourcedPolicies,
  type ActionResult,
  type ContextEntryInput,
  type ContextKeyType,
  type ResourceResult,
} from './simulation.js';

// IAM's policy simulator for policies given as text, wire <-> domain: SimulateCustomPolicy and
// GetContextKeysForCustomPolicy. The only file of this topic that sees wire names; the result shapes
// (evaluationResult) serve SimulatePrincipalPolicy too.

type Implemented = 'SimulateCustomPolicy' | 'GetContextKeysForCustomPolicy';

/** SourcePolicyType as IAM reports it for policies given in the request. */
const IAM_POLICY = 'IAM Policy';
const BOUNDARY_POLICY = 'Permissions Boundary Policy';
const RESOURCE_POLICY = 'Resource Policy';
const USER_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):user\/.+$/;
const ACCOUNT_ARN = /^arn:aws[a-z-]*:iam::(\d{12}):root$/;

function contextEntries(entries: readonly api.ContextEntry[] | undefined): ContextEntryInput[] {
  return (entries ?? []).map((e) => {
    const type = e.ContextKeyType ?? 'string';
    const list = type.endsWith('List');
    return { name: e.ContextKeyName, values: e.ContextKeyValues ?? [], type: (list ? type.slice(0, -'List'.length) : type) as ContextKeyType, list };
  });
}

function statement(m: MatchedStatement): api.Statement {
  return {
    SourcePolicyId: m.policyId,
    SourcePolicyType: m.policyType as api.PolicySourceType,
    ...(m.span
      ? { StartPosition: { Line: m.span.start.line, Column: m.span.start.column }, EndPosition: { Line: m.span.end.line, Column: m.span.end.column } }
      : {}),
  };
}

function resourceShape(r: ResourceResult): api.ResourceSpecificResult {
  return {
    EvalResourceName: r.resource,
    EvalResourceDecision: r.decision,
    MatchedStatements: r.matched.map(statement),
    MissingContextValues: [...r.missingContextKeys],
    ...(r.details !== undefined ? { EvalDecisionDetails: { ...r.details } } : {}),
    ...(r.allowedByBoundary !== undefined ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: r.allowedByBoundary } } : {}),
  };
}

/** One EvaluationResult as IAM shapes it. */
export function evaluationResult(r: ActionResult): api.EvaluationResult {
  return {
    EvalActionName: r.action,
    EvalResourceName: r.resource,
    EvalDecision: r.decision,
    MatchedStatements: r.matched.map(statement),
    MissingContextValues: [...r.missingContextKeys],
    ...(r.allowedByOrganizations !== undefined ? { OrganizationsDecisionDetail: { AllowedByOrganizations: r.allowedByOrganizations } } : {}),
    ...(r.allowedByBoundary !== undefined ? { PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: r.allowedByBoundary } } : {}),
    ...(r.details !== undefined ? { EvalDecisionDetails: { ...r.details } } : {}),
    ...(r.resources !== undefined ? { ResourceSpecificResults: r.resources.map(resourceShape) } : {}),
  };
}

export class SimulationProvider implements Pick<api.IamApi, Implemented> {
  async SimulateCustomPolicy(input: api.SimulateCustomPolicyRequest, ctx: OperationContext): Promise<api.SimulatePolicyResponse> {
    const boundaries = input.PermissionsBoundaryPolicyInputList ?? [];
    if (boundaries.length > 1) throw invalidInput('Only one permissions boundary policy may be simulated at a time.');
    const caller = callerOf(input, account(ctx));
    const identity = await sourcedPolicies(listed('PolicyInputList', input.PolicyInputList, IAM_POLICY, 'identity'));
    const [boundary] = await sourcedPolicies(listed('PermissionsBoundaryPolicyInputList', boundaries, BOUNDARY_POLICY, 'identity'));
    const [resource] =
      input.ResourcePolicy !== undefined
        ? await sourcedPolicies([{ id: 'ResourcePolicy', type: RESOURCE_POLICY, text: input.ResourcePolicy, use: 'resource' }])
        : [];
    const owner = ownerOf(input.ResourceOwner) ?? caller.accountId;
    const result = simulateActions(
      {
        principal: caller,
        layers: { identity, boundary, resource: resource && { policy: resource, account: owner } },
        actions: input.ActionNames,
        resources: input.ResourceArns ?? [],
        context: simulationContext(contextEntries(input.ContextEntries)),
      },
      page(input),
      'iam:SimulateCustomPolicy',
    );
    return { EvaluationResults: result.items.map(evaluationResult), ...truncation(result) };
  }

  async GetContextKeysForCustomPolicy(input: api.GetContextKeysForCustomPolicyRequest): Promise<api.GetContextKeysForPolicyResponse> {
    const policies = await sourcedPolicies(listed('PolicyInputList', input.PolicyInputList, IAM_POLICY, 'identity'));
    return { ContextKeyNames: [...contextKeys(policies)] };
  }
}

/**
 * The simulated caller: CallerArn, which must be an IAM user's ARN (and is required with a resource-based policy, so
 * that its Principal has someone to name); otherwise an IAM user of the calling account, whom only the given
 * identity-based policies grant anything.
 */
function callerOf(input: api.SimulateCustomPolicyRequest, callerAccount: string): PolicyPrincipal {
  if (input.CallerArn === undefined) {
    if (input.ResourcePolicy !== undefined) throw invalidInput('CallerArn is required when a ResourcePolicy is simulated.');
    return { type: 'user', accountId: callerAccount, arn: `arn:aws:iam::${callerAccount}:user/PolicySimulator` };
  }
  const user = USER_ARN.exec(input.CallerArn);
  if (!user?.[1]) throw invalidInput(`Invalid CallerArn ${input.CallerArn}: it must be the ARN of an IAM user.`);
  return { type: 'user', accountId: user[1], arn: input.CallerArn };
}

/** ResourceOwner is an account's ARN (arn:aws:iam::123456789012:root). */
function ownerOf(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const owner = ACCOUNT_ARN.exec(arn);
  if (!owner?.[1]) throw invalidInput(`Invalid ResourceOwner ${arn}: it must be an account's ARN, arn:aws:iam::<account id>:root.`);
  return owner[1];
}
