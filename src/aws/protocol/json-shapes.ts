// Shape-directed conversion between parsed JSON and the values handlers see, shared by awsJson1_1 and the body of
// restJson1. Reading checks JSON types (a mismatch is a SerializationException, never a 500), turns timestamps
// into Date and blobs into Buffer, and drops unknown members; writing omits null/undefined members and writes
// timestamps as epoch seconds (or the member's timestampFormat) and blobs as base64.

import { frameworkErrors } from '../errors.js';
import type { MemberRef, ServiceModel, Shape, StructureShape } from './model.js';
import { formatTimestamp, timestampFormatOf, toDate } from './timestamps.js';

export interface MemberPlan {
  /** The member name (the key handlers see). */
  readonly name: string;
  /** The JSON key: the member's locationName (jsonName) or its name. */
  readonly wire: string;
  readonly ref: MemberRef;
  readonly shape: Shape;
}

export interface StructurePlan {
  readonly shape: StructureShape;
  readonly members: readonly MemberPlan[];
  readonly byWire: ReadonlyMap<string, MemberPlan>;
}

const plans = new WeakMap<ServiceModel, Map<string, StructurePlan>>();

export function shapeOf(model: ServiceModel, name: string): Shape {
  const shape = model.shapes[name];
  if (!shape) throw new Error(`shape ${name} is not in the ${model.metadata.serviceId} model`);
  return shape;
}

/** The members of a structure, resolved once per (model, shape). */
export function structurePlan(model: ServiceModel, name: string): StructurePlan {
  let perModel = plans.get(model);
  if (!perModel) {
    perModel = new Map();
    plans.set(model, perModel);
  }
  let plan = perModel.get(name);
  if (!plan) {
    const shape = shapeOf(model, name);
    if (shape.type !== 'structure') throw new Error(`shape ${name} is a ${shape.type}, not a structure`);
    const members = Object.entries(shape.members).map(([member, ref]) => ({
      name: member,
      wire: ref.location ? member : (ref.locationName ?? member),
      ref,
      shape: shapeOf(model, ref.shape),
    }));
    plan = { shape, members, byWire: new Map(members.map((m) => [m.wire, m])) };
    perModel.set(name, plan);
  }
  return plan;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function mismatch(path: string, expected: string, value: unknown): never {
  throw frameworkErrors.serialization(
    `Cannot read the request: expected ${expected} at '${path || '<root>'}' but found a JSON ${jsonType(value)}.`,
  );
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/**
 * Reads a JSON value as `ref`'s shape. `path` names the value in error messages (member names, list indexes).
 * Returns undefined for JSON null.
 */
export function readJson(model: ServiceModel, ref: MemberRef, value: unknown, path: string): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure':
      if (shape.document) return value;
      if (typeof value !== 'object' || Array.isArray(value)) mismatch(path, 'an object', value);
      return readJsonStructure(model, ref.shape, value as Record<string, unknown>, path, false);
    case 'list': {
      if (!Array.isArray(value)) mismatch(path, 'an array', value);
      const out: unknown[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = readJson(model, shape.member, value[i], `${path}[${i}]`);
        if (item !== undefined) out.push(item);
      }
      return out;
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) mismatch(path, 'an object', value);
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const item = readJson(model, shape.value, v, join(path, k));
        if (item !== undefined) out[k] = item;
      }
      return out;
    }
    case 'string':
      if (typeof value !== 'string') mismatch(path, 'a string', value);
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') mismatch(path, 'a boolean', value);
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) mismatch(path, 'an integer', value);
      return value;
    case 'float':
    case 'double':
      if (typeof value === 'number') return value;
      if (value === 'NaN') return Number.NaN;
      if (value === 'Infinity') return Number.POSITIVE_INFINITY;
      if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
      return mismatch(path, 'a number', value);
    case 'timestamp': {
      if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000);
      if (typeof value === 'string') {
        const date = toDate(value);
        if (date) return date;
      }
      return mismatch(path, 'a timestamp (epoch seconds)', value);
    }
    case 'blob':
      if (typeof value !== 'string') mismatch(path, 'a base64 string', value);
      return Buffer.from(value, 'base64');
  }
}

/** Reads a JSON object as a structure; `bodyOnly` skips members bound elsewhere (rest-json uri, header, ...). */
export function readJsonStructure(
  model: ServiceModel,
  shapeName: string,
  value: Readonly<Record<string, unknown>>,
  path: string,
  bodyOnly: boolean,
): Record<string, unknown> {
  const plan = structurePlan(model, shapeName);
  const out: Record<string, unknown> = {};
  for (const member of plan.members) {
    if (bodyOnly && member.ref.location) continue;
    if (!Object.hasOwn(value, member.wire)) continue;
    const item = readJson(model, member.ref, value[member.wire], join(path, member.wire));
    if (item !== undefined) out[member.name] = item;
  }
  return out;
}

/** Writes a handler value as JSON-ready data for `ref`'s shape; undefined when there is nothing to write. */
export function writeJson(model: ServiceModel, ref: MemberRef, value: unknown): unknown {
  if (value === null || value === undefined) return undefined;
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure':
      if (shape.document) return value;
      return typeof value === 'object' ? writeJsonStructure(model, ref.shape, value as Record<string, unknown>, false) : undefined;
    case 'list': {
      if (!Array.isArray(value)) return undefined;
      const out: unknown[] = [];
      for (const item of value) {
        const written = writeJson(model, shape.member, item);
        if (written !== undefined) out.push(written);
      }
      return out;
    }
    case 'map': {
      if (typeof value !== 'object') return undefined;
      const entries = value instanceof Map ? [...(value as Map<string, unknown>)] : Object.entries(value as object);
      const out: Record<string, unknown> = {};
      for (const [k, v] of entries) {
        const written = writeJson(model, shape.value, v);
        if (written !== undefined) out[k] = written;
      }
      return out;
    }
    case 'timestamp': {
      const date = toDate(value);
      return date ? formatTimestamp(date, timestampFormatOf(ref, shape, 'unixTimestamp')) : undefined;
    }
    case 'blob':
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      return typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : undefined;
    case 'float':
    case 'double':
      if (typeof value === 'number' && !Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
      return value;
    default:
      return value;
  }
}

/** Writes a structure's members as a JSON object; `bodyOnly` leaves out members bound to headers or status. */
export function writeJsonStructure(
  model: ServiceModel,
  shapeName: string,
  value: Readonly<Record<string, unknown>>,
  bodyOnly: boolean,
): Record<string, unknown> {
  const plan = structurePlan(model, shapeName);
  const out: Record<string, unknown> = {};
  for (const member of plan.members) {
    if (bodyOnly && member.ref.location) continue;
    const written = writeJson(model, member.ref, value[member.name]);
    if (written !== undefined) out[member.wire] = written;
  }
  return out;
}
