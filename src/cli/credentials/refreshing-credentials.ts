import { CliError } from '../errors.js';
import type { RoleCredentials } from './role-credentials.js';
import { utcTime } from '../utc-time.js';

// The credentials a credential server hands out (ecs-server.ts, imds-server.ts): held in memory and replaced in the
// background before they come within the window of their end (from the cached sign-in, as credential-process does),
// and on demand if a request finds them there (after sleep). One per served profile, each on its own timer.

/**
 * Served credentials are replaced this long before they end: more than botocore's 15-minute advisory refresh (and
 * the SDKs' 5 minutes; botocore's IMDS provider treats credentials within 12 to 20 minutes of their end as a failing
 * service and extends them), so no client is handed credentials it would immediately ask to replace.
 */
const refreshWindowMs = 20 * 60_000;
/** After a failed refresh (signed out, offline), the next try waits this long; the old credentials serve meanwhile. */
const retryMs = 60_000;
/** setTimeout's ceiling. */
const maxDelayMs = 2 ** 31 - 1;

/** New credentials for the profile: `refresh` skips the cache (a timer's call), else cached ones will do. */
export type FetchCredentials = (refresh: boolean) => Promise<RoleCredentials>;

export class RefreshingCredentials {
  private current: RoleCredentials;
  /** When the current credentials were fetched (IMDS's LastUpdated). */
  private updated = new Date();
  private pending: Promise<RoleCredentials> | undefined;
  private lastAttempt = Number.NEGATIVE_INFINITY;
  private lastError: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    initial: RoleCredentials,
    private readonly fetch: FetchCredentials,
    private readonly log: (message: string) => void,
  ) {
    this.current = initial;
    this.schedule();
  }

  /** Credentials to serve: fresh ones when these are within the window, else these while they last. */
  async get(): Promise<RoleCredentials> {
    const now = Date.now();
    if (this.current.expiration.getTime() - now > refreshWindowMs) return this.current;
    const attempt = this.pending ?? (now >= this.nextAttempt() ? this.refresh() : undefined);
    if (attempt) await attempt.catch(() => undefined);
    if (this.current.expiration.getTime() > Date.now()) return this.current;
    throw new CliError(`the credentials ended and new ones could not be fetched: ${this.lastError?.message ?? 'no attempt yet'}`);
  }

  /** The credentials held now, served or not (for listings: their account and end). */
  peek(): RoleCredentials {
    return this.current;
  }

  lastUpdated(): Date {
    return this.updated;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private nextAttempt(): number {
    return Math.max(this.current.expiration.getTime() - refreshWindowMs, this.lastAttempt + retryMs);
  }

  private refresh(): Promise<RoleCredentials> {
    this.lastAttempt = Date.now();
    this.pending = this.fetch(true)
      .then(
        (fresh) => {
          this.current = fresh;
          this.updated = new Date();
          this.lastError = undefined;
          this.log(`new credentials until ${utcTime(fresh.expiration)}`);
          return fresh;
        },
        (error: unknown) => {
          this.lastError = error as Error;
          const until = this.current.expiration.getTime() > Date.now() ? `; serving the current ones until ${utcTime(this.current.expiration)}` : '';
          this.log(`could not refresh the credentials: ${(error as Error).message}${until}`);
          throw error;
        },
      )
      .finally(() => {
        this.pending = undefined;
        this.schedule();
      });
    return this.pending;
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    const delay = Math.min(Math.max(this.nextAttempt() - Date.now(), 0), maxDelayMs);
    this.timer = setTimeout(() => void this.refresh().catch(() => undefined), delay);
  }
}
