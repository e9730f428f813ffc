import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { ListAccountsCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { buildQueryString } from '@smithy/core/protocols';
import { HttpRequest } from '@smithy/core/transport';
import { ServiceError } from '../../src/aws/errors.js';
import type { WireRequest } from '../../src/aws/protocol/wire.js';
import {
  AUTH_ERROR_CODES,
  authErrorFor,
  canonicalPath,
  canonicalQuery,
  checkSigV4Preconditions,
  parseSigV4,
  sigV4ErrorCode,
  SigV4Error,
  verifySigV4,
  type AuthFailure,
  type ParsedSigV4,
  type SigV4ErrorKind,
} from '../../src/aws/auth/sigv4.js';

// The verifier against the real SDK v3 signer (@smithy/signature-v4, and whole SDK clients whose transport is
// replaced by a recorder), AWS's published test-suite vectors, and every way a signature can be wrong.

const SECRET = 'gh7Kq2/Lm+9xWzR4vB1nT6yU0pE3sD8fA5cJ2iO7';
const CREDS = { accessKeyId: 'AKIAGATEHOUSETEST001', secretAccessKey: SECRET };
const SESSION = { accessKeyId: 'ASIAGATEHOUSETEST001', secretAccessKey: SECRET, sessionToken: 'IQoJb3JpZ2luX2VjE+/session=token==' };
const SIGNED_AT = new Date('2026-11-22T10:46:50Z');
const MINUTE = 60_000;

/** The request as node:http would hand it to the edge: raw path and query, lower-cased headers, body bytes. */
function toWire(request: { method: string; path: string; query?: HttpRequest['query']; headers: Record<string, string>; body?: unknown }): WireRequest {
  const rawQuery = buildQueryString(request.query ?? {});
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  const body = request.body;
  return {
    method: request.method,
    path: request.path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    body: typeof body === 'string' ? Buffer.from(body) : body instanceof Uint8Array ? Buffer.from(body) : Buffer.alloc(0),
  };
}

function withChanges(request: WireRequest, changes: Partial<Omit<WireRequest, 'headers'>> & { headers?: Record<string, string> }): WireRequest {
  const rawQuery = changes.rawQuery ?? request.rawQuery;
  return { ...request, ...changes, headers: { ...request.headers, ...changes.headers }, rawQuery, query: new URLSearchParams(rawQuery) };
}

function signer(service: string, credentials: typeof CREDS | typeof SESSION = CREDS, region = 'us-east-1') {
  return new SignatureV4({ credentials, region, service, sha256: Sha256 });
}

async function signed(request: HttpRequest, options: { service?: string; credentials?: typeof CREDS | typeof SESSION; at?: Date } = {}) {
  const out = await signer(options.service ?? 'sts', options.credentials).sign(request, { signingDate: options.at ?? SIGNED_AT });
  return toWire(out);
}

function parsed(request: WireRequest): ParsedSigV4 {
  const result = parseSigV4(request);
  assert.ok(result, 'the request carries SigV4');
  return result;
}

function failure(fn: () => unknown): SigV4Error {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof SigV4Error, `expected a SigV4Error, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a SigV4Error');
}

function kindOf(request: WireRequest, secret = SECRET, now = SIGNED_AT): SigV4ErrorKind {
  return failure(() => verifySigV4(request, parsed(request), secret, now)).kind;
}

function formPost(body = 'Action=GetCallerIdentity&Version=2011-06-15') {
  return new HttpRequest({
    method: 'POST',
    protocol: 'https:',
    hostname: '127.0.0.1',
    port: 4747,
    path: '/',
    headers: { host: '127.0.0.1:4747', 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) },
    body,
  });
}

/** SDK v3 clients whose transport records the signed request instead of sending it. */
async function recordSdkRequest(send: (handler: object) => Promise<unknown>): Promise<WireRequest> {
  let recorded: HttpRequest | undefined;
  const handler = {
    handle: async (request: HttpRequest) => {
      recorded = request;
      throw new Error('recorded');
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
  await assert.rejects(send(handler), /recorded/);
  assert.ok(recorded, 'the SDK reached its transport');
  return toWire(recorded);
}

describe('SigV4: AWS test-suite vectors (AKIDEXAMPLE, 20150830T123600Z, us-east-1/service)', () => {
  const secret = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
  const at = new Date('2015-08-30T12:36:00Z');
  const vector = (path: string, rawQuery: string, signature: string): WireRequest => ({
    method: 'GET',
    path,
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers: {
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`,
    },
    body: Buffer.alloc(0),
  });

  it('get-vanilla', () => {
    const request = vector('/', '', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    const p = parsed(request);
    assert.deepEqual(
      { ...p, amzDate: p.amzDate.toISOString() },
      {
        accessKeyId: 'AKIDEXAMPLE',
        date: '20150830',
        region: 'us-east-1',
        service: 'service',
        signedHeaders: ['host', 'x-amz-date'],
        signature: '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
        amzDate: '2015-08-30T12:36:00.000Z',
        amzDateText: '20150830T123600Z',
        sessionToken: undefined,
        presigned: false,
        expiresSeconds: undefined,
      },
    );
    verifySigV4(request, p, secret, at);
  });

  it('get-vanilla-query-order-key-case: the query is sorted before signing', () => {
    const request = vector('/', 'Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500');
    verifySigV4(request, parsed(request), secret, at);
  });

  it('get-utf8: a path the suite gives unencoded is encoded once', () => {
    const request = vector('/ሴ', '', '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85');
    verifySigV4(request, parsed(request), secret, at);
  });

  it('the published signature fails with another secret or one second later in the date', () => {
    const request = vector('/', '', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
    assert.equal(kindOf(request, secret.replace('EXAMPLEKEY', 'EXAMPLEKEZ'), at), 'signature');
    assert.equal(kindOf(withChanges(request, { headers: { 'x-amz-date': '20150830T123601Z' } }), secret, at), 'signature');
  });
});

