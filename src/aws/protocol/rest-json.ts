// restJson1 (sso portal, sso-oidc): the operation comes from method + path (matchRestOperation, used by the
// router), input members travel in uri labels, the query string, headers or the JSON body (or one `payload`
// member), and errors always carry `x-amzn-ErrorType`, which is where botocore reads the code from.

import { frameworkErrors, type ServiceError } from '../errors.js';
import { isJsonObject, jsonErrorBody, parseJsonBody } from './aws-json.js';
import type { Codec, ParseOptions } from './codec.js';
import { resolveError } from './error-shapes.js';
import { readJson, readJsonStructure, structurePlan, writeJson, writeJsonStructure, type MemberPlan } from './json-shapes.js';
import type { OperationModel, ServiceModel } from './model.js';
import { readTextScalar } from './text-values.js';
import { formatTimestamp, timestampFormatOf, toDate } from './timestamps.js';
import { validateInput } from './validate.js';
import type { WireRequest, WireResponse } from './wire.js';

// ---------------------------------------------------------------------------------------------------------------
// Routing

interface Route {
  readonly operation: OperationModel;
  readonly pattern: RegExp;
  readonly labels: readonly string[];
  /** Literal query parameters of the requestUri (`/token?aws_iam=t`); undefined value: present with any value. */
  readonly query: ReadonlyArray<readonly [string, string | undefined]>;
  readonly greedy: boolean;
  readonly literalSegments: number;
  readonly literalLength: number;
}

export interface RestMatch {
  readonly operation: OperationModel;
  /** Uri label values, percent-decoded, by label name. */
  readonly labels: Readonly<Record<string, string>>;
}

const routeTables = new WeakMap<ServiceModel, ReadonlyMap<string, readonly Route[]>>();
const routesByOperation = new WeakMap<OperationModel, Route>();

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compileRoute(operation: OperationModel): Route {
  let route = routesByOperation.get(operation);
  if (route) return route;
  const uri = operation.http.requestUri;
  const q = uri.indexOf('?');
  let path = q < 0 ? uri : uri.slice(0, q);
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  const query = (q < 0 ? '' : uri.slice(q + 1))
    .split('&')
    .filter((p) => p !== '')
    .map((p): readonly [string, string | undefined] => {
      const eq = p.indexOf('=');
      return eq < 0 ? [decodeURIComponent(p), undefined] : [decodeURIComponent(p.slice(0, eq)), decodeURIComponent(p.slice(eq + 1))];
    });
  const labels: string[] = [];
  let greedy = false;
  let literalLength = 0;
  let literalSegments = 0;
  let source = '';
  let last = 0;
  const labelPattern = /\{([^}]+?)(\+)?\}/g;
  for (let m = labelPattern.exec(path); m; m = labelPattern.exec(path)) {
    const literal = path.slice(last, m.index);
    source += escapeRegex(literal);
    literalLength += literal.length;
    labels.push(m[1] ?? '');
    if (m[2]) greedy = true;
    source += m[2] ? '(.+)' : '([^/]+)';
    last = m.index + m[0].length;
  }
  const tail = path.slice(last);
  source += escapeRegex(tail);
  literalLength += tail.length;
  for (const segment of path.split('/')) if (segment !== '' && !segment.includes('{')) literalSegments++;
  route = {
    operation,
    pattern: new RegExp(`^${source === '/' ? '' : source}/?$`),
    labels,
    query,
    greedy,
    literalSegments,
    literalLength,
  };
  routesByOperation.set(operation, route);
  return route;
}

function routeTable(model: ServiceModel): ReadonlyMap<string, readonly Route[]> {
  let table = routeTables.get(model);
  if (!table) {
    const byMethod = new Map<string, Route[]>();
    for (const operation of Object.values(model.operations)) {
      const method = operation.http.method.toUpperCase();
      const list = byMethod.get(method) ?? [];
      list.push(compileRoute(operation));
      byMethod.set(method, list);
    }
    // Most specific first: no greedy label, more literal segments, required query literals, longer literals.
    for (const list of byMethod.values()) {
      list.sort(
        (a, b) =>
          Number(a.greedy) - Number(b.greedy) ||
          b.literalSegments - a.literalSegments ||
          b.query.length - a.query.length ||
          b.literalLength - a.literalLength,
      );
    }
    table = byMethod;
    routeTables.set(model, table);
  }
  return table;
}

