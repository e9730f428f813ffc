import { issue, type PolicyIssue } from './issues.js';
import { conditionOperators, NULL_OPERATOR } from './operators/registry.js';
import { USE_RULES, type PolicyUse, type UseRules } from './policy-use.js';

// The grammar AWS checks when a policy document is written, with IAM's words (IAM's MalformedPolicyDocument
// messages; AWS Organizations and Identity Center refuse the same documents under their own error codes). One
// checker for every place a policy is stored: the rules that differ by use are policy-use.ts's.
//
// IAM checks in stages and reports the first stage that fails, whatever else is wrong; the order and the messages
// follow the responses AWS gives (as recorded against real accounts by LocalStack's IAM parity suite):
//   1. syntax: JSON, the elements and their types, Effect allow/deny in any case, known condition operators
//      ("Syntax errors in policy.");
//   2. Version: a managed policy must say 2012-10-17 ("Policy document must be version 2012-10-17 or greater.");
//   3. principals: none in an identity policy, one in a trust policy, each a principal AWS can name;
//   4. "legacy parsing": Effect exactly Allow or Deny, resource ARNs with all six parts, date condition values;
//   5. Sid uniqueness (and IAM's alphanumeric Sids); every statement has actions, then resources (none in a trust
//      policy);
//   6. the first resource that is not an ARN IAM accepts, then the first action without a vendor prefix, then (trust
//      policies) an action that does not start a session.
// Unknown services and actions are not refused: IAM stores them (validate.ts reports them as warnings).

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const statementFields = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const versions = new Set(['2008-10-17', '2012-10-17']);
const partitions = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', '*']);
const iamResourcePrefixes = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/', 'sms-mfa/',
  'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
];
/** The operators IAM knows, lower case: the engine's, with Null. */
const nullOperator = NULL_OPERATOR.toLowerCase();
const conditionOperatorNames: ReadonlySet<string> = new Set([...conditionOperators.keys(), nullOperator]);

export const GRAMMAR_MESSAGES = {
  syntax: 'Syntax errors in policy.',
  version: 'Policy document must be version 2012-10-17 or greater.',
  legacy: 'The policy failed legacy parsing',
  principalForbidden: 'Policy document should not specify a principal.',
  principalRequired: 'Missing required field Principal',
  resourceForbidden: 'Has prohibited field Resource',
  trustActions: 'AssumeRole policy may only specify STS AssumeRole actions.',
  actions: 'Policy statement must contain actions.',
  resources: 'Policy statement must contain resources.',
} as const;

class Refusal {
  constructor(readonly issue: PolicyIssue) {}
}

function refuse(code: string, message: string, statement?: number): never {
  throw new Refusal(issue(code, message, statement));
}

/** The document as JSON.parse reads it when AWS takes it as a policy of this use; else the first thing AWS refuses. */
export type GrammarCheck = { readonly document: object } | { readonly refused: PolicyIssue };

export function checkGrammar(text: string, use: PolicyUse): GrammarCheck {
  try {
    return { document: stages(text, USE_RULES[use]) };
  } catch (error) {
    if (error instanceof Refusal) return { refused: error.issue };
    throw error;
  }
}

