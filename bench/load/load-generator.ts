import type { SignedRequest } from '../signed-request.js';

export interface LoadOptions {
  /** Open keep-alive connections, each with one request in flight (no pipelining): the concurrency. */
  readonly connections: number;
  readonly durationSeconds: number;
}

export interface LoadResult {
  /** Completed 2xx responses. */
  readonly requests: number;
  readonly seconds: number;
  readonly requestsPerSecond: number;
  /** Latency from writing the request to reading the whole response, in milliseconds. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Non-2xx responses; any at all fails the run (an error page is not a result). */
  readonly non2xx: number;
  /** Socket errors and timeouts. */
  readonly errors: number;
}

/** A load generator replays one request from this process (or its own native process); never inside a server. */
export interface LoadGenerator {
  readonly name: string;
  readonly version: string;
  /** Which process generates the load, for the record. */
  readonly where: string;
  /** Whether it opens a new connection when a server closes one after a response (`Connection: close`). */
  readonly followsConnectionClose: boolean;
  run(request: SignedRequest, options: LoadOptions): Promise<LoadResult>;
}
