import type * as api from '../../aws/api/iam.js';
import type { OperationContext } from '../../aws/protocol/operation-context.js';
import type { MatchedStatement, PolicyPrincipal, SimulationLayers, SourcedPolicy } from '../../policy/index.js';
import { account, page, truncation } from './provider-shapes.js';
import type { AccountControls, IdentityPolicies } from '../../aws/authz/policy-source.js';
import { ServiceError } from '../../aws/errors.js';
import { parseIamArn } from '../../lib/arn.js';
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
  type PolicyText,
  type ResourceResult,
} from './simulation.js';

// IAM's policy simulator, wire <-> domain: for policies given as text (SimulateCustomPolicy,
// GetContextKeysForCustomPolicy) and for a user's, group's or role's own policies with its account's SCPs
// (SimulatePrincipalPolicy, GetContextKeysForPrincipalPolicy), decided by the same engine as every request.

type Implemented = 'SimulateCustomPolicy' | 'GetContextKeysForCustomPolicy' | 'SimulatePrincipalPolicy' | 'GetContextKeysForPrincipalPolicy';

/** What SimulatePrincipalPolicy asks of the stored state: an entity's own policies and its account's SCPs. */
export interface SimulationSubjects {
  entityPolicies(arn: string): Promise<{ readonly kind: 'user' | 'group' | 'role'; readonly policies: IdentityPolicies } | undefined>;
  accountControls(accountId: string): Promise<AccountControls>;
}

/** SourcePolicyType as IAM reports it for policies given in the request. */
const IAM_POLICY = 'IAM Policy';
const BOUNDARY_POLICY = 'Permissions Boundary Policy';
const RESOURCE_POLICY = 'Resource Policy';
const AWS_MANAGED = 'arn:aws:iam::aws:policy/';

/** A stored policy as the simulator names it: SourcePolicyId is the policy's name, SourcePolicyType its kind
 * (aws-managed, user-managed, or the user, group or role an inline policy belongs to). */
function storedText(p: { readonly id: string; readonly document: string }): PolicyText {
  const name = p.id.slice(p.id.lastIndexOf('/') + 1);
  const type = p.id.startsWith(AWS_MANAGED) ? 'aws-managed' : p.id.startsWith('arn:') ? 'user-managed' : p.id.slice(0, p.id.indexOf('/'));
  return { id: name, type, text: p.document, use: 'identity' };
}

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
  constructor(private readonly subjects: SimulationSubjects) {}

  async SimulatePrincipalPolicy(input: api.SimulatePrincipalPolicyRequest, ctx: OperationContext): Promise<api.SimulatePolicyResponse> {
    const { subject, stored } = await this.subject(input.PolicySourceArn, account(ctx));
    const given = await sourcedPolicies(listed('PolicyInputList', input.PolicyInputList, IAM_POLICY, 'identity'));
    const own = await sourcedPolicies(stored.policies.identity.map(storedText));
    // a boundary given in the request replaces the entity's own
    const givenBoundary = await requestBoundary(input);
    const [ownBoundary] = stored.policies.boundary ? await sourcedPolicies([storedText(stored.policies.boundary)]) : [];
    const controls = await this.subjects.accountControls(subject.accountId);
    const scpLevels = await Promise.all(controls.scpLevels.map((level) => sourcedPolicies(level.map((p) => ({ id: p.id, type: 'none', text: p.document, use: 'scp' as const })))));
    return await simulation('iam:SimulatePrincipalPolicy', input, subject, { identity: [...own, ...given], boundary: givenBoundary ?? ownBoundary, scpLevels });
  }

  async GetContextKeysForPrincipalPolicy(input: api.GetContextKeysForPrincipalPolicyRequest, ctx: OperationContext): Promise<api.GetContextKeysForPolicyResponse> {
    const { stored } = await this.subject(input.PolicySourceArn, account(ctx));
    const policies = await sourcedPolicies([
      ...stored.policies.identity.map(storedText),
      ...listed('PolicyInputList', input.PolicyInputList, IAM_POLICY, 'identity'),
    ]);
    return { ContextKeyNames: [...contextKeys(policies)] };
  }

  /** The entity PolicySourceArn names, in the caller's account, as the principal the simulation is about. */
  private async subject(arn: string, callerAccount: string) {
    const parts = parseIamArn(arn, 'user', 'group', 'role');
    if (!parts) throw invalidInput(`Invalid PolicySourceArn ${arn}: it must be the ARN of an IAM user, group or role.`);
    const { accountId, kind, name } = parts;
    const stored = accountId === callerAccount ? await this.subjects.entityPolicies(arn) : undefined;
    if (!stored) throw new ServiceError('NoSuchEntityException', `The ${kind} with name ${name} cannot be found.`);
    // a role is simulated as a session of it; a group as a user in it
    const subject: PolicyPrincipal =
      kind === 'role' ? { type: 'assumed-role', accountId, arn: `arn:aws:sts::${accountId}:assumed-role/${name}/PolicySimulator`, roleArn: arn } : { type: 'user', accountId, arn };
    return { subject, stored };
  }

  async SimulateCustomPolicy(input: api.SimulateCustomPolicyRequest, ctx: OperationContext): Promise<api.SimulatePolicyResponse> {
    const caller = callerOf(input, account(ctx));
    const identity = await sourcedPolicies(listed('PolicyInputList', input.PolicyInputList, IAM_POLICY, 'identity'));
    return await simulation('iam:SimulateCustomPolicy', input, caller, { identity, boundary: await requestBoundary(input) });
  }

  async GetContextKeysForCustomPolicy(input: api.GetContextKeysForCustomPolicyRequest): Promise<api.GetContextKeysForPolicyResponse> {
    const policies = await sourcedPolicies(listed('PolicyInputList', input.PolicyInputList, IAM_POLICY, 'identity'));
    return { ContextKeyNames: [...contextKeys(policies)] };
  }
}