describe('SigV4: requests signed by SDK v3 verify', () => {
  it('an awsJson POST from OrganizationsClient (x-amz-target, x-amz-content-sha256, session token)', async () => {
    const request = await recordSdkRequest((requestHandler) =>
      new OrganizationsClient({ endpoint: 'http://127.0.0.1:4747', region: 'us-east-1', credentials: SESSION, maxAttempts: 1, requestHandler }).send(
        new ListAccountsCommand({}),
      ),
    );
    const p = parsed(request);
    assert.equal(p.service, 'organizations');
    assert.equal(p.sessionToken, SESSION.sessionToken);
    assert.equal(p.presigned, false);
    for (const name of ['host', 'x-amz-content-sha256', 'x-amz-date', 'x-amz-security-token', 'x-amz-target']) {
      assert.ok(p.signedHeaders.includes(name), `SDK v3 signs ${name}`);
    }
    verifySigV4(request, p, SECRET, new Date());
  });

  it('an awsQuery form POST from STSClient', async () => {
    const request = await recordSdkRequest((requestHandler) =>
      new STSClient({ endpoint: 'http://127.0.0.1:4747', region: 'eu-west-3', credentials: CREDS, maxAttempts: 1, requestHandler }).send(
        new GetCallerIdentityCommand({}),
      ),
    );
    assert.equal(request.body.toString(), 'Action=GetCallerIdentity&Version=2011-06-15');
    const p = parsed(request);
    assert.deepEqual([p.accessKeyId, p.region, p.service, p.sessionToken], [CREDS.accessKeyId, 'eu-west-3', 'sts', undefined]);
    verifySigV4(request, p, SECRET, new Date());
  });

  it('a form POST signed by the bare signer, with a session token', async () => {
    const request = await signed(formPost(), { credentials: SESSION });
    assert.equal(parsed(request).sessionToken, SESSION.sessionToken);
    verifySigV4(request, parsed(request), SECRET, SIGNED_AT);
  });

  it('a GET whose query needs encoding: spaces, / + = & * ~, unicode, repeated keys, empty values', async () => {
    const request = await signed(
      new HttpRequest({
        method: 'GET',
        protocol: 'https:',
        hostname: '127.0.0.1',
        path: '/',
        query: {
          'max_result': '10',
          'next token': 'a/b+c=d&e',
          'ünï': 'çødé ✓ 𝄞',
          marks: "!'()*~-._",
          role: ['Zed', 'admin', 'Admin', 'a b'],
          empty: '',
        },
        headers: { host: '127.0.0.1:4747' },
      }),
      { service: 'sso' },
    );
    assert.match(request.rawQuery, /next%20token=a%2Fb%2Bc%3Dd%26e/);
    verifySigV4(request, parsed(request), SECRET, SIGNED_AT);
  });

  it('a raw query that writes spaces as + (URLSearchParams, Python urlencode) verifies as the space it means', async () => {
    const request = await signed(
      new HttpRequest({ method: 'GET', protocol: 'https:', hostname: 'h', path: '/', query: { q: 'a b', r: 'x' }, headers: { host: 'h' } }),
    );
    assert.equal(request.rawQuery, 'q=a%20b&r=x');
    verifySigV4(withChanges(request, { rawQuery: 'r=x&q=a+b' }), parsed(request), SECRET, SIGNED_AT);
  });

  it('paths: encoded labels are signed encoded twice, dot segments and empty segments are normalized', async () => {
    for (const path of ['/assignment/roles', '/a%2Fb/c%20d/%E2%9C%93', '/x/./y/../z//w/', '/~user/a+b', '/a:b@c!$']) {
      const request = await signed(new HttpRequest({ method: 'GET', protocol: 'https:', hostname: 'h', path, headers: { host: 'h' } }));
      verifySigV4(request, parsed(request), SECRET, SIGNED_AT);
    }
    assert.equal(canonicalPath('/'), '/');
    assert.equal(canonicalPath(''), '/');
    assert.equal(canonicalPath('/a%2Fb/c%20d'), '/a%252Fb/c%2520d');
    assert.equal(canonicalPath('/x/./y/../z//w/'), '/x/z/w/');
    assert.equal(canonicalPath('/..'), '/');
  });

  it('header values are compared with whitespace runs collapsed and ends trimmed', async () => {
    const request = await signed(
      new HttpRequest({
        method: 'POST',
        protocol: 'https:',
        hostname: 'h',
        path: '/',
        headers: { host: 'h', 'x-amz-target': 'AWSOrganizationsV20161128.ListAccounts', 'x-custom': '  a   b\t\tc  ' },
        body: '{}',
      }),
      { service: 'organizations' },
    );
    assert.ok(parsed(request).signedHeaders.includes('x-custom'));
    verifySigV4(request, parsed(request), SECRET, SIGNED_AT);
    verifySigV4(withChanges(request, { headers: { 'x-custom': 'a b c' } }), parsed(request), SECRET, SIGNED_AT);
  });

  it('a Date header stands in for a missing X-Amz-Date', async () => {
    const request = await signed(formPost());
    const { ['x-amz-date']: stamp, ...rest } = request.headers;
    assert.equal(stamp, '20261122T104650Z');
    const onlyDate: WireRequest = { ...request, headers: { ...rest, date: 'Sun, 22 Nov 2026 10:46:50 GMT' } };
    const p = parsed(onlyDate);
    assert.equal(p.amzDate.toISOString(), SIGNED_AT.toISOString());
    // The client signed x-amz-date, which is now gone: the Date header supplies the time, not the signed value.
    assert.equal(kindOf(onlyDate), 'signature');
  });
});

