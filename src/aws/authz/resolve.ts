// Turns a service's authz table entry and a validated input into what the policy engine evaluates: the action, the
// resource ARNs (templates filled from the request, the input and the service's resolver) and the request's condition
// keys. Pure: the service's resolver is the only way to stored state, and it is asked only for names the entry uses.
// Templates are compiled once per entry (a WeakMap keyed by the entry object), so a call does no parsing.
import type { AuthzEntry, AuthzRequest } from './types.js';

/** What the request and the owning service supply to fill an entry. */
export interface AuthzEnv {
  readonly partition: string;
  readonly region: string;
  /** The caller's account. */
  readonly account: string;
  /** Answers the service's resolver names (see each authz.ts's resolverNames), and defaults for omitted input
   * members; undefined when it cannot, which makes the template that needed it authorize against '*'. */
  resolve(name: string): string | undefined;
}

type RequestName = 'partition' | 'region' | 'account';

/** Names a template fills from the request rather than from the input or the resolver. */
const REQUEST_NAMES: ReadonlyMap<string, RequestName> = new Map([
  ['Partition', 'partition'],
  ['Region', 'region'],
  ['Account', 'account'],
]);

interface Slot {
  readonly name: string;
  readonly path: readonly string[];
  readonly request: RequestName | undefined;
}

/** A template as literal text and placeholder slots; `whole` is set when it has no placeholder at all. */
interface CompiledTemplate {
  readonly whole: string | undefined;
  readonly parts: readonly (string | Slot)[];
}

interface CompiledEntry {
  readonly action: string;
  readonly resources: readonly CompiledTemplate[];
  readonly context: readonly (readonly [key: string, path: readonly string[]])[];
  readonly resolvedContext: readonly (readonly [key: string, name: string])[];
  readonly requestTags: readonly string[] | undefined;
  readonly tagKeys: readonly string[] | undefined;
  readonly companions: readonly (readonly [action: string, key: string])[];
}

const PLACEHOLDER = /\$\{([^${}]*)\}/g;
const compiled = new WeakMap<AuthzEntry, CompiledEntry | null>();

/** The placeholder names of a template, in order (dotted input paths as written). */
export function templatePlaceholders(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER), (m) => m[1] ?? '');
}

function compiledOf(entry: AuthzEntry): CompiledEntry | null {
  let c = compiled.get(entry);
  if (c === undefined) {
    c = compile(entry);
    compiled.set(entry, c);
  }
  return c;
}

/**
 * The resolver names filling this entry for this input will ask for: placeholders the input leaves empty (a template
 * may need a stored fact or an AWS default) and the resolved context keys. Lets a caller look them up (asynchronously,
 * in the store) before the synchronous resolveAuthz.
 */
export function resolverNamesFor(entry: AuthzEntry, input: Record<string, unknown>): readonly string[] {
  const c = compiledOf(entry);
  if (c === null) return [];
  const names: string[] = [];
  for (const t of c.resources) {
    for (const part of t.parts) {
      if (typeof part === 'string' || part.request !== undefined || part.path.length !== 1) continue;
      if (slotInputValue(part, input) === undefined && !names.includes(part.name)) names.push(part.name);
    }
  }
  for (const [, name] of c.resolvedContext) if (!names.includes(name)) names.push(name);
  return names;
}

export function resolveAuthz(
  entry: AuthzEntry,
  input: Record<string, unknown>,
  env: AuthzEnv,
): AuthzRequest | null {
  const c = compiledOf(entry);
  if (c === null) return null;

  const resources: string[] = [];
  for (const t of c.resources) fillTemplate(t, input, env, resources);

  const context: Record<string, string | readonly string[]> = {};
  for (const [key, path] of c.context) {
    const value = contextValue(readPath(input, path));
    if (value !== undefined) context[key] = value;
  }
  for (const [key, name] of c.resolvedContext) {
    const value = env.resolve(name);
    if (value !== undefined) context[key] = value;
  }
  if (c.requestTags !== undefined || c.tagKeys !== undefined) {
    const keys: string[] = [];
    if (c.requestTags !== undefined) {
      const tags = readPath(input, c.requestTags);
      if (Array.isArray(tags)) {
        for (const tag of tags) {
          if (tag === null || typeof tag !== 'object') continue;
          const { Key, Value } = tag as { Key?: unknown; Value?: unknown };
          if (typeof Key !== 'string') continue;
          context[`aws:RequestTag/${Key}`] = typeof Value === 'string' ? Value : '';
          if (!keys.includes(Key)) keys.push(Key);
        }
      }
    }
    if (c.tagKeys !== undefined) {
      const removed = readPath(input, c.tagKeys);
      if (Array.isArray(removed)) {
        for (const key of removed) if (typeof key === 'string' && !keys.includes(key)) keys.push(key);
      }
    }
    if (keys.length > 0) context['aws:TagKeys'] = keys;
  }
  const companions = c.companions.filter(([, key]) => context[key] !== undefined).map(([action]) => action);
  return companions.length > 0 ? { action: c.action, resources, context, companions } : { action: c.action, resources, context };
}

