import { firstError, validatePolicy, type PolicyUse } from '../../../policy/index.js';
import { policyTypeRules, type PolicyType } from './policy-types.js';

// Syntax checks of policy documents, per type, before a policy is stored. A document in, the first problem out (or
// none), worded so the caller can find it.
//
// Authorization policies are IAM policies, checked by the policy engine's validation (src/policy/validate.ts, the one
// grammar checker IAM and Identity Center use too) with each type's restrictions (src/policy/policy-use.ts):
//   SCPs: the full IAM language since September 2025 (Allow with Resource ARNs and Condition, NotResource,
//         NotAction with Allow), but never Principal or NotPrincipal;
//   RCPs: Principal is required and must be "*"; no NotPrincipal or NotAction; customer RCPs can only Deny
//         (Allow is reserved to RCPFullAWSAccess).
// Management policies (tag, backup, AI opt-out, ...) are JSON objects whose "@@" keys must be inheritance
// operators, with operands of the right form. Their service-specific vocabularies are not checked.

export type DocumentCheck = { readonly ok: true; readonly document: JsonObject } | { readonly ok: false; readonly reason: string };

export type JsonValue = null | boolean | number | string | readonly JsonValue[] | JsonObject;
export interface JsonObject {
  readonly [key: string]: JsonValue;
}

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Characters as AWS counts them for the size quota: every character sent, white space included. */
export function contentLength(content: string): number {
  let n = 0;
  for (const _ of content) n++;
  return n;
}

const AUTHORIZATION_USES: Partial<Record<PolicyType, PolicyUse>> = { SERVICE_CONTROL_POLICY: 'scp', RESOURCE_CONTROL_POLICY: 'rcp' };

export async function checkPolicyDocument(type: PolicyType, content: string): Promise<DocumentCheck> {
  const use = AUTHORIZATION_USES[type];
  if (use !== undefined) {
    const error = firstError(await validatePolicy(content, use));
    return error ? fail(error.message) : { ok: true, document: JSON.parse(content) as JsonObject };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (err) {
    return fail(`the document is not valid JSON (${(err as Error).message})`);
  }
  if (!isJsonObject(parsed)) return fail('the document must be a JSON object');
  const reason = policyTypeRules(type).kind === 'management' ? checkManagement(parsed) : undefined;
  return reason === undefined ? { ok: true, document: parsed } : fail(reason);
}

function fail(reason: string): DocumentCheck {
  return { ok: false, reason };
}

// ---------------------------------------------------------------------------------------------------------------
// Management policies (inheritance operators)

export const VALUE_OPERATORS = ['@@assign', '@@append', '@@remove'] as const;
export type ValueOperator = (typeof VALUE_OPERATORS)[number];
export const CHILD_CONTROL = '@@operators_allowed_for_child_policies';
const CHILD_CONTROL_VALUES = new Set(['@@all', '@@none', ...VALUE_OPERATORS]);

function checkManagement(doc: JsonObject): string | undefined {
  return checkManagementNode(doc, '');
}

function checkManagementNode(node: JsonObject, path: string): string | undefined {
  for (const [key, value] of Object.entries(node)) {
    const at = path === '' ? key : `${path}.${key}`;
    if (key.startsWith('@@')) {
      if (key === CHILD_CONTROL) {
        const reason = checkChildControl(value, at);
        if (reason !== undefined) return reason;
      } else if (key === '@@append' || key === '@@remove') {
        if (!Array.isArray(value)) return `${at} takes an array of values (it applies to multi-valued settings only)`;
      } else if (key !== '@@assign') {
        return `${at}: "${key}" is not an inheritance operator (@@assign, @@append, @@remove, ${CHILD_CONTROL})`;
      }
      continue;
    }
    if (key === '') return `${path || 'the document'} has an empty key`;
    if (isJsonObject(value)) {
      const reason = checkManagementNode(value, at);
      if (reason !== undefined) return reason;
    }
  }
  return undefined;
}

function checkChildControl(value: JsonValue, at: string): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return `${at} must be a non-empty array of operators`;
  const values = value as readonly JsonValue[];
  for (const v of values) {
    if (typeof v !== 'string' || !CHILD_CONTROL_VALUES.has(v)) {
      return `${at}: ${JSON.stringify(v)} is not one of @@all, @@none, @@assign, @@append, @@remove`;
    }
  }
  if (values.length > 1 && values.some((v) => v === '@@all' || v === '@@none')) {
    return `${at}: @@all and @@none must appear alone`;
  }
  return undefined;
}
