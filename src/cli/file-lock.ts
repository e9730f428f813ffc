import { rmSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { exitCodes } from './errors.js';
import { processAlive } from './process-alive.js';

// A lock across processes: a file made with O_EXCL holding the owner's pid. A lock whose owner is gone, or that is
// older than the work it guards can last, is taken over. Used for one sign-in per sso-session (sso/login-lock.ts),
// one profile registry sync at a time (registry/sync.ts) and one MFA session made at a time per keys and device
// (credentials/profile-credentials.ts).

const pollMs = 200;

export interface FileLockOptions {
  /** A lock older than this is taken over whoever holds it. */
  readonly staleAfterMs: number;
  /** Wait for another holder; false: give up at once. */
  readonly wait: boolean;
  /** Called once when the lock is held by another process and this one starts waiting. */
  readonly onWait?: ((ownerPid: number | undefined) => void) | undefined;
}

/** Takes the lock; `{ waited }` once held, undefined when another process holds it and `wait` is false. */
export async function acquireFileLock(path: string, options: FileLockOptions): Promise<{ readonly waited: boolean } | undefined> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  let waited = false;
  for (;;) {
    const handle = await open(path, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      return { waited };
    }
    const owner = await lockOwner(path, options.staleAfterMs);
    if (owner.stale) {
      await rm(path, { force: true });
      continue;
    }
    if (!options.wait) return undefined;
    if (!waited) options.onWait?.(owner.pid);
    waited = true;
    await sleep(pollMs);
  }
}

/** Waits for the lock at `path` and runs `work` holding it, told whether another process held it first. */
export async function withFileLock<T>(
  path: string,
  options: Omit<FileLockOptions, 'wait'>,
  work: (waited: boolean) => Promise<T>,
): Promise<T> {
  const { waited } = (await acquireFileLock(path, { ...options, wait: true }))!;
  return whileLocked(path, () => work(waited));
}

/** Runs `work` with the lock taken by acquireFileLock, and releases it, even when the process is interrupted (Ctrl-C exits as shells expect). */
export async function whileLocked<T>(path: string, work: () => Promise<T>): Promise<T> {
  const release = () => rmSync(path, { force: true });
  const interrupt = () => process.exit(exitCodes.interrupted);
  process.once('exit', release);
  process.once('SIGINT', interrupt);
  try {
    return await work();
  } finally {
    process.removeListener('exit', release);
    process.removeListener('SIGINT', interrupt);
    release();
  }
}

async function lockOwner(path: string, staleAfterMs: number): Promise<{ readonly pid: number | undefined; readonly stale: boolean }> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    const pid = Number.parseInt(text, 10);
    if (Date.now() - info.mtimeMs > staleAfterMs) return { pid, stale: true };
    // An empty file is a lock being written this instant: wait for it rather than take it over.
    if (!Number.isInteger(pid)) return { pid: undefined, stale: false };
    return { pid, stale: !processAlive(pid) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { pid: undefined, stale: false };
    throw error;
  }
}