function compile(entry: AuthzEntry): CompiledEntry | null {
  if (entry.action === null) return null;
  return {
    action: entry.action,
    resources: entry.resources.map(compileTemplate),
    context: Object.entries(entry.context ?? {}).map(([key, path]) => [key, path.split('.')] as const),
    resolvedContext: Object.entries(entry.resolvedContext ?? {}),
    requestTags: entry.requestTags?.split('.'),
    tagKeys: entry.tagKeys?.split('.'),
    companions: Object.entries(entry.companions ?? {}),
  };
}

function compileTemplate(template: string): CompiledTemplate {
  const parts: (string | Slot)[] = [];
  let last = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    const name = m[1] ?? '';
    if (name === '') throw new Error(`authz template ${template}: empty placeholder`);
    if (m.index > last) parts.push(template.slice(last, m.index));
    parts.push({ name, path: name.split('.'), request: REQUEST_NAMES.get(name) });
    last = m.index + m[0].length;
  }
  if (last < template.length) parts.push(template.slice(last));
  // A '${' left over is a template that did not parse (unclosed or nested); fail at first use, not silently.
  if (parts.some((p) => typeof p === 'string' && p.includes('${'))) {
    throw new Error(`authz template ${template}: malformed placeholder`);
  }
  return { whole: parts.every((p) => typeof p === 'string') ? template : undefined, parts };
}

/** Appends the template's ARN(s) to out (deduplicated); '*' when any placeholder cannot be filled. */
function fillTemplate(t: CompiledTemplate, input: Record<string, unknown>, env: AuthzEnv, out: string[]): void {
  if (t.whole !== undefined) {
    push(out, t.whole);
    return;
  }
  let single = '';
  let several: string[] | undefined; // set once a list-valued placeholder fans the template out
  for (const part of t.parts) {
    const value = typeof part === 'string' ? part : slotValue(part, input, env);
    if (value === undefined) {
      push(out, '*');
      return;
    }
    if (typeof value === 'string') {
      if (several === undefined) single += value;
      else several = several.map((prefix) => prefix + value);
    } else {
      const prefixes = several ?? [single];
      several = prefixes.flatMap((prefix) => value.map((v) => prefix + v));
    }
  }
  if (several === undefined) push(out, single);
  else for (const arn of several) push(out, arn);
}

function slotValue(slot: Slot, input: Record<string, unknown>, env: AuthzEnv): string | readonly string[] | undefined {
  if (slot.request !== undefined) return env[slot.request] || undefined;
  const v = slotInputValue(slot, input);
  if (v !== undefined) return v;
  // Absent from the input: the service may know the value (a stored fact, or the default AWS applies).
  return slot.path.length === 1 ? env.resolve(slot.name) || undefined : undefined;
}

/** A placeholder's value from the input: a non-empty string (numbers as text) or a list of them; else undefined. */
function slotInputValue(slot: Slot, input: Record<string, unknown>): string | readonly string[] | undefined {
  const v = readPath(input, slot.path);
  if (typeof v === 'string') {
    if (v !== '') return v;
  } else if (typeof v === 'number' || typeof v === 'bigint') {
    return String(v);
  } else if (Array.isArray(v)) {
    const strings = v.filter((e): e is string => typeof e === 'string' && e !== '');
    if (strings.length > 0 && strings.length === v.length) return strings;
  }
  return undefined;
}

/** Follows a dotted path; through a list it collects the member from every element. */
function readPath(root: unknown, path: readonly string[]): unknown {
  let v: unknown = root;
  for (const seg of path) {
    if (Array.isArray(v)) {
      const next: unknown[] = [];
      for (const e of v) {
        const m = member(e, seg);
        if (Array.isArray(m)) next.push(...(m as unknown[]));
        else if (m !== undefined) next.push(m);
      }
      v = next;
    } else {
      v = member(v, seg);
      if (v === undefined) return undefined;
    }
  }
  return v;
}

function member(v: unknown, name: string): unknown {
  if (v === null || typeof v !== 'object' || !Object.hasOwn(v, name)) return undefined;
  return (v as Record<string, unknown>)[name];
}

/** Condition values are strings or lists of strings; numbers, booleans and dates become their string forms. */
function contextValue(v: unknown): string | readonly string[] | undefined {
  const scalar = contextScalar(v);
  if (scalar !== undefined) return scalar;
  if (!Array.isArray(v)) return undefined;
  const list: string[] = [];
  for (const e of v) {
    const s = contextScalar(e);
    if (s !== undefined) list.push(s);
  }
  return list.length > 0 ? list : undefined;
}

function contextScalar(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      return v instanceof Date ? v.toISOString() : undefined;
  }
}

function push(out: string[], arn: string): void {
  if (!out.includes(arn)) out.push(arn);
}
