// awsQuery (sts, iam): input is the form body (application/x-www-form-urlencoded) over the URL query string, keyed
// `Member`, `List.member.N`, `Map.entry.N.key`, `Struct.Member`; output is XML wrapped in <OpResponse><OpResult>
// with ResponseMetadata; errors are <ErrorResponse> with the error trait's code (NoSuchEntityException ->
// NoSuchEntity) and its HTTP status.

import type { ServiceError } from '../errors.js';
import type { Codec, ParseOptions } from './codec.js';
import { resolveError } from './error-shapes.js';
import { shapeOf, structurePlan } from './json-shapes.js';
import type { MemberRef, OperationModel, ServiceModel, Shape } from './model.js';
import { readTextScalar } from './text-values.js';
import { epochSeconds, isoTimestamp, timestampFormatOf, toDate } from './timestamps.js';
import { validateInput } from './validate.js';
import type { WireRequest, WireResponse } from './wire.js';

// ---------------------------------------------------------------------------------------------------------------
// Input: flat keys -> a tree -> values by shape

interface Node {
  value?: string;
  children?: Map<string, Node>;
}

function buildTree(params: Iterable<[string, string]>): Node {
  const root: Node = {};
  for (const [key, value] of params) {
    if (key === 'Action' || key === 'Version') continue;
    let node = root;
    for (const part of key.split('.')) {
      node.children ??= new Map();
      let child = node.children.get(part);
      if (!child) {
        child = {};
        node.children.set(part, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
}

/** Children keyed 1, 2, 3... in numeric order (AWS numbers list items and map entries from 1). */
function numbered(node: Node | undefined): Node[] {
  if (!node?.children) return [];
  const items: [number, Node][] = [];
  for (const [k, child] of node.children) {
    if (/^[1-9]\d*$/.test(k)) items.push([Number(k), child]);
  }
  return items.sort((a, b) => a[0] - b[0]).map(([, child]) => child);
}

const lowerFirst = (name: string): string => (name ? name[0]!.toLowerCase() + name.slice(1) : name);
const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

interface QueryMember {
  readonly name: string;
  readonly key: string;
  readonly label: string;
  readonly ref: MemberRef;
  readonly shape: Shape;
}

const queryPlans = new WeakMap<ServiceModel, Map<string, readonly QueryMember[]>>();

function queryMembers(model: ServiceModel, shapeName: string): readonly QueryMember[] {
  let perModel = queryPlans.get(model);
  if (!perModel) {
    perModel = new Map();
    queryPlans.set(model, perModel);
  }
  let members = perModel.get(shapeName);
  if (!members) {
    members = structurePlan(model, shapeName).members.map((m) => ({
      name: m.name,
      key: m.ref.queryName ?? m.ref.locationName ?? m.name,
      label: lowerFirst(m.name),
      ref: m.ref,
      shape: m.shape,
    }));
    perModel.set(shapeName, members);
  }
  return members;
}

function readNode(model: ServiceModel, ref: MemberRef, node: Node, path: string, code: string): unknown {
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure': {
      if (shape.document) return node.value;
      if (!node.children) return node.value === undefined ? undefined : {};
      return readStructure(model, ref.shape, node, path, code);
    }
    case 'list': {
      const flattened = ref.flattened === true || shape.flattened === true;
      const container = flattened ? node : node.children?.get(shape.member.locationName ?? 'member');
      const items = numbered(container);
      // `Name=` with no items is how clients send an empty list.
      if (items.length === 0) return node.value !== undefined || container ? [] : undefined;
      const out: unknown[] = [];
      items.forEach((item, i) => {
        const v = readNode(model, shape.member, item, `${path}.${i + 1}.member`, code);
        if (v !== undefined) out.push(v);
      });
      return out;
    }
    case 'map': {
      const flattened = ref.flattened === true || shape.flattened === true;
      const entries = numbered(flattened ? node : node.children?.get('entry'));
      if (entries.length === 0) return node.value !== undefined ? {} : undefined;
      const keyName = shape.key.locationName ?? 'key';
      const valueName = shape.value.locationName ?? 'value';
      const out: Record<string, unknown> = {};
      for (const entry of entries) {
        const k = entry.children?.get(keyName)?.value;
        const v = entry.children?.get(valueName);
        if (k === undefined || !v) continue;
        const value = readNode(model, shape.value, v, join(path, k), code);
        if (value !== undefined) out[k] = value;
      }
      return out;
    }
    default:
      return node.value === undefined ? undefined : readTextScalar(ref, shape, node.value, path, 'iso8601', code);
  }
}

function readStructure(model: ServiceModel, shapeName: string, node: Node, path: string, code: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!node.children) return out;
  for (const m of queryMembers(model, shapeName)) {
    const child = node.children.get(m.key);
    if (!child) continue;
    const value = readNode(model, m.ref, child, join(path, m.label), code);
    if (value !== undefined) out[m.name] = value;
  }
  return out;
}

function requestParams(request: WireRequest): Map<string, string> {
  const params = new Map<string, string>();
  for (const [k, v] of request.query) params.set(k, v);
  if (request.body.length > 0) {
    for (const [k, v] of new URLSearchParams(request.body.toString('utf8'))) params.set(k, v);
  }
  return params;
}

// ---------------------------------------------------------------------------------------------------------------
// Output: values by shape -> XML

const xmlSpecial = /[&<>"'\u0000-\u001f\u007f-\u009f]/;
const xmlSpecialAll = /[&<>"'\u0000-\u001f\u007f-\u009f]/g;
const entities: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Escapes text for XML content and attributes: the five specials and control characters as references. */
export function escapeXml(text: string): string {
  if (!xmlSpecial.test(text)) return text;
  return text.replace(xmlSpecialAll, (c) => entities[c] ?? `&#x${c.charCodeAt(0).toString(16).toUpperCase()};`);
}

function scalarText(ref: MemberRef, shape: Shape, value: unknown): string | undefined {
  switch (shape.type) {
    case 'timestamp': {
      const date = toDate(value);
      if (!date) return undefined;
      const format = timestampFormatOf(ref, shape, 'iso8601');
      return format === 'unixTimestamp' ? String(epochSeconds(date)) : format === 'rfc822' ? date.toUTCString() : isoTimestamp(date);
    }
    case 'blob':
      if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
      return typeof value === 'string' ? Buffer.from(value, 'utf8').toString('base64') : undefined;
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : value === 'true' || value === 'false' ? value : undefined;
    case 'structure':
      // A document has no XML form in awsQuery; write it as JSON text rather than drop it.
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      return typeof value === 'object' ? undefined : String(value);
  }
}

/** Writes `value` as the element `name` (or, for flattened lists and maps, as repeated elements). */
function writeElement(model: ServiceModel, ref: MemberRef, name: string, value: unknown): string {
  if (value === undefined || value === null) return '';
  const shape = shapeOf(model, ref.shape);
  switch (shape.type) {
    case 'structure':
      if (shape.document) break;
      return typeof value === 'object' ? `<${name}>${writeMembers(model, ref.shape, value as Record<string, unknown>)}</${name}>` : '';
    case 'list': {
      if (!Array.isArray(value)) return '';
      const flattened = ref.flattened === true || shape.flattened === true;
      if (flattened) {
        const itemName = shape.member.locationName ?? name;
        return value.map((item) => writeElement(model, shape.member, itemName, item)).join('');
      }
      if (value.length === 0) return `<${name}/>`;
      const itemName = shape.member.locationName ?? 'member';
      let inner = '';
      for (const item of value) inner += writeElement(model, shape.member, itemName, item);
      return `<${name}>${inner}</${name}>`;
    }
    case 'map': {
      if (typeof value !== 'object') return '';
      const flattened = ref.flattened === true || shape.flattened === true;
      const keyName = shape.key.locationName ?? 'key';
      const valueName = shape.value.locationName ?? 'value';
      let inner = '';
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        if (v === undefined || v === null) continue;
        const entry = `<${keyName}>${escapeXml(k)}</${keyName}>${writeElement(model, shape.value, valueName, v)}`;
        inner += flattened ? `<${name}>${entry}</${name}>` : `<entry>${entry}</entry>`;
      }
      return flattened ? inner : `<${name}>${inner}</${name}>`;
    }
    default:
      break;
  }
  const text = scalarText(ref, shape, value);
  return text === undefined ? '' : `<${name}>${escapeXml(text)}</${name}>`;
}

interface XmlMember {
  readonly name: string;
  readonly element: string;
  readonly ref: MemberRef;
  /** A string shape: a string value is written as escaped text with no further look at the model. */
  readonly text: boolean;
}

const xmlPlans = new WeakMap<ServiceModel, Map<string, readonly XmlMember[]>>();

function xmlMembers(model: ServiceModel, shapeName: string): readonly XmlMember[] {
  let perModel = xmlPlans.get(model);
  if (!perModel) {
    perModel = new Map();
    xmlPlans.set(model, perModel);
  }
  let members = perModel.get(shapeName);
  if (!members) {
    members = structurePlan(model, shapeName).members.map((m) => ({
      name: m.name,
      element: m.ref.locationName ?? m.name,
      ref: m.ref,
      text: m.shape.type === 'string',
    }));
    perModel.set(shapeName, members);
  }
  return members;
}

function writeMembers(model: ServiceModel, shapeName: string, value: Readonly<Record<string, unknown>>): string {
  let out = '';
  for (const m of xmlMembers(model, shapeName)) {
    const v = value[m.name];
    out += m.text && typeof v === 'string' ? `<${m.element}>${escapeXml(v)}</${m.element}>` : writeElement(model, m.ref, m.element, v);
  }
  return out;
}

function xmlnsAttr(model: ServiceModel): string {
  const ns = model.metadata.xmlNamespace;
  return ns ? ` xmlns="${escapeXml(ns)}"` : '';
}

// ---------------------------------------------------------------------------------------------------------------
// The codec

const contentType = 'text/xml';

export const awsQueryCodec: Codec = {
  protocol: 'query',

  parseInput(service: ServiceModel, operation: OperationModel, request: WireRequest, options: ParseOptions) {
    if (!operation.input) return {};
    const shapeName = operation.input.shape;
    const members = queryMembers(service, shapeName);
    // The hot path (GetCallerIdentity and the like) has no members: skip reading the form at all.
    if (members.length === 0) return {};
    const tree = buildTree(requestParams(request));
    const input = readStructure(service, shapeName, tree, '', options.validationErrorCode);
    validateInput(service, shapeName, input, options.validationErrorCode);
    return input;
  },

  serializeOutput(service: ServiceModel, operation: OperationModel, output: unknown, requestId: string): WireResponse {
    const name = operation.name;
    let result = '';
    if (operation.output) {
      const wrapper = operation.output.resultWrapper ?? `${name}Result`;
      const value = output !== null && typeof output === 'object' ? (output as Record<string, unknown>) : {};
      result = `<${wrapper}>${writeMembers(service, operation.output.shape, value)}</${wrapper}>`;
    }
    const body =
      `<${name}Response${xmlnsAttr(service)}>${result}` +
      `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata></${name}Response>`;
    return { status: 200, headers: { 'content-type': contentType, 'x-amzn-RequestId': requestId }, body };
  },

  serializeError(service: ServiceModel, error: ServiceError, requestId: string): WireResponse {
    const resolved = resolveError(service, error);
    let extra = '';
    if (resolved.shapeName) {
      // The error shape's other members (its `message` is the Message element already).
      for (const m of xmlMembers(service, resolved.shapeName)) {
        if (m.name.toLowerCase() === 'message') continue;
        extra += writeElement(service, m.ref, m.element, error.fields[m.name]);
      }
    }
    const body =
      `<ErrorResponse${xmlnsAttr(service)}><Error><Type>${resolved.fault}</Type>` +
      `<Code>${escapeXml(resolved.queryCode)}</Code><Message>${escapeXml(error.message)}</Message>${extra}</Error>` +
      `<RequestId>${escapeXml(requestId)}</RequestId></ErrorResponse>`;
    return {
      status: resolved.status,
      headers: { ...error.headers, 'content-type': contentType, 'x-amzn-RequestId': requestId },
      body,
    };
  },
};
