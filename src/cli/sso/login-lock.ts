import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SsoSession } from '../aws-config/config-file.js';
import { sha1Hex } from '../aws-config/json-files.js';
import { gatehouseCacheDir } from '../aws-config/paths.js';
import { exitCodes } from '../errors.js';
import { processAlive } from '../process-alive.js';

// One sign-in per sso-session at a time, across processes: a lock file made with O_EXCL holding the owner's pid.
// A second `gatehouse login` (or an assume that needs one) waits for the first instead of opening a second browser
// tab, then uses the token the first one wrote. A lock whose owner is gone, or that is older than a sign-in can
// last, is taken over.

/** The AWS CLI gives an authorization-code sign-in 10 minutes; a device code lasts about as long. */
const staleAfterMs = 15 * 60_000;
const pollMs = 200;

export function loginLockPath(session: SsoSession, env: NodeJS.ProcessEnv = process.env): string {
  return join(gatehouseCacheDir(env), 'locks', `${sha1Hex(session.name ?? session.startUrl)}.lock`);
}

export interface LockOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Called once when the lock is held by another process and this one starts waiting. */
  readonly onWait?: (ownerPid: number | undefined) => void;
}

/** Runs `work` holding the session's login lock; `waited` tells it whether another sign-in ran meanwhile. */
export async function withLoginLock<T>(session: SsoSession, work: (waited: boolean) => Promise<T>, options: LockOptions = {}): Promise<T> {
  const path = loginLockPath(session, options.env);
  await mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  let waited = false;
  for (;;) {
    const handle = await open(path, 'wx', 0o600).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') return undefined;
      throw error;
    });
    if (handle) {
      await handle.writeFile(`${process.pid}\n`);
      await handle.close();
      break;
    }
    const owner = await lockOwner(path);
    if (owner.stale) {
      await rm(path, { force: true });
      continue;
    }
    if (!waited) options.onWait?.(owner.pid);
    waited = true;
    await sleep(pollMs);
  }
  // Released on the way out even when the process is interrupted mid-sign-in (Ctrl-C exits as shells expect).
  const release = () => rmSync(path, { force: true });
  const interrupt = () => process.exit(exitCodes.interrupted);
  process.once('exit', release);
  process.once('SIGINT', interrupt);
  try {
    return await work(waited);
  } finally {
    process.removeListener('exit', release);
    process.removeListener('SIGINT', interrupt);
    release();
  }
}

async function lockOwner(path: string): Promise<{ readonly pid: number | undefined; readonly stale: boolean }> {
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
