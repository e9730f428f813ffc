// Model validation of parsed input, with AWS's wording:
//   1 validation error detected: Value null at 'accountName' failed to satisfy constraint: Member must not be null
// Paths are member names with the first letter lower-cased, joined by '.'; list items are `tags.1.member` (1-based);
// map values are `name.<key>`. Values print as given except under sensitive shapes (`Value at 'x' failed ...`) and
// blobs. Per value the checks run in the order AWS reports them: enum, pattern, then length or range.
// Each shape's checker is built once per (model, shape) and patterns are compiled once.

import { ServiceError } from '../errors.js';
import { compileJavaPattern } from './java-regex.js';
import type { ServiceModel, Shape } from './model.js';

type Check = (value: unknown, path: string, out: string[], hidden: boolean) => void;

const checkers = new WeakMap<ServiceModel, Map<string, Check>>();

/** Validates `value` as the structure `shapeName`; throws ServiceError(errorCode, message) on any violation. */
export function validateInput(model: ServiceModel, shapeName: string, value: unknown, errorCode: string): void {
  const violations: string[] = [];
  checkerFor(model, shapeName)(value, '', violations, false);
  if (violations.length > 0) throw validationError(errorCode, violations);
}

/** The violations of `value` against `shapeName`, without throwing (for tests and composition). */
export function validationViolations(model: ServiceModel, shapeName: string, value: unknown): string[] {
  const violations: string[] = [];
  checkerFor(model, shapeName)(value, '', violations, false);
  return violations;
}

export function validationError(errorCode: string, violations: readonly string[]): ServiceError {
  const n = violations.length;
  return new ServiceError(
    errorCode,
    `${n} validation error${n === 1 ? '' : 's'} detected: ${violations.join('; ')}`,
    { status: 400 },
  );
}

/** One violation in AWS's words. */
export function violation(value: unknown, path: string, constraint: string, hidden = false): string {
  const shown = hidden ? 'Value' : value === null || value === undefined ? 'Value null' : `Value '${display(value)}'`;
  return `${shown} at '${path}' failed to satisfy constraint: ${constraint}`;
}

