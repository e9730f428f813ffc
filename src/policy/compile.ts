import type { ActionName } from './actions.js';
import { issue, PolicySyntaxError, type PolicyIssue } from './issues.js';
import { compileStatement, statementCoversAction, type CompiledStatement } from './statement.js';

// A policy document compiled once: its statements pre-parsed (statement.ts) and indexed by the service prefixes
// their actions name, so that a decision looks only at the statements that can cover its action. Which statements
// cover an action is remembered per action (bounded), since a server sees the same few hundred actions all day.

const VERSIONS = new Set(['2012-10-17', '2008-10-17']);
const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
/** Actions remembered per policy; past this the memo starts over (a policy rarely sees more than a few hundred). */
const ACTION_MEMO_LIMIT = 2048;

/** The statements that cover one action, in document order, split by effect. */
export interface ActionStatements {
  readonly denies: readonly CompiledStatement[];
  readonly allows: readonly CompiledStatement[];
}

export class CompiledPolicy {
  private readonly memo = new Map<string, ActionStatements>();

  constructor(
    readonly version: string | undefined,
    readonly statements: readonly CompiledStatement[],
    /** Lower-cased service prefix -> statements whose Action names it. */
    private readonly byService: ReadonlyMap<string, readonly CompiledStatement[]>,
    /** Statements that may cover any service: NotAction, `*`, wildcards in the service part. */
    private readonly anyService: readonly CompiledStatement[],
  ) {}

  forAction(action: ActionName): ActionStatements {
    let found = this.memo.get(action.full);
    if (found === undefined) {
      const candidates = [...(this.byService.get(action.service) ?? []), ...this.anyService].sort((a, b) => a.index - b.index);
      const covering = candidates.filter((s) => statementCoversAction(s, action));
      found = { denies: covering.filter((s) => s.effect === 'Deny'), allows: covering.filter((s) => s.effect === 'Allow') };
      if (this.memo.size >= ACTION_MEMO_LIMIT) this.memo.clear();
      this.memo.set(action.full, found);
    }
    return found;
  }
}

function parseDocument(document: string | object): Record<string, unknown> {
  let doc: unknown = document;
  if (typeof document === 'string') {
    try {
      doc = JSON.parse(document);
    } catch (error) {
      throw new PolicySyntaxError([issue('invalid-json', `The policy is not valid JSON: ${(error as Error).message}`)]);
    }
  }
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new PolicySyntaxError([issue('invalid-document', 'A policy must be a JSON object')]);
  }
  return doc as Record<string, unknown>;
}

/** Compiles a policy document (JSON text or parsed); throws PolicySyntaxError listing everything unreadable in it. */
export function compilePolicy(document: string | object): CompiledPolicy {
  const doc = parseDocument(document);
  const issues: PolicyIssue[] = [];
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL.has(key)) issues.push(issue('invalid-document', `A policy cannot have the field ${key}`));
  }
  const version = doc['Version'];
  if (version !== undefined && !(typeof version === 'string' && VERSIONS.has(version))) {
    issues.push(issue('invalid-version', `Version must be 2012-10-17 or 2008-10-17, not ${JSON.stringify(version)}`));
  }
  const raw = doc['Statement'];
  if (raw === undefined) issues.push(issue('invalid-document', 'A policy must have a Statement'));
  // Policy variables exist only in the 2012-10-17 language; before it `${...}` is plain text.
  const variables = version === '2012-10-17';
  const statements: CompiledStatement[] = [];
  (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).forEach((s: unknown, i) => {
    const compiled = compileStatement(s, i, variables, issues);
    if (compiled) statements.push(compiled);
  });
  if (issues.length > 0) throw new PolicySyntaxError(issues);

  const byService = new Map<string, CompiledStatement[]>();
  const anyService: CompiledStatement[] = [];
  for (const s of statements) {
    if (s.notAction || s.actions.all || s.actions.crossService.length > 0) {
      anyService.push(s);
      continue;
    }
    for (const service of s.actions.byService.keys()) {
      const list = byService.get(service);
      if (list) list.push(s);
      else byService.set(service, [s]);
    }
  }
  return new CompiledPolicy(typeof version === 'string' ? version : undefined, statements, byService, anyService);
}
