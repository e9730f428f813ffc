import { rmSync } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gatehouseCacheDir } from '../aws-config/paths.js';

// One registry sync at a time across processes (two shells' assume, a sync while another runs): an O_EXCL lock
// file holding the owner's pid, taken over when its owner is gone or it is older than any sync lasts.

const staleAfterMs = 10 * 60_000;

function lockPath(env: NodeJS.ProcessEnv): string {
  return join(gatehouseCacheDir(env), 'locks', 'registries.lock');
}

/**
 * Runs `work` holding the lock. With `wait: false` (an automatic sync) returns undefined at once when another
 * process holds it: that one is syncing already.
 */
export async function withRegistryLock<T>(work: () => Promise<T>, options: { readonly wait: boolean; readonly env?: NodeJS.ProcessEnv; readonly onWait?: () => void }): Promise<T | undefined> {
  const path = lockPath(options.env ?? process.env);
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
    if (await stale(path)) {
      await rm(path, { force: true });
      continue;
    }
    if (!options.wait) return undefined;
    if (!waited) options.onWait?.();
    waited = true;
    await sleep(200);
  }
  const release = () => rmSync(path, { force: true });
  process.once('exit', release);
  try {
    return await work();
  } finally {
    process.removeListener('exit', release);
    release();
  }
}

async function stale(path: string): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    if (Date.now() - info.mtimeMs > staleAfterMs) return true;
    const pid = Number.parseInt(text, 10);
    if (!Number.isInteger(pid)) return false; // being written this instant
    try {
      process.kill(pid, 0);
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code !== 'EPERM';
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
