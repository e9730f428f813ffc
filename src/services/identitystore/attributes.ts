import { idsErrors } from './errors.js';

// A user's attributes as the identity store keeps them (SCIM's names, which are also UpdateUser's AttributePaths),
// the rules for them (what is required, lengths, how many values), and UpdateUser's AttributeOperations applied to
// them. Attribute paths and the keys of structured values are matched case-insensitively; what is stored is always
// the canonical spelling.

export interface NameParts {
  readonly formatted?: string;
  readonly familyName?: string;
  readonly givenName?: string;
  readonly middleName?: string;
  readonly honorificPrefix?: string;
  readonly honorificSuffix?: string;
}

/** An email, phone number or role. */
export interface MultiValue {
  readonly value?: string;
  readonly type?: string;
  readonly primary?: boolean;
}

export interface AddressValue {
  readonly streetAddress?: string;
  readonly locality?: string;
  readonly region?: string;
  readonly postalCode?: string;
  readonly country?: string;
  readonly formatted?: string;
  readonly type?: string;
  readonly primary?: boolean;
}

export interface PhotoValue {
  readonly value: string;
  readonly type?: string;
  readonly display?: string;
  readonly primary?: boolean;
}

/** Extension name (aws:identitystore:enterprise) -> its attributes. */
export type Extensions = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

export interface UserAttributes {
  readonly userName: string;
  readonly displayName?: string;
  readonly name?: NameParts;
  readonly nickName?: string;
  readonly profileUrl?: string;
  readonly emails?: readonly MultiValue[];
  readonly addresses?: readonly AddressValue[];
  readonly phoneNumbers?: readonly MultiValue[];
  readonly userType?: string;
  readonly title?: string;
  readonly preferredLanguage?: string;
  readonly locale?: string;
  readonly timezone?: string;
  readonly photos?: readonly PhotoValue[];
  readonly website?: string;
  readonly birthdate?: string;
  readonly roles?: readonly MultiValue[];
  readonly extensions?: Extensions;
}

/** An AttributeOperation: set the path to the value, or remove the attribute when the value is absent. */
export interface AttributeOperation {
  readonly path: string;
  readonly value?: unknown;
}

type FieldKind = 'string' | 'boolean';

interface ListSpec {
  readonly key: keyof UserAttributes;
  readonly max: number;
  readonly fields: Readonly<Record<string, FieldKind>>;
  readonly required?: readonly string[];
}

const MULTI_FIELDS = { value: 'string', type: 'string', primary: 'boolean' } as const;

/** Single-valued string attributes, by lower-cased path. */
const STRINGS: ReadonlyMap<string, keyof UserAttributes> = new Map(
  (['userName', 'displayName', 'nickName', 'profileUrl', 'userType', 'title', 'preferredLanguage', 'locale', 'timezone', 'website', 'birthdate'] as const).map(
    (k) => [k.toLowerCase(), k],
  ),
);

const NAME_FIELDS: Readonly<Record<string, FieldKind>> = {
  formatted: 'string',
  familyName: 'string',
  givenName: 'string',
  middleName: 'string',
  honorificPrefix: 'string',
  honorificSuffix: 'string',
};

/** Multi-valued attributes (AWS allows one email, address, phone number and role, and three photos). */
const LISTS: ReadonlyMap<string, ListSpec> = new Map<string, ListSpec>([
  ['emails', { key: 'emails', max: 1, fields: MULTI_FIELDS }],
  ['phonenumbers', { key: 'phoneNumbers', max: 1, fields: MULTI_FIELDS }],
  ['roles', { key: 'roles', max: 1, fields: MULTI_FIELDS }],
  [
    'addresses',
    {
      key: 'addresses',
      max: 1,
      fields: {
        streetAddress: 'string',
        locality: 'string',
        region: 'string',
        postalCode: 'string',
        country: 'string',
        formatted: 'string',
        type: 'string',
        primary: 'boolean',
      },
    },
  ],
  ['photos', { key: 'photos', max: 3, fields: { value: 'string', type: 'string', display: 'string', primary: 'boolean' }, required: ['value'] }],
]);

