import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP, type AddressInfo } from 'node:net';
import { CliError } from '../errors.js';

// What the credential servers (ECS, IMDS, several profiles) share: an HTTP listener on 127.0.0.1 only, and two checks
// before any request reaches a protocol:
//  - the Host header names an address or localhost, never another host name: a web page cannot reach the server by
//    DNS rebinding (its own name resolving to 127.0.0.1), which is what makes a metadata server on loopback readable
//    from a browser (aws-vault checks its Host for the same reason, aws-vault#578);
//  - on Linux, the connecting socket belongs to this user (or root, who can read this process anyway), as
//    /proc/net/tcp says: another user of the machine gets 403 even from the IMDS protocol, which has no secret.
// Where the owner cannot be told (no /proc: macOS, Windows) only the first check applies.

export interface LoopbackServer {
  readonly port: number;
  close(): Promise<void>;
}

export type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export function send(response: ServerResponse, status: number, body: string, contentType: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  response.end(body);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  send(response, status, JSON.stringify(body), 'application/json');
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** A secret compared in constant time (as digests, so the lengths need not match). */
export class Secret {
  readonly #digest: Buffer;
  constructor(readonly value: string) {
    this.#digest = digest(value);
  }
  matches(presented: string | undefined): boolean {
    return presented !== undefined && timingSafeEqual(digest(presented), this.#digest);
  }
}

/** The Host header's name without its port: an address, localhost, or something else. */
export function hostName(host: string | undefined): string | undefined {
  if (host === undefined) return undefined;
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(host);
  if (bracketed) return bracketed[1];
  return host.replace(/:\d+$/, '');
}

function hostAllowed(host: string | undefined): boolean {
  const name = hostName(host)?.toLowerCase();
  return name !== undefined && (name === 'localhost' || isIP(name) !== 0);
}

/**
 * The user owning the client end of a loopback connection to `serverPort` from `clientPort` (Linux: the uid column
 * of /proc/net/tcp or tcp6 for the socket whose local port is the client's and remote port the server's).
 */
export async function peerUid(serverPort: number, clientPort: number, tables: readonly string[] = ['/proc/net/tcp', '/proc/net/tcp6']): Promise<number | undefined> {
  const local = clientPort.toString(16).toUpperCase().padStart(4, '0');
  const remote = serverPort.toString(16).toUpperCase().padStart(4, '0');
  for (const table of tables) {
    let text: string;
    try {
      text = await readFile(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 8) continue;
      if (fields[1]!.endsWith(`:${local}`) && fields[2]!.endsWith(`:${remote}`)) return Number(fields[7]);
    }
  }
  return undefined;
}

async function peerAllowed(request: IncomingMessage, serverPort: number): Promise<boolean> {
  if (process.platform !== 'linux' || typeof process.getuid !== 'function') return true;
  const clientPort = request.socket.remotePort;
  if (clientPort === undefined) return true;
  const uid = await peerUid(serverPort, clientPort);
  return uid === undefined || uid === process.getuid() || uid === 0;
}

/** Listens on 127.0.0.1 (`port`, else any free one) and hands checked requests to `handler`. */
export async function listenOnLoopback(handler: Handler, port: number | undefined): Promise<LoopbackServer> {
  let listening = 0;
  const server = createServer((request, response) => {
    void (async () => {
      if (!hostAllowed(request.headers.host)) {
        send(response, 403, 'Forbidden: the Host must be 127.0.0.1 or localhost\n', 'text/plain');
        return;
      }
      if (!(await peerAllowed(request, listening))) {
        send(response, 403, 'Forbidden: the connection is not from a process of the user serving these credentials\n', 'text/plain');
        return;
      }
      await handler(request, response);
    })().catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, `${(error as Error).message}\n`, 'text/plain');
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new CliError(`port ${port} of 127.0.0.1 is in use: choose another with --port`) : error);
    });
    // Loopback only: the credentials never leave this machine but through a tunnel someone sets up (ssh -R).
    server.listen(port ?? 0, '127.0.0.1', resolve);
  });
  listening = (server.address() as AddressInfo).port;
  return {
    port: listening,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The request's path as sent (no query), percent-decoding left to the caller. */
/** A percent-encoded path or segment decoded; undefined for one that is not valid percent-encoding. */
export function decoded(path: string): string | undefined {
  try {
    return decodeURIComponent(path);
  } catch {
    return undefined;
  }
}

export function pathOf(request: IncomingMessage): string {
  return (request.url ?? '/').replace(/[?#][^]*$/, '') || '/';
}
