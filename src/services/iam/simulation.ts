import { ServiceError } from '../../aws/errors.js';
import type { PageRequest, Page } from '../../lib/keyset-pages.js';
import {
  compilePolicy,
  contextKeysOf,
  contextOf,
  firstError,
  simulate,
  validatePolicy,
  type ContextValue,
  type DecisionKind,
  type MatchedStatement,
  type PolicyPrincipal,
  type PolicyUse,
  type RequestContext,
  type ResourceSimulation,
  type SimulationLayers,
  type SourcedPolicy,
} from '../../policy/index.js';
import { inMemoryPage } from './pages.js';

// IAM's policy simulator (SimulateCustomPolicy, GetContextKeysForCustomPolicy; SimulatePrincipalPolicy and
// GetContextKeysForPrincipalPolicy reuse simulateActions and contextKeys over the layers they gather): the policies
// given as text, checked as IAM checks them and compiled; the context entries read by their ContextKeyType; each
// action simulated on each resource by the policy engine's simulate(), and the results folded per action as IAM
// reports them today (one result per action: the most restrictive decision, the statements and missing keys of all
// resources, each resource's own result beside it). Knows no wire names: simulation-provider.ts maps them.

export const invalidInput = (message: string) => new ServiceError('InvalidInputException', message);

/** One policy given as text: where it came from in the request and what kind of policy it is. */
export interface PolicyText {
  readonly id: string;
  readonly type: string;
  readonly text: string;
  readonly use: PolicyUse;
}

/** Checks and compiles policies given as text; a document IAM would refuse is InvalidInput with IAM's words. */
export async function sourcedPolicies(texts: readonly PolicyText[]): Promise<SourcedPolicy[]> {
  const out: SourcedPolicy[] = [];
  for (const t of texts) {
    const error = firstError(await validatePolicy(t.text, t.use));
    if (error) throw invalidInput(`${t.id}: ${error.message}`);
    out.push({ id: t.id, type: t.type, source: t.text, policy: compilePolicy(t.text) });
  }
  return out;
}

/** The input lists as IAM names their members: PolicyInputList.1, PolicyInputList.2, ... */
export function listed(name: string, texts: readonly string[] | undefined, type: string, use: PolicyUse): PolicyText[] {
  return (texts ?? []).map((text, i) => ({ id: `${name}.${i + 1}`, type, text, use }));
}

// ---- context entries

export type ContextKeyType = 'string' | 'numeric' | 'boolean' | 'ip' | 'binary' | 'date';

export interface ContextEntryInput {
  readonly name: string | undefined;
  readonly values: readonly string[];
  /** stringList etc. come as the scalar type with list: true. */
  readonly type: ContextKeyType;
  readonly list: boolean;
}

const IPV4 = /^(\d{1,3})(\.\d{1,3}){3}(\/\d{1,2})?$/;
const IPV6 = /^[0-9a-fA-F:]+(\/\d{1,3})?$/;

/** The value as the engine's operators read it; undefined when it is not a value of the type. */
function typedValue(type: ContextKeyType, value: string): string | undefined {
  switch (type) {
    case 'string':
      return value;
    case 'numeric':
      return value.trim() !== '' && Number.isFinite(Number(value)) ? value : undefined;
    case 'boolean':
      return /^(true|false)$/i.test(value) ? value.toLowerCase() : undefined;
    case 'date':
      return /^-?\d+(\.\d+)?$/.test(value) || Number.isFinite(Date.parse(value)) ? value : undefined;
    case 'ip':
      return IPV4.test(value) || (value.includes(':') && IPV6.test(value)) ? value : undefined;
    case 'binary':
      return /^[A-Za-z0-9+/]*={0,2}$/.test(value) ? value : undefined;
  }
}

/** The request context the simulation reads: the entries given and nothing else (IAM fills in no key). */
export function simulationContext(entries: readonly ContextEntryInput[]): RequestContext {
  const keys: Record<string, ContextValue> = {};
  for (const e of entries) {
    if (e.name === undefined) throw invalidInput('Each context entry must have a ContextKeyName.');
    if (!e.list && e.values.length > 1) {
      throw invalidInput(`Context key ${e.name} is of the single-valued type ${e.type} but has ${e.values.length} values.`);
    }
    keys[e.name] = e.values.map((v) => {
      const typed = typedValue(e.type, v);
      if (typed === undefined) throw invalidInput(`Value ${v} of context key ${e.name} is not of type ${e.type}${e.list ? 'List' : ''}.`);
      return typed;
    });
  }
  return contextOf(keys);
}

