import { ServiceError } from '../../aws/errors.js';

// IAM's checks on a policy document before it is stored: the JSON grammar of identity policies (managed, inline,
// boundaries) and of trust policies, with IAM's MalformedPolicyDocument wording, and the size IAM counts against its
// quotas (characters outside whitespace). What a statement means is the policy engine's business, not this file's.

export type PolicyDocumentKind = 'identity' | 'trust';

const statementFields = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const versions = new Set(['2012-10-17', '2008-10-17']);

const malformed = (message: string) => new ServiceError('MalformedPolicyDocumentException', message);

/** IAM's size of a policy: its characters, whitespace outside strings not counted (IAM counts it that way). */
export function policySize(text: string): number {
  let size = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      size++;
      if (c === '\\') {
        size++;
        i++;
      } else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      size++;
    } else if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') size++;
  }
  return size;
}

/** Parses and checks a document; throws MalformedPolicyDocument with IAM's wording when it is not one. */
export function checkPolicyDocument(text: string, kind: PolicyDocumentKind): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw malformed('Syntax errors in policy.');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw malformed('Syntax errors in policy.');
  const record = doc as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (key !== 'Version' && key !== 'Id' && key !== 'Statement') throw malformed(`Syntax errors in policy.`);
  }
  if (record['Version'] !== undefined && !versions.has(record['Version'] as string)) {
    throw malformed('The policy failed legacy parsing');
  }
  const statements = record['Statement'];
  if (statements === undefined) throw malformed('Syntax errors in policy.');
  for (const statement of Array.isArray(statements) ? statements : [statements]) checkStatement(statement, kind);
  return record;
}

function checkStatement(statement: unknown, kind: PolicyDocumentKind): void {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) throw malformed('Syntax errors in policy.');
  const s = statement as Record<string, unknown>;
  for (const key of Object.keys(s)) if (!statementFields.has(key)) throw malformed(`Syntax errors in policy.`);
  if (s['Effect'] !== 'Allow' && s['Effect'] !== 'Deny') throw malformed('Syntax errors in policy.');
  if (s['Action'] === undefined && s['NotAction'] === undefined) throw malformed('Policy statement must contain actions.');
  if (kind === 'identity') {
    if (s['Principal'] !== undefined || s['NotPrincipal'] !== undefined) throw malformed('Policy document should not specify a principal.');
    if (s['Resource'] === undefined && s['NotResource'] === undefined) throw malformed('Policy statement must contain resources.');
  } else {
    if (s['Principal'] === undefined && s['NotPrincipal'] === undefined) throw malformed('Missing required field Principal');
    if (s['Resource'] !== undefined || s['NotResource'] !== undefined) throw malformed('Has prohibited field Resource');
  }
}
