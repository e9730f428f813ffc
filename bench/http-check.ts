import { request } from 'node:http';
import type { SignedRequest } from './signed-request.js';

export interface Reply {
  readonly status: number;
  readonly body: string;
  /** The reply's content-type, for a ceiling that answers the same bytes. */
  readonly contentType: string;
  /** False when the server asks to close the connection after the response (moto's Werkzeug always does). */
  readonly keepAlive: boolean;
}

/** Sends the request exactly as the load generators will, and returns the whole reply. */
export function send(req: SignedRequest, timeoutMs = 5000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const r = request(req.url, { method: req.method, headers: req.headers, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          contentType: res.headers['content-type'] ?? '',
          keepAlive: res.headers.connection?.toLowerCase() !== 'close',
        }),
      );
      res.on('error', reject);
    });
    r.on('timeout', () => r.destroy(new Error(`no reply from ${req.url} within ${timeoutMs} ms`)));
    r.on('error', reject);
    r.end(req.body);
  });
}

/** Returns undefined when a 200 reply's body is the expected answer, else what is wrong with it. */
export type BodyCheck = (body: string) => string | undefined;

export const hasArn: BodyCheck = (body) => (body.includes('<Arn>') ? undefined : 'expected an <Arn>');

/**
 * A target is only measured if it answers the call correctly: a fast error page is not a result. `what` names the
 * call in the error.
 */
export async function assertAnswers(target: string, req: SignedRequest, check: BodyCheck = hasArn, what = 'GetCallerIdentity'): Promise<Reply> {
  const reply = await send(req);
  const problem = reply.status === 200 ? check(reply.body) : 'expected HTTP 200';
  if (problem !== undefined) {
    throw new Error(`${target} did not answer ${what} (HTTP ${reply.status}: ${problem}):\n${reply.body.slice(0, 2000)}`);
  }
  return reply;
}

/** Polls until the target answers correctly (moto takes seconds to import), or fails with the last reason. */
export async function waitUntilAnswers(target: string, req: SignedRequest, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      await assertAnswers(target, req);
      return;
    } catch (error) {
      last = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${target} did not become ready within ${timeoutMs} ms: ${last instanceof Error ? last.message : String(last)}`);
}
