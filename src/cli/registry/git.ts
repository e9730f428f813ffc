import { execFile } from 'node:child_process';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CliError, usageError } from '../errors.js';

// The system `git`, run without a shell. A registry's checkout is a repository of its own with the registry as
// `origin`: each sync fetches only the one commit it needs (--depth 1 of the branch, tag or commit), then checks
// it out detached, so a force-push upstream never leaves a merge to resolve. An abbreviated commit (or one the
// server will not hand out by its id) falls back to fetching the branches and tags and finding it there.

export interface GitOptions {
  /** Let git ask for a password at the terminal; otherwise it fails at once (GIT_TERMINAL_PROMPT=0). */
  readonly prompt: boolean;
  /** Kill git after this long (an automatic sync must not hang `assume` on a dead network). */
  readonly timeoutMs?: number | undefined;
}

class GitError extends CliError {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

function git(args: readonly string[], options: GitOptions): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_TERMINAL_PROMPT: options.prompt ? undefined : '0', LC_ALL: 'C' };
  if (!options.prompt) env['GCM_INTERACTIVE'] = 'never';
  return new Promise((resolve, reject) => {
    execFile('git', args, { env, timeout: options.timeoutMs ?? 0, maxBuffer: 16 * 1024 * 1024, windowsHide: true }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        reject(new CliError('git is not installed (or not on PATH): profile registries are git repositories'));
        return;
      }
      if (error.killed) {
        reject(new GitError(`git took longer than ${Math.round((options.timeoutMs ?? 0) / 1000)} s and was stopped`, stderr));
        return;
      }
      // git's last words, less its hints and any token an https URL carries.
      const detail = stderr.split('\n').map((l) => displayUrl(l.trim())).filter((l) => l !== '' && !l.startsWith('hint:')).slice(-3).join('; ');
      reject(new GitError(detail || error.message, stderr));
    });
  });
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

/** A URL as shown in the config file and in messages: an https URL without the user or token it may carry. */
export function displayUrl(url: string): string {
  return url.replace(/(https?:\/\/)[^/@\s'"]+@/gi, '$1');
}

/** Refuses what git would read as an option instead of a URL or ref. */
export function checkGitArgument(what: string, value: string): void {
  if (value.startsWith('-') || value.trim() === '' || /[\0\n\r]/.test(value)) throw usageError(`${what} '${value}' is not a git ${what}`);
}

/** Fetches `ref` (default: the remote's HEAD) of `url` into `dir` and checks it out; returns the commit. */
export async function fetchCheckout(dir: string, url: string, ref: string | undefined, options: GitOptions): Promise<string> {
  checkGitArgument('URL', url);
  if (ref !== undefined) checkGitArgument('ref', ref);
  if (!(await exists(join(dir, '.git')))) {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await git(['init', '--quiet', dir], options);
    await git(['-C', dir, 'remote', 'add', 'origin', url], options);
  } else {
    await git(['-C', dir, 'remote', 'set-url', 'origin', url], options);
  }
  let commit: string;
  try {
    await git(['-C', dir, 'fetch', '--quiet', '--depth', '1', '--no-tags', 'origin', ref ?? 'HEAD'], options);
    commit = (await git(['-C', dir, 'rev-parse', '--verify', 'FETCH_HEAD^{commit}'], options)).trim();
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    if (ref === undefined || !/^[0-9a-f]{4,40}$/i.test(ref)) throw fetchError(error, url, ref);
    // An abbreviated commit, or a server that hands out only what its branches and tags point at.
    const shallow = (await git(['-C', dir, 'rev-parse', '--is-shallow-repository'], options)).trim() === 'true';
    await git(['-C', dir, 'fetch', '--quiet', ...(shallow ? ['--unshallow'] : []), '--tags', 'origin', '+refs/heads/*:refs/remotes/origin/*'], options).catch((e: unknown) => {
      throw e instanceof GitError ? fetchError(e, url, ref) : e;
    });
    commit = (await git(['-C', dir, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], options).catch(() => '')).trim();
    if (commit === '') throw usageError(`${displayUrl(url)} has no branch, tag or commit '${ref}'`);
  }
  await git(['-C', dir, '-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--force', '--detach', commit], options);
  await git(['-C', dir, 'clean', '--quiet', '-ffdx'], options);
  return commit;
}

function fetchError(error: GitError, url: string, ref: string | undefined): CliError {
  if (ref !== undefined && /couldn't find remote ref|not our ref|unadvertised object/i.test(error.stderr)) return usageError(`${displayUrl(url)} has no branch, tag or commit '${ref}'`);
  return new CliError(`could not fetch ${displayUrl(url)}: ${error.message}`);
}
