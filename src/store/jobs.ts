// The durable job queue: asynchronous AWS work (CreateAccount, assignments, provisioning) as rows in `jobs`.
//
// Delivery is at least once. A job is claimed with a lease (locked_by, locked_until); a worker that crashes or
// stalls loses the lease and another worker re-claims the job, so handlers must be idempotent. Each claim
// increments `attempts`, which doubles as a fencing token: a worker records an outcome only while it still holds
// the claim it started with, so a worker that lost its lease cannot overwrite its successor's result.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Kysely, UpdateQueryBuilder, UpdateResult, Updateable } from 'kysely';
import type { Store } from './database.js';
import type { Database, JobRow, JobsTable } from './schema.js';

export const DEFAULT_MAX_ATTEMPTS = 5;

export interface EnqueueInput {
  readonly kind: string;
  /** JSON-serializable. Stored in plaintext and exported with the state: never put secrets here. */
  readonly payload: unknown;
  /** Epoch ms; default now. */
  readonly runAt?: number;
  readonly maxAttempts?: number;
  /** Default a random UUID; pass one to make the enqueue idempotent (a duplicate id fails the insert). */
  readonly id?: string;
  /** Epoch ms for created_at/updated_at (and runAt's default); default Date.now(). */
  readonly now?: number;
}

/**
 * Adds a job. Pass the caller's transaction so the job commits (or rolls back) with the domain rows it belongs to;
 * call JobRunner.kick() after the commit to start it without waiting for the next poll.
 */