describe('SigV4: presigned URLs', () => {
  const getCallerIdentity = () =>
    new HttpRequest({
      method: 'GET',
      protocol: 'https:',
      hostname: '127.0.0.1',
      port: 4747,
      path: '/',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      headers: { host: '127.0.0.1:4747', 'x-k8s-aws-id': 'cluster-1' },
    });

  async function presigned(expiresIn: number, credentials: typeof CREDS | typeof SESSION = CREDS, at = SIGNED_AT) {
    return toWire(await signer('sts', credentials).presign(getCallerIdentity(), { expiresIn, signingDate: at }));
  }

  it('verifies, with the session token and expiry read from the query', async () => {
    const request = await presigned(900, SESSION);
    assert.equal(request.headers['authorization'], undefined);
    const p = parsed(request);
    assert.deepEqual([p.presigned, p.expiresSeconds, p.sessionToken, p.signedHeaders.join(';')], [true, 900, SESSION.sessionToken, 'host;x-k8s-aws-id']);
    verifySigV4(request, p, SECRET, new Date(SIGNED_AT.getTime() + 899_000));
  });

  it('a query rebuilt by URLSearchParams (spaces as +, ~ as %7E) still verifies', async () => {
    const request = await presigned(60, SESSION);
    const rebuilt = withChanges(request, { rawQuery: request.query.toString() });
    verifySigV4(rebuilt, parsed(rebuilt), SECRET, SIGNED_AT);
  });

  it('is refused once X-Amz-Expires has passed, and when dated in the future', async () => {
    const request = await presigned(60);
    verifySigV4(request, parsed(request), SECRET, new Date(SIGNED_AT.getTime() + 60_000));
    const late = failure(() => verifySigV4(request, parsed(request), SECRET, new Date(SIGNED_AT.getTime() + 61_000)));
    assert.deepEqual([late.kind, late.message], ['presign-expired', 'Request has expired']);
    assert.equal(kindOf(request, SECRET, new Date(SIGNED_AT.getTime() - 16 * MINUTE)), 'skew');
  });

  it('is refused when the query, the signed header or the signature changes', async () => {
    const request = await presigned(60);
    assert.equal(kindOf(withChanges(request, { rawQuery: request.rawQuery.replace('GetCallerIdentity', 'GetSessionToken') })), 'signature');
    assert.equal(kindOf(withChanges(request, { headers: { 'x-k8s-aws-id': 'cluster-2' } })), 'signature');
    assert.equal(kindOf(withChanges(request, { rawQuery: `${request.rawQuery}&Extra=1` })), 'signature');
    const signature = parsed(request).signature;
    const other = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    assert.equal(kindOf(withChanges(request, { rawQuery: request.rawQuery.replace(signature, other) })), 'signature');
    assert.equal(kindOf(withChanges(request, { method: 'POST' })), 'signature');
  });

  it('a body on a presigned GET must be the one signed (the empty body)', async () => {
    const request = await presigned(60);
    assert.equal(kindOf(withChanges(request, { body: Buffer.from('Action=AssumeRole') })), 'signature');
  });

  it('missing or malformed query parameters are an incomplete signature with AWS wording', () => {
    const rawQuery = 'Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKID%2F20261122%2Fus-east-1%2Fsts%2Faws4_request';
    const error = failure(() => parseSigV4({ method: 'GET', path: '/', rawQuery, query: new URLSearchParams(rawQuery), headers: {}, body: Buffer.alloc(0) }));
    assert.equal(error.kind, 'incomplete');
    assert.equal(
      error.message,
      "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-SignedHeaders'. " +
        "AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
    const tooLong = `${rawQuery}&X-Amz-Signature=ab&X-Amz-SignedHeaders=host&X-Amz-Date=20261122T104650Z&X-Amz-Expires=604801`;
    const week = failure(() => parseSigV4({ method: 'GET', path: '/', rawQuery: tooLong, query: new URLSearchParams(tooLong), headers: {}, body: Buffer.alloc(0) }));
    assert.deepEqual([week.kind, week.message], ['incomplete', 'X-Amz-Expires must be less than a week (in seconds) that is 604800']);
  });
});

describe('SigV4: tampering and time', () => {
  it('a flipped body byte, signature character, signed header or method is a signature mismatch', async () => {
    const request = await signed(formPost());
    verifySigV4(request, parsed(request), SECRET, SIGNED_AT);

    const body = Buffer.from(request.body);
    body[0] = (body[0] ?? 0) ^ 0x01;
    assert.equal(kindOf(withChanges(request, { body })), 'signature');

    const auth = request.headers['authorization'] ?? '';
    const flipped = auth.replace(/Signature=(.)/, (_m, c: string) => `Signature=${c === 'a' ? 'b' : 'a'}`);
    assert.equal(kindOf(withChanges(request, { headers: { authorization: flipped } })), 'signature');
    assert.equal(kindOf(withChanges(request, { headers: { authorization: auth.replace(/.$/, '') } })), 'signature');

    assert.equal(kindOf(withChanges(request, { headers: { 'content-type': 'application/json' } })), 'signature');
    assert.equal(kindOf(withChanges(request, { headers: { host: 'evil.example:4747' } })), 'signature');
    assert.equal(kindOf(withChanges(request, { method: 'PUT' })), 'signature');
    assert.equal(kindOf(withChanges(request, { path: '/other' })), 'signature');
    assert.equal(kindOf(withChanges(request, { rawQuery: 'Action=AssumeRole' })), 'signature');
  });

  it('an x-amz-content-sha256 that does not hash the body does not help a tampered body', async () => {
    const request = await signed(
      new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'h', path: '/', headers: { host: 'h', 'x-amz-target': 'X.Y' }, body: '{}' }),
      { service: 'organizations' },
    );
    assert.ok(request.headers['x-amz-content-sha256'], 'SDK v3 sends the payload hash');
    assert.equal(kindOf(withChanges(request, { body: Buffer.from('{"a":1}') })), 'signature');
  });

  it('UNSIGNED-PAYLOAD is believed only when there is no body', async () => {
    const bodyless = new HttpRequest({ method: 'GET', protocol: 'https:', hostname: 'h', path: '/', headers: { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const request = await signed(bodyless);
    verifySigV4(request, parsed(request), SECRET, SIGNED_AT);
    const withBody = await signed(
      new HttpRequest({ method: 'POST', protocol: 'https:', hostname: 'h', path: '/', headers: { host: 'h', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }, body: 'Action=AssumeRole' }),
    );
    assert.equal(kindOf(withBody), 'signature');
  });

  it('a wrong secret is a signature mismatch, also after the right one filled the key cache', async () => {
    const request = await signed(formPost());
    for (let i = 0; i < 3; i++) verifySigV4(request, parsed(request), SECRET, SIGNED_AT);
    assert.equal(kindOf(request, SECRET.replace(/^g/, 'h')), 'signature');
    assert.equal(kindOf(request, `${SECRET} `), 'signature');
    verifySigV4(request, parsed(request), SECRET, SIGNED_AT);
  });

  it('the mismatch message shows the canonical request and string to sign, never the secret or session token', async () => {
    const request = await signed(formPost(), { credentials: SESSION });
    const error = failure(() => verifySigV4(request, parsed(request), `${SECRET}x`, SIGNED_AT));
    assert.ok(error.message.startsWith('The request signature we calculated does not match the signature you provided.'));
    assert.match(error.message, /The Canonical String for this request should have been\n'POST\n\/\n\ncontent-length:43\n/);
    assert.match(error.message, /x-amz-security-token:<redacted>\n/);
    assert.match(error.message, /The String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20261122T104650Z\n20261122\/us-east-1\/sts\/aws4_request\n[0-9a-f]{64}'/);
    assert.ok(!error.message.includes(SECRET));
    assert.ok(!error.message.includes(SESSION.sessionToken));
  });

  it('a request time more than 15 minutes either side of now is refused with AWS messages', async () => {
    const request = await signed(formPost());
    verifySigV4(request, parsed(request), SECRET, new Date(SIGNED_AT.getTime() + 15 * MINUTE));
    verifySigV4(request, parsed(request), SECRET, new Date(SIGNED_AT.getTime() - 15 * MINUTE));

    const late = failure(() => verifySigV4(request, parsed(request), SECRET, new Date('2026-11-22T11:15:00Z')));
    assert.equal(late.kind, 'skew');
    assert.equal(late.message, 'Signature expired: 20261122T104650Z is now earlier than 20261122T110000Z (20261122T111500Z - 15 min.)');

    const early = failure(() => verifySigV4(request, parsed(request), SECRET, new Date('2026-11-22T10:30:00Z')));
    assert.equal(early.kind, 'skew');
    assert.equal(early.message, 'Signature not yet current: 20261122T104650Z is still later than 20261122T104500Z (20261122T103000Z + 15 min.)');
  });

  it('the time checks come before the signature, and need no secret', async () => {
    const request = await signed(formPost());
    assert.equal(failure(() => checkSigV4Preconditions(parsed(request), new Date(SIGNED_AT.getTime() + 20 * MINUTE))).kind, 'skew');
    assert.equal(kindOf(request, 'not the secret', new Date(SIGNED_AT.getTime() + 20 * MINUTE)), 'skew');
  });

  it('a credential scope dated another day than X-Amz-Date is a scope error', async () => {
    const request = await signed(formPost());
    const auth = (request.headers['authorization'] ?? '').replace('/20261122/', '/20261121/');
    const error = failure(() => verifySigV4(withChanges(request, { headers: { authorization: auth } }), parsed(withChanges(request, { headers: { authorization: auth } })), SECRET, SIGNED_AT));
    assert.equal(error.kind, 'scope');
    assert.equal(
      error.message,
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20261121' != '20261122', from '20261122T104650Z'.",
    );
  });

  it('a signature that leaves Host out is refused', async () => {
    const request = await signed(formPost());
    const auth = (request.headers['authorization'] ?? '').replace('host;', '');
    const error = failure(() => verifySigV4(withChanges(request, { headers: { authorization: auth } }), parsed(withChanges(request, { headers: { authorization: auth } })), SECRET, SIGNED_AT));
    assert.deepEqual([error.kind, error.message], ['signature', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."]);
  });
});

describe('SigV4: parsing', () => {
  const bare = (headers: Record<string, string>, rawQuery = ''): WireRequest => ({
    method: 'POST',
    path: '/',
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers: { host: 'h', ...headers },
    body: Buffer.alloc(0),
  });
  const good = 'AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/sts/aws4_request, SignedHeaders=host;x-amz-date, Signature=abcd';

  it('no SigV4, or an Authorization that is not AWS4-*, is undefined (MissingAuthenticationToken)', () => {
    assert.equal(parseSigV4(bare({})), undefined);
    assert.equal(parseSigV4(bare({ authorization: 'Bearer eyJhbGciOi' })), undefined);
    assert.equal(parseSigV4(bare({ authorization: 'AWS AKID:c2lnbmF0dXJl' })), undefined);
    assert.equal(parseSigV4(bare({}, 'Action=GetCallerIdentity&X-Amz-Target=x')), undefined);
  });

  it('accepts the components separated by commas, spaces or both, and trailing slashes on the credential', () => {
    for (const authorization of [
      good,
      'AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/sts/aws4_request,SignedHeaders=host;x-amz-date,Signature=abcd',
      'AWS4-HMAC-SHA256 Credential=AKID/20261122/us-east-1/sts/aws4_request/ SignedHeaders=host;x-amz-date Signature=abcd',
    ]) {
      const p = parseSigV4(bare({ authorization, 'x-amz-date': '20261122T104650Z' }));
      assert.deepEqual([p?.accessKeyId, p?.service, p?.signedHeaders, p?.signature], ['AKID', 'sts', ['host', 'x-amz-date'], 'abcd']);
    }
  });

  it('lists every missing component the way AWS does', () => {
    const error = failure(() => parseSigV4(bare({ authorization: 'AWS4-HMAC-SHA256 Signature=abcd' })));
    assert.equal(error.kind, 'incomplete');
    assert.equal(
      error.message,
      "Authorization header requires 'Credential' parameter. Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=AWS4-HMAC-SHA256 Signature=abcd",
    );
  });

  it('rejects bad dates, algorithms, credentials and terminators', () => {
    const cases: Array<[Record<string, string>, SigV4ErrorKind, string]> = [
      [{ authorization: good, 'x-amz-date': '2026-11-22T10:46:50Z' }, 'incomplete', "Date must be in ISO-8601 'basic format'. Got '2026-11-22T10:46:50Z'. See http://en.wikipedia.org/wiki/ISO_8601"],
      [{ authorization: good, 'x-amz-date': '20261322T104650Z' }, 'incomplete', "Date must be in ISO-8601 'basic format'. Got '20261322T104650Z'. See http://en.wikipedia.org/wiki/ISO_8601"],
      [{ authorization: good.replace('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256'), 'x-amz-date': '20261122T104650Z' }, 'incomplete', "Unsupported AWS 'algorithm': 'AWS4-ECDSA-P256-SHA256' (only AWS4-HMAC-SHA256 for now). "],
      [{ authorization: good.replace('/sts/aws4_request', '/sts'), 'x-amz-date': '20261122T104650Z' }, 'incomplete', "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20261122/us-east-1/sts'"],
      [{ authorization: good.replace('aws4_request', 'aws5_request'), 'x-amz-date': '20261122T104650Z' }, 'scope', "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'."],
      [{ authorization: good.replace('/aws4_request', '/aws4_request/x'), 'x-amz-date': '20261122T104650Z' }, 'incomplete', "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/20261122/us-east-1/sts/aws4_request/x'"],
      [{ authorization: good.replace('AKID/', 'AKID/x/'), 'x-amz-date': '20261122T104650Z' }, 'incomplete', "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKID/x/20261122/us-east-1/sts/aws4_request'"],
    ];
    for (const [headers, kind, message] of cases) {
      const error = failure(() => parseSigV4(bare(headers)));
      assert.deepEqual([error.kind, error.message], [kind, message]);
    }
  });

  it('reads X-Amz-Date field by field: leap days pass, roll-overs and two-digit years do not', () => {
    const date = (text: string) => parseSigV4(bare({ authorization: good, 'x-amz-date': text }))?.amzDate.toISOString();
    assert.equal(date('20240229T235959Z'), '2024-02-29T23:59:59.000Z');
    assert.equal(date('20000229T000000Z'), '2000-02-29T00:00:00.000Z');
    for (const text of ['20260229T000000Z', '19000229T000000Z', '20260431T000000Z', '20260100T000000Z', '20261122T240000Z', '20261122T106000Z', '20261122T104660Z', '00991122T104650Z', '2026112xT104650Z']) {
      assert.equal(failure(() => parseSigV4(bare({ authorization: good, 'x-amz-date': text }))).kind, 'incomplete', text);
    }
  });

  it('reads the Authorization header the same in the SDK form and in the other forms AWS accepts', () => {
    const forms = [
      good,
      good.replaceAll(', ', ','),
      'AWS4-HMAC-SHA256 Signature=abcd SignedHeaders=host;x-amz-date Credential=AKID/20261122/us-east-1/sts/aws4_request',
      'AWS4-HMAC-SHA256  Credential=AKID/20261122/us-east-1/sts/aws4_request,\tSignedHeaders=host;x-amz-date, Signature=abcd, Signature=ffff',
    ];
    for (const authorization of forms) {
      const p = parseSigV4(bare({ authorization, 'x-amz-date': '20261122T104650Z' }));
      assert.deepEqual([p?.accessKeyId, p?.region, p?.signedHeaders, p?.signature], ['AKID', 'us-east-1', ['host', 'x-amz-date'], 'abcd'], authorization);
    }
  });

  it('ignores trailing slashes after the credential scope, as AWS does', () => {
    const p = parseSigV4(bare({ authorization: good.replace('/aws4_request', '/aws4_request//'), 'x-amz-date': '20261122T104650Z' }));
    assert.deepEqual([p?.accessKeyId, p?.date, p?.region, p?.service], ['AKID', '20261122', 'us-east-1', 'sts']);
  });

  it('refuses a header signature and a presigned query together', () => {
    const error = failure(() => parseSigV4(bare({ authorization: good, 'x-amz-date': '20261122T104650Z' }, 'X-Amz-Algorithm=AWS4-HMAC-SHA256')));
    assert.equal(error.kind, 'incomplete');
  });

  it('never reads a signed header from the object prototype', async () => {
    const request = await signed(formPost());
    const auth = (request.headers['authorization'] ?? '').replace('SignedHeaders=', 'SignedHeaders=constructor;__proto__;');
    assert.equal(kindOf(withChanges(request, { headers: { authorization: auth } })), 'signature');
  });

  it('canonical query: keys then values sorted after RFC 3986 encoding; X-Amz-Signature dropped only when presigned', () => {
    assert.equal(canonicalQuery('b=2&a=3&a=1&A=0&c', false), 'A=0&a=1&a=3&b=2&c=');
    assert.equal(canonicalQuery('k=%7e%2a+%C3%BC&X-Amz-Signature=x', true), 'k=~%2A%20%C3%BC');
    assert.equal(canonicalQuery('X-Amz-Signature=x', false), 'X-Amz-Signature=x');
    assert.equal(canonicalQuery('bad=%zz%', false), 'bad=%25zz%25');
  });
});

describe('SigV4: wire codes', () => {
  it('maps every failure to AWS codes per protocol family', () => {
    const expected: Record<AuthFailure, [string, number, string, number]> = {
      incomplete: ['IncompleteSignatureException', 400, 'IncompleteSignature', 400],
      signature: ['InvalidSignatureException', 403, 'SignatureDoesNotMatch', 403],
      skew: ['InvalidSignatureException', 403, 'SignatureDoesNotMatch', 403],
      scope: ['InvalidSignatureException', 403, 'SignatureDoesNotMatch', 403],
      'presign-expired': ['AccessDeniedException', 403, 'AccessDenied', 403],
      missing: ['MissingAuthenticationTokenException', 403, 'MissingAuthenticationToken', 403],
      'unknown-key': ['UnrecognizedClientException', 403, 'InvalidClientTokenId', 403],
      'expired-token': ['ExpiredTokenException', 403, 'ExpiredToken', 403],
    };
    assert.deepEqual(Object.keys(AUTH_ERROR_CODES).sort(), Object.keys(expected).sort());
    for (const [kind, [json, jsonStatus, query, queryStatus]] of Object.entries(expected) as Array<[AuthFailure, [string, number, string, number]]>) {
      assert.deepEqual([sigV4ErrorCode(kind, 'json').code, sigV4ErrorCode(kind, 'json').status], [json, jsonStatus]);
      assert.deepEqual([sigV4ErrorCode(kind, 'rest-json').code, sigV4ErrorCode(kind, 'rest-json').status], [json, jsonStatus]);
      assert.deepEqual([sigV4ErrorCode(kind, 'query').code, sigV4ErrorCode(kind, 'query').status], [query, queryStatus]);
    }
    assert.equal(sigV4ErrorCode('unknown-key', 'query').message, 'The security token included in the request is invalid.');
    assert.equal(sigV4ErrorCode('expired-token', 'query').message, 'The security token included in the request is expired');
    assert.equal(sigV4ErrorCode('missing', 'query').message, 'Request is missing Authentication Token');
  });

  it('builds the ServiceError the codecs write, keeping the specific message', () => {
    const error = authErrorFor('skew', 'query', 'Signature expired: x is now earlier than y (z - 15 min.)');
    assert.ok(error instanceof ServiceError);
    assert.deepEqual([error.code, error.status, error.fault, error.message], ['SignatureDoesNotMatch', 403, 'Sender', 'Signature expired: x is now earlier than y (z - 15 min.)']);
    assert.equal(authErrorFor('unknown-key', 'json').message, 'The security token included in the request is invalid.');
  });
});
