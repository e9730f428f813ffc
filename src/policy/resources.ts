import { compileArnPattern } from './arn-pattern.js';
import type { Matcher } from './glob.js';
import { issue, type PolicyIssue } from './issues.js';
import type { RequestContext } from './request-context.js';
import { parseTemplate, resolveTemplate, type Template } from './variables.js';

// Resource and NotResource: ARN patterns (arn-pattern.ts), some with policy variables. A pattern with variables is
// resolved per request; the matchers of resolved patterns are kept in a small shared cache, since the same
// ${aws:username} home resolves to the same few strings again and again.

export interface ResourceSet {
  /** `*` is among the patterns. */
  readonly any: boolean;
  readonly matchers: readonly Matcher[];
  readonly templates: readonly Template[];
  /** The patterns as written, for validation. */
  readonly written: readonly string[];
}

const RESOLVED_CACHE_LIMIT = 4096;
const resolvedMatchers = new Map<string, Matcher>();

function resolvedMatcher(pattern: string): Matcher {
  let m = resolvedMatchers.get(pattern);
  if (m === undefined) {
    // Clearing beats tracking recency here: the working set is small and refills in microseconds.
    if (resolvedMatchers.size >= RESOLVED_CACHE_LIMIT) resolvedMatchers.clear();
    m = compileArnPattern(pattern);
    resolvedMatchers.set(pattern, m);
  }
  return m;
}

export function compileResources(
  element: unknown,
  name: string,
  variablesEnabled: boolean,
  statement: number,
  issues: PolicyIssue[],
): ResourceSet {
  const written: string[] = [];
  for (const value of Array.isArray(element) ? element : [element]) {
    if (typeof value === 'string') written.push(value);
    else issues.push(issue('invalid-resource', `${name} values must be strings`, statement));
  }
  const matchers: Matcher[] = [];
  const templates: Template[] = [];
  let any = false;
  for (const pattern of written) {
    if (pattern === '*') any = true;
    const parsed = parseTemplate(pattern, variablesEnabled);
    if (typeof parsed === 'string') matchers.push(compileArnPattern(parsed));
    else templates.push(parsed);
  }
  return { any, matchers, templates, written };
}

/** Whether a pattern covers the resource; undefined when none does and a variable could not be resolved. */
export function resourceMatches(set: ResourceSet, resource: string, context: RequestContext): boolean | undefined {
  if (set.any) return true;
  for (const m of set.matchers) if (m(resource)) return true;
  let unresolved = false;
  for (const template of set.templates) {
    const pattern = resolveTemplate(template, context);
    if (pattern === undefined) unresolved = true;
    else if (resolvedMatcher(pattern)(resource)) return true;
  }
  return unresolved ? undefined : false;
}