// ---- simulation

export type EvalDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

const DECISIONS: Readonly<Record<DecisionKind, EvalDecision>> = { Allow: 'allowed', ExplicitDeny: 'explicitDeny', ImplicitDeny: 'implicitDeny' };
/** Most restrictive first. */
const STRICTNESS: readonly EvalDecision[] = ['explicitDeny', 'implicitDeny', 'allowed'];

export interface ResourceResult {
  readonly resource: string;
  readonly decision: EvalDecision;
  readonly matched: readonly MatchedStatement[];
  readonly missingContextKeys: readonly string[];
  readonly allowedByBoundary: boolean | undefined;
  readonly allowedByOrganizations: boolean | undefined;
  /** EvalDecisionDetails: 'IAM Policy' / 'Resource Policy' -> decision across accounts; {} within one account for a
   * named resource; undefined for '*'. */
  readonly details: Readonly<Record<string, EvalDecision>> | undefined;
}

export interface ActionResult extends ResourceResult {
  readonly action: string;
  /** Per resource, when resources were named. */
  readonly resources: readonly ResourceResult[] | undefined;
}

export interface SimulationInput {
  readonly principal: PolicyPrincipal;
  readonly layers: SimulationLayers;
  readonly actions: readonly string[];
  /** Empty: '*'. */
  readonly resources: readonly string[];
  readonly context: RequestContext;
}

function resourceResult(r: ResourceSimulation, named: boolean): ResourceResult {
  const details: Readonly<Record<string, EvalDecision>> | undefined =
    r.sourceDecisions !== undefined
      ? { 'IAM Policy': DECISIONS[r.sourceDecisions.identity], 'Resource Policy': DECISIONS[r.sourceDecisions.resource] }
      : named
        ? {}
        : undefined;
  return {
    resource: r.resource,
    decision: DECISIONS[r.decision],
    matched: r.matched,
    missingContextKeys: r.missingContextKeys,
    allowedByBoundary: r.allowedByBoundary,
    allowedByOrganizations: r.allowedByOrganizations,
    details,
  };
}

function unique<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Folds the results of one action on several resources into IAM's one result per action. */
function fold(action: string, results: readonly ResourceResult[], named: boolean): ActionResult {
  const decision = STRICTNESS.find((d) => results.some((r) => r.decision === d)) ?? 'implicitDeny';
  const all = <K extends 'allowedByBoundary' | 'allowedByOrganizations'>(k: K) =>
    results.some((r) => r[k] !== undefined) ? results.every((r) => r[k] === true) : undefined;
  let details: Record<string, EvalDecision> | undefined;
  for (const r of results) {
    if (r.details === undefined) continue;
    details ??= {};
    for (const [source, d] of Object.entries(r.details)) {
      const before = details[source];
      details[source] = before === undefined || STRICTNESS.indexOf(d) < STRICTNESS.indexOf(before) ? d : before;
    }
  }
  return {
    action,
    resource: results[0]?.resource ?? '*',
    decision,
    matched: unique(
      results.filter((r) => r.decision === decision).flatMap((r) => r.matched),
      (m) => `${m.policyId}#${m.index}`,
    ),
    missingContextKeys: unique(
      results.flatMap((r) => r.missingContextKeys),
      (k) => k.toLowerCase(),
    ),
    allowedByBoundary: all('allowedByBoundary'),
    allowedByOrganizations: all('allowedByOrganizations'),
    details,
    resources: named ? results : undefined,
  };
}

/** One page of the simulation: the actions of the page (MaxItems / Marker over ActionNames), each on every resource. */
export function simulateActions(input: SimulationInput, request: PageRequest, scope: string): Page<ActionResult> {
  const named = input.resources.length > 0;
  const resources = named ? input.resources : ['*'];
  const width = String(input.actions.length).length;
  const indexed = input.actions.map((action, i) => ({ action, key: String(i).padStart(width, '0') }));
  const page = inMemoryPage(scope, indexed, (a) => a.key, request);
  const items = page.items.map(({ action }) =>
    fold(
      action,
      resources.map((resource) => resourceResult(simulate({ principal: input.principal, action, resource, context: input.context }, input.layers), named)),
      named,
    ),
  );
  return page.nextToken !== undefined ? { items, nextToken: page.nextToken } : { items };
}

/** GetContextKeysFor*: every key the policies read, once each, as first written. */
export function contextKeys(policies: readonly SourcedPolicy[]): readonly string[] {
  return contextKeysOf(policies.map((p) => p.policy));
}