export async function enqueue(db: Kysely<Database>, input: EnqueueInput): Promise<string> {
  const now = input.now ?? Date.now();
  const id = input.id ?? randomUUID();
  const maxAttempts = input.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be an integer >= 1');
  await db
    .insertInto('jobs')
    .values({
      id,
      kind: input.kind,
      payload: JSON.stringify(input.payload ?? null),
      state: 'pending',
      run_at: input.runAt ?? now,
      attempts: 0,
      max_attempts: maxAttempts,
      locked_by: null,
      locked_until: null,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function getJob(db: Kysely<Database>, id: string): Promise<JobRow | undefined> {
  return db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Deletes finished ('done') jobs last updated before `before` (epoch ms); returns how many. */
export async function purgeDoneJobs(db: Kysely<Database>, before: number): Promise<number> {
  const r = await db.deleteFrom('jobs').where('state', '=', 'done').where('updated_at', '<', before).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export interface ClaimOptions {
  readonly workerId: string;
  /** Only jobs of these kinds (the ones the worker has handlers for); a worker never claims work it cannot do. */
  readonly kinds: readonly string[];
  readonly limit: number;
  readonly leaseMs: number;
  readonly now: number;
}

/**
 * Claims up to `limit` due jobs: pending ones whose run_at has come, and running ones whose lease has expired
 * (their worker died). One UPDATE ... WHERE id IN (SELECT ... LIMIT n) RETURNING statement. On PostgreSQL the
 * subquery locks FOR UPDATE SKIP LOCKED so concurrent workers take disjoint rows without waiting. On SQLite a
 * single writing statement holds the database write lock from its first step to its end, which is what an
 * IMMEDIATE transaction around it would add, so the claim is atomic across connections and processes as is.
 */
export async function claimJobs(store: Store, o: ClaimOptions): Promise<JobRow[]> {
  if (o.kinds.length === 0 || o.limit <= 0) return [];
  let due = store.db
    .selectFrom('jobs')
    .select('id')
    .where('kind', 'in', o.kinds)
    .where((eb) =>
      eb.or([
        eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', o.now)]),
        eb.and([eb('state', '=', 'running'), eb('locked_until', '<', o.now)]),
      ]),
    )
    .orderBy('run_at')
    .limit(o.limit);
  if (store.skipLocked) due = due.forUpdate().skipLocked();
  return store.db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      locked_by: o.workerId,
      locked_until: o.now + o.leaseMs,
      attempts: eb('attempts', '+', 1),
      updated_at: o.now,
    }))
    .where('id', 'in', due)
    .returningAll()
    .execute();
}

export interface JobContext {
  readonly id: string;
  readonly kind: string;
  /** 1 on the first run. */
  readonly attempt: number;
  readonly maxAttempts: number;
  readonly createdAt: number;
  /** Aborted when this worker loses the job's lease (another worker may now run it): stop early if you can. */
  readonly signal: AbortSignal;
}

export type JobHandler = (payload: unknown, job: JobContext) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

export interface JobRunnerOptions {
  readonly store: Store;
  readonly handlers: JobHandlers;
  /** Default host:pid:random. Must differ between concurrently running runners. */
  readonly workerId?: string;
  /** Poll period when idle (default 1000 ms). */
  readonly pollIntervalMs?: number;
  /** A claim's lease (default 30000 ms); renewed every third of it while the handler runs. */
  readonly leaseMs?: number;
  /** Jobs run at once by this runner (default 4); also the claim batch size. */
  readonly concurrency?: number;
  /** Delay before retry after failed attempt n (1-based); default 1 s doubling, capped at 5 min. */
  readonly backoffMs?: (attempt: number) => number;
  /** Clock (epoch ms); tests move it to expire leases. */
  readonly now?: () => number;
  /**
   * Turns a handler's error into last_error. The default keeps the error's name and message (never the stack),
   * truncated: handlers must not put secrets in error messages.
   */
  readonly describeError?: (err: unknown) => string;
  /** Problems the runner cannot hand to anyone else (database errors while claiming or recording); default stderr. */
  readonly onError?: (err: unknown, context: { readonly jobId?: string; readonly phase: string }) => void;
}

const MAX_ERROR_LENGTH = 1000;

export function defaultDescribeError(err: unknown): string {
  const text =
    err instanceof Error ? (err.name && err.name !== 'Error' ? `${err.name}: ${err.message}` : err.message) : 'non-Error value thrown';
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH)}...` : text;
}

const defaultBackoff = (attempt: number): number => Math.min(1000 * 2 ** (attempt - 1), 300_000);

type Fenced = UpdateQueryBuilder<Database, 'jobs', 'jobs', UpdateResult>;

export class JobRunner {
  readonly workerId: string;
  readonly #store: Store;
  readonly #handlers: JobHandlers;
  readonly #kinds: readonly string[];
  readonly #pollIntervalMs: number;
  readonly #leaseMs: number;
  readonly #concurrency: number;
  readonly #backoffMs: (attempt: number) => number;
  readonly #now: () => number;
  readonly #describeError: (err: unknown) => string;
  readonly #onError: NonNullable<JobRunnerOptions['onError']>;

  readonly #inflight = new Set<Promise<void>>();
  #started = false;
  #timer: NodeJS.Timeout | undefined;
  #pumping: Promise<void> | undefined;
  #pumpAgain = false;

  constructor(o: JobRunnerOptions) {
    this.#store = o.store;
    this.#handlers = o.handlers;
    this.#kinds = Object.keys(o.handlers);
    this.workerId = o.workerId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.#pollIntervalMs = o.pollIntervalMs ?? 1000;
    this.#leaseMs = o.leaseMs ?? 30_000;
    this.#concurrency = Math.max(1, o.concurrency ?? 4);
    this.#backoffMs = o.backoffMs ?? defaultBackoff;
    this.#now = o.now ?? Date.now;
    this.#describeError = o.describeError ?? defaultDescribeError;
    this.#onError =
      o.onError ??
      ((err, ctx) => console.error(`job runner ${this.workerId}: ${ctx.phase}${ctx.jobId ? ` (job ${ctx.jobId})` : ''}:`, err));
  }

  /** Starts polling. Idempotent. */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    void this.#pump();
  }

  /** Looks for due jobs now rather than at the next poll (call after committing an enqueue). */
  kick(): void {
    if (this.#started) void this.#pump();
  }

  /** Stops polling and waits for the handlers that are running to finish and record their outcome. */
  async stop(): Promise<void> {
    this.#started = false;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    await this.#pumping;
    while (this.#inflight.size > 0) await Promise.all([...this.#inflight]);
  }

  /**
   * Runs due jobs until none is left (a failed attempt whose retry is due at once runs again), batches of
   * `concurrency` at a time; resolves with the number of attempts run. For tests and one-shot tools.
   */
  async runDueJobs(): Promise<number> {
    let ran = 0;
    for (;;) {
      const jobs = await this.#claim(this.#concurrency);
      if (jobs.length === 0) return ran;
      ran += jobs.length;
      await Promise.all(jobs.map((job) => this.#execute(job)));
    }
  }

  #claim(limit: number): Promise<JobRow[]> {
    return claimJobs(this.#store, {
      workerId: this.workerId,
      kinds: this.#kinds,
      limit,
      leaseMs: this.#leaseMs,
      now: this.#now(),
    });
  }

  // Claims as many jobs as there are free slots, launches them, and repeats while claims come back full; then
  // sleeps until the next poll. A finishing job pumps again, so a backlog drains without waiting for polls.
  #pump(): Promise<void> {
    if (this.#pumping) {
      this.#pumpAgain = true;
      return this.#pumping;
    }
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#pumping = (async () => {
      try {
        do {
          this.#pumpAgain = false;
          const free = this.#concurrency - this.#inflight.size;
          if (free <= 0) break;
          let jobs: JobRow[];
          try {
            jobs = await this.#claim(free);
          } catch (err) {
            this.#onError(err, { phase: 'claim' });
            break;
          }
          for (const job of jobs) this.#launch(job);
          if (jobs.length === free) this.#pumpAgain = true;
        } while (this.#pumpAgain && this.#started);
      } finally {
        this.#pumping = undefined;
        if (this.#started) {
          this.#timer = setTimeout(() => void this.#pump(), this.#pollIntervalMs);
          this.#timer.unref();
        }
      }
    })();
    return this.#pumping;
  }

  #launch(job: JobRow): void {
    const run: Promise<void> = this.#execute(job).finally(() => {
      this.#inflight.delete(run);
      if (this.#started) void this.#pump();
    });
    this.#inflight.add(run);
  }

  // Never rejects: every outcome is recorded on the row or reported through onError.
  async #execute(job: JobRow): Promise<void> {
    // Only while this claim is still ours: same worker, same attempt, still running.
    const fenced = (q: Fenced): Fenced =>
      q
        .where('id', '=', job.id)
        .where('locked_by', '=', this.workerId)
        .where('attempts', '=', job.attempts)
        .where('state', '=', 'running');
    const record = async (phase: string, values: Updateable<JobsTable>): Promise<boolean> => {
      try {
        const r = await fenced(this.#store.db.updateTable('jobs').set(values)).executeTakeFirst();
        return r.numUpdatedRows > 0n;
      } catch (err) {
        this.#onError(err, { jobId: job.id, phase });
        return false;
      }
    };
    const finish = (state: 'done' | 'failed' | 'pending', extra: { run_at?: number; last_error?: string | null; attempts?: number }) =>
      record(`record ${state}`, { state, locked_by: null, locked_until: null, updated_at: this.#now(), ...extra });

    // The previous worker died during the last allowed attempt: that attempt is spent.
    if (job.attempts > job.max_attempts) {
      await finish('failed', {
        attempts: job.max_attempts,
        last_error: job.last_error ?? 'worker stopped during the final attempt (lease expired)',
      });
      return;
    }

    let payload: unknown;
    try {
      payload = JSON.parse(job.payload);
    } catch {
      await finish('failed', { last_error: 'payload is not valid JSON' });
      return;
    }

    const controller = new AbortController();
    const heartbeat = setInterval(() => {
      void record('renew lease', { locked_until: this.#now() + this.#leaseMs }).then((held) => {
        if (!held) {
          clearInterval(heartbeat);
          controller.abort(new Error('job lease lost'));
        }
      });
    }, Math.max(1, Math.floor(this.#leaseMs / 3)));
    heartbeat.unref();

    const handler = this.#handlers[job.kind];
    let failure: { error: unknown } | undefined;
    try {
      if (!handler) throw new Error(`no handler for job kind ${job.kind}`);
      await handler(payload, {
        id: job.id,
        kind: job.kind,
        attempt: job.attempts,
        maxAttempts: job.max_attempts,
        createdAt: job.created_at,
        signal: controller.signal,
      });
    } catch (error) {
      failure = { error };
    } finally {
      clearInterval(heartbeat);
    }

    let recorded: boolean;
    if (!failure) {
      recorded = await finish('done', { last_error: null });
    } else {
      const lastError = this.#describeError(failure.error);
      recorded =
        job.attempts >= job.max_attempts
          ? await finish('failed', { last_error: lastError })
          : await finish('pending', { run_at: this.#now() + Math.max(0, this.#backoffMs(job.attempts)), last_error: lastError });
    }
    if (!recorded && !controller.signal.aborted) {
      // Lost the lease without the heartbeat noticing (or the update failed): the job runs again elsewhere.
      this.#onError(new Error('job outcome not recorded: lease no longer held'), { jobId: job.id, phase: 'record' });
    }
  }
}
