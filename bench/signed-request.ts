import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';

/** One HTTP request, fully formed: what the load generators replay and what the pre-flight check sends. */
export interface SignedRequest {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  /** Every header to send, lower-case names, including host and content-length. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** When the signature was made; AWS (and gatehouse) accept it for 15 minutes either side. */
  readonly signedAt: string;
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Temporary credentials only: sent as X-Amz-Security-Token, which the signature covers. */
  readonly sessionToken?: string;
}

export const region = 'us-east-1';

/** What to sign: a `POST /` to one AWS service, with the headers its protocol needs besides host and length. */
export interface UnsignedCall {
  /** The SigV4 signing name: `sts`, `organizations`. */
  readonly service: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * Signs one `POST /` with the SDK's own SigV4 signer. A call is signed once per target and the same bytes are
 * replayed for the whole measurement: a SigV4 signature stays valid for 15 minutes, and signing per request would
 * measure the client, not the server.
 */
export async function signCall(baseUrl: string, credentials: Credentials, call: UnsignedCall): Promise<SignedRequest> {
  const url = new URL('/', baseUrl);
  const signer = new SignatureV4({ credentials, region, service: call.service, sha256: Sha256 });
  const signedAt = new Date();
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: { host: url.host, ...call.headers, 'content-length': String(Buffer.byteLength(call.body)) },
      body: call.body,
    },
    { signingDate: signedAt },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { url: url.href, method: 'POST', headers, body: call.body, signedAt: signedAt.toISOString() };
}

/** sts:GetCallerIdentity over the awsQuery protocol: the sts scenario's call and every server's readiness probe. */
export const getCallerIdentity: UnsignedCall = {
  service: 'sts',
  headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
  body: 'Action=GetCallerIdentity&Version=2011-06-15',
};

export function signGetCallerIdentity(baseUrl: string, credentials: Credentials): Promise<SignedRequest> {
  return signCall(baseUrl, credentials, getCallerIdentity);
}

/** A call over awsJson1_1: `X-Amz-Target: <targetPrefix>.<operation>`, signed for the service's signing name. */
export function awsJsonCall(service: string, targetPrefix: string, operation: string, input: Readonly<Record<string, unknown>>): UnsignedCall {
  return {
    service,
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `${targetPrefix}.${operation}` },
    body: JSON.stringify(input),
  };
}

/** An Organizations call over awsJson1_1 (`X-Amz-Target: AWSOrganizationsV20161128.<operation>`). */
export const organizationsCall = (operation: string, input: Readonly<Record<string, unknown>>): UnsignedCall =>
  awsJsonCall('organizations', 'AWSOrganizationsV20161128', operation, input);

/**
 * An unsigned GET with a bearer token in `header`, as the portal API takes it (GetRoleCredentials:
 * `x-amz-sso_bearer_token`). The token stays valid for the whole run, so the same request is replayed.
 */
export function bearerGet(baseUrl: string, pathAndQuery: string, header: string, token: string): SignedRequest {
  const url = new URL(pathAndQuery, baseUrl);
  return { url: url.href, method: 'GET', headers: { host: url.host, [header]: token }, body: '', signedAt: new Date().toISOString() };
}
