import { actionName, type ActionName } from './actions.js';
import type { CompiledPolicy } from './compile.js';
import { evaluate, resourcePolicyDecision, type NamedPolicy, type PolicyLayers } from './evaluate.js';
import { statementSpans, type StatementSpan } from './positions.js';
import type { RequestContext } from './request-context.js';
import { statementApplies, type CompiledStatement } from './statement.js';
import type { DecisionKind, LayerName, PolicyPrincipal } from './types.js';
import type { Template } from './variables.js';

// IAM's policy simulator over policy layers a caller has already gathered: SimulateCustomPolicy passes the documents
// it was given, SimulatePrincipalPolicy those of an IAM identity. The decision is evaluate()'s, so the simulator and
// the request path cannot disagree; on top of it the simulator explains: the statements that decided (for an explicit
// deny only the Deny statements, for an allow the Allow statements of the identity and resource-based policies), with
// their place in the policy's text, the condition keys the policies read that the context did not supply, and what
// the permissions boundary, the SCPs and, across accounts, each kind of policy decided on its own.

/** A policy with the text it came from (for statement positions) and how the simulator names its kind. */
export interface SourcedPolicy extends NamedPolicy {
  readonly source: string;
  /** SourcePolicyType as IAM reports it: 'IAM Policy', 'Resource Policy', or a PolicySourceType (user, group, role,
   * aws-managed, user-managed) for a principal's own policies. */
  readonly type: string;
}

export interface SimulationLayers {
  readonly identity: readonly SourcedPolicy[];
  readonly boundary?: SourcedPolicy | undefined;
  readonly session?: readonly SourcedPolicy[] | undefined;
  /** SCP levels on the principal's account path (SimulatePrincipalPolicy); none for custom policies. */
  readonly scpLevels?: readonly (readonly SourcedPolicy[])[] | undefined;
  readonly resource?: { readonly policy: SourcedPolicy; readonly account: string } | undefined;
}

export interface SimulationRequest {
  readonly principal: PolicyPrincipal;
  readonly action: string;
  readonly resource: string;
  /** Only the keys the caller gave: the simulator fills in no global key. */
  readonly context: RequestContext;
}

export interface MatchedStatement {
  readonly policyId: string;
  readonly policyType: string;
  readonly layer: LayerName;
  /** 0-based position in the policy's Statement list. */
  readonly index: number;
  readonly span: StatementSpan | undefined;
}

export interface ResourceSimulation {
  readonly resource: string;
  readonly decision: DecisionKind;
  readonly matched: readonly MatchedStatement[];
  /** Condition keys and policy variables the covering statements read that the context lacks, as written. */
  readonly missingContextKeys: readonly string[];
  /** Present when a permissions boundary was simulated. */
  readonly allowedByBoundary?: boolean;
  /** Present when SCPs were simulated. */
  readonly allowedByOrganizations?: boolean;
  /** Across accounts only: what the identity-based and the resource-based policies decided each on their own. */
  readonly sourceDecisions?: { readonly identity: DecisionKind; readonly resource: DecisionKind };
}

interface Layered {
  readonly policy: SourcedPolicy;
  readonly layer: LayerName;
}

function allPolicies(layers: SimulationLayers): Layered[] {
  const out: Layered[] = [];
  for (const level of layers.scpLevels ?? []) for (const policy of level) out.push({ policy, layer: 'scp' });
  if (layers.resource) out.push({ policy: layers.resource.policy, layer: 'resource' });
  for (const policy of layers.identity) out.push({ policy, layer: 'identity' });
  if (layers.boundary) out.push({ policy: layers.boundary, layer: 'boundary' });
  for (const policy of layers.session ?? []) out.push({ policy, layer: 'session' });
  return out;
}

function policyLayers(layers: SimulationLayers): PolicyLayers {
  return {
    identity: layers.identity,
    boundary: layers.boundary,
    session: layers.session,
    scpLevels: layers.scpLevels ?? [],
    resource: layers.resource && { policy: layers.resource.policy, account: layers.resource.account, kind: 'resource' },
  };
}

