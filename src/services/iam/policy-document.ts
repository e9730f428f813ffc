import { ServiceError } from '../../aws/errors.js';

// IAM's checks on a policy document before it is stored: the JSON grammar of identity policies (managed, inline,
// boundaries) and of trust policies, with IAM's MalformedPolicyDocument wording, and the size IAM counts against its
// quotas (characters outside whitespace). What a statement means is the policy engine's business, not this file's.
//
// IAM checks in stages and reports the first stage that fails, whatever else is wrong; the order and the messages
// here follow the responses AWS gives (as recorded against real accounts by LocalStack's IAM parity suite):
//   1. syntax: JSON, the elements and their types, Effect allow/deny in any case, known condition operators
//      ("Syntax errors in policy.");
//   2. Version: a managed policy must say 2012-10-17 ("Policy document must be version 2012-10-17 or greater.");
//   3. principals: none in an identity policy, one in a trust policy;
//   4. "legacy parsing": Effect exactly Allow or Deny, resource ARNs with all six parts, date condition values;
//   5. Sid uniqueness (and IAM's alphanumeric Sids); every statement has actions, then resources;
//   6. the first resource that is not an ARN IAM accepts, then the first action without a vendor prefix.

/**
 * identity: an inline policy of a user, group or role (Version may be absent: it then means 2008-10-17);
 * managed: a managed policy version or permissions boundary (Version 2012-10-17 required);
 * trust: a role's trust policy (a Principal in every statement, no Resource).
 */
export type PolicyDocumentKind = 'identity' | 'managed' | 'trust';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const statementFields = new Set(['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']);
const versions = new Set(['2008-10-17', '2012-10-17']);
const partitions = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc', '*']);
const iamResourcePrefixes = [
  'user/', 'federated-user/', 'role/', 'group/', 'instance-profile/', 'mfa/', 'server-certificate/', 'policy/', 'sms-mfa/',
  'saml-provider/', 'oidc-provider/', 'report/', 'access-report/',
];
const conditionOperators = new Set(
  [
    'StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase', 'StringLike', 'StringNotLike',
    'NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals', 'NumericGreaterThan', 'NumericGreaterThanEquals',
    'DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan', 'DateGreaterThanEquals',
    'Bool', 'BinaryEquals', 'IpAddress', 'NotIpAddress', 'ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'Null',
  ].map((o) => o.toLowerCase()),
);

const malformed = (message: string) => new ServiceError('MalformedPolicyDocumentException', message);
const syntaxError = () => malformed('Syntax errors in policy.');

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
  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch {
    throw syntaxError();
  }
  if (!isObject(doc) || !documentSyntax(doc)) throw syntaxError();
  const statements = list(doc['Statement']) as JsonObject[];

  if (kind === 'managed' && doc['Version'] !== '2012-10-17') throw malformed('Policy document must be version 2012-10-17 or greater.');

  for (const s of statements) {
    const hasPrincipal = 'Principal' in s || 'NotPrincipal' in s;
    if (kind !== 'trust' && hasPrincipal) throw malformed('Policy document should not specify a principal.');
    if (kind === 'trust' && !hasPrincipal) throw malformed('Missing required field Principal');
    if (kind === 'trust' && ('Resource' in s || 'NotResource' in s)) throw malformed('Has prohibited field Resource');
  }

  // "legacy parsing"; the first resource that IAM would not take is reported only after the checks of stage 5
  let resourceError: string | undefined;
  for (const s of statements) {
    if (s['Effect'] !== 'Allow' && s['Effect'] !== 'Deny') throw malformed('The policy failed legacy parsing');
    for (const resource of [...list(s['Resource']), ...list(s['NotResource'])] as string[]) {
      const parts = arnParts(resource);
      if (resource.startsWith('arn:') && parts.length > 3 && (parts.length < 6 || parts[2] === '')) {
        throw malformed('The policy failed legacy parsing');
      }
      resourceError ??= resourceFormatError(resource, parts);
    }
    if (!datesValid(s['Condition'])) throw malformed('The policy failed legacy parsing');
  }

  const sids = statements.map((s) => s['Sid']).filter((sid): sid is string => typeof sid === 'string' && sid !== '');
  if (new Set(sids).size !== sids.length) throw malformed('Statement IDs (SID) in a single policy must be unique.');
  if (kind !== 'trust' && sids.some((sid) => !/^[0-9A-Za-z]*$/.test(sid))) {
    throw malformed('Statement IDs (SID) must be alpha-numeric. Check that your input satisfies the regular expression [0-9A-Za-z]*');
  }
  for (const s of statements) {
    if (list(s['Action']).length === 0 && list(s['NotAction']).length === 0) throw malformed('Policy statement must contain actions.');
  }
  if (kind !== 'trust') {
    for (const s of statements) {
      if (list(s['Resource']).length === 0 && list(s['NotResource']).length === 0) throw malformed('Policy statement must contain resources.');
    }
  }
  if (resourceError !== undefined) throw malformed(resourceError);
  for (const s of statements) {
    for (const action of [...list(s['Action']), ...list(s['NotAction'])] as string[]) {
      const error = actionError(action);
      if (error !== undefined) throw malformed(error);
    }
  }
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

function documentSyntax(doc: JsonObject): boolean {
  for (const key of Object.keys(doc)) if (key !== 'Version' && key !== 'Id' && key !== 'Statement') return false;
  if ('Version' in doc && !versions.has(doc['Version'] as string)) return false;
  if ('Id' in doc && typeof doc['Id'] !== 'string') return false;
  const statements = list(doc['Statement']);
  return statements.length > 0 && statements.every(statementSyntax);
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
  if (!conditionOperators.has(withoutIfExists)) return undefined;
  if (withoutIfExists === 'null' && withoutIfExists !== base) return undefined;
  return withoutIfExists;
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
