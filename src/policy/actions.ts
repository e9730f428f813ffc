import { compileGlob, hasWildcard, type Matcher } from './glob.js';
import { issue, type PolicyIssue } from './issues.js';

// Action and NotAction: "service:Action" patterns, case-insensitive, with `*` and `?`. Patterns are grouped by their
// service prefix so that a policy can index its statements by service (compile.ts) and a request only tests the
// patterns of its own service.

interface ServiceActions {
  /** `service:*`. */
  readonly all: boolean;
  /** Lower-cased action names without wildcards. */
  readonly exact: ReadonlySet<string>;
  /** Wildcard patterns over lower-cased action names. */
  readonly patterns: readonly Matcher[];
}

export interface ActionSet {
  /** `*` alone: every action of every service. */
  readonly all: boolean;
  /** Lower-cased service prefix -> its patterns. */
  readonly byService: ReadonlyMap<string, ServiceActions>;
  /** Patterns whose service part has a wildcard (rare), tested against the whole lower-cased "service:action". */
  readonly crossService: readonly Matcher[];
  /** The patterns as written, for validation. */
  readonly written: readonly string[];
}

/** A request's action, split and lower-cased once per decision. */
export interface ActionName {
  readonly full: string;
  readonly service: string;
  readonly name: string;
}

export function actionName(action: string): ActionName {
  const full = action.toLowerCase();
  const colon = full.indexOf(':');
  return colon === -1 ? { full, service: full, name: '' } : { full, service: full.slice(0, colon), name: full.slice(colon + 1) };
}

export function compileActions(element: unknown, name: string, statement: number, issues: PolicyIssue[]): ActionSet {
  const written: string[] = [];
  for (const value of Array.isArray(element) ? element : [element]) {
    if (typeof value === 'string') written.push(value);
    else issues.push(issue('invalid-action', `${name} values must be strings`, statement));
  }
  let all = false;
  const grouped = new Map<string, { all: boolean; exact: Set<string>; patterns: Matcher[] }>();
  const crossService: Matcher[] = [];
  for (const pattern of written) {
    const lower = pattern.toLowerCase();
    if (lower === '*') {
      all = true;
      continue;
    }
    const colon = lower.indexOf(':');
    if (colon <= 0 || colon === lower.length - 1) {
      issues.push(issue('invalid-action', `${name} ${pattern} is not of the form service:action`, statement));
      continue;
    }
    const service = lower.slice(0, colon);
    const action = lower.slice(colon + 1);
    if (hasWildcard(service)) {
      crossService.push(compileGlob(lower));
      continue;
    }
    let group = grouped.get(service);
    if (!group) {
      group = { all: false, exact: new Set(), patterns: [] };
      grouped.set(service, group);
    }
    if (action === '*') group.all = true;
    else if (hasWildcard(action)) group.patterns.push(compileGlob(action));
    else group.exact.add(action);
  }
  return { all, byService: grouped, crossService, written };
}

export function actionMatches(set: ActionSet, action: ActionName): boolean {
  if (set.all) return true;
  const group = set.byService.get(action.service);
  if (group) {
    if (group.all || group.exact.has(action.name)) return true;
    for (const p of group.patterns) if (p(action.name)) return true;
  }
  for (const p of set.crossService) if (p(action.full)) return true;
  return false;
}