function stages(text: string, rules: UseRules): JsonObject {
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    refuse('syntax', GRAMMAR_MESSAGES.syntax);
  }
  if (!isObject(doc)) refuse('syntax', GRAMMAR_MESSAGES.syntax);
  documentSyntax(doc);
  const statements = list(doc['Statement']) as JsonObject[];

  const version = doc['Version'];
  if ((rules.version === 'required' && version !== '2012-10-17') || (rules.version === 'current' && version !== undefined && version !== '2012-10-17')) {
    refuse('version', GRAMMAR_MESSAGES.version);
  }

  statements.forEach((s, i) => {
    principalRules(s, i, rules);
    if (rules.resource === 'forbidden' && ('Resource' in s || 'NotResource' in s)) refuse('unexpected-resource', GRAMMAR_MESSAGES.resourceForbidden, i);
  });

  // "legacy parsing"; the first resource that IAM would not take is reported only after the checks of stage 5
  let resourceError: PolicyIssue | undefined;
  statements.forEach((s, i) => {
    if (s['Effect'] !== 'Allow' && s['Effect'] !== 'Deny') refuse('legacy-parsing', GRAMMAR_MESSAGES.legacy, i);
    for (const resource of [...list(s['Resource']), ...list(s['NotResource'])] as string[]) {
      const parts = arnParts(resource);
      if (resource.startsWith('arn:') && parts.length > 3 && (parts.length < 6 || parts[2] === '')) refuse('legacy-parsing', GRAMMAR_MESSAGES.legacy, i);
      const error = resourceFormatError(resource, parts);
      if (error !== undefined) resourceError ??= issue('invalid-resource', error, i);
    }
    if (!datesValid(s['Condition'])) refuse('legacy-parsing', GRAMMAR_MESSAGES.legacy, i);
  });

  const sids = statements.map((s) => s['Sid']).filter((sid): sid is string => typeof sid === 'string' && sid !== '');
  if (new Set(sids).size !== sids.length) refuse('duplicate-sid', 'Statement IDs (SID) in a single policy must be unique.');
  if (rules.alphanumericSids && sids.some((sid) => !/^[0-9A-Za-z]*$/.test(sid))) {
    refuse('invalid-sid', 'Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*');
  }
  statements.forEach((s, i) => {
    if (list(s['Action']).length === 0 && list(s['NotAction']).length === 0) refuse('missing-actions', GRAMMAR_MESSAGES.actions, i);
  });
  statements.forEach((s, i) => {
    const hasResource = list(s['Resource']).length > 0 || list(s['NotResource']).length > 0;
    if (rules.resource === 'required' && !hasResource) refuse('missing-resources', GRAMMAR_MESSAGES.resources, i);
  });
  if (resourceError !== undefined) throw new Refusal(resourceError);
  statements.forEach((s, i) => {
    for (const action of [...list(s['Action']), ...list(s['NotAction'])] as string[]) {
      const error = actionError(action);
      if (error !== undefined) refuse('invalid-action', error, i);
    }
  });
  statements.forEach((s, i) => useRules(s, i, rules));
  return doc;
}

// ---- stage 1: syntax

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: Json | undefined): Json[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

const isScalar = (v: Json) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
const isStrings = (v: Json) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));

function documentSyntax(doc: JsonObject): void {
  const ok =
    Object.keys(doc).every((key) => key === 'Version' || key === 'Id' || key === 'Statement') &&
    (!('Version' in doc) || versions.has(doc['Version'] as string)) &&
    (!('Id' in doc) || typeof doc['Id'] === 'string');
  if (!ok) refuse('syntax', GRAMMAR_MESSAGES.syntax);
  const statements = list(doc['Statement']);
  if (statements.length === 0) refuse('syntax', GRAMMAR_MESSAGES.syntax);
  statements.forEach((s, i) => {
    if (!statementSyntax(s)) refuse('syntax', GRAMMAR_MESSAGES.syntax, i);
  });
}

function statementSyntax(s: Json): boolean {
  if (!isObject(s)) return false;
  for (const key of Object.keys(s)) if (!statementFields.has(key)) return false;
  if ('Sid' in s && typeof s['Sid'] !== 'string') return false;
  if (typeof s['Effect'] !== 'string' || !/^(allow|deny)$/i.test(s['Effect'])) return false;
  for (const [a, b] of [['Action', 'NotAction'], ['Resource', 'NotResource'], ['Principal', 'NotPrincipal']] as const) {
    if (a in s && b in s) return false;
  }
  for (const field of ['Action', 'NotAction', 'Resource', 'NotResource'] as const) {
    if (field in s && !isStrings(s[field]!)) return false;
  }
  for (const field of ['Principal', 'NotPrincipal'] as const) {
    const p = s[field];
    if (p !== undefined && p !== '*' && !(isObject(p) && Object.values(p).every(isStrings))) return false;
  }
  return !('Condition' in s) || conditionSyntax(s['Condition']!);
}

