// AWS Signature Version 4 verification, for the Authorization header and for presigned query strings.
// Pure: the caller finds the secret for `parsed.accessKeyId` (unknown key, session token and expiry are its
// decisions) and passes the clock. The canonical request is rebuilt from the request as received, exactly as
// @smithy/signature-v4 (SDK v3) and botocore build it on the client side; test/auth/sigv4.test.ts signs with the
// real SDK signer and checks both agree. Not supported: S3's unnormalized paths, chunked/streaming payloads, SigV4a.

import { createHmac, hash } from 'node:crypto';
import { ServiceError } from '../errors.js';
import type { Protocol } from '../protocol/model.js';
import type { WireRequest } from '../protocol/wire.js';
import { sha256Hex } from './hash.js';

export type SigV4ErrorKind = 'incomplete' | 'signature' | 'skew' | 'presign-expired' | 'scope';

/** A malformed, wrong, stale or mis-scoped signature. `message` is AWS's wire message for the case. */
export class SigV4Error extends Error {
  readonly kind: SigV4ErrorKind;

  constructor(kind: SigV4ErrorKind, message: string) {
    super(message);
    this.name = 'SigV4Error';
    this.kind = kind;
  }
}

export interface ParsedSigV4 {
  readonly accessKeyId: string;
  /** yyyymmdd, from the credential scope. */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  /** Lower-cased, in the order the client listed them. */
  readonly signedHeaders: readonly string[];
  readonly signature: string;
  /** From X-Amz-Date (header, or query when presigned), else the `date` header. */
  readonly amzDate: Date;
  /** amzDate in SigV4's basic format (yyyymmddThhmmssZ), as the string to sign carries it. */
  readonly amzDateText: string;
  readonly sessionToken: string | undefined;
  readonly presigned: boolean;
  readonly expiresSeconds: number | undefined;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';
/** AWS's allowed clock difference, both ways. */
const MAX_SKEW_MS = 15 * 60_000;
/** SigV4's longest presigned lifetime (7 days). */
const MAX_PRESIGN_SECONDS = 604_800;
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

// ---------------------------------------------------------------------------------------------------------------
// Parsing

/** undefined: the request carries no SigV4 at all (AWS answers MissingAuthenticationToken). */
export function parseSigV4(request: WireRequest): ParsedSigV4 | undefined {
  const authorization = header(request, 'authorization')?.trim();
  // AWS treats an Authorization header that is not AWS4-* (Basic, Bearer, SigV2) as no authentication at all.
  const headerAuth = authorization !== undefined && authorization.startsWith('AWS4-') ? authorization : undefined;
  const query = request.rawQuery.includes('X-Amz-') ? firstValues(request.rawQuery) : undefined;
  const queryAuth =
    query !== undefined && (query.has('X-Amz-Algorithm') || query.has('X-Amz-Credential') || query.has('X-Amz-Signature'));

  if (headerAuth !== undefined && query?.has('X-Amz-Algorithm') === true) {
    throw incomplete("Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  }
  if (headerAuth !== undefined) return parseHeaderAuth(request, headerAuth);
  if (queryAuth && query !== undefined) return parseQueryAuth(query);
  return undefined;
}

/** The Authorization header exactly as every SDK writes it; one native match is cheaper than the scan below. */
const SDK_AUTHORIZATION = /^(AWS4-HMAC-SHA256) Credential=([^ ,\t\r\n]+), ?SignedHeaders=([^ ,\t\r\n]+), ?Signature=([^ ,\t\r\n]+)$/;

function parseHeaderAuth(request: WireRequest, authorization: string): ParsedSigV4 {
  // Components are separated by ", " in every SDK; AWS also accepts bare commas or bare spaces, in any order. The
  // first of each name counts. Anything but the SDKs' exact form is scanned by hand, keeping only the three
  // components that matter: this runs on every signed request.
  let algorithm = '';
  let credential: string | undefined;
  let signature: string | undefined;
  let signedHeaders: string | undefined;
  const sdk = SDK_AUTHORIZATION.exec(authorization);
  if (sdk !== null) {
    [, algorithm = '', credential, signedHeaders, signature] = sdk;
  } else {
    const length = authorization.length;
    for (let start = 0; start < length; ) {
      let end = start;
      while (end < length && !isAuthorizationSeparator(authorization.charCodeAt(end))) end++;
      if (end > start) {
        if (start === 0) algorithm = authorization.slice(0, end);
        else if (credential === undefined && authorization.startsWith('Credential=', start)) credential = authorization.slice(start + 11, end);
        else if (signature === undefined && authorization.startsWith('Signature=', start)) signature = authorization.slice(start + 10, end);
        else if (signedHeaders === undefined && authorization.startsWith('SignedHeaders=', start)) {
          signedHeaders = authorization.slice(start + 14, end);
        }
      }
      start = end + 1;
    }
  }
  const amzDateText = header(request, 'x-amz-date');
  const dateText = amzDateText ?? header(request, 'date');

  let missing = '';
  if (!credential) missing += "Authorization header requires 'Credential' parameter. ";
  if (!signature) missing += "Authorization header requires 'Signature' parameter. ";
  if (!signedHeaders) missing += "Authorization header requires 'SignedHeaders' parameter. ";
  if (dateText === undefined) missing += "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ";
  if (missing || !credential || !signature || !signedHeaders || dateText === undefined) {
    throw incomplete(`${missing}Authorization=${authorization}`);
  }

  const amzDate = amzDateText !== undefined ? parseBasicDate(amzDateText) : parseHttpDate(dateText);
  const basicDate = amzDateText ?? formatBasic(amzDate);
  checkAlgorithm(algorithm);
  return parsedSigV4(credential, signedHeaders, signature, amzDate, basicDate, header(request, 'x-amz-security-token'), undefined);
}

/** Space, comma, tab, CR, LF; every other character of the header is above ',' or not one of these. */
function isAuthorizationSeparator(c: number): boolean {
  return c <= 44 && (c === 32 || c === 44 || c === 9 || c === 10 || c === 13);
}

function parseQueryAuth(query: ReadonlyMap<string, string>): ParsedSigV4 {
  let missing = '';
  for (const name of ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']) {
    if (!query.get(name)) missing += `AWS query-string parameters must include '${name}'. `;
  }
  const credential = query.get('X-Amz-Credential');
  const signature = query.get('X-Amz-Signature');
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  const dateText = query.get('X-Amz-Date');
  if (missing || !credential || !signature || !signedHeaders || !dateText) {
    throw incomplete(`${missing}Re-examine the query-string parameters.`);
  }

  const amzDate = parseBasicDate(dateText);
  checkAlgorithm(query.get('X-Amz-Algorithm') ?? '');
  const expiresText = query.get('X-Amz-Expires');
  let expiresSeconds: number | undefined;
  if (expiresText !== undefined) {
    if (!/^\d{1,7}$/.test(expiresText)) throw incomplete('X-Amz-Expires should be a number');
    expiresSeconds = Number(expiresText);
    if (expiresSeconds > MAX_PRESIGN_SECONDS) {
      throw incomplete(`X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGN_SECONDS}`);
    }
  }
  return parsedSigV4(credential, signedHeaders, signature, amzDate, dateText, query.get('X-Amz-Security-Token'), expiresSeconds ?? null);
}

/** One object shape for every request (no conditional spreads): this runs on every signed call.
 * `expiresSeconds`: undefined for header auth, null for a presigned URL without X-Amz-Expires. */
function parsedSigV4(
  credential: string,
  signedHeaders: string,
  signature: string,
  amzDate: Date,
  amzDateText: string,
  sessionToken: string | undefined,
  expiresSeconds: number | null | undefined,
): ParsedSigV4 {
  const scope = parseCredential(credential);
  return {
    accessKeyId: scope.accessKeyId,
    date: scope.date,
    region: scope.region,
    service: scope.service,
    signedHeaders: parseSignedHeaders(signedHeaders),
    signature,
    amzDate,
    amzDateText,
    sessionToken,
    presigned: expiresSeconds !== undefined,
    expiresSeconds: expiresSeconds ?? undefined,
  };
}

function checkAlgorithm(algorithm: string): void {
  if (algorithm !== ALGORITHM) {
    throw incomplete(`Unsupported AWS 'algorithm': '${algorithm}' (only ${ALGORITHM} for now). `);
  }
}

function parseCredential(credential: string): Pick<ParsedSigV4, 'accessKeyId' | 'date' | 'region' | 'service'> {
  // AWS ignores trailing slashes here.
  const text = credential.endsWith('/') ? credential.replace(/\/+$/, '') : credential;
  // Exactly four slashes, found with indexOf rather than a split: this runs on every signed request.
  const s1 = text.indexOf('/');
  const s2 = s1 < 0 ? -1 : text.indexOf('/', s1 + 1);
  const s3 = s2 < 0 ? -1 : text.indexOf('/', s2 + 1);
  const s4 = s3 < 0 ? -1 : text.indexOf('/', s3 + 1);
  if (s4 < 0 || text.includes('/', s4 + 1)) {
    throw incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const accessKeyId = text.slice(0, s1);
  const date = text.slice(s1 + 1, s2);
  const region = text.slice(s2 + 1, s3);
  const service = text.slice(s3 + 1, s4);
  const terminator = text.slice(s4 + 1);
  if (terminator !== TERMINATOR) {
    throw new SigV4Error('scope', `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${terminator}'.`);
  }
  if (region === '') throw new SigV4Error('scope', "Credential should be scoped to a valid region, not ''.");
  return { accessKeyId, date, region, service };
}

/**
 * Parsed SignedHeaders lists by their text: a client sends the same few lists on every request, so each is split
 * once. Frozen, since every request with that list shares the array; bounded, since the text is the caller's.
 */
const signedHeaderLists = new Map<string, readonly string[]>();
const SIGNED_HEADER_LISTS_MAX = 256;

function parseSignedHeaders(list: string): readonly string[] {
  const cached = signedHeaderLists.get(list);
  if (cached !== undefined) return cached;
  const names: string[] = [];
  for (const raw of list.split(';')) {
    const name = raw.trim().toLowerCase();
    if (name !== '') names.push(name);
  }
  if (signedHeaderLists.size >= SIGNED_HEADER_LISTS_MAX) signedHeaderLists.clear();
  const parsed = Object.freeze(names);
  signedHeaderLists.set(list, parsed);
  return parsed;
}

/** The last basic-format date parsed: a busy client signs many requests within one second. */
let lastBasicDate: { readonly text: string; readonly ms: number } | undefined;

function parseBasicDate(text: string): Date {
  if (lastBasicDate !== undefined && lastBasicDate.text === text) return new Date(lastBasicDate.ms);
  if (text.length === 16 && text.charCodeAt(8) === 84 /* T */ && text.charCodeAt(15) === 90 /* Z */) {
    const y = digits(text, 0, 4);
    const mo = digits(text, 4, 6);
    const d = digits(text, 6, 8);
    const h = digits(text, 9, 11);
    const mi = digits(text, 11, 13);
    const sec = digits(text, 13, 15);
    // Checked field by field rather than by rebuilding the date: no roll-overs such as month 13, Feb 30 or 25:00,
    // and no y < 100 (which Date.UTC maps to 19xx).
    if (y >= 100 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo) && h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60) {
      const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
      lastBasicDate = { text, ms };
      return new Date(ms);
    }
  }
  throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number written by text[from, to) in ASCII digits, or -1 if any character is not a digit. */
function digits(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function parseHttpDate(text: string): Date {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) {
    throw incomplete(`Date must be in ISO-8601 'basic format'. Got '${text}'. See http://en.wikipedia.org/wiki/ISO_8601`);
  }
  return new Date(Math.floor(ms / 1000) * 1000);
}

// ---------------------------------------------------------------------------------------------------------------
// Verification

/**
 * The checks that need no secret: request time, Host signed, scope date. AWS makes them before it looks at the
 * key, so a caller that wants AWS's error order calls this before its key lookup; verifySigV4 repeats it.
 */
export function checkSigV4Preconditions(parsed: ParsedSigV4, now: Date): void {
  const at = parsed.amzDate.getTime();
  const nowMs = now.getTime();
  if (at > nowMs + MAX_SKEW_MS) {
    throw new SigV4Error(
      'skew',
      `Signature not yet current: ${formatBasic(parsed.amzDate)} is still later than ${formatBasic(new Date(nowMs + MAX_SKEW_MS))} (${formatBasic(now)} + 15 min.)`,
    );
  }
  if (parsed.presigned) {
    // SigV4's rule: a presigned URL lives X-Amz-Expires seconds from X-Amz-Date. (Real STS ignores X-Amz-Expires
    // and allows 15 minutes, which EKS-style tokens rely on; we keep the signer's stated lifetime.)
    if (parsed.expiresSeconds !== undefined && nowMs > at + parsed.expiresSeconds * 1000) {
      throw new SigV4Error('presign-expired', 'Request has expired');
    }
    if (parsed.expiresSeconds === undefined && at < nowMs - MAX_SKEW_MS) throw expired(parsed.amzDate, now);
  } else if (at < nowMs - MAX_SKEW_MS) {
    throw expired(parsed.amzDate, now);
  }
  if (!parsed.signedHeaders.includes('host')) {
    throw new SigV4Error('signature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  const day = parsed.amzDateText.slice(0, 8);
  if (parsed.date !== day) {
    throw new SigV4Error(
      'scope',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${parsed.date}' != '${day}', from '${parsed.amzDateText}'.`,
    );
  }
}

/** Throws SigV4Error unless `parsed` is a valid, current signature of `request` made with `secretAccessKey`. */
export function verifySigV4(request: WireRequest, parsed: ParsedSigV4, secretAccessKey: string, now: Date): void {
  checkSigV4Preconditions(parsed, now);
  const canonical = canonicalRequest(request, parsed);
  const longDate = parsed.amzDateText;
  const scope = `${parsed.date}/${parsed.region}/${parsed.service}/${TERMINATOR}`;
  const stringToSign = `${ALGORITHM}\n${longDate}\n${scope}\n${sha256Hex(canonical)}`;
  const expected = signingKey(secretAccessKey, parsed.date, parsed.region, parsed.service).sign(stringToSign);
  if (!sameText(expected, parsed.signature)) {
    // Like AWS, say what we signed: it is derived from the request alone. Session tokens are blanked because
    // these messages end up in logs.
    throw new SigV4Error(
      'signature',
      `${SIGNATURE_MISMATCH}\n\nThe Canonical String for this request should have been\n'${redactToken(canonical, parsed.sessionToken)}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`,
    );
  }
}

/** The SigV4 canonical request, as the client built it before signing. Exported for tests and debugging. */
export function canonicalRequest(request: WireRequest, parsed: ParsedSigV4): string {
  let headerLines = '';
  for (const name of parsed.signedHeaders) headerLines += `${name}:${canonicalHeaderValue(header(request, name))}\n`;
  return (
    `${request.method}\n${canonicalPath(request.path)}\n${canonicalQuery(request.rawQuery, parsed.presigned)}\n` +
    `${headerLines}\n${parsed.signedHeaders.join(';')}\n${payloadHash(request, parsed)}`
  );
}

function payloadHash(request: WireRequest, parsed: ParsedSigV4): string {
  // Our services' bodies are small and meaningful, so the body is always hashed and covered. A client that
  // declares UNSIGNED-PAYLOAD (x-amz-content-sha256, or X-Amz-Content-Sha256 when presigned) is believed only
  // when there is no body to protect. A declared hash that is not the body's hash fails as a signature mismatch.
  const declared = parsed.presigned ? queryValue(request.rawQuery, 'X-Amz-Content-Sha256') : header(request, 'x-amz-content-sha256');
  if (declared === UNSIGNED_PAYLOAD && request.body.length === 0) return UNSIGNED_PAYLOAD;
  return sha256Hex(request.body);
}

/**
 * Normalize the raw path as SDK v3 and botocore do (drop empty and '.' segments, apply '..'), then URI-encode it
 * once more: clients send each segment encoded once and sign it encoded twice.
 */
export function canonicalPath(rawPath: string): string {
  if (rawPath === '/' || rawPath === '') return '/';
  const segments: string[] = [];
  for (const segment of rawPath.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEncode(segment));
  }
  const lead = rawPath.startsWith('/') ? '/' : '';
  const trail = segments.length > 0 && rawPath.endsWith('/') ? '/' : '';
  return `${lead}${segments.join('/')}${trail}` || '/';
}

/**
 * Decode each key and value the way the codecs read the query (URLSearchParams: '+' is a space), re-encode with
 * RFC 3986's unreserved set, sort by key then value. Presigned requests leave out X-Amz-Signature.
 */
export function canonicalQuery(rawQuery: string, presigned: boolean): string {
  if (rawQuery === '') return '';
  const pairs: Array<readonly [string, string]> = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = uriEncode(formDecode(eq < 0 ? part : part.slice(0, eq)));
    if (presigned && key.toLowerCase() === 'x-amz-signature') continue;
    pairs.push([key, uriEncode(formDecode(eq < 0 ? '' : part.slice(eq + 1)))]);
  }
  pairs.sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
  return pairs.map(([key, value]) => `${key}=${value}`).join('&');
}

const NEEDS_NORMALIZING = /[\r\n\t]|  |^ | $/;

function canonicalHeaderValue(value: string | undefined): string {
  // Same as SDK v3: line breaks become spaces, runs of spaces and tabs one space, one space trimmed each end.
  // Most values need none of it, and this runs for every signed header of every request.
  if (value === undefined) return '';
  if (!NEEDS_NORMALIZING.test(value)) return value;
  return value.replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').replace(/^ | $/g, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Signing keys: four chained HMACs per (secret, day, region, service); the same key signs thousands of requests.

const SIGNING_KEY_CACHE_SIZE = 256;
/**
 * Keyed by the secret, holding the key of the last scope it signed for. The secret string is the same object on
 * every request of a cached credential, so V8 hashes it once; a composite key string would be rebuilt and hashed
 * per request. A secret signing for several scopes at once just re-derives (four HMACs) when the scope changes.
 */
const signingKeys = new Map<string, SigningKey>();

function signingKey(secret: string, date: string, region: string, service: string): SigningKey {
  const cached = signingKeys.get(secret);
  if (cached !== undefined && cached.scope.length === date.length + region.length + service.length + 2) {
    if (cached.scope === `${date}/${region}/${service}`) return cached;
  }
  let key = hmac(`AWS4${secret}`, date);
  key = hmac(key, region);
  key = hmac(key, service);
  key = hmac(key, TERMINATOR);
  if (signingKeys.size >= SIGNING_KEY_CACHE_SIZE && cached === undefined) {
    const oldest = signingKeys.keys().next();
    if (oldest.done !== true) signingKeys.delete(oldest.value);
  }
  const derived = new SigningKey(`${date}/${region}/${service}`, key);
  signingKeys.set(secret, derived);
  return derived;
}

/** Scratch space for the inner HMAC block: verification is synchronous, so one buffer serves every request. */
const innerScratch = Buffer.allocUnsafe(1024);

/**
 * A derived SigV4 key with its HMAC pads precomputed (RFC 2104: H(K^opad || H(K^ipad || m))), so signing a
 * request is two one-shot hashes instead of an Hmac object per request, which costs several times more under load.
 * The inner digest comes back as 'binary' (latin1) text, one character per byte, and is written into the outer block: Node's
 * one-shot hash is about twice as slow when asked for a Buffer.
 */
class SigningKey {
  private readonly innerPad = Buffer.alloc(64, 0x36);
  private readonly outer = Buffer.alloc(96, 0x5c);

  constructor(
    readonly scope: string,
    key: Buffer,
  ) {
    for (let i = 0; i < key.length; i++) {
      this.innerPad[i]! ^= key[i]!;
      this.outer[i]! ^= key[i]!;
    }
  }

  /** HMAC-SHA256 of `message` (UTF-8) under this key, as lower-case hex. */
  sign(message: string): string {
    const size = 64 + Buffer.byteLength(message, 'utf8');
    const inner = size <= innerScratch.length ? innerScratch.subarray(0, size) : Buffer.allocUnsafe(size);
    this.innerPad.copy(inner, 0);
    inner.write(message, 64, 'utf8');
    // Bytes 64..95 of `outer` are overwritten by every call before they are hashed.
    this.outer.write(hash('sha256', inner, 'binary'), 64, 'latin1');
    return hash('sha256', this.outer, 'hex');
  }
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

// ---------------------------------------------------------------------------------------------------------------
// Wire codes: one table for every authentication failure, SigV4's and the caller's.

/** The caller adds the failures only it can decide: no signature at all, an unknown key, an expired session. */
export type AuthFailure = SigV4ErrorKind | 'missing' | 'unknown-key' | 'expired-token';

export interface AuthErrorCode {
  readonly code: string;
  readonly status: number;
  /** AWS's message when the failure carries no more specific one. */
  readonly message: string;
}

type ProtocolFamily = 'json' | 'query';
const FAMILY: Readonly<Record<Protocol, ProtocolFamily>> = { json: 'json', 'rest-json': 'json', query: 'query' };

const mismatch = (json: string, query: string, message = SIGNATURE_MISMATCH) =>
  ({ json: { code: json, status: 403, message }, query: { code: query, status: 403, message } }) as const;

/**
 * awsJson/restJson codes are the coral exception names; awsQuery (STS, IAM) uses the short forms. Statuses are
 * what AWS was seen to send (403 for ExpiredToken from STS and IAM), else its Common Errors pages.
 */
export const AUTH_ERROR_CODES: Readonly<Record<AuthFailure, Readonly<Record<ProtocolFamily, AuthErrorCode>>>> = {
  incomplete: {
    json: { code: 'IncompleteSignatureException', status: 400, message: 'The request signature does not conform to AWS standards.' },
    query: { code: 'IncompleteSignature', status: 400, message: 'The request signature does not conform to AWS standards.' },
  },
  signature: mismatch('InvalidSignatureException', 'SignatureDoesNotMatch'),
  skew: mismatch('InvalidSignatureException', 'SignatureDoesNotMatch', 'Signature expired.'),
  scope: mismatch('InvalidSignatureException', 'SignatureDoesNotMatch', 'Credential should be scoped correctly.'),
  // S3's answer for a presigned URL past X-Amz-Expires; non-S3 services have no captured answer of their own.
  'presign-expired': {
    json: { code: 'AccessDeniedException', status: 403, message: 'Request has expired' },
    query: { code: 'AccessDenied', status: 403, message: 'Request has expired' },
  },
  missing: {
    json: { code: 'MissingAuthenticationTokenException', status: 403, message: 'Request is missing Authentication Token' },
    query: { code: 'MissingAuthenticationToken', status: 403, message: 'Request is missing Authentication Token' },
  },
  'unknown-key': {
    json: { code: 'UnrecognizedClientException', status: 403, message: 'The security token included in the request is invalid.' },
    query: { code: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' },
  },
  'expired-token': {
    json: { code: 'ExpiredTokenException', status: 403, message: 'The security token included in the request is expired' },
    query: { code: 'ExpiredToken', status: 403, message: 'The security token included in the request is expired' },
  },
};

export function sigV4ErrorCode(kind: AuthFailure, protocol: Protocol): AuthErrorCode {
  return AUTH_ERROR_CODES[kind][FAMILY[protocol]];
}

/** The ServiceError the codec writes for an authentication failure; `message` overrides AWS's default text. */
export function authErrorFor(kind: AuthFailure, protocol: Protocol, message?: string): ServiceError {
  const { code, status, message: fallback } = sigV4ErrorCode(kind, protocol);
  return new ServiceError(code, message ?? fallback, { status, fault: 'Sender' });
}

// ---------------------------------------------------------------------------------------------------------------
// Small helpers

function incomplete(message: string): SigV4Error {
  return new SigV4Error('incomplete', message);
}

function expired(at: Date, now: Date): SigV4Error {
  const floor = new Date(now.getTime() - MAX_SKEW_MS);
  return new SigV4Error(
    'skew',
    `Signature expired: ${formatBasic(at)} is now earlier than ${formatBasic(floor)} (${formatBasic(now)} - 15 min.)`,
  );
}

/** yyyymmddThhmmssZ (built by hand: it runs several times per request). */
function formatBasic(date: Date): string {
  return (
    String(date.getUTCFullYear()).padStart(4, '0') +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    'T' +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes()) +
    two(date.getUTCSeconds()) +
    'Z'
  );
}

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function header(request: WireRequest, name: string): string | undefined {
  // A client may list 'constructor' or '__proto__' in SignedHeaders: what the prototype answers is not a string,
  // and header values always are. (Cheaper than Object.hasOwn, and this runs for every signed header.)
  const value = request.headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** The first value of each key of a raw query string, decoded as the codecs decode it. */
function firstValues(rawQuery: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = formDecode(eq < 0 ? part : part.slice(0, eq)).toString('utf8');
    if (!values.has(key)) values.set(key, formDecode(eq < 0 ? '' : part.slice(eq + 1)).toString('utf8'));
  }
  return values;
}

function queryValue(rawQuery: string, name: string): string | undefined {
  return rawQuery.includes(name) ? firstValues(rawQuery).get(name) : undefined;
}

const PLAIN = /^[A-Za-z0-9\-._~]*$/;
const HEX_PAIR = /^[0-9A-Fa-f]{2}$/;

/** Percent-decoding to bytes, '+' as a space; a '%' not followed by two hex digits stays a literal '%'. */
function formDecode(text: string): Buffer {
  if (PLAIN.test(text)) return Buffer.from(text, 'latin1');
  const spaced = text.replace(/\+/g, ' ');
  if (!spaced.includes('%')) return Buffer.from(spaced, 'utf8');
  const bytes: number[] = [];
  for (let i = 0; i < spaced.length; ) {
    const pair = spaced.slice(i + 1, i + 3);
    if (spaced[i] === '%' && HEX_PAIR.test(pair)) {
      bytes.push(parseInt(pair, 16));
      i += 3;
      continue;
    }
    const codePoint = spaced.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(codePoint);
    for (const byte of Buffer.from(char, 'utf8')) bytes.push(byte);
    i += char.length;
  }
  return Buffer.from(bytes);
}

/** RFC 3986 encoding (unreserved A-Z a-z 0-9 - . _ ~ kept, '%XX' upper-case), of a string's UTF-8 or of bytes. */
function uriEncode(input: string | Buffer): string {
  if (typeof input === 'string' && PLAIN.test(input)) return input;
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  let out = '';
  for (const byte of bytes) {
    const unreserved =
      (byte >= 0x41 && byte <= 0x5a) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) ||
      byte === 0x2d || byte === 0x2e || byte === 0x5f || byte === 0x7e;
    out += unreserved ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Constant-time equality of `expected` (ASCII hex) and the signature a client sent: every character pair is
 * compared whatever differs first, so the time depends on the length alone (public: a signature is 64 characters).
 * Cheaper than timingSafeEqual, which needs both sides as bytes.
 */
function sameText(expected: string, given: string): boolean {
  if (expected.length !== given.length) return false;
  let difference = 0;
  for (let i = 0; i < expected.length; i++) difference |= expected.charCodeAt(i) ^ given.charCodeAt(i);
  return difference === 0;
}

function redactToken(text: string, token: string | undefined): string {
  if (token === undefined || token === '') return text;
  return text.split(token).join('<redacted>').split(uriEncode(token)).join('<redacted>');
}
