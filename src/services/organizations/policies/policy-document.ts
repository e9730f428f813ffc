import { policyTypeRules, type PolicyType } from './policy-types.js';

// Syntax checks of policy documents, per type, before a policy is stored. Pure: a document in, the first problem
// out (or none), worded so the caller can find it: `Statement[1].Effect must be "Allow" or "Deny"`.
//
// Authorization policies follow the IAM grammar with each type's restrictions:
//   SCPs: the full IAM language since September 2025 (Allow with Resource ARNs and Condition, NotResource,
//         NotAction with Allow), but never Principal or NotPrincipal.
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

export function checkPolicyDocument(type: PolicyType, content: string): DocumentCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (err) {
    return fail(`the document is not valid JSON (${(err as Error).message})`);
  }
  if (!isJsonObject(parsed)) return fail('the document must be a JSON object');
  const reason =
    type === 'SERVICE_CONTROL_POLICY'
      ? checkAuthorization(parsed, SCP)
      : type === 'RESOURCE_CONTROL_POLICY'
        ? checkAuthorization(parsed, RCP)
        : policyTypeRules(type).kind === 'management'
          ? checkManagement(parsed)
          : undefined;
  return reason === undefined ? { ok: true, document: parsed } : fail(reason);
}

function fail(reason: string): DocumentCheck {
  return { ok: false, reason };
}

// ---------------------------------------------------------------------------------------------------------------
// Authorization policies (IAM grammar)

interface Dialect {
  readonly name: string;
  readonly principal: 'forbidden' | 'required-star';
  readonly notAction: boolean;
  readonly allow: boolean;
}

const SCP: Dialect = { name: 'SCPs', principal: 'forbidden', notAction: true, allow: true };
const RCP: Dialect = { name: 'RCPs', principal: 'required-star', notAction: false, allow: false };

const TOP_LEVEL = new Set(['Version', 'Id', 'Statement']);
const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
// service:action, wildcards anywhere in the action part (full IAM language); or * alone.
const ACTION = /^[A-Za-z0-9-]+:[A-Za-z0-9*?_-]+$/;
// arn:partition:service:region:account:resource, any segment but the last may be empty or wildcarded.
const RESOURCE = /^arn:[^:]*:[^:]*:[^:]*:[^:]*:.+$/s;
const SID = /^[A-Za-z0-9]*$/;

function checkAuthorization(doc: JsonObject, dialect: Dialect): string | undefined {
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL.has(key)) return `unsupported top-level element "${key}" (allowed: Version, Id, Statement)`;
  }
  // AWS's examples omit Version; when present it must be the current policy language.
  if ('Version' in doc && doc['Version'] !== '2012-10-17') return 'Version must be "2012-10-17"';
  if ('Id' in doc && typeof doc['Id'] !== 'string') return 'Id must be a string';
  const statement = doc['Statement'];
  if (statement === undefined) return 'the Statement element is required';
  const statements = Array.isArray(statement) ? (statement as readonly JsonValue[]) : [statement];
  if (statements.length === 0) return 'Statement must contain at least one statement';
  const sids = new Set<string>();
  for (const [i, s] of statements.entries()) {
    const at = Array.isArray(statement) ? `Statement[${i}]` : 'Statement';
    if (!isJsonObject(s)) return `${at} must be an object`;
    const reason = checkStatement(s, at, dialect, sids);
    if (reason !== undefined) return reason;
  }
  return undefined;
}

