import { request as httpRequest } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { Sha256 } from '@smithy/core/checksum';
import { HttpRequest } from '@smithy/core/transport';

// Hand-built requests signed by the SDK's own signer, for bodies the SDK clients would never send. Sent with
// node:http rather than fetch so that any Host header (a real AWS hostname, say) can be signed and sent.

export interface SignedFetchOptions {
  readonly service: string;
  readonly credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  readonly body: string;
  readonly headers: Record<string, string>;
  readonly region?: string;
}

export async function signedFetch(url: string, options: SignedFetchOptions): Promise<Response> {
  const { hostname, port } = new URL(url);
  const host = options.headers['host'] ?? `${hostname}:${port}`;
  const signer = new SignatureV4({
    credentials: options.credentials,
    region: options.region ?? 'us-east-1',
    service: options.service,
    sha256: Sha256,
  });
  const request = new HttpRequest({
    method: 'POST',
    protocol: 'http:',
    hostname,
    port: Number(port),
    path: '/',
    headers: { ...options.headers, host },
    body: options.body,
  });
  const signed = await signer.sign(request);
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') headers.set(name, value);
        resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0, headers }));
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export const jsonHeaders = (target: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target });
export const formHeaders = { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' };
