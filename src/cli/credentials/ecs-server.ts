import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { awsTimestamp } from '../aws-config/json-files.js';
import { CliError } from '../errors.js';
import type { RoleCredentials } from './role-credentials.js';

// `assume PROFILE --ecs-server`: the ECS container credentials protocol on 127.0.0.1, as aws-vault's --ecs-server and
// aws-sso-cli's `ecs server` serve it. Every AWS SDK, the AWS CLI and boto3 read AWS_CONTAINER_CREDENTIALS_FULL_URI
// (a loopback http URL is allowed) and send AWS_CONTAINER_AUTHORIZATION_TOKEN as the Authorization header; the answer
// is {AccessKeyId, SecretAccessKey, Token, Expiration, AccountId}. Clients ask again before Expiration, so a
// long-running tool (terraform, a dev server, k9s) always has live credentials and none are ever written to disk
// for it. The token is random per server and compared in constant time; anything without it gets 401.

/**
 * Served credentials are replaced this long before they end: more than botocore's 15-minute advisory refresh (and
 * the SDKs' 5 minutes), so no client is handed credentials it would immediately ask to replace.
 */
export const refreshWindowMs = 20 * 60_000;
/** After a failed refresh (signed out, offline), the next try waits this long; the old credentials serve meanwhile. */
const retryMs = 60_000;
/** setTimeout's ceiling. */
const maxDelayMs = 2 ** 31 - 1;

export type FetchCredentials = (refresh: boolean) => Promise<RoleCredentials>;

/**
 * The role's credentials, replaced in the background before they come within the window of their end (from the
 * cached sign-in, as credential-process does), and on demand if a request finds them there (after sleep).
 */
class RefreshingCredentials {
  private current: RoleCredentials;
  private pending: Promise<RoleCredentials> | undefined;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private lastError: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    initial: RoleCredentials,
    private readonly fetch: FetchCredentials,
    private readonly log: (message: string) => void,
  ) {
    this.current = initial;
    this.schedule();
  }

  /** Credentials to serve: fresh ones when these are within the window, else these while they last. */
  async get(): Promise<RoleCredentials> {
    const now = Date.now();
    if (this.current.expiration.getTime() - now > refreshWindowMs) return this.current;
    const attempt = this.pending ?? (now >= this.nextAttempt() ? this.refresh() : undefined);
    if (attempt) await attempt.catch(() => undefined);
    if (this.current.expiration.getTime() > Date.now()) return this.current;
    throw new CliError(`the credentials ended and new ones could not be fetched: ${this.lastError?.message ?? 'no attempt yet'}`);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private nextAttempt(): number {
    return Math.max(this.current.expiration.getTime() - refreshWindowMs, this.lastAttempt + retryMs);
  }

  private refresh(): Promise<RoleCredentials> {
    this.lastAttempt = Date.now();
    this.pending = this.fetch(true)
      .then(
        (fresh) => {
          this.current = fresh;
          this.lastError = undefined;
          this.log(`new credentials until ${hhmm(fresh.expiration)} UTC`);
          return fresh;
        },
        (error: unknown) => {
          this.lastError = error as Error;
          const until = this.current.expiration.getTime() > Date.now() ? `; serving the current ones until ${hhmm(this.current.expiration)} UTC` : '';
          this.log(`could not refresh the credentials: ${(error as Error).message}${until}`);
          throw error;
        },
      )
      .finally(() => {
        this.pending = undefined;
        this.schedule();
      });
    return this.pending;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const delay = Math.min(Math.max(this.nextAttempt() - Date.now(), 0), maxDelayMs);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), delay);
  }
}

function hhmm(date: Date): string {
  return date.toISOString().slice(11, 16);
}

export interface CredentialServer {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  readonly url: string;
  /** AWS_CONTAINER_AUTHORIZATION_TOKEN. */
  readonly token: string;
  close(): Promise<void>;
}

export interface CredentialServerOptions {
  readonly initial: RoleCredentials;
  readonly fetch: FetchCredentials;
  /** A port of 127.0.0.1 (`ssh -R` needs a known one); default any free one. */
  readonly port?: number;
  readonly log: (message: string) => void;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

export async function startCredentialServer(options: CredentialServerOptions): Promise<CredentialServer> {
  const token = randomBytes(32).toString('base64url');
  const expected = digest(token);
  const credentials = new RefreshingCredentials(options.initial, options.fetch, options.log);

  const send = (response: ServerResponse, status: number, body: Record<string, string>) => {
    response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    response.end(JSON.stringify(body));
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const presented = request.headers.authorization;
    if (presented === undefined || !timingSafeEqual(digest(presented), expected)) {
      send(response, 401, { Code: 'Unauthorized', Message: 'send the token of AWS_CONTAINER_AUTHORIZATION_TOKEN as the Authorization header' });
      return;
    }
    if (request.method !== 'GET') {
      send(response, 405, { Code: 'MethodNotAllowed', Message: 'GET only' });
      return;
    }
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== '/') {
      send(response, 404, { Code: 'NotFound', Message: 'the credentials are at /' });
      return;
    }
    try {
      const c = await credentials.get();
      send(response, 200, {
        AccessKeyId: c.accessKeyId,
        SecretAccessKey: c.secretAccessKey,
        Token: c.sessionToken,
        Expiration: awsTimestamp(c.expiration),
        AccountId: c.accountId,
      });
    } catch (error) {
      send(response, 500, { Code: 'CredentialsUnavailable', Message: (error as Error).message });
    }
  };

  const server = createServer((request, response) => void handle(request, response));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      credentials.stop();
      reject(error.code === 'EADDRINUSE' ? new CliError(`port ${options.port} of 127.0.0.1 is in use: choose another with --port`) : error);
    });
    // Loopback only: the credentials never leave this machine but through a tunnel someone sets up (ssh -R).
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    token,
    close: () => {
      credentials.stop();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