/** Operator -> { key: value or values }; an empty block passes whatever its operator (IAM accepts it). */
function conditionSyntax(condition: Json): boolean {
  if (!isObject(condition)) return false;
  for (const [operator, block] of Object.entries(condition)) {
    if (!isObject(block)) return false;
    const values = Object.values(block);
    if (values.length === 0) continue;
    if (baseOperator(operator) === undefined) return false;
    if (!values.every((v) => isScalar(v) || (Array.isArray(v) && v.every(isScalar)))) return false;
  }
  return true;
}

/** The operator without ForAnyValue:/ForAllValues: and IfExists, lower case; undefined when IAM knows no such. */
function baseOperator(operator: string): string | undefined {
  const base = operator.replace(/^(ForAnyValue|ForAllValues):/i, '').toLowerCase();
  const withoutIfExists = base.endsWith('ifexists') ? base.slice(0, -'ifexists'.length) : base;
  if (!conditionOperatorNames.has(withoutIfExists)) return undefined;
  if (withoutIfExists === nullOperator && withoutIfExists !== base) return undefined;
  return withoutIfExists;
}

// ---- stage 3: principals

function principalRules(s: JsonObject, index: number, rules: UseRules): void {
  const named = s['Principal'] ?? s['NotPrincipal'];
  if (rules.principal === 'forbidden') {
    if (named !== undefined) refuse('unexpected-principal', GRAMMAR_MESSAGES.principalForbidden, index);
    return;
  }
  if (named === undefined) refuse('missing-principal', GRAMMAR_MESSAGES.principalRequired, index);
  if (rules.principal === 'everyone') {
    const everyone = s['Principal'] === '*' || (isObject(s['Principal']) && Object.keys(s['Principal']).length === 1 && s['Principal']['AWS'] === '*');
    if (!everyone) refuse('invalid-principal', 'Principal must be "*": a resource control policy applies to every principal.', index);
    return;
  }
  if (named === '*' || !isObject(named)) return;
  for (const [kind, values] of Object.entries(named)) {
    for (const value of list(values) as string[]) {
      if (!principalValid(kind, value)) refuse('invalid-principal', `Invalid principal in policy: "${principalKindName(kind)}":"${value}"`, index);
    }
  }
}

const ACCOUNT_ID = /^\d{12}$/;
const AWS_PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam::\d{12}:(root|user\/.+|role\/.+|federated-user\/.+)|sts::\d{12}:(assumed-role\/.+\/.+|federated-user\/.+))$/;
const SERVICE_PRINCIPAL = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$/;
const FEDERATED_PRINCIPAL = /^(arn:aws[a-z-]*:iam::\d{12}:(saml-provider|oidc-provider)\/.+|cognito-identity\.amazonaws\.com|www\.amazon\.com|graph\.facebook\.com|accounts\.google\.com)$/;

/** IAM names the principal types in its message as AWS, SERVICE, FEDERATED. */
function principalKindName(kind: string): string {
  return kind === 'AWS' ? 'AWS' : kind.toUpperCase();
}

function principalValid(kind: string, value: string): boolean {
  switch (kind) {
    case 'AWS':
      return value === '*' || ACCOUNT_ID.test(value) || AWS_PRINCIPAL_ARN.test(value);
    case 'Service':
      return value === '*' || SERVICE_PRINCIPAL.test(value);
    case 'Federated':
      return FEDERATED_PRINCIPAL.test(value);
    case 'CanonicalUser':
      return /^[0-9a-f]{64}$/.test(value);
    default:
      return false;
  }
}

// ---- stage 4: legacy parsing of dates

