import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../lib/log.js';
import { newRequestId } from '../lib/ids.js';
import type { WireRequest, WireResponse } from '../aws/protocol/wire.js';

// The front door: one port, keep-alive, Nagle off, the answers of one event-loop turn written together. Reads the
// whole body, builds a WireRequest and hands it to the first area (control, api, web) that answers it. Every
// response carries x-amzn-RequestId.

/** One area of the edge; returns undefined (synchronously, when it can tell at once) when the request is not its own. */
export type Area = (request: WireRequest, requestId: string) => WireResponse | undefined | Promise<WireResponse | undefined>;

export interface EdgeOptions {
  readonly port: number;
  readonly host: string;
  readonly areas: readonly Area[];
  readonly log: Logger;
  /** Bodies above this many bytes are refused with 413. */
  readonly maxBodyBytes?: number;
}

export interface Edge {
  readonly server: Server;
  readonly port: number;
  /** Stops accepting, lets in-flight requests finish (up to graceMs), then resolves. */
  close(graceMs?: number): Promise<void>;
}

const notFound: WireResponse = { status: 404, headers: { 'content-type': 'application/json' }, body: '{"message":"Not found"}' };
const tooLarge: WireResponse = { status: 413, headers: { 'content-type': 'application/json' }, body: '{"message":"Request entity too large"}' };
const internalError: WireResponse = { status: 500, headers: { 'content-type': 'application/json' }, body: '{"message":"Internal server error"}' };

export async function listen(options: EdgeOptions): Promise<Edge> {
  const maxBody = options.maxBodyBytes ?? 16 * 1024 * 1024;
  let inFlight = 0;
  let drained: (() => void) | undefined;

  const server = createServer({ keepAlive: true, noDelay: true, keepAliveTimeout: 65_000 }, (req, res) => {
    inFlight++;
    // The body is read with callbacks rather than a promise: one allocation and one microtask fewer per request.
    readBody(req, maxBody, (body) => void respond(req, res, body), settle);
  });

  /** One request is over (answered, or its client went away before its body ended). */
  function settle(): void {
    inFlight--;
    if (inFlight === 0) drained?.();
  }
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;

  /** Answers one request whose body has been read (undefined: it was larger than maxBody). */
  async function respond(req: IncomingMessage, res: ServerResponse, body: Buffer | undefined): Promise<void> {
    // A turn that has run past heldMs lets its held answers go before it starts on another request.
    if (held.length > 0 && performance.now() - turnStarted >= heldMs) writeHeld();
    const requestId = newRequestId();
    let response: WireResponse = notFound;
    try {
      if (body === undefined) {
        response = tooLarge;
      } else {
        const request = new NodeWireRequest(req, body);
        for (const area of options.areas) {
          const answer = area(request, requestId);
          const answered = answer instanceof Promise ? await answer : answer;
          if (answered) {
            response = answered;
            break;
          }
        }
      }
    } catch (error) {
      options.log.error({ requestId, err: error }, 'unhandled error at the edge');
      response = internalError;
    }
    deliver(res, requestId, response);
  }

  // Write coalescing. The first answer of an event-loop turn is written at once; answers that become ready later in
  // the same turn are held until its end (setImmediate runs once every readable socket of the turn has been read)
  // and written one after the other. A write to a client asleep waiting for it wakes the client, and the wake-up is
  // paid inside the server's write: answers written one by one between reads wake a busy client once per answer,
  // answers written together wake it about once per turn. Redis writes its replies before it sleeps for the same
  // reason. A lone request is written at once. Held answers go out first in, first out, and node writes a
  // pipelining client's answers in its requests' order whenever they are ended, so nothing is reordered. A turn
  // that runs past heldMs writes what it holds before it starts on another request, and then writes as it goes:
  // an answer waits at most about heldMs plus one request's synchronous work. What coalescing saved is in
  // bench/README.md (the sts scenario).
  const heldMs = 1;
  let turnOpen = false;
  let turnStarted = 0;
  const held: Array<{ readonly res: ServerResponse; readonly requestId: string; readonly response: WireResponse }> = [];

  function deliver(res: ServerResponse, requestId: string, response: WireResponse): void {
    if (!turnOpen) {
      turnOpen = true;
      turnStarted = performance.now();
      setImmediate(endTurn);
    } else if (performance.now() - turnStarted < heldMs) {
      held.push({ res, requestId, response });
      return;
    } else {
      writeHeld();
    }
    write(res, requestId, response);
  }

  function endTurn(): void {
    turnOpen = false;
    writeHeld();
  }

  function writeHeld(): void {
    for (const { res, requestId, response } of held.splice(0)) write(res, requestId, response);
  }

  /** Sends one answer and ends its request; an answer node refuses to write (a bad header value) becomes a 500. */
  function write(res: ServerResponse, requestId: string, response: WireResponse): void {
    try {
      send(res, requestId, response);
    } catch (error) {
      options.log.error({ requestId, err: error }, 'unwritable answer at the edge');
      try {
        if (res.headersSent) res.destroy();
        else send(res, requestId, internalError);
      } catch {
        res.destroy();
      }
    } finally {
      settle();
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    server,
    port,
    async close(graceMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await Promise.race([
          new Promise<void>((resolve) => (drained = resolve)),
          new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref()),
        ]);
      }
      server.closeAllConnections();
      await closed;
    },
  };
}

