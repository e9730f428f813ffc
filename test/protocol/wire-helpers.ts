// Builds WireRequests for codec tests the way the edge does: lower-cased headers, raw path and query.
import { ServiceError } from '../../src/aws/errors.js';
import type { WireRequest, WireResponse } from '../../src/aws/protocol/wire.js';

export interface RequestInit {
  readonly method?: string;
  /** Path with an optional '?query'. */
  readonly url?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export function wireRequest(init: RequestInit = {}): WireRequest {
  const url = init.url ?? '/';
  const q = url.indexOf('?');
  const rawQuery = q < 0 ? '' : url.slice(q + 1);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
  return {
    method: init.method ?? 'POST',
    path: q < 0 ? url : url.slice(0, q),
    rawQuery,
    query: new URLSearchParams(rawQuery),
    headers,
    body: typeof init.body === 'string' ? Buffer.from(init.body, 'utf8') : (init.body ?? Buffer.alloc(0)),
  };
}

export function bodyText(response: WireResponse): string {
  return typeof response.body === 'string' ? response.body : response.body.toString('utf8');
}

export function bodyJson(response: WireResponse): Record<string, unknown> {
  return JSON.parse(bodyText(response)) as Record<string, unknown>;
}

/** A header of a WireResponse, by case-insensitive name, as a client would read it. */
export function header(response: WireResponse, name: string): string | undefined {
  const lower = name.toLowerCase();
  for (const [k, v] of Object.entries(response.headers)) if (k.toLowerCase() === lower) return v;
  return undefined;
}

/** Captures the ServiceError a codec throws; anything else (or nothing) fails the test. */
export function thrown(fn: () => unknown): ServiceError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ServiceError) return error;
    throw error;
  }
  throw new Error('expected a ServiceError');
}