/** The extensions AWS defines; the model's pattern admits others, which AWS refuses. */
export const ENTERPRISE_EXTENSION = 'aws:identitystore:enterprise';
const EXTENSIONS = new Set([ENTERPRISE_EXTENSION]);

// SensitiveStringType and UserName as the model defines them.
const TEXT = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r  　]+$/u;
const USER_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const MAX_TEXT = 1024;
const MAX_USER_NAME = 128;

const invalid = (path: string, why: string) => idsErrors.validation(`Invalid value for attribute ${path}: ${why}`);

function text(path: string, value: unknown): string {
  if (typeof value !== 'string') throw invalid(path, 'expected a string');
  const max = path.toLowerCase() === 'username' ? MAX_USER_NAME : MAX_TEXT;
  if (value.length < 1 || value.length > max) throw invalid(path, `length must be between 1 and ${max}`);
  if (!(path.toLowerCase() === 'username' ? USER_NAME : TEXT).test(value)) throw invalid(path, 'it contains characters that are not allowed');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A structured value with its keys matched to `fields` case-insensitively; unknown keys are refused. */
function struct(path: string, value: unknown, fields: Readonly<Record<string, FieldKind>>, required: readonly string[] = []): Record<string, unknown> {
  if (!isRecord(value)) throw invalid(path, 'expected an object');
  const byLower = new Map(Object.keys(fields).map((k) => [k.toLowerCase(), k]));
  const out: Record<string, unknown> = {};
  for (const [rawKey, raw] of Object.entries(value)) {
    const key = byLower.get(rawKey.toLowerCase());
    if (key === undefined) throw idsErrors.validation(`The attribute ${path}.${rawKey} is not a valid attribute`);
    if (raw === undefined || raw === null) continue;
    if (fields[key] === 'boolean') {
      if (typeof raw !== 'boolean') throw invalid(`${path}.${key}`, 'expected a boolean');
      out[key] = raw;
    } else {
      out[key] = text(`${path}.${key}`, raw);
    }
  }
  for (const key of required) if (out[key] === undefined) throw idsErrors.validation(`${path}.${key}: The attribute ${key} is required`);
  return out;
}

function list(path: string, value: unknown, spec: ListSpec): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw invalid(path, 'expected a list');
  if (value.length < 1 || value.length > spec.max) throw invalid(path, `it must hold between 1 and ${spec.max} values`);
  return value.map((item) => struct(path, item, spec.fields, spec.required));
}

function extension(path: string, value: unknown): Record<string, unknown> {
  if (!isRecord(value) || Object.keys(value).length === 0) throw invalid(path, 'expected an object of extension attributes');
  return { ...value };
}

function checkExtensionName(name: string): void {
  if (!EXTENSIONS.has(name)) throw idsErrors.validation(`The extension ${name} is not supported`);
}

/**
 * Checks and normalizes the attributes of a new user (keys in any case, as structured values arrive), refusing what
 * AWS refuses: a missing userName, displayName or name with givenName and familyName, too many values, bad text.
 */
export function normalizeUser(input: Record<string, unknown>): UserAttributes {
  let out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    out = applyOne(out, { path: key, value });
  }
  requireUser(out);
  return out as unknown as UserAttributes;
}

/** The attributes after UpdateUser's operations, applied in order; the result must still be a valid user. */
export function applyUserOperations(current: UserAttributes, operations: readonly AttributeOperation[]): UserAttributes {
  let out = structuredClone(current) as unknown as Record<string, unknown>;
  for (const operation of operations) out = applyOne(out, operation);
  requireUser(out);
  return out as unknown as UserAttributes;
}

/** Which extensions a user carries, restricted to those asked for (DescribeUser / ListUsers Extensions). */
export function pickExtensions(user: UserAttributes, names: readonly string[] | undefined): Extensions | undefined {
  if (!names || !user.extensions) return undefined;
  const picked = Object.fromEntries(names.filter((n) => user.extensions?.[n] !== undefined).map((n) => [n, user.extensions![n]!]));
  return Object.keys(picked).length ? picked : undefined;
}

export function checkExtensionNames(names: readonly string[] | undefined): void {
  for (const name of names ?? []) checkExtensionName(name);
}

