import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cleanupOnExit, killOnExit } from '../child.js';
import type { LoadGenerator, LoadOptions, LoadResult } from './load-generator.js';
import type { SignedRequest } from '../signed-request.js';

const marker = 'BENCH_RESULT ';

/** Threads wrk uses; one C thread outruns any server here and leaves the other cores to the server. */
const threads = Number(process.env['BENCH_WRK_THREADS'] ?? '1');

interface Output {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs wrk as a tracked child, so an interrupted bench does not leave it running. */
function wrk(args: readonly string[]): Promise<Output> {
  return new Promise((resolve, reject) => {
    const proc = execFile('wrk', args, { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const code = error ? (error as { code?: unknown }).code : 0;
      if (code === 'ENOENT') {
        reject(new Error('wrk is not installed (apt-get install wrk), or run with BENCH_LOADGEN=autocannon'));
        return;
      }
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
    });
    killOnExit(proc);
  });
}

async function wrkVersion(): Promise<string> {
  // `wrk -v` prints its banner and exits non-zero.
  const { stdout, stderr } = await wrk(['-v']);
  return /^wrk (\S+)/m.exec(`${stdout}${stderr}`)?.[1] ?? 'unknown';
}

// JSON string literals are valid Lua string literals for printable ASCII (and \n), which is all a signed request has.
function lua(value: string): string {
  if (!/^[\x20-\x7e\n]*$/.test(value)) throw new Error(`unexpected character in a wrk script value: ${JSON.stringify(value)}`);
  return JSON.stringify(value);
}

function script(request: SignedRequest): string {
  // A GET has no body: set none, or wrk would send Content-Length: 0.
  const lines = [`wrk.method = ${lua(request.method)}`, ...(request.body === '' ? [] : [`wrk.body = ${lua(request.body)}`])];
  for (const [name, value] of Object.entries(request.headers)) {
    // wrk writes Content-Length itself, and Host only when the script does not.
    if (name === 'content-length') continue;
    lines.push(`wrk.headers[${lua(name === 'host' ? 'Host' : name)}] = ${lua(value)}`);
  }
  lines.push(
    'function done(summary, latency, requests)',
    '  local e = summary.errors',
    `  io.write(string.format(${lua(
      `${marker}{"requests":%d,"durationUs":%d,"p50Us":%.3f,"p99Us":%.3f,` +
        '"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\n',
    )},`,
    '    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),',
    '    e.connect, e.read, e.write, e.status, e.timeout))',
    'end',
  );
  return `${lines.join('\n')}\n`;
}

interface WrkSummary {
  readonly requests: number;
  readonly durationUs: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly connect: number;
  readonly read: number;
  readonly write: number;
  /** Responses with a status above 399. */
  readonly status: number;
  readonly timeout: number;
}

/** wrk (C, its own process, started from the bench parent): the default load generator; see registry.ts. */
export async function wrkGenerator(): Promise<LoadGenerator> {
  const version = await wrkVersion();
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-wrk-'));
  cleanupOnExit(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, 'request.lua');
  return {
    name: 'wrk',
    version,
    where: 'a wrk process started by the bench parent (one thread unless BENCH_WRK_THREADS)',
    followsConnectionClose: true,
    async run(request: SignedRequest, options: LoadOptions): Promise<LoadResult> {
      writeFileSync(file, script(request));
      const t = Math.max(1, Math.min(threads, options.connections));
      const args = [`-t${t}`, `-c${options.connections}`, `-d${options.durationSeconds}s`, '--timeout', '10s', '-s', file];
      const out = await wrk([...args, request.url]);
      const line = out.stdout.split('\n').find((l) => l.startsWith(marker));
      if (out.code !== 0 || !line) throw new Error(`wrk failed (exit ${out.code}):\n${out.stdout}${out.stderr}`);
      const s = JSON.parse(line.slice(marker.length)) as WrkSummary;
      const seconds = s.durationUs / 1e6;
      const completed = s.requests - s.status;
      return {
        requests: completed,
        seconds,
        requestsPerSecond: completed / seconds,
        p50Ms: s.p50Us / 1000,
        p99Ms: s.p99Us / 1000,
        non2xx: s.status,
        errors: s.connect + s.read + s.write + s.timeout,
      };
    },
  };
}