type SimulationRequest = api.SimulateCustomPolicyRequest | api.SimulatePrincipalPolicyRequest;

/** The permissions boundary a simulation request gives (at most one). */
async function requestBoundary(input: SimulationRequest): Promise<SourcedPolicy | undefined> {
  const boundaries = input.PermissionsBoundaryPolicyInputList ?? [];
  if (boundaries.length > 1) throw invalidInput('Only one permissions boundary policy may be simulated at a time.');
  const [boundary] = await sourcedPolicies(listed('PermissionsBoundaryPolicyInputList', boundaries, BOUNDARY_POLICY, 'identity'));
  return boundary;
}

/** What both simulations share: the request's resource-based policy and its owner, its actions on its resources in
 * its context, one page of results. */
async function simulation(
  scope: string,
  input: SimulationRequest,
  principal: PolicyPrincipal,
  layers: Pick<SimulationLayers, 'identity' | 'boundary' | 'scpLevels'>,
): Promise<api.SimulatePolicyResponse> {
  const [resource] =
    input.ResourcePolicy !== undefined ? await sourcedPolicies([{ id: 'ResourcePolicy', type: RESOURCE_POLICY, text: input.ResourcePolicy, use: 'resource' }]) : [];
  const owner = ownerOf(input.ResourceOwner) ?? principal.accountId;
  const result = simulateActions(
    {
      principal,
      layers: { ...layers, resource: resource && { policy: resource, account: owner } },
      actions: input.ActionNames,
      resources: input.ResourceArns ?? [],
      context: simulationContext(contextEntries(input.ContextEntries)),
    },
    page(input),
    scope,
  );
  return { EvaluationResults: result.items.map(evaluationResult), ...truncation(result) };
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
  const user = parseIamArn(input.CallerArn, 'user');
  if (!user) throw invalidInput(`Invalid CallerArn ${input.CallerArn}: it must be the ARN of an IAM user.`);
  return { type: 'user', accountId: user.accountId, arn: input.CallerArn };
}

/** ResourceOwner is an account's ARN (arn:aws:iam::123456789012:root). */
function ownerOf(arn: string | undefined): string | undefined {
  if (arn === undefined) return undefined;
  const owner = parseIamArn(arn, 'root');
  if (!owner) throw invalidInput(`Invalid ResourceOwner ${arn}: it must be an account's ARN, arn:aws:iam::<account id>:root.`);
  return owner.accountId;
}
