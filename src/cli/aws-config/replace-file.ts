import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname } from 'node:path';

// ~/.aws/config and credentials, the AWS CLI's caches and gatehouse's own JSON are replaced, never written in place:
// the text goes to a temporary file beside the target, is flushed to disk, and is renamed over the target. A reader
// (the AWS CLI, an SDK, a concurrent gatehouse) sees the old file or the new one, and a failure or a crash part way
// (a full disk, a kill) leaves the old one whole. This makes each write whole; writers that must not lose each
// other's edits also take a lock (file-lock.ts).

/**
 * Replaces the file at `path` with `text`. It gets `mode` when given; otherwise an existing file keeps its mode (and,
 * when root writes it, its owner), and a new one is 0600. A symbolic link at `path` stays: the file it points to is
 * replaced. Missing folders are made 0700.
 */
export async function replaceFile(path: string, text: string, mode?: number): Promise<void> {
  const target = await realpath(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return path;
    throw error;
  });
  const existing = await stat(target).catch((error: NodeJS.ErrnoException): Stats | undefined => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx', 0o600);
    await handle.writeFile(text);
    await handle.chmod(mode ?? (existing ? existing.mode & 0o7777 : 0o600)); // open's mode is filtered by the umask; this one is not
    if (existing && process.getuid?.() === 0) await handle.chown(existing.uid, existing.gid);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, target);
  } catch (error) {
    await handle?.close();
    await rm(temporary, { force: true });
    throw error;
  }
}
