#!/usr/bin/env node
// Generates src/aws/api/<service>.ts from botocore's service-2.json models.
//
// Why botocore and not npm: the models published on npm are stripped of the validation traits we need to answer
// like AWS does. aws-sdk v2's apis/*.min.json drops min/max/pattern/enum, and the SDK v3 clients ship schemas with
// none of them either. botocore's data folder keeps the full service-2.json (compressed as .json.gz in recent
// releases) with every constraint, error trait and binding. By default the script reads the data folder of the
// botocore installed for the machine's `python3`; `--from DIR` points it at any other botocore `data` folder (for
// example one unpacked from the botocore wheel on PyPI), and `--botocore-version X` names its version when it cannot
// be read from DIR/../__init__.py. For each service the newest api-version folder is used.
//
// Output per service: the runtime model (src/aws/protocol/model.ts types; only the traits the runtime declares,
// no documentation), TypeScript types for every structure and string enum, the <Name>Api interface that the
// service's provider implements, and the operation names. Never imported at runtime; run with `npm run generate`.
//
// Usage: node scripts/generate-models.mjs [--from DIR] [--botocore-version X] [--out DIR] [service...]

import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const SERVICES = ['organizations', 'sso-admin', 'identitystore', 'sso', 'sso-oidc', 'sts', 'iam'];