function requireUser(user: Record<string, unknown>): void {
  if (typeof user['userName'] !== 'string') throw idsErrors.validation('userName is a required attribute');
  const missing: string[] = [];
  if (user['displayName'] === undefined) missing.push('displayname');
  const name = user['name'] as NameParts | undefined;
  if (name === undefined) missing.push('name');
  else {
    if (name.givenName === undefined) missing.push('givenname');
    if (name.familyName === undefined) missing.push('familyname');
  }
  if (missing.length) throw idsErrors.validation(missing.map((a) => `${a}: The attribute ${a} is required`).join(', '));
}

function without(record: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

/** One operation on a copy of the attributes; absent `value` removes. */
function applyOne(user: Record<string, unknown>, { path, value }: AttributeOperation): Record<string, unknown> {
  const lower = path.toLowerCase();
  const remove = value === undefined || value === null;

  const simple = STRINGS.get(lower);
  if (simple !== undefined) return remove ? without(user, simple) : { ...user, [simple]: text(simple, value) };

  if (lower === 'name') return remove ? without(user, 'name') : { ...user, name: struct('name', value, NAME_FIELDS) };
  if (lower.startsWith('name.')) {
    const part = Object.keys(NAME_FIELDS).find((k) => k.toLowerCase() === lower.slice(5));
    if (part === undefined) throw unknownPath(path);
    const name = { ...((user['name'] as Record<string, unknown> | undefined) ?? {}) };
    if (remove) delete name[part];
    else name[part] = text(`name.${part}`, value);
    return Object.keys(name).length ? { ...user, name } : without(user, 'name');
  }

  const spec = LISTS.get(lower);
  if (spec !== undefined) return remove ? without(user, spec.key) : { ...user, [spec.key]: list(spec.key, value, spec) };

  if (lower === 'extensions') {
    if (remove) return without(user, 'extensions');
    if (!isRecord(value)) throw invalid('extensions', 'expected an object');
    let out = without(user, 'extensions');
    for (const [name, ext] of Object.entries(value)) out = applyOne(out, { path: name, value: ext });
    return out;
  }
  const extensionName = [...EXTENSIONS].find((e) => lower === e || lower.startsWith(`${e}.`));
  if (extensionName !== undefined) {
    const extensions = { ...((user['extensions'] as Record<string, Record<string, unknown>> | undefined) ?? {}) };
    if (lower === extensionName) {
      if (remove) delete extensions[extensionName];
      else extensions[extensionName] = extension(path, value);
    } else {
      const attribute = path.slice(extensionName.length + 1);
      const current = { ...(extensions[extensionName] ?? {}) };
      if (remove) delete current[attribute];
      else current[attribute] = value;
      if (Object.keys(current).length) extensions[extensionName] = current;
      else delete extensions[extensionName];
    }
    return Object.keys(extensions).length ? { ...user, extensions } : without(user, 'extensions');
  }
  if (/^[a-z]+:[a-z]+:[a-z]+/.test(lower)) checkExtensionName(path.split('.')[0]!);
  throw unknownPath(path);
}

function unknownPath(path: string) {
  return idsErrors.validation(`The attribute path ${path} is not a valid attribute path`);
}

/** The lower-cased first email, for GetUserId by emails.value. */
export function emailKey(user: UserAttributes): string | null {
  return user.emails?.[0]?.value?.toLowerCase() ?? null;
}

// ---- groups

export interface GroupAttributes {
  readonly displayName?: string;
  readonly description?: string;
}

/** UpdateGroup's operations: displayName (which cannot be removed) and description. */
export function applyGroupOperations(current: GroupAttributes, operations: readonly AttributeOperation[]): GroupAttributes {
  let out: Record<string, unknown> = { ...current };
  for (const { path, value } of operations) {
    const key = ({ displayname: 'displayName', description: 'description' } as Record<string, string>)[path.toLowerCase()];
    if (key === undefined) throw unknownPath(path);
    if (value === undefined || value === null) {
      if (key === 'displayName') throw idsErrors.validation('displayName is a required attribute');
      out = without(out, key);
    } else {
      out = { ...out, [key]: text(key, value) };
    }
  }
  return out as GroupAttributes;
}