function checkStatement(s: JsonObject, at: string, dialect: Dialect, sids: Set<string>): string | undefined {
  for (const key of Object.keys(s)) {
    if (!STATEMENT_KEYS.has(key)) return `${at} has an unsupported element "${key}"`;
  }
  if ('Sid' in s) {
    const sid = s['Sid'];
    if (typeof sid !== 'string') return `${at}.Sid must be a string`;
    if (!SID.test(sid)) return `${at}.Sid may contain only letters and digits`;
    if (sid !== '' && sids.has(sid)) return `${at}.Sid "${sid}" is not unique in the policy`;
    sids.add(sid);
  }
  const effect = s['Effect'];
  if (effect === undefined) return `${at}.Effect is required`;
  if (effect !== 'Allow' && effect !== 'Deny') return `${at}.Effect must be "Allow" or "Deny"`;
  if (effect === 'Allow' && !dialect.allow) return `${at}.Effect: ${dialect.name} support only "Deny" (Allow is reserved to RCPFullAWSAccess)`;

  if ('NotPrincipal' in s) return `${at}: ${dialect.name} do not support the NotPrincipal element`;
  if (dialect.principal === 'forbidden') {
    if ('Principal' in s) return `${at}: ${dialect.name} do not support the Principal element`;
  } else {
    if (!('Principal' in s)) return `${at}.Principal is required in ${dialect.name}`;
    const p = s['Principal'];
    const star = p === '*' || (isJsonObject(p) && Object.keys(p).length === 1 && p['AWS'] === '*');
    if (!star) return `${at}.Principal must be "*" in ${dialect.name}`;
  }

  const hasAction = 'Action' in s;
  const hasNotAction = 'NotAction' in s;
  if (hasAction && hasNotAction) return `${at} cannot have both Action and NotAction`;
  if (!hasAction && !hasNotAction) return `${at} must have an Action${dialect.notAction ? ' or NotAction' : ''} element`;
  if (hasNotAction && !dialect.notAction) return `${at}: ${dialect.name} do not support the NotAction element`;
  const actionKey = hasAction ? 'Action' : 'NotAction';
  const actionReason = checkStrings(s[actionKey], `${at}.${actionKey}`, (v) =>
    v === '*' || ACTION.test(v) ? undefined : `"${v}" is not of the form service:action`,
  );
  if (actionReason !== undefined) return actionReason;

  if ('Resource' in s && 'NotResource' in s) return `${at} cannot have both Resource and NotResource`;
  for (const key of ['Resource', 'NotResource'] as const) {
    if (!(key in s)) continue;
    const reason = checkStrings(s[key], `${at}.${key}`, (v) =>
      v === '*' || RESOURCE.test(v) ? undefined : `"${v}" is neither "*" nor an ARN (arn:partition:service:region:account:resource)`,
    );
    if (reason !== undefined) return reason;
  }

  if ('Condition' in s) return checkCondition(s['Condition'], `${at}.Condition`);
  return undefined;
}

/** A string or a non-empty array of strings, each passing `each`. */
function checkStrings(value: JsonValue | undefined, at: string, each: (v: string) => string | undefined): string | undefined {
  const values = Array.isArray(value) ? (value as readonly JsonValue[]) : [value];
  if (values.length === 0) return `${at} must not be an empty array`;
  for (const v of values) {
    if (typeof v !== 'string') return `${at} must be a string or an array of strings`;
    const reason = each(v);
    if (reason !== undefined) return `${at}: ${reason}`;
  }
  return undefined;
}

const CONDITION_OPERATORS = new Set(
  [
    'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
    'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
    'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
    'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress',
    'ArnEquals', 'ArnNotEquals', 'ArnLike', 'ArnNotLike', 'Null',
  ].map((o) => o.toLowerCase()),
);

function conditionOperatorKnown(name: string): boolean {
  let op = name;
  const set = /^(ForAnyValue|ForAllValues):/i.exec(op);
  if (set) op = op.slice(set[0].length);
  if (/IfExists$/i.test(op) && op.toLowerCase() !== 'null') op = op.slice(0, -'IfExists'.length);
  return CONDITION_OPERATORS.has(op.toLowerCase());
}

function checkCondition(condition: JsonValue | undefined, at: string): string | undefined {
  if (!isJsonObject(condition)) return `${at} must be an object of condition operators`;
  for (const [operator, block] of Object.entries(condition)) {
    if (!conditionOperatorKnown(operator)) return `${at}: "${operator}" is not a condition operator`;
    if (!isJsonObject(block) || Object.keys(block).length === 0) return `${at}.${operator} must be an object of condition keys`;
    for (const [key, value] of Object.entries(block)) {
      const values = Array.isArray(value) ? (value as readonly JsonValue[]) : [value];
      if (values.length === 0) return `${at}.${operator}["${key}"] must not be an empty array`;
      if (!values.every((v) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')) {
        return `${at}.${operator}["${key}"] must be a string, number, boolean or an array of them`;
      }
    }
  }
  return undefined;
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
