import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';

/** One HTTP request, fully formed: what the load generators replay and what the pre-flight check sends. */
export interface SignedRequest {
  readonly url: string;
  readonly method: 'POST';
  /** Every header to send, lower-case names, including host and content-length. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** When the signature was made; AWS (and gatehouse) accept it for 15 minutes either side. */
  readonly signedAt: string;
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

export const region = 'us-east-1';
export const service = 'sts';
const body = 'Action=GetCallerIdentity&Version=2011-06-15';

/**
 * sts:GetCallerIdentity over the awsQuery protocol, signed by the SDK's own SigV4 signer. It is signed once per
 * target and the same bytes are replayed for the whole measurement: a SigV4 signature stays valid for 15 minutes,
 * and signing per request would measure the client, not the server.
 */
export async function signGetCallerIdentity(baseUrl: string, credentials: Credentials): Promise<SignedRequest> {
  const url = new URL('/', baseUrl);
  const signer = new SignatureV4({ credentials, region, service, sha256: Sha256 });
  const signedAt = new Date();
  const signed = await signer.sign(
    {
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      query: {},
      headers: {
        host: url.host,
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    },
    { signingDate: signedAt },
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name.toLowerCase()] = value;
  return { url: url.href, method: 'POST', headers, body, signedAt: signedAt.toISOString() };
}