/** Dates as IAM parses them: epoch seconds (a signed 64-bit integer) or ISO 8601 in its lenient forms. */
const isoDate = /^(?:(\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?)?(?:t(?:(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:[.,]\d{1,9})?)?)?)?(?:z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function dateValid(value: Json): boolean {
  if (typeof value === 'number') return Number.isInteger(value);
  if (typeof value !== 'string' || value === '') return false;
  if (/^-?\d+$/.test(value)) {
    const n = BigInt(value);
    return n >= -(2n ** 63n) && n < 2n ** 63n;
  }
  const m = isoDate.exec(value);
  if (!m) return false;
  const [, , month, day, hour, minute, second] = m;
  const within = (v: string | undefined, lo: number, hi: number) => v === undefined || (Number(v) >= lo && Number(v) <= hi);
  return within(month, 1, 12) && within(day, 1, 31) && within(hour, 0, 23) && within(minute, 0, 59) && within(second, 0, 59);
}

function datesValid(condition: Json | undefined): boolean {
  if (!isObject(condition)) return true;
  for (const [operator, block] of Object.entries(condition)) {
    if (!baseOperator(operator)?.startsWith('date') || !isObject(block)) continue;
    for (const value of Object.values(block)) if (!list(value).every(dateValid)) return false;
  }
  return true;
}

// ---- stage 6: resources and actions

/** Stands for a policy variable (${aws:username}, which may hold a colon) while an ARN is split. */
const variable = '\u0000';

/** An ARN's parts, the sixth holding the rest. */
function arnParts(resource: string): string[] {
  const parts = resource.replace(/\$\{[^}]*\}/g, variable).split(':');
  return parts.length > 6 ? [...parts.slice(0, 5), parts.slice(5).join(':')] : parts;
}

function resourceFormatError(resource: string, parts: readonly string[]): string | undefined {
  if (resource === '*') return undefined;
  if (parts.length === 1) return `Resource ${resource} must be in ARN format or "*".`;
  const partition = parts[1]!;
  if (!partitions.has(partition)) {
    const shown = ['arn', ...resource.split(':').slice(1)];
    while (shown.length < 6) shown.push('*');
    return `Partition "${partition}" is not valid for resource "${shown.join(':')}".`;
  }
  const service = parts[2];
  if (service === undefined || service === '' || /[*?]/.test(service)) return 'Resource vendor must be fully qualified and cannot contain regexes.';
  const [region = '', account = '', path] = parts.slice(3);
  if (service === 'iam' && region !== '') return `IAM resource ${resource} cannot contain region information.`;
  // S3 buckets and objects have neither region nor account; access points and jobs have both
  if (service === 's3' && region !== '' && account === '') return `Resource ${resource} can not contain region information.`;
  if (service === 'iam' && path !== undefined && !iamPathValid(path)) {
    return `IAM resource path must either be "*", root, or start with ${iamResourcePrefixes.join(', ')}.`;
  }
  return undefined;
}

function iamPathValid(path: string): boolean {
  return path === 'root' || path[0] === '*' || path[0] === '?' || path[0] === variable || iamResourcePrefixes.some((p) => path.startsWith(p));
}

function actionError(action: string): string | undefined {
  if (action === '*') return undefined;
  const colon = action.indexOf(':');
  if (colon < 0) return 'Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.';
  if (action.indexOf(':', colon + 1) >= 0) return 'Actions/Condition can contain only one colon.';
  const vendor = action.slice(0, colon);
  if (!/^[A-Za-z0-9_.*?-]+$/.test(vendor)) return `Vendor ${vendor} is not valid`;
  return undefined;
}

/** What the use itself forbids: other actions in trust policies, Allow and NotAction in RCPs. */
function useRules(s: JsonObject, index: number, rules: UseRules): void {
  if (rules.actions !== undefined) {
    const allowed = rules.actions;
    for (const action of list(s['Action']) as string[]) {
      if (action !== '*' && !allowed.has(action.toLowerCase())) refuse('trust-action', GRAMMAR_MESSAGES.trustActions, index);
    }
  }
  if (!rules.notAction && 'NotAction' in s) refuse('unexpected-not-action', 'NotAction is not supported in resource control policies.', index);
  if (!rules.allow && s['Effect'] === 'Allow') refuse('unexpected-allow', 'Resource control policies support only "Deny" statements.', index);
}
