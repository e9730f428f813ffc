import type { MeasureConfig } from './config.js';
import type { LoadGenerator } from './load/load-generator.js';
import { cpuSeconds } from './process-cpu.js';
import { measurement, type Measurement } from './report.js';
import type { SignedRequest } from './signed-request.js';

export const progress = (line: string): void => {
  process.stderr.write(`bench: ${line}\n`);
};

/**
 * One point: a discarded warm-up, then the measurement, with the server's CPU time around it. Any non-2xx response
 * fails the run: an error path is not a result.
 */
export async function measurePoint(
  generator: LoadGenerator,
  label: string,
  pid: number,
  request: SignedRequest,
  connections: number,
  config: MeasureConfig,
): Promise<Measurement> {
  if (config.warmupSeconds > 0) {
    await generator.run(request, { connections, durationSeconds: config.warmupSeconds });
  }
  const cpuBefore = cpuSeconds(pid);
  const r = await generator.run(request, { connections, durationSeconds: config.durationSeconds });
  const cpuAfter = cpuSeconds(pid);
  if (r.non2xx > 0) {
    throw new Error(`${label} at ${connections} connections answered ${r.non2xx} non-2xx responses; an error path is not a result`);
  }
  if (r.requests === 0) throw new Error(`${label} at ${connections} connections completed no requests`);
  if (r.errors > 0) progress(`warning: ${label} at ${connections} connections had ${r.errors} socket errors or timeouts`);
  const m = measurement(connections, r, cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore);
  progress(
    `${label} c=${connections}: ${m.requestsPerSecond} req/s, p50 ${m.p50Ms} ms, p99 ${m.p99Ms} ms, ` +
      `server CPU ${m.serverCpuPercent ?? '-'}% (${m.serverCpuUsPerRequest ?? '-'} us/request)`,
  );
  return m;
}
