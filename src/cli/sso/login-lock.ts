import { join } from 'node:path';
import type { SsoSession } from '../aws-config/config-file.js';
import { sha1Hex } from '../aws-config/json-files.js';
import { gatehouseCacheDir } from '../aws-config/paths.js';
import { withFileLock } from '../file-lock.js';

// One sign-in per sso-session at a time, across processes: a lock file made with O_EXCL holding the owner's pid.
// A second `gatehouse login` (or an assume that needs one) waits for the first instead of opening a second browser
// tab, then uses the token the first one wrote. A lock whose owner is gone, or that is older than a sign-in can
// last, is taken over.

/** The AWS CLI gives an authorization-code sign-in 10 minutes; a device code lasts about as long. */
const staleAfterMs = 15 * 60_000;

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
  return withFileLock(loginLockPath(session, options.env), { staleAfterMs, onWait: options.onWait }, work);
}
