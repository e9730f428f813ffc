import { createRequire } from 'node:module';
import { createHistogram } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { LoadGenerator, LoadOptions, LoadResult } from './load-generator.js';
import type { SignedRequest } from '../signed-request.js';

const version = (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;

/**
 * autocannon in the parent process. Its own latency histogram keeps whole milliseconds, which reads 0 or 1 for a
 * sub-millisecond server, so latency is recorded here in microseconds from its per-response timings.
 */
export const autocannonGenerator: LoadGenerator = {
  name: 'autocannon',
  version,
  where: 'the bench parent process',
  // Its HTTP parser is made once per connection slot and stays closed after a `Connection: close` response, so
  // against moto it counts one response per connection and then stalls: it cannot measure such servers.
  followsConnectionClose: false,
  run(request: SignedRequest, options: LoadOptions): Promise<LoadResult> {
    // autocannon writes its own Content-Length from the body; a second one would make the request malformed.
    const { 'content-length': _contentLength, ...headers } = request.headers;
    const latencyUs = createHistogram({ lowest: 1, highest: 60_000_000, figures: 3 });
    return new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: request.url,
          method: request.method,
          headers,
          body: request.body,
          connections: options.connections,
          pipelining: 1,
          duration: options.durationSeconds,
          timeout: 10,
        },
        (error, result) => {
          if (error) {
            reject(error);
            return;
          }
          const requests = result['2xx'];
          resolve({
            requests,
            seconds: result.duration,
            requestsPerSecond: requests / result.duration,
            p50Ms: latencyUs.percentile(50) / 1000,
            p99Ms: latencyUs.percentile(99) / 1000,
            non2xx: result.non2xx,
            errors: result.errors, // autocannon counts timeouts among errors too
          });
        },
      );
      instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTimeMs: number) => {
        latencyUs.record(Math.max(1, Math.round(responseTimeMs * 1000)));
      });
    });
  },
};