/**
 * Calls `done` once with the whole body, or with undefined when it is larger than `limit` (the rest is drained); or
 * `failed` when the stream fails (the client went away mid-body): that request is not answered, its socket is gone.
 */
function readBody(req: IncomingMessage, limit: number, done: (body: Buffer | undefined) => void, failed: () => void): void {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    req.resume();
    done(undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) tooLarge = true;
    else chunks.push(chunk);
  });
  let over = false;
  req.on('end', () => {
    over = true;
    done(tooLarge ? undefined : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
  });
  req.on('error', () => {
    if (over) return;
    over = true;
    failed();
  });
}

/** A WireRequest over node's own parsed request: headers as node keeps them, the query parsed only if asked for. */
class NodeWireRequest implements WireRequest {
  readonly method: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly headers: Readonly<Record<string, string>>;
  private parsedQuery: URLSearchParams | undefined;

  constructor(
    private readonly req: IncomingMessage,
    readonly body: Buffer,
  ) {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    this.method = req.method ?? 'GET';
    this.path = q < 0 ? url : url.slice(0, q);
    this.rawQuery = q < 0 ? '' : url.slice(q + 1);
    // node lower-cases names and joins repeated headers with ', ' (keeping the first of singletons such as host and
    // authorization); only set-cookie is an array, and requests have no business sending it.
    this.headers = req.headers as Readonly<Record<string, string>>;
  }

  get query(): URLSearchParams {
    this.parsedQuery ??= new URLSearchParams(this.rawQuery);
    return this.parsedQuery;
  }

  get remoteAddress(): string | undefined {
    return this.req.socket.remoteAddress;
  }
}

function send(res: ServerResponse, requestId: string, response: WireResponse): void {
  const { body } = response;
  const length = typeof body === 'string' ? Buffer.byteLength(body, 'utf8') : body.length;
  // A flat [name, value, ...] list: node writes it without building a header object.
  const headers: string[] = ['x-amzn-RequestId', requestId, 'content-length', String(length)];
  for (const name in response.headers) {
    if (name !== 'x-amzn-RequestId' && name !== 'content-length') headers.push(name, response.headers[name]!);
  }
  if (response.setCookies) for (const cookie of response.setCookies) headers.push('set-cookie', cookie);
  res.writeHead(response.status, headers);
  // A string body goes out in the same write as the head (node joins them); a Buffer would take a second one.
  res.end(body);
}
