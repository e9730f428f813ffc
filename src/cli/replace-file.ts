import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { access, lstat, mkdir, open, readlink, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CliError } from './errors.js';

// ~/.aws/config and credentials, the AWS CLI's caches, gatehouse's own JSON, secrets and endpoints.json are
// replaced, not written in place: the text goes to a temporary file beside the target, is flushed to disk, and is
// renamed over the target. A reader (the AWS CLI, an SDK, a concurrent gatehouse) sees the old file or the new one,
// and a failure or a crash part way (a full disk, a kill) leaves the old one whole.
//
// Where a rename would change what the file is, or cannot be done, the file is written in place instead, as before
// (open, truncate, write: not atomic): a target that is not a regular file (a link to /dev/null, a FIFO), a file with
// more than one hard link (a rename would part the names), a file of another user when we are not root (its owner
// could not be kept) or of a group we may not give a new file, a folder we may not create files in while the file itself is writable (EACCES, EPERM, EROFS),
// and a rename refused with EXDEV or EBUSY (a single file bind-mounted into a container). On Windows a rename over a
// file another process holds open is retried for about 1.5 s first.
//
// A file that exists and that we may not write (chmod 444) is refused, never replaced: a rename needs no write
// permission on the file, and its owner meant it. Each write is whole; two processes editing the same file at once
// can still lose one of the edits (the last rename wins): populate, an sso-session save and `env --profile` take no
// lock; a lock (file-lock.ts) keeps apart only two registry syncs, or two logins of one sso-session.

const maxLinks = 32;
/** The file's group is one we may not give a new file (not one of ours): the file is written in place instead. */
const groupNotKept = new Error('the file\'s group cannot be given to a new file');
const windowsRetryMs = 1500;

/**
 * Replaces the file at `path` with `text`. It gets `mode` when given; otherwise an existing file keeps its
 * permission bits, and a new one is 0600. An existing file keeps its group (written in place when we may not give a
 * new file that group) and, when root writes it, its owner. A symbolic link at `path` stays,
 * dangling or not: the file it points to is replaced or created. Missing folders are made 0700. Throws a CliError
 * when the file exists and is read-only.
 */
export async function replaceFile(path: string, text: string, mode?: number): Promise<void> {
  const target = await finalTarget(path);
  const existing = await stat(target).catch((error: NodeJS.ErrnoException): Stats | undefined => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  if (existing) await refuseReadOnly(path, target, existing);
  if (existing && !renameKeepsIt(existing)) return writeInPlace(target, text, mode, existing);
  await mkdir(dirname(target), { recursive: true, mode: 0o700 });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx', 0o600);
  } catch (error) {
    if (existing && hasCode(error, 'EACCES', 'EPERM', 'EROFS')) return writeInPlace(target, text, mode, existing);
    throw error;
  }
  try {
    await handle.writeFile(text);
    if (existing && process.getuid?.() === 0) await handle.chown(existing.uid, existing.gid);
    else if (existing && existing.gid !== process.getgid?.()) await handle.chown(-1, existing.gid).catch(() => Promise.reject(groupNotKept));
    await handle.chmod(mode ?? (existing ? existing.mode & 0o777 : 0o600)); // open's mode is filtered by the umask; this one is not
    await handle.sync();
    await handle.close();
    handle = undefined;
    await renameRetrying(temporary, target);
  } catch (error) {
    // The temporary file is ours (created with O_EXCL above); a failure removing it must not hide the real one.
    await handle?.close().catch(() => {});
    await rm(temporary, { force: true }).catch(() => {});
    if (existing && (error === groupNotKept || hasCode(error, 'EXDEV', 'EBUSY'))) return writeInPlace(target, text, mode, existing);
    throw error;
  }
}

/** The file a write of `path` lands in: symbolic links followed, a dangling one to where it points. */
async function finalTarget(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (!hasCode(error, 'ENOENT')) throw error;
  }
  let current = path;
  for (let links = 0; links < maxLinks; links++) {
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (!info?.isSymbolicLink()) return current;
    // Relative to the folder the link really is in, as the kernel reads it: '..' from a linked folder is not the
    // '..' of the path's text.
    current = resolve(await realpath(dirname(current)), await readlink(current));
  }
  throw Object.assign(new Error(`ELOOP: more than ${maxLinks} symbolic links from ${path}: point it at a file`), { code: 'ELOOP', path });
}

async function refuseReadOnly(path: string, target: string, existing: Stats): Promise<void> {
  try {
    await access(target, constants.W_OK);
  } catch (error) {
    if (!hasCode(error, 'EACCES', 'EPERM', 'EROFS')) throw error;
    const named = target === path ? path : `${path} (${target})`;
    if (hasCode(error, 'EROFS')) throw new CliError(`${named} is on a read-only file system: gatehouse left it unchanged; remount it writable, or point the path elsewhere`);
    if (!ownedByUs(existing)) {
      throw new CliError(`${named} belongs to another user (uid ${existing.uid}) and is not writable by you: gatehouse left it unchanged; take it back (sudo chown $(id -u) ${target}) if gatehouse should change it`);
    }
    throw new CliError(`${named} is read-only: gatehouse left it unchanged; make it writable (chmod u+w) if gatehouse should change it`);
  }
}

/** Ours to rename over: this user's file, or any file when we are root. */
function ownedByUs(existing: Stats): boolean {
  const uid = process.getuid?.();
  return uid === undefined || uid === 0 || existing.uid === uid;
}

/** Whether a renamed temporary file can stand in for `existing`: the same kind of file, name, owner. */
function renameKeepsIt(existing: Stats): boolean {
  return existing.isFile() && existing.nlink <= 1 && ownedByUs(existing);
}

/**
 * The old way: the target opened, emptied and written (a regular file gets `mode` first, before the new text). A
 * FIFO is opened without blocking, so one nobody reads fails at once (ENXIO) instead of hanging the command.
 */
async function writeInPlace(target: string, text: string, mode: number | undefined, existing: Stats): Promise<void> {
  const regular = existing.isFile();
  const handle = await open(target, constants.O_WRONLY | (regular ? 0 : (constants.O_NONBLOCK ?? 0))).catch((error: unknown) => {
    if (hasCode(error, 'ENXIO')) throw new CliError(`${target} is a pipe that nothing is reading: gatehouse did not write it`);
    throw error;
  });
  try {
    if (regular) {
      if (mode !== undefined && (existing.mode & 0o777) !== mode) {
        await handle.chmod(mode).catch((error: unknown) => {
          if (!hasCode(error, 'EPERM')) throw error;
          throw new CliError(`${target} belongs to another user (uid ${existing.uid}), so gatehouse cannot make it private (mode ${mode.toString(8)}) before writing a secret in it: it left it unchanged; take it back (sudo chown $(id -u) ${target})`);
        });
      }
      await handle.truncate(0);
    }
    await handle.writeFile(text);
    if (regular) await handle.sync();
  } finally {
    await handle.close();
  }
}

/** rename; on Windows, where a file another process holds open cannot be replaced, retried with backoff. */
async function renameRetrying(from: string, to: string): Promise<void> {
  const deadline = Date.now() + windowsRetryMs;
  for (let delay = 10; ; delay = Math.min(delay * 2, 200)) {
    try {
      return await rename(from, to);
    } catch (error) {
      if (process.platform !== 'win32' || !hasCode(error, 'EPERM', 'EACCES', 'EBUSY') || Date.now() >= deadline) throw error;
    }
    await sleep(delay);
  }
}

function hasCode(error: unknown, ...codes: string[]): boolean {
  return codes.includes((error as NodeJS.ErrnoException | undefined)?.code ?? '');
}
