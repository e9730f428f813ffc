import type { Area } from '../edge/http-server.js';
import type { WireRequest, WireResponse } from '../aws/protocol/wire.js';

// The pages' area of the edge: requests under the page prefixes go to the Hono app, everything else passes on to
// the AWS API. The prefixes never shadow the unsigned API paths (/token, /client/register, /device_authorization,
// /federation/credentials, /assignment/*, /logout): `/federation` is the console sign-in endpoint only when it is
// the whole path, as on signin.aws.amazon.com.

/** What the area needs of the pages' app: Hono's fetch. */
interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

const prefixes = ['/start', '/device', '/authorize', '/console', '/assets'] as const;

/** True when the path belongs to the pages: a prefix itself or anything below it, or exactly /federation. */
export function isPagePath(path: string): boolean {
  if (path === '/federation') return true;
  for (const prefix of prefixes) {
    if (path.startsWith(prefix) && (path.length === prefix.length || path[prefix.length] === '/')) return true;
  }
  return false;
}

export function webArea(app: FetchApp): Area {
  return (request) => (isPagePath(request.path) ? serve(app, request) : undefined);
}

async function serve(app: FetchApp, request: WireRequest): Promise<WireResponse> {
  const url = `http://${request.headers['host'] ?? 'localhost'}${request.path}${request.rawQuery ? `?${request.rawQuery}` : ''}`;
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const response = await app.fetch(
    new Request(url, { method: request.method, headers: request.headers, ...(hasBody ? { body: request.body } : {}) }),
  );
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const setCookies = response.headers.getSetCookie();
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers, body, ...(setCookies.length > 0 ? { setCookies } : {}) };
}
