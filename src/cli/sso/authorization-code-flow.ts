import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError, exitCodes } from '../errors.js';
import type { SsoClients } from './aws-clients.js';
import { grantOf } from './device-flow.js';
import type { CachedRegistration } from './token-cache.js';
import type { TokenGrant } from './token-grant.js';

// The authorization code grant with PKCE (RFC 7636) as the AWS CLI runs it: a loopback listener on 127.0.0.1 is
// bound first (so the browser's redirect can never arrive before it, aws-sso-cli #1441), then the authorize URL is
// opened; the first callback with the right `state` is exchanged for a token with the code verifier.

/** The AWS CLI waits 10 minutes for the browser. */
const timeoutMs = 10 * 60_000;
const unreserved = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';

export function codeVerifier(): string {
  // 64 characters of the 66 unreserved ones, as the AWS CLI; bytes from 198 (3 x 66) up are dropped to keep it uniform.
  let out = '';
  while (out.length < 64) {
    for (const byte of randomBytes(64)) {
      if (byte < 198 && out.length < 64) out += unreserved[byte % 66];
    }
  }
  return out;
}

export function codeChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

export interface AuthorizeRequest {
  readonly url: string;
  readonly redirectUri: string;
}

export interface AuthorizationCodeOptions {
  readonly authorizeEndpoint: string;
  readonly scopes: readonly string[] | undefined;
  /** Shows the URL and opens the browser; called once the listener is ready. */
  readonly open: (request: AuthorizeRequest) => void | Promise<void>;
}

export async function authorizationCodeSignIn(registration: CachedRegistration, clients: SsoClients, options: AuthorizationCodeOptions): Promise<TokenGrant> {
  const state = randomUUID();
  const verifier = codeVerifier();
  const callback = loopbackCallback(state);
  const port = await callback.ready;
  try {
    const redirectUri = `http://127.0.0.1:${port}/oauth/callback`;
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: registration.clientId,
      redirect_uri: redirectUri,
      state,
      code_challenge_method: 'S256',
      // The AWS CLI's parameter name (Granted sends `scope`).
      ...(options.scopes && options.scopes.length > 0 ? { scopes: options.scopes.join(' ') } : {}),
      code_challenge: codeChallenge(verifier),
    });
    await options.open({ url: `${options.authorizeEndpoint}?${query.toString()}`, redirectUri });
    const code = await callback.code;
    const { CreateTokenCommand } = await clients.commands();
    const oidc = await clients.oidc();
    const token = await oidc.send(
      new CreateTokenCommand({
        grantType: 'authorization_code',
        clientId: registration.clientId,
        clientSecret: registration.clientSecret,
        code,
        codeVerifier: verifier,
        redirectUri,
      }),
    );
    return grantOf(token);
  } finally {
    callback.close();
  }
}

interface LoopbackCallback {
  readonly ready: Promise<number>;
  readonly code: Promise<string>;
  close(): void;
}

const pageHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
};

function page(title: string, text: string): string {
  return `<!doctype html><meta charset="utf-8"><title>${title}</title><body style="font:16px system-ui;margin:3em"><h1>${title}</h1><p>${text}</p></body>`;
}

/** A one-shot HTTP listener on 127.0.0.1 that resolves with the authorization code of the first valid callback. */
function loopbackCallback(state: string): LoopbackCallback {
  let settle: { resolve: (code: string) => void; reject: (error: Error) => void } | undefined;
  const code = new Promise<string>((resolve, reject) => (settle = { resolve, reject }));
  code.catch(() => {}); // observed by the caller; never an unhandled rejection when closed early
  let done = false;
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.method !== 'GET' || url.pathname !== '/oauth/callback' || done) {
      response.writeHead(404, pageHeaders).end(page('Not found', 'This address only takes the sign-in callback.'));
      return;
    }
    if (url.searchParams.get('state') !== state) {
      response.writeHead(400, pageHeaders).end(page('Sign-in not accepted', 'The callback does not belong to this sign-in.'));
      return;
    }
    done = true;
    const error = url.searchParams.get('error');
    const value = url.searchParams.get('code');
    if (error || !value) {
      response.writeHead(400, pageHeaders).end(page('Sign-in failed', 'You can close this tab and look at the terminal.'));
      const detail = url.searchParams.get('error_description');
      settle!.reject(new CliError(`the sign-in failed: ${error ?? 'no code'}${detail ? ` (${detail})` : ''}`, exitCodes.loginFailed));
      return;
    }
    response.writeHead(200, pageHeaders).end(page('Signed in', 'gatehouse has your sign-in. You can close this tab.'));
    settle!.resolve(value);
  });
  const timer = setTimeout(() => settle!.reject(new CliError('no sign-in arrived within 10 minutes: run gatehouse login again', exitCodes.loginFailed)), timeoutMs);
  timer.unref();
  const ready = new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
  return {
    ready,
    code,
    close() {
      clearTimeout(timer);
      server.close();
      server.closeAllConnections();
    },
  };
}