/** Whether a policy alone allows (an applying Allow, no applying Deny) the request. */
function policyAllows(policies: readonly CompiledPolicy[], action: ActionName, request: SimulationRequest): boolean {
  let allowed = false;
  for (const policy of policies) {
    const found = policy.forAction(action);
    if (found.denies.some((s) => statementApplies(s, request.resource, request.context))) return false;
    allowed ||= found.allows.some((s) => statementApplies(s, request.resource, request.context));
  }
  return allowed;
}

/** The keys a condition block and a statement's resource patterns read. */
function* keysOf(s: CompiledStatement): Generator<{ readonly key: string; readonly name: string; readonly optional: boolean }> {
  const fromTemplates = function* (templates: readonly Template[]) {
    for (const t of templates) for (const part of t) if (typeof part !== 'string') yield { key: part.key, name: part.name, optional: part.fallback !== undefined };
  };
  for (const c of s.conditions) {
    yield { key: c.key, name: c.name, optional: false };
    yield* fromTemplates(c.templates);
  }
  if (s.resources) yield* fromTemplates(s.resources.templates);
}

/** Every condition key and policy variable the policies read, as first written, once each (GetContextKeysFor*). */
export function contextKeysOf(policies: readonly CompiledPolicy[]): readonly string[] {
  const seen = new Map<string, string>();
  for (const policy of policies) for (const s of policy.statements) for (const k of keysOf(s)) if (!seen.has(k.key)) seen.set(k.key, k.name);
  return [...seen.values()];
}

const spansCache = new WeakMap<SourcedPolicy, readonly StatementSpan[]>();

function spanOf(policy: SourcedPolicy, index: number): StatementSpan | undefined {
  let spans = spansCache.get(policy);
  if (spans === undefined) {
    spans = statementSpans(policy.source);
    spansCache.set(policy, spans);
  }
  return spans[index];
}

/** Simulates one action on one resource against already gathered layers. Pure. */
export function simulate(request: SimulationRequest, layers: SimulationLayers): ResourceSimulation {
  const action = actionName(request.action);
  const authorization = { principal: request.principal, action: request.action, resources: [request.resource], context: request.context };
  const decided = evaluate(authorization, policyLayers(layers));
  const everything = allPolicies(layers);

  const matched: MatchedStatement[] = [];
  const missing = new Map<string, string>();
  for (const { policy, layer } of everything) {
    const found = policy.policy.forAction(action);
    for (const s of [...found.denies, ...found.allows].sort((a, b) => a.index - b.index)) {
      for (const k of keysOf(s)) if (!k.optional && !request.context.has(k.key) && !missing.has(k.key)) missing.set(k.key, k.name);
      const counts =
        decided.decision === 'ExplicitDeny' ? s.effect === 'Deny' : decided.decision === 'Allow' && s.effect === 'Allow' && (layer === 'identity' || layer === 'resource');
      if (counts && statementApplies(s, request.resource, request.context)) {
        matched.push({ policyId: policy.id, policyType: policy.type, layer, index: s.index, span: spanOf(policy, s.index) });
      }
    }
  }

  const result: { -readonly [K in keyof ResourceSimulation]: ResourceSimulation[K] } = {
    resource: request.resource,
    decision: decided.decision,
    matched,
    missingContextKeys: [...missing.values()],
  };
  if (layers.boundary) result.allowedByBoundary = policyAllows([layers.boundary.policy], action, request);
  const levels = layers.scpLevels ?? [];
  if (levels.length > 0) result.allowedByOrganizations = levels.every((level) => policyAllows(level.map((p) => p.policy), action, request));
  if (layers.resource && layers.resource.account !== request.principal.accountId) {
    const identityOnly = evaluate(authorization, { ...policyLayers(layers), resource: undefined }).decision;
    const resourceOnly = resourcePolicyDecision(layers.resource.policy.policy, authorization, request.resource);
    result.sourceDecisions = { identity: identityOnly, resource: resourceOnly };
  }
  return result;
}
