import { actionMatches, compileActions, type ActionName, type ActionSet } from './actions.js';
import { compileConditions, conditionsHold, type ConditionBlock } from './conditions.js';
import { issue, type PolicyIssue } from './issues.js';
import { compilePrincipals, type PrincipalSet } from './principals.js';
import type { RequestContext } from './request-context.js';
import { compileResources, resourceMatches, type ResourceSet } from './resources.js';
import type { Effect } from './types.js';

// One statement, compiled: every element pre-parsed into a matcher, so deciding touches no JSON and no strings but
// the request's own.

export interface CompiledStatement {
  /** Position in the policy's Statement list. */
  readonly index: number;
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly actions: ActionSet;
  readonly notAction: boolean;
  /** Absent in trust policies (and in SCPs of old), where the statement covers every resource. */
  readonly resources: ResourceSet | undefined;
  readonly notResource: boolean;
  /** Resource-based and trust policies only. */
  readonly principals: PrincipalSet | undefined;
  readonly notPrincipal: boolean;
  readonly conditions: ConditionBlock;
}

const FIELDS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);

/** The element of a pair (Action / NotAction) that the statement has; both or neither is an issue. */
function either(s: Record<string, unknown>, name: string, index: number, issues: PolicyIssue[], required: boolean) {
  const positive = s[name];
  const negative = s[`Not${name}`];
  if (positive !== undefined && negative !== undefined) {
    issues.push(issue('invalid-statement', `A statement cannot have both ${name} and Not${name}`, index));
  } else if (required && positive === undefined && negative === undefined) {
    issues.push(issue('invalid-statement', `A statement must have ${name} or Not${name}`, index));
  }
  if (positive !== undefined) return { value: positive, negated: false };
  return negative !== undefined ? { value: negative, negated: true } : undefined;
}

export function compileStatement(
  raw: unknown,
  index: number,
  variablesEnabled: boolean,
  issues: PolicyIssue[],
): CompiledStatement | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push(issue('invalid-statement', 'A statement must be an object', index));
    return undefined;
  }
  const s = raw as Record<string, unknown>;
  for (const key of Object.keys(s)) {
    if (!FIELDS.has(key)) issues.push(issue('invalid-statement', `A statement cannot have the field ${key}`, index));
  }
  const effect = s['Effect'];
  if (effect !== 'Allow' && effect !== 'Deny') {
    issues.push(issue('invalid-effect', `Effect must be Allow or Deny, not ${JSON.stringify(effect)}`, index));
  }
  const sid = s['Sid'];
  if (sid !== undefined && typeof sid !== 'string') issues.push(issue('invalid-statement', 'Sid must be a string', index));

  const action = either(s, 'Action', index, issues, true);
  const resource = either(s, 'Resource', index, issues, false);
  const principal = either(s, 'Principal', index, issues, false);
  const before = issues.length;
  const compiled: CompiledStatement = {
    index,
    sid: typeof sid === 'string' ? sid : undefined,
    effect: effect === 'Deny' ? 'Deny' : 'Allow',
    actions: compileActions(action?.value ?? [], action?.negated ? 'NotAction' : 'Action', index, issues),
    notAction: action?.negated ?? false,
    resources:
      resource && compileResources(resource.value, resource.negated ? 'NotResource' : 'Resource', variablesEnabled, index, issues),
    notResource: resource?.negated ?? false,
    principals: principal && compilePrincipals(principal.value, principal.negated ? 'NotPrincipal' : 'Principal', index, issues),
    notPrincipal: principal?.negated ?? false,
    conditions: compileConditions(s['Condition'], variablesEnabled, index, issues),
  };
  return issues.length === before ? compiled : undefined;
}

export function statementCoversAction(s: CompiledStatement, action: ActionName): boolean {
  return actionMatches(s.actions, action) !== s.notAction;
}

/** Whether the statement covers the resource and its conditions hold (the action is already known to match). */
export function statementApplies(s: CompiledStatement, resource: string, context: RequestContext): boolean {
  if (s.resources !== undefined) {
    const m = resourceMatches(s.resources, resource, context);
    if (m === undefined || m === s.notResource) return false;
  }
  return s.conditions.length === 0 || conditionsHold(s.conditions, context);
}