function parseArgs(argv) {
  const args = { from: undefined, version: undefined, out: resolve(here, '../src/aws/api'), services: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--from') args.from = argv[++i];
    else if (a === '--botocore-version') args.version = argv[++i];
    else if (a === '--out') args.out = resolve(argv[++i]);
    else if (a === '--help' || a === '-h') {
      console.log('node scripts/generate-models.mjs [--from DIR] [--botocore-version X] [--out DIR] [service...]');
      process.exit(0);
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}`);
    else args.services.push(a);
  }
  return args;
}

function locateBotocore(args) {
  if (args.from) {
    const dataDir = resolve(args.from);
    let version = args.version;
    if (!version) {
      const init = join(dataDir, '..', '__init__.py');
      const m = existsSync(init) ? /__version__\s*=\s*['"]([^'"]+)['"]/.exec(readFileSync(init, 'utf8')) : null;
      version = m ? m[1] : 'unknown';
    }
    return { dataDir, version };
  }
  const out = execFileSync(
    'python3',
    ['-c', 'import botocore,os;print(os.path.dirname(botocore.__file__));print(botocore.__version__)'],
    { encoding: 'utf8' },
  ).trim().split('\n');
  return { dataDir: join(out[0], 'data'), version: args.version ?? out[1] };
}

function loadModel(dataDir, service) {
  const serviceDir = join(dataDir, service);
  const versions = readdirSync(serviceDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{4}-\d{2}-\d{2}$/.test(d.name))
    .map((d) => d.name)
    .sort();
  const apiVersion = versions.at(-1);
  if (!apiVersion) throw new Error(`no api-version folder under ${serviceDir}`);
  const plain = join(serviceDir, apiVersion, 'service-2.json');
  const text = existsSync(plain)
    ? readFileSync(plain, 'utf8')
    : gunzipSync(readFileSync(`${plain}.gz`)).toString('utf8');
  return { apiVersion, json: JSON.parse(text) };
}

// ---------------------------------------------------------------------------------------------------------------
// Runtime model

const PROTOCOLS = new Set(['json', 'rest-json', 'query']);

function memberRef(ref) {
  const out = { shape: ref.shape };
  for (const k of ['location', 'locationName', 'queryName', 'flattened', 'timestampFormat', 'idempotencyToken', 'jsonvalue', 'xmlAttribute']) {
    if (ref[k] !== undefined) out[k] = ref[k];
  }
  return out;
}

function runtimeShape(name, s) {
  const out = { type: s.type };
  const pick = (...keys) => {
    for (const k of keys) if (s[k] !== undefined) out[k] = s[k];
  };
  switch (s.type) {
    case 'structure': {
      if (s.document) {
        out.members = {};
        out.document = true;
        break;
      }
      out.members = Object.fromEntries(Object.entries(s.members ?? {}).map(([n, r]) => [n, memberRef(r)]));
      if (s.required?.length) out.required = s.required;
      pick('payload', 'exception');
      if (s.error) {
        out.error = { ...(s.error.code !== undefined ? { code: s.error.code } : {}), httpStatusCode: s.error.httpStatusCode };
        if (s.error.senderFault !== undefined) out.error.senderFault = s.error.senderFault;
      } else if (s.exception && s.fault) {
        // A server-fault error without an explicit trait: smithy's default status for server errors is 500.
        out.error = { httpStatusCode: 500, senderFault: false };
      }
      pick('union', 'sensitive');
      break;
    }
    case 'list':
      out.member = memberRef(s.member);
      pick('min', 'max', 'flattened', 'sensitive');
      break;
    case 'map':
      out.key = memberRef(s.key);
      out.value = memberRef(s.value);
      pick('min', 'max', 'flattened', 'sensitive');
      break;
    case 'string':
      pick('min', 'max', 'pattern', 'enum', 'sensitive');
      break;
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      pick('min', 'max', 'box');
      break;
    case 'boolean':
      pick('box');
      break;
    case 'timestamp':
      pick('timestampFormat');
      break;
    case 'blob':
      pick('min', 'max', 'sensitive');
      break;
    default:
      throw new Error(`shape ${name}: unsupported type ${s.type}`);
  }
  return out;
}

function isNoAuth(op) {
  if (op.authtype === 'none') return true;
  if (Array.isArray(op.auth) && op.auth.length > 0 && op.auth.every((a) => a === 'smithy.api#noAuth')) return true;
  if (op.signatureVersion === 'unsigned' || op.authtype === 'unsigned') return true;
  return false;
}

function reachableShapes(model) {
  const seen = new Set();
  const visit = (name) => {
    if (!name || seen.has(name)) return;
    const s = model.shapes[name];
    if (!s) throw new Error(`missing shape ${name}`);
    seen.add(name);
    if (s.type === 'structure') for (const m of Object.values(s.members ?? {})) visit(m.shape);
    if (s.type === 'list') visit(s.member.shape);
    if (s.type === 'map') {
      visit(s.key.shape);
      visit(s.value.shape);
    }
  };
  for (const op of Object.values(model.operations)) {
    visit(op.input?.shape);
    visit(op.output?.shape);
    for (const e of op.errors ?? []) visit(e.shape);
  }
  return [...seen].sort();
}

// ---------------------------------------------------------------------------------------------------------------
// Emitting TypeScript

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const key = (k) => (IDENT.test(k) ? k : JSON.stringify(k));

/** A compact TS literal: bare keys where possible, JSON strings, no whitespace. */
function literal(v) {
  if (Array.isArray(v)) return `[${v.map(literal).join(', ')}]`;
  if (v !== null && typeof v === 'object') {
    const parts = Object.entries(v).map(([k, x]) => `${key(k)}: ${literal(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return JSON.stringify(v);
}

// Names a generated type must not take: TS reserved words and predefined types, and the globals or imports this
// file refers to. A shape with such a name gets a `Shape` suffix on its TS type (its model name is unchanged).
const RESERVED = new Set([
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new null return super switch this throw true try typeof var void while with implements interface let package private protected public static yield any unknown never number bigint boolean string symbol object undefined type as async await declare get set module namespace require of keyof readonly infer is asserts global satisfies accessor'.split(' '),
  'Date', 'Uint8Array', 'Record', 'Promise', 'ReadonlyArray', 'Array', 'Readonly', 'Partial', 'Object', 'String',
  'Number', 'Boolean', 'Symbol', 'Function', 'Error', 'Map', 'Set', 'JSON', 'Math',
  'OperationContext', 'ServiceModel', 'model', 'operationNames',
]);

function apiName(service) {
  return `${service.split('-').map((p) => p[0].toUpperCase() + p.slice(1)).join('')}Api`;
}

function generate(service, botocoreVersion, dataDir) {
  const { apiVersion, json } = loadModel(dataDir, service);
  const md = json.metadata;
  if (!PROTOCOLS.has(md.protocol)) throw new Error(`${service}: unsupported protocol ${md.protocol}`);
  const api = apiName(service);
  const shapeNames = reachableShapes(json);
  const shapes = json.shapes;

  const typeNames = new Map();
  for (const n of shapeNames) {
    const s = shapes[n];
    const named = (s.type === 'structure' && !s.document) || (s.type === 'string' && s.enum);
    if (!named) continue;
    if (!RESERVED.has(n) && n !== api) {
      typeNames.set(n, n);
      continue;
    }
    let t = `${n}Shape`;
    while (shapes[t] || [...typeNames.values()].includes(t)) t = `${t}_`;
    typeNames.set(n, t);
  }

  const tsType = (shapeName) => {
    const s = shapes[shapeName];
    switch (s.type) {
      case 'structure':
        return s.document ? 'unknown' : typeNames.get(shapeName);
      case 'string':
        return s.enum ? typeNames.get(shapeName) : 'string';
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        return 'number';
      case 'boolean':
        return 'boolean';
      case 'timestamp':
        return 'Date';
      case 'blob':
        return 'Uint8Array';
      case 'list': {
        const inner = tsType(s.member.shape);
        return /^[A-Za-z0-9_]+$/.test(inner) ? `readonly ${inner}[]` : `ReadonlyArray<${inner}>`;
      }
      case 'map':
        return `Record<string, ${tsType(s.value.shape)}>`;
      default:
        throw new Error(`no TS type for ${s.type}`);
    }
  };

  const lines = [];
  lines.push(
    `// GENERATED by scripts/generate-models.mjs from botocore ${botocoreVersion} ${service}/${apiVersion}/service-2.json. Do not edit.`,
  );
  lines.push(`import type { ServiceModel } from '../protocol/model.js';`);
  lines.push(`import type { OperationContext } from '../protocol/operation-context.js';`);
  lines.push('');

  // metadata
  const metadata = {
    apiVersion: md.apiVersion,
    endpointPrefix: md.endpointPrefix,
    protocol: md.protocol,
    serviceId: md.serviceId,
    signingName: md.signingName ?? md.endpointPrefix,
  };
  for (const k of ['targetPrefix', 'jsonVersion', 'xmlNamespace', 'globalEndpoint']) if (md[k] !== undefined) metadata[k] = md[k];

  const opNames = Object.keys(json.operations).sort();
  lines.push('export const model: ServiceModel = {');
  lines.push(`  metadata: ${literal(metadata)},`);
  lines.push('  operations: {');
  for (const name of opNames) {
    const op = json.operations[name];
    const o = { name: op.name, http: { method: op.http.method, requestUri: op.http.requestUri } };
    if (op.http.responseCode !== undefined) o.http.responseCode = op.http.responseCode;
    if (op.input) o.input = memberRef(op.input);
    if (op.output) {
      o.output = memberRef(op.output);
      if (op.output.resultWrapper) o.output.resultWrapper = op.output.resultWrapper;
    }
    o.errors = (op.errors ?? []).map((e) => e.shape);
    if (isNoAuth(op)) o.authtype = 'none';
    lines.push(`    ${key(name)}: ${literal(o)},`);
  }
  lines.push('  },');
  lines.push('  shapes: {');
  for (const n of shapeNames) lines.push(`    ${key(n)}: ${literal(runtimeShape(n, shapes[n]))},`);
  lines.push('  },');
  lines.push('};');
  lines.push('');

  // enums and structures
  for (const n of shapeNames) {
    const s = shapes[n];
    if (s.type === 'string' && s.enum) {
      const values = s.enum.length ? s.enum.map((v) => JSON.stringify(v)).join(' | ') : 'never';
      lines.push(`export type ${typeNames.get(n)} = ${values};`);
    }
  }
  lines.push('');
  for (const n of shapeNames) {
    const s = shapes[n];
    if (s.type !== 'structure' || s.document) continue;
    const required = new Set(s.required ?? []);
    const members = Object.entries(s.members ?? {});
    if (members.length === 0) {
      lines.push(`export interface ${typeNames.get(n)} {}`);
      continue;
    }
    const fields = members.map(([m, r]) => `readonly ${key(m)}${required.has(m) ? '' : '?'}: ${tsType(r.shape)};`);
    lines.push(`export interface ${typeNames.get(n)} { ${fields.join(' ')} }`);
  }
  lines.push('');

  // the service interface
  lines.push(`export interface ${api} {`);
  for (const name of opNames) {
    const op = json.operations[name];
    const input = op.input ? tsType(op.input.shape) : 'Record<string, never>';
    const output = op.output ? tsType(op.output.shape) : 'void';
    lines.push(`  ${name}(input: ${input}, ctx: OperationContext): Promise<${output}>;`);
  }
  lines.push('}');
  lines.push('');
  lines.push(`export const operationNames = [${opNames.map((n) => JSON.stringify(n)).join(', ')}] as const;`);
  lines.push('');
  return { text: lines.join('\n'), apiVersion, ops: opNames.length, shapes: shapeNames.length };
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const { dataDir, version } = locateBotocore(args);
  const services = args.services.length ? args.services : SERVICES;
  mkdirSync(args.out, { recursive: true });
  for (const service of services) {
    const { text, apiVersion, ops, shapes } = generate(service, version, dataDir);
    const file = join(args.out, `${service}.ts`);
    writeFileSync(file, text);
    console.log(`${service} ${apiVersion}: ${ops} operations, ${shapes} shapes -> ${file}`);
  }
}

main();