/** Java-ish toString, which is what AWS's messages show for lists and maps. */
function display(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return `<${value.byteLength} bytes>`;
  if (Array.isArray(value)) return `[${value.map(display).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}=${display(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

const lowerFirst = (name: string): string => (name ? name[0]!.toLowerCase() + name.slice(1) : name);
const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

const noCheck: Check = () => {};

function checkerFor(model: ServiceModel, name: string): Check {
  let perModel = checkers.get(model);
  if (!perModel) {
    perModel = new Map();
    checkers.set(model, perModel);
  }
  let check = perModel.get(name);
  if (!check) {
    const shape = model.shapes[name];
    check = shape ? compile(model, shape) : noCheck;
    perModel.set(name, check);
  }
  return check;
}

/** The constraint phrases of a scalar value (used for map keys and values too). */
type Phrases = (value: unknown) => string[];

function lengthPhrases(min: number | undefined, max: number | undefined): ((n: number) => string[]) | undefined {
  if (min === undefined && max === undefined) return undefined;
  return (n) => {
    const out: string[] = [];
    if (min !== undefined && n < min) out.push(`Member must have length greater than or equal to ${min}`);
    if (max !== undefined && n > max) out.push(`Member must have length less than or equal to ${max}`);
    return out;
  };
}

function scalarPhrases(shape: Shape): Phrases | undefined {
  switch (shape.type) {
    case 'string': {
      const values = shape.enum ? new Set(shape.enum) : undefined;
      const enumPhrase = shape.enum ? `Member must satisfy enum value set: [${shape.enum.join(', ')}]` : '';
      const regex = shape.pattern !== undefined ? compileJavaPattern(shape.pattern) : undefined;
      const patternPhrase = `Member must satisfy regular expression pattern: ${shape.pattern ?? ''}`;
      const length = lengthPhrases(shape.min, shape.max);
      if (!values && !regex && !length) return undefined;
      return (value) => {
        if (typeof value !== 'string') return [];
        const out: string[] = [];
        if (values && !values.has(value)) out.push(enumPhrase);
        if (regex && !regex.test(value)) out.push(patternPhrase);
        if (length) out.push(...length(codePoints(value)));
        return out;
      };
    }
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const { min, max } = shape;
      if (min === undefined && max === undefined) return undefined;
      return (value) => {
        if (typeof value !== 'number' || Number.isNaN(value)) return [];
        const out: string[] = [];
        if (min !== undefined && value < min) out.push(`Member must have value greater than or equal to ${min}`);
        if (max !== undefined && value > max) out.push(`Member must have value less than or equal to ${max}`);
        return out;
      };
    }
    case 'blob': {
      const length = lengthPhrases(shape.min, shape.max);
      if (!length) return undefined;
      return (value) => (value instanceof Uint8Array ? length(value.byteLength) : []);
    }
    default:
      return undefined;
  }
}

function compile(model: ServiceModel, shape: Shape): Check {
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return noCheck;
      const required = new Set(shape.required ?? []);
      const members = Object.entries(shape.members).map(([name, ref]) => ({
        name,
        label: lowerFirst(name),
        required: required.has(name),
        shape: ref.shape,
      }));
      const hideAll = shape.sensitive === true;
      return (value, path, out, hidden) => {
        if (value === null || typeof value !== 'object') return;
        const record = value as Record<string, unknown>;
        const h = hidden || hideAll;
        for (const m of members) {
          const v = record[m.name];
          const p = join(path, m.label);
          if (v === undefined || v === null) {
            if (m.required) out.push(violation(null, p, 'Member must not be null'));
            continue;
          }
          checkerFor(model, m.shape)(v, p, out, h);
        }
      };
    }
    case 'list': {
      const length = lengthPhrases(shape.min, shape.max);
      const itemShape = shape.member.shape;
      const hideAll = shape.sensitive === true;
      return (value, path, out, hidden) => {
        if (!Array.isArray(value)) return;
        const h = hidden || hideAll;
        if (length) for (const phrase of length(value.length)) out.push(violation(value, path, phrase, h));
        const item = checkerFor(model, itemShape);
        for (let i = 0; i < value.length; i++) item(value[i], `${path}.${i + 1}.member`, out, h);
      };
    }
    case 'map': {
      const length = lengthPhrases(shape.min, shape.max);
      const keyShape = model.shapes[shape.key.shape];
      const valueShape = model.shapes[shape.value.shape];
      const keyPhrases = keyShape ? scalarPhrases(keyShape) : undefined;
      // Scalar values are reported as one "Map value must satisfy constraint" per map, as AWS does; structured
      // values are walked with the key in the path.
      const valuePhrases = valueShape ? scalarPhrases(valueShape) : undefined;
      const valueName = shape.value.shape;
      const hideAll = shape.sensitive === true;
      return (value, path, out, hidden) => {
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
        const h = hidden || hideAll;
        const entries = Object.entries(value as Record<string, unknown>);
        if (length) for (const phrase of length(entries.length)) out.push(violation(value, path, phrase, h));
        if (keyPhrases) {
          const bad = new Set<string>();
          for (const [k] of entries) for (const p of keyPhrases(k)) bad.add(p);
          if (bad.size) out.push(violation(value, path, `Map keys must satisfy constraint: [${[...bad].join(', ')}]`, h));
        }
        if (valuePhrases) {
          const bad = new Set<string>();
          for (const [, v] of entries) for (const p of valuePhrases(v)) bad.add(p);
          if (bad.size) out.push(violation(value, path, `Map value must satisfy constraint: [${[...bad].join(', ')}]`, h));
        } else {
          const item = checkerFor(model, valueName);
          for (const [k, v] of entries) item(v, join(path, k), out, h);
        }
      };
    }
    case 'string':
    case 'blob':
    case 'integer':
    case 'long':
    case 'float':
    case 'double': {
      const phrases = scalarPhrases(shape);
      if (!phrases) return noCheck;
      const hideOwn = (shape.type === 'string' && shape.sensitive === true) || shape.type === 'blob';
      return (value, path, out, hidden) => {
        for (const phrase of phrases(value)) out.push(violation(value, path, phrase, hidden || hideOwn));
      };
    }
    default:
      return noCheck;
  }
}
