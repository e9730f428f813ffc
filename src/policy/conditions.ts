import { escapeWildcards } from './glob.js';
import { issue, type PolicyIssue } from './issues.js';
import { conditionOperators, NULL_OPERATOR } from './operators/registry.js';
import type { ConditionOperator } from './operators/operator.js';
import type { RequestContext } from './request-context.js';
import { parseTemplate, resolveTemplate, type Template } from './variables.js';

// A statement's Condition block, compiled once: every (operator, key) pair with its values read by the operator.
// The rules that are the same for every operator live here (IAM User Guide, "Condition operators" and "Single-valued
// vs. multivalued context keys"):
// - the pairs of a block are ANDed, the values of one key are ORed;
// - a missing key makes a condition false, except: ...IfExists (true), a negated operator (true), ForAllValues:
//   (true: every one of no values matches), Null (which tests exactly that);
// - ForAnyValue: is true when some request value matches, ForAllValues: when every request value does; with a
//   negated operator "matches" means "relates to none of the policy values";
// - without a qualifier a multivalued key behaves as ForAnyValue for positive operators, and a negated operator is
//   true when no request value relates to any policy value;
// - a policy variable that cannot be resolved makes the condition false, and so the statement does not match.

type SetQualifier = 'any' | 'all' | undefined;

export interface CompiledCondition {
  readonly operator: ConditionOperator | typeof NULL_OPERATOR;
  /** Lower-cased key name. */
  readonly key: string;
  /** The key as the policy writes it (what the simulator reports). */
  readonly name: string;
  readonly set: SetQualifier;
  readonly ifExists: boolean;
  /** Values without variables, compiled by the operator (for Null: 'true' / 'false'). */
  readonly values: readonly unknown[];
  /** Values with variables: resolved and compiled per request. */
  readonly templates: readonly Template[];
}

export type ConditionBlock = readonly CompiledCondition[];

const QUALIFIERS: ReadonlyMap<string, SetQualifier> = new Map([
  ['foranyvalue:', 'any'],
  ['forallvalues:', 'all'],
]);
const IF_EXISTS = 'ifexists';

/** Splits "ForAllValues:StringLikeIfExists" into its parts; undefined operator when the name is unknown. */
export function parseOperatorName(name: string): {
  readonly operator: ConditionOperator | typeof NULL_OPERATOR | undefined;
  readonly set: SetQualifier;
  readonly ifExists: boolean;
} {
  let rest = name.toLowerCase();
  let set: SetQualifier;
  for (const [prefix, qualifier] of QUALIFIERS) {
    if (rest.startsWith(prefix)) {
      set = qualifier;
      rest = rest.slice(prefix.length);
    }
  }
  if (rest === NULL_OPERATOR.toLowerCase()) {
    return { operator: set === undefined ? NULL_OPERATOR : undefined, set, ifExists: false };
  }
  const ifExists = rest.endsWith(IF_EXISTS) && !conditionOperators.has(rest);
  if (ifExists) rest = rest.slice(0, -IF_EXISTS.length);
  return { operator: conditionOperators.get(rest), set, ifExists };
}

function valueText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export function compileConditions(
  block: unknown,
  variablesEnabled: boolean,
  statement: number,
  issues: PolicyIssue[],
): ConditionBlock {
  if (block === undefined) return [];
  if (block === null || typeof block !== 'object' || Array.isArray(block)) {
    issues.push(issue('invalid-condition', 'Condition must be an object of operators', statement));
    return [];
  }
  const out: CompiledCondition[] = [];
  for (const [name, keys] of Object.entries(block as Record<string, unknown>)) {
    // An empty block tests nothing, whatever its operator: IAM accepts it, so it is read as no condition.
    if (keys !== null && typeof keys === 'object' && !Array.isArray(keys) && Object.keys(keys).length === 0) continue;
    const { operator, set, ifExists } = parseOperatorName(name);
    if (operator === undefined) {
      issues.push(issue('unknown-condition-operator', `Condition operator ${name} is not a known operator`, statement));
      continue;
    }
    if (keys === null || typeof keys !== 'object' || Array.isArray(keys)) {
      issues.push(issue('invalid-condition', `Condition ${name} must map condition keys to values`, statement));
      continue;
    }
    for (const [key, raw] of Object.entries(keys as Record<string, unknown>)) {
      const list = Array.isArray(raw) ? raw : [raw];
      const values: unknown[] = [];
      const templates: Template[] = [];
      for (const item of list) {
        const text = valueText(item);
        if (text === undefined) {
          issues.push(issue('invalid-condition', `Condition ${name} ${key}: values must be strings, numbers or booleans`, statement));
          continue;
        }
        if (operator === NULL_OPERATOR) {
          values.push(text.toLowerCase());
          continue;
        }
        // Non-pattern operators read `*` and `?` literally, so their text is marked literal before variables resolve.
        const parsed = parseTemplate(operator.patterns ? text : escapeWildcards(text), variablesEnabled);
        if (typeof parsed === 'string') {
          const value = operator.parse(parsed);
          if (value !== undefined) values.push(value);
        } else {
          templates.push(parsed);
        }
      }
      out.push({ operator, key: key.toLowerCase(), name: key, set, ifExists, values, templates });
    }
  }
  return out;
}

/** Whether every condition of the block holds for the request. */
export function conditionsHold(block: ConditionBlock, context: RequestContext): boolean {
  for (const condition of block) if (!holds(condition, context)) return false;
  return true;
}

function holds(c: CompiledCondition, context: RequestContext): boolean {
  const present = context.get(c.key);
  if (c.operator === NULL_OPERATOR) {
    const missing = present === undefined || present.length === 0;
    return c.values.some((v) => (v === 'true' ? missing : v === 'false' ? !missing : false));
  }
  const op = c.operator;
  let values = c.values;
  if (c.templates.length > 0) {
    const resolved: unknown[] = [...values];
    for (const template of c.templates) {
      const text = resolveTemplate(template, context);
      if (text === undefined) return false;
      const value = op.parse(text);
      if (value !== undefined) resolved.push(value);
    }
    values = resolved;
  }
  if (present === undefined) return c.ifExists || c.set === 'all' || (op.negated && c.set === undefined);
  const relates = (v: string): boolean => {
    for (const p of values) if (op.test(v, p)) return true;
    return false;
  };
  // For a negated operator a request value "matches" when it relates to no policy value.
  const matches = op.negated ? (v: string) => !relates(v) : relates;
  if (c.set === 'all') return present.every(matches);
  if (c.set === 'any' || !op.negated) return present.some(matches);
  return present.every(matches);
}
