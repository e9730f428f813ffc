import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

// Every server runs in its own process so it never shares an event loop (or a core's worth of scheduling) with the
// load generator. Children are tracked here so that any exit of the parent, clean or not, takes them down.

const live = new Set<ChildProcess>();
const exitCleanups: Array<() => void> = [];
let hooksInstalled = false;

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
    for (const cleanup of exitCleanups) {
      try {
        cleanup();
      } catch {
        // Best effort: the process is exiting anyway.
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      for (const child of live) child.kill('SIGKILL');
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
}

/** Kills `proc` if the bench exits while it still runs (load generators, servers). */
export function killOnExit(proc: ChildProcess): void {
  installHooks();
  live.add(proc);
  proc.once('exit', () => live.delete(proc));
}

/** Runs a synchronous cleanup (temp directories) when the bench exits, however it exits. */
export function cleanupOnExit(cleanup: () => void): void {
  installHooks();
  exitCleanups.push(cleanup);
}

export interface Child {
  readonly pid: number;
  /** The last few KB of the child's stderr, for error messages. */
  stderrTail(): string;
  /** Resolves with the first stdout line that `accept` returns a value for. */
  firstLine<T>(accept: (line: string) => T | undefined, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
}

export function startChild(
  label: string,
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Child {
  const proc = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  killOnExit(proc);
  let exited = false;
  const exitedPromise = new Promise<void>((resolve) => {
    proc.once('exit', () => {
      exited = true;
      resolve();
    });
  });
  let stderr = '';
  proc.stderr?.setEncoding('utf8');
  proc.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const lines = createInterface({ input: proc.stdout! });
  // Keep draining stdout so a chatty child never blocks on a full pipe.
  lines.on('line', () => undefined);

  return {
    pid: proc.pid ?? -1,
    stderrTail: () => stderr,
    firstLine<T>(accept: (line: string) => T | undefined, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => fail(new Error(`${label} printed no ready line within ${timeoutMs} ms`)), timeoutMs);
        const onLine = (line: string): void => {
          const value = accept(line);
          if (value === undefined) return;
          cleanup();
          resolve(value);
        };
        const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
          fail(new Error(`${label} exited (code ${code}, signal ${signal}) before it was ready`));
        const onError = (error: Error): void => fail(error);
        function cleanup(): void {
          clearTimeout(timer);
          lines.off('line', onLine);
          proc.off('exit', onExit);
          proc.off('error', onError);
        }
        function fail(error: Error): void {
          cleanup();
          const tail = stderr.trim();
          reject(tail ? new Error(`${error.message}\n--- ${label} stderr ---\n${tail}`) : error);
        }
        lines.on('line', onLine);
        proc.once('exit', onExit);
        proc.once('error', onError);
      });
    },
    async stop(): Promise<void> {
      if (exited) return;
      proc.kill('SIGTERM');
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      await exitedPromise;
      clearTimeout(timer);
    },
  };
}

/** Parses a line as a JSON object, or returns undefined for anything else (log lines, banners). */
export function jsonObject(line: string): Record<string, unknown> | undefined {
  const text = line.trim();
  if (!text.startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