function matchRoute(route: Route, path: string, query: URLSearchParams | undefined): Record<string, string> | undefined {
  const m = route.pattern.exec(path);
  if (!m) return undefined;
  for (const [key, value] of route.query) {
    if (!query?.has(key)) return undefined;
    if (value !== undefined && query.get(key) !== value) return undefined;
  }
  const labels: Record<string, string> = {};
  for (let i = 0; i < route.labels.length; i++) {
    const raw = m[i + 1] ?? '';
    try {
      labels[route.labels[i] as string] = decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return labels;
}

/**
 * The rest-json operation a request is for, from its method and raw (still percent-encoded) path, and the query
 * when an operation's requestUri has literal query parameters (sso-oidc CreateTokenWithIAM is `/token?aws_iam=t`;
 * without the query such routes never match, so `/token` is CreateToken).
 */
export function matchRestOperation(
  model: ServiceModel,
  method: string,
  path: string,
  query?: URLSearchParams,
): RestMatch | undefined {
  const routes = routeTable(model).get(method.toUpperCase());
  if (!routes) return undefined;
  for (const route of routes) {
    const labels = matchRoute(route, path, query);
    if (labels) return { operation: route.operation, labels };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Member bindings

interface Bindings {
  readonly uri: readonly MemberPlan[];
  readonly query: readonly MemberPlan[];
  /** A map member bound to the whole query string (location querystring without a name). */
  readonly queryMap: MemberPlan | undefined;
  readonly header: readonly MemberPlan[];
  readonly prefixHeaders: readonly MemberPlan[];
  readonly statusCode: MemberPlan | undefined;
  readonly payload: MemberPlan | undefined;
  readonly hasBody: boolean;
}

const bindingCache = new WeakMap<ServiceModel, Map<string, Bindings>>();

function bindings(model: ServiceModel, shapeName: string): Bindings {
  let perModel = bindingCache.get(model);
  if (!perModel) {
    perModel = new Map();
    bindingCache.set(model, perModel);
  }
  let b = perModel.get(shapeName);
  if (!b) {
    const plan = structurePlan(model, shapeName);
    const by = (location: string) => plan.members.filter((m) => m.ref.location === location);
    const query = by('querystring');
    const queryMap = query.find((m) => m.shape.type === 'map');
    const payload = plan.shape.payload ? plan.members.find((m) => m.name === plan.shape.payload) : undefined;
    b = {
      uri: by('uri'),
      query: query.filter((m) => m !== queryMap),
      queryMap,
      header: by('header'),
      prefixHeaders: by('headers'),
      statusCode: plan.members.find((m) => m.ref.location === 'statusCode'),
      payload,
      hasBody: !payload && plan.members.some((m) => !m.ref.location),
    };
    perModel.set(shapeName, b);
  }
  return b;
}

const lowerFirst = (name: string): string => (name ? name[0]!.toLowerCase() + name.slice(1) : name);

function headerValueToText(member: MemberPlan, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (member.ref.jsonvalue) return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
  switch (member.shape.type) {
    case 'timestamp': {
      const date = toDate(value);
      return date ? String(formatTimestamp(date, timestampFormatOf(member.ref, member.shape, 'rfc822'))) : undefined;
    }
    case 'list':
      return Array.isArray(value) ? value.map((v) => String(v)).join(', ') : undefined;
    case 'blob':
      return value instanceof Uint8Array ? Buffer.from(value).toString('base64') : String(value);
    default:
      return String(value);
  }
}

function readHeader(model: ServiceModel, member: MemberPlan, text: string, code: string): unknown {
  const path = lowerFirst(member.name);
  if (member.ref.jsonvalue) {
    try {
      return JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as unknown;
    } catch {
      throw frameworkErrors.serialization(`Header '${member.ref.locationName ?? member.name}' is not base64-encoded JSON.`);
    }
  }
  if (member.shape.type === 'list') {
    const itemRef = member.shape.member;
    const itemShape = model.shapes[itemRef.shape];
    if (!itemShape) return undefined;
    return text
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '')
      .map((s, i) => readTextScalar(itemRef, itemShape, s, `${path}.${i + 1}.member`, 'rfc822', code));
  }
  return readTextScalar(member.ref, member.shape, text, path, 'rfc822', code);
}

function readQueryMember(model: ServiceModel, member: MemberPlan, query: URLSearchParams, code: string): unknown {
  const name = member.ref.locationName ?? member.name;
  const path = lowerFirst(member.name);
  if (member.shape.type === 'list') {
    if (!query.has(name)) return undefined;
    const itemRef = member.shape.member;
    const itemShape = model.shapes[itemRef.shape];
    if (!itemShape) return undefined;
    return query.getAll(name).map((s, i) => readTextScalar(itemRef, itemShape, s, `${path}.${i + 1}.member`, 'iso8601', code));
  }
  const text = query.get(name);
  return text === null ? undefined : readTextScalar(member.ref, member.shape, text, path, 'iso8601', code);
}

// ---------------------------------------------------------------------------------------------------------------
// The codec

const contentType = 'application/json';

export const restJsonCodec: Codec = {
  protocol: 'rest-json',

  parseInput(service: ServiceModel, operation: OperationModel, request: WireRequest, options: ParseOptions) {
    if (!operation.input) return {};
    const shapeName = operation.input.shape;
    const b = bindings(service, shapeName);
    const code = options.validationErrorCode;
    const input: Record<string, unknown> = {};

    if (b.hasBody) {
      const parsed = parseJsonBody(request.body);
      if (!isJsonObject(parsed)) throw frameworkErrors.serialization('The request body must be a JSON object.');
      Object.assign(input, readJsonStructure(service, shapeName, parsed, '', true));
    } else if (b.payload && request.body.length > 0) {
      const p = b.payload;
      if (p.shape.type === 'blob') input[p.name] = request.body;
      else if (p.shape.type === 'string') input[p.name] = request.body.toString('utf8');
      else {
        const value = readJson(service, p.ref, parseJsonBody(request.body), p.wire);
        if (value !== undefined) input[p.name] = value;
      }
    }

    if (b.uri.length > 0) {
      const labels = matchRoute(compileRoute(operation), request.path, request.query) ?? {};
      for (const m of b.uri) {
        const text = labels[m.ref.locationName ?? m.name];
        if (text !== undefined) input[m.name] = readTextScalar(m.ref, m.shape, text, lowerFirst(m.name), 'iso8601', code);
      }
    }
    for (const m of b.query) {
      const value = readQueryMember(service, m, request.query, code);
      if (value !== undefined) input[m.name] = value;
    }
    if (b.queryMap && b.queryMap.shape.type === 'map') {
      const bound = new Set(b.query.map((m) => m.ref.locationName ?? m.name));
      for (const [key] of compileRoute(operation).query) bound.add(key);
      const valueShape = service.shapes[b.queryMap.shape.value.shape];
      const map: Record<string, unknown> = {};
      for (const key of new Set(request.query.keys())) {
        if (bound.has(key)) continue;
        const all = request.query.getAll(key);
        map[key] = valueShape?.type === 'list' ? all : all[0];
      }
      if (Object.keys(map).length > 0) input[b.queryMap.name] = map;
    }
    for (const m of b.header) {
      const text = request.headers[(m.ref.locationName ?? m.name).toLowerCase()];
      if (text !== undefined) input[m.name] = readHeader(service, m, text, code);
    }
    for (const m of b.prefixHeaders) {
      const prefix = (m.ref.locationName ?? '').toLowerCase();
      const map: Record<string, string> = {};
      for (const [name, value] of Object.entries(request.headers)) {
        if (name.startsWith(prefix)) map[name.slice(prefix.length)] = value;
      }
      if (Object.keys(map).length > 0) input[m.name] = map;
    }

    validateInput(service, shapeName, input, code);
    return input;
  },

  serializeOutput(service: ServiceModel, operation: OperationModel, output: unknown, requestId: string): WireResponse {
    const status = operation.http.responseCode ?? 200;
    if (!operation.output) return { status, headers: { 'x-amzn-RequestId': requestId }, body: '' };
    const value = isJsonObject(output) ? output : {};
    const shapeName = operation.output.shape;
    const b = bindings(service, shapeName);
    const headers: Record<string, string> = { 'content-type': contentType, 'x-amzn-RequestId': requestId };
    writeHeaders(b, value, headers);
    let statusCode = status;
    if (b.statusCode && typeof value[b.statusCode.name] === 'number') statusCode = value[b.statusCode.name] as number;
    let body: string | Buffer;
    if (b.payload) {
      const p = b.payload;
      const v = value[p.name];
      if (v === undefined || v === null) body = '';
      else if (p.shape.type === 'blob') {
        body = v instanceof Uint8Array ? Buffer.from(v) : Buffer.from(String(v), 'utf8');
        headers['content-type'] = 'application/octet-stream';
      } else if (p.shape.type === 'string') {
        body = String(v);
        headers['content-type'] = 'text/plain';
      } else body = JSON.stringify(writeJson(service, p.ref, v) ?? {});
    } else {
      body = JSON.stringify(writeJsonStructure(service, shapeName, value, true));
    }
    return { status: statusCode, headers, body };
  },

  serializeError(service: ServiceModel, error: ServiceError, requestId: string): WireResponse {
    const resolved = resolveError(service, error);
    const headers: Record<string, string> = {
      ...error.headers,
      'content-type': contentType,
      'x-amzn-RequestId': requestId,
      'x-amzn-ErrorType': resolved.code,
    };
    if (resolved.shapeName) writeHeaders(bindings(service, resolved.shapeName), error.fields, headers);
    const body = jsonErrorBody(service, error, resolved.shapeName, {});
    return { status: resolved.status, headers, body: JSON.stringify(body) };
  },
};

function writeHeaders(b: Bindings, value: Readonly<Record<string, unknown>>, headers: Record<string, string>): void {
  for (const m of b.header) {
    const text = headerValueToText(m, value[m.name]);
    if (text !== undefined) headers[(m.ref.locationName ?? m.name).toLowerCase()] = text;
  }
  for (const m of b.prefixHeaders) {
    const map = value[m.name];
    if (!isJsonObject(map)) continue;
    const prefix = (m.ref.locationName ?? '').toLowerCase();
    for (const [k, v] of Object.entries(map)) if (v !== undefined && v !== null) headers[`${prefix}${k}`.toLowerCase()] = String(v);
  }
}
