import { timingSafeEqual } from 'node:crypto';
import type { WireRequest, WireResponse } from '../aws/protocol/wire.js';

// The local control API under /_gatehouse/: health for anyone; reset, export, import and the root credentials
// only with the bearer token from <data-dir>/control-token.

export const controlPrefix = '/_gatehouse/';

export interface ControlPort {
  health(): Promise<Record<string, unknown>>;
  /** Empties every table and bootstraps again; returns the new management account's root credentials. */
  reset(): Promise<unknown>;
  exportState(): Promise<unknown>;
  /** Replaces all state in one transaction; throws ControlError for a document that cannot be imported. */
  importState(document: unknown): Promise<void>;
  rootCredentials(): Promise<unknown>;
  /** A standalone account with a root access key; throws ControlError for bad input or a used email. */
  createAccount(input: unknown): Promise<unknown>;
}

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type Route = (request: WireRequest) => Promise<WireResponse>;

/** A control operation whose path has parameters (e.g. a user name): `path` matches what follows /_gatehouse/,
 * its groups (percent-decoded) are passed to `run`. Always needs the bearer token. */
export interface ControlPathRoute {
  readonly method: string;
  readonly path: RegExp;
  run(request: WireRequest, params: readonly string[]): Promise<WireResponse>;
}

export function controlArea(port: ControlPort, token: string, pathRoutes: readonly ControlPathRoute[] = []) {
  const expected = Buffer.from(`Bearer ${token}`);
  const authorized = (request: WireRequest): boolean => {
    const given = Buffer.from(request.headers['authorization'] ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const routes: Readonly<Record<string, { readonly open?: boolean; readonly run: Route }>> = {
    'GET health': { open: true, run: async () => json(200, await port.health()) },
    'POST reset': { run: async () => json(200, await port.reset()) },
    'GET state': { run: async () => json(200, await port.exportState()) },
    'PUT state': {
      run: async (request) => {
        await port.importState(parseJson(request, 'The state document is not valid JSON.'));
        return json(200, { imported: true });
      },
    },
    'POST accounts': { run: async (request) => json(201, await port.createAccount(parseJson(request, 'The body is not valid JSON.'))) },
    'GET root-credentials': { run: async () => json(200, await port.rootCredentials()) },
  };

  const answer = async (request: WireRequest): Promise<WireResponse> => {
    const route = routes[`${request.method} ${request.path.slice(controlPrefix.length)}`] ?? matchPathRoute(pathRoutes, request);
    if (!route) return json(404, { message: `No control operation ${request.method} ${request.path}` });
    if (!route.open && !authorized(request)) {
      return json(401, { message: 'The control API needs "Authorization: Bearer <token>" with the token in <data-dir>/control-token.' });
    }
    try {
      return await route.run(request);
    } catch (error) {
      if (error instanceof ControlError) return json(error.status, { message: error.message });
      throw error;
    }
  };
  return (request: WireRequest): Promise<WireResponse> | undefined => (request.path.startsWith(controlPrefix) ? answer(request) : undefined);
}

function matchPathRoute(pathRoutes: readonly ControlPathRoute[], request: WireRequest): { readonly open?: boolean; readonly run: Route } | undefined {
  const rest = request.path.slice(controlPrefix.length);
  for (const route of pathRoutes) {
    const m = route.method === request.method ? route.path.exec(rest) : null;
    if (!m) continue;
    let params: string[];
    try {
      params = m.slice(1).map((p) => decodeURIComponent(p ?? ''));
    } catch {
      return undefined;
    }
    return { run: (r) => route.run(r, params) };
  }
  return undefined;
}

export function parseJson(request: WireRequest, message: string): unknown {
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new ControlError(400, message);
  }
}

export function json(status: number, body: unknown): WireResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
