// The durable job queue on every backend.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase } from '../../src/store/database.js';
import type { Store } from '../../src/store/database.js';
import { claimJobs, enqueue, getJob, JobRunner, purgeDoneJobs } from '../../src/store/jobs.js';
import type { JobContext, JobRunnerOptions } from '../../src/store/jobs.js';
import { BACKENDS, withStore, withTestDatabase } from './backends.js';

const quiet: JobRunnerOptions['onError'] = () => undefined;

function runner(store: Store, handlers: JobRunnerOptions['handlers'], extra: Partial<JobRunnerOptions> = {}): JobRunner {
  return new JobRunner({ store, handlers, backoffMs: () => 0, onError: quiet, ...extra });
}

function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

for (const backend of BACKENDS) {
  describe(`jobs on ${backend.name}`, () => {
    it('runs a committed job once, with its payload, and marks it done', async () => {
      await withStore(backend, async (store) => {
        const seen: { payload: unknown; job: JobContext }[] = [];
        const id = await store.transaction(async (trx) => {
          await trx
            .insertInto('accounts')
            .values({ id: '111111111111', name: 'a', email: 'a@example.com', status: 'ACTIVE', created_at: 1 })
            .execute();
          return enqueue(trx, { kind: 'create-account', payload: { accountId: '111111111111', tags: ['x'] } });
        });
        const r = runner(store, { 'create-account': async (payload, job) => void seen.push({ payload, job }) });
        assert.equal(await r.runDueJobs(), 1);
        assert.equal(await r.runDueJobs(), 0);
        assert.equal(seen.length, 1);
        assert.deepEqual(seen[0]?.payload, { accountId: '111111111111', tags: ['x'] });
        assert.equal(seen[0]?.job.id, id);
        assert.equal(seen[0]?.job.attempt, 1);
        const row = await getJob(store.db, id);
        assert.equal(row?.state, 'done');
        assert.equal(row?.attempts, 1);
        assert.equal(row?.locked_by, null);
        assert.equal(row?.locked_until, null);
        assert.equal(await purgeDoneJobs(store.db, Date.now() + 1), 1);
        assert.equal(await getJob(store.db, id), undefined);
      });
    });

    it('never runs a job enqueued in a rolled-back transaction', async () => {
      await withStore(backend, async (store) => {
        let ran = 0;
        await assert.rejects(
          store.transaction(async (trx) => {
            await enqueue(trx, { kind: 'k', payload: {} });
            throw new Error('domain rule failed');
          }),
          /domain rule failed/,
        );
        const r = runner(store, { k: async () => void ran++ });
        assert.equal(await r.runDueJobs(), 0);
        assert.equal(ran, 0);
        assert.equal((await store.db.selectFrom('jobs').selectAll().execute()).length, 0);
      });
    });

    it('retries a failing job, then marks it failed with the last error', async () => {
      await withStore(backend, async (store) => {
        const id = await enqueue(store.db, { kind: 'k', payload: null, maxAttempts: 3 });
        const attempts: number[] = [];
        const r = runner(store, {
          k: async (_p, job) => {
            attempts.push(job.attempt);
            throw new TypeError(`attempt ${job.attempt} went wrong`);
          },
        });
        assert.equal(await r.runDueJobs(), 3);
        assert.deepEqual(attempts, [1, 2, 3]);
        const row = await getJob(store.db, id);
        assert.equal(row?.state, 'failed');
        assert.equal(row?.attempts, 3);
        assert.equal(row?.last_error, 'TypeError: attempt 3 went wrong');
        assert.equal(row?.locked_by, null);
        assert.equal(await r.runDueJobs(), 0);
      });
    });

    it('a job that fails once and then succeeds ends done, with the error cleared', async () => {
      await withStore(backend, async (store) => {
        const id = await enqueue(store.db, { kind: 'k', payload: null });
        const r = runner(store, {
          k: async (_p, job) => {
            if (job.attempt === 1) throw new Error('transient');
          },
        });
        assert.equal(await r.runDueJobs(), 2);
        const row = await getJob(store.db, id);
        assert.equal(row?.state, 'done');
        assert.equal(row?.attempts, 2);
        assert.equal(row?.last_error, null);
      });
    });

    it('waits out the backoff before retrying, and honours run_at', async () => {
      await withStore(backend, async (store) => {
        let now = 1_000_000;
        const id = await enqueue(store.db, { kind: 'k', payload: null, now });
        const later = await enqueue(store.db, { kind: 'k', payload: null, now, runAt: now + 5_000 });
        let calls = 0;
        const r = runner(store, { k: async () => void (calls++, assert.fail('nope')) }, { now: () => now, backoffMs: (n) => n * 60_000 });
        assert.equal(await r.runDueJobs(), 1);
        const row = await getJob(store.db, id);
        assert.equal(row?.state, 'pending');
        assert.equal(row?.run_at, now + 60_000);
        assert.match(row?.last_error ?? '', /nope/);
        now += 5_000;
        assert.equal(await r.runDueJobs(), 1); // only `later` is due
        assert.equal((await getJob(store.db, later))?.attempts, 1);
        now += 55_000;
        assert.equal(await r.runDueJobs(), 1);
        assert.equal((await getJob(store.db, id))?.attempts, 2);
        assert.equal(calls, 3);
      });
    });

    it('claims only the kinds it has handlers for', async () => {
      await withStore(backend, async (store) => {
        const other = await enqueue(store.db, { kind: 'someone-else', payload: null });
        const r = runner(store, { mine: async () => undefined });
        assert.equal(await r.runDueJobs(), 0);
        assert.equal((await getJob(store.db, other))?.state, 'pending');
      });
    });

    it("re-runs a crashed worker's job once its lease expires", async () => {
      await withStore(backend, async (store) => {
        const t0 = Date.now();
        const id = await enqueue(store.db, { kind: 'k', payload: { n: 1 }, now: t0 });
        const claimed = await claimJobs(store, { workerId: 'crashed', kinds: ['k'], limit: 10, leaseMs: 1_000, now: t0 });
        assert.deepEqual(claimed.map((j) => j.id), [id]);
        // ... and the crashed worker never comes back.
        let now = t0 + 500;
        const seen: number[] = [];
        const r = runner(store, { k: async (_p, job) => void seen.push(job.attempt) }, { now: () => now, workerId: 'rescuer' });
        assert.equal(await r.runDueJobs(), 0, 'lease still held');
        now = t0 + 1_001;
        assert.equal(await r.runDueJobs(), 1);
        assert.deepEqual(seen, [2]);
        const row = await getJob(store.db, id);
        assert.equal(row?.state, 'done');
        assert.equal(row?.attempts, 2);
      });
    });

    it('a worker that lost its lease cannot overwrite the outcome of the worker that took over', async () => {
      await withStore(backend, async (store) => {
        const t0 = Date.now();
        const id = await enqueue(store.db, { kind: 'k', payload: null, now: t0 });
        const started = deferred();
        const release = deferred();
        const errors: string[] = [];
        const slow = runner(
          store,
          {
            k: async () => {
              started.resolve();
              await release.promise;
              throw new Error('stale worker failed');
            },
          },
          { workerId: 'slow', leaseMs: 60_000, now: () => t0, onError: (err) => void errors.push((err as Error).message) },
        );
        const slowRun = slow.runDueJobs();
        await started.promise;
        const fast = runner(store, { k: async () => undefined }, { workerId: 'fast', now: () => t0 + 60_001 });
        assert.equal(await fast.runDueJobs(), 1);
        release.resolve();
        await slowRun;
        const row = await getJob(store.db, id);
        assert.equal(row?.state, 'done');
        assert.equal(row?.attempts, 2);
        assert.equal(row?.last_error, null);
        assert.deepEqual(errors, ['job outcome not recorded: lease no longer held']);
      });
    });

    it('a worker that died during the final attempt leaves the job failed, not re-run', async () => {
      await withStore(backend, async (store) => {
        const t0 = Date.now();
        const id = await enqueue(store.db, { kind: 'k', payload: null, maxAttempts: 1, now: t0 });
        await claimJobs(store, { workerId: 'crashed', kinds: ['k'], limit: 1, leaseMs: 10, now: t0 });
        let ran = false;
        const r = runner(store, { k: async () => void (ran = true) }, { now: () => t0 + 11 });
        assert.equal(await r.runDueJobs(), 1);
        assert.equal(ran, false);
        const row = await getJob(store.db, id);
        assert.equal(row?.state, 'failed');
        assert.equal(row?.attempts, 1);
        assert.match(row?.last_error ?? '', /final attempt/);
      });
    });

    it('start() polls, kick() runs at once, stop() waits for running handlers', async () => {
      await withStore(backend, async (store) => {
        const started = deferred();
        const release = deferred();
        const r = runner(store, {
          k: async () => {
            started.resolve();
            await release.promise;
          },
        }, { pollIntervalMs: 60_000 });
        r.start();
        await sleep(20); // the first poll finds nothing; the next is a minute away
        const id = await enqueue(store.db, { kind: 'k', payload: null });
        r.kick();
        await started.promise;
        let stopped = false;
        const stopping = r.stop().then(() => (stopped = true));
        await sleep(20);
        assert.equal(stopped, false, 'stop() must wait for the running handler');
        release.resolve();
        await stopping;
        assert.equal((await getJob(store.db, id))?.state, 'done');
      });
    });

    it('renews the lease of a long-running job, so nobody else takes it', async () => {
      await withStore(backend, async (store) => {
        const id = await enqueue(store.db, { kind: 'k', payload: null });
        const release = deferred();
        const started = deferred();
        const owner = runner(store, { k: async () => (started.resolve(), release.promise) }, { workerId: 'owner', leaseMs: 90 });
        const run = owner.runDueJobs();
        await started.promise;
        await sleep(200); // more than twice the lease: only renewals keep it
        const other = runner(store, { k: async () => assert.fail('taken over') }, { workerId: 'other' });
        assert.equal(await other.runDueJobs(), 0);
        release.resolve();
        await run;
        const row = await getJob(store.db, id);
        assert.equal(row?.state, 'done');
        assert.equal(row?.attempts, 1);
      });
    });

    it('two runners process 50 jobs exactly once each', async () => {
      await withTestDatabase(backend, async (tdb) => {
        // Two servers where the backend allows several Stores; otherwise two runners in one server.
        const first = await openDatabase(tdb.url);
        const second = backend.concurrentStores ? await openDatabase(tdb.url) : first;
        try {
          const ids = new Set<string>();
          for (let i = 0; i < 50; i++) ids.add(await enqueue(first.db, { kind: 'k', payload: { i } }));
          const runs = new Map<string, string[]>();
          const handler = (name: string) => async (_p: unknown, job: JobContext) => {
            runs.set(job.id, [...(runs.get(job.id) ?? []), name]);
            await sleep(Math.random() * 5);
          };
          const a = runner(first, { k: handler('a') }, { workerId: 'a', concurrency: 4 });
          const b = runner(second, { k: handler('b') }, { workerId: 'b', concurrency: 4 });
          const [na, nb] = await Promise.all([a.runDueJobs(), b.runDueJobs()]);
          assert.equal(na + nb, 50);
          assert.deepEqual(new Set(runs.keys()), ids);
          for (const [id, by] of runs) assert.equal(by.length, 1, `job ${id} ran ${by.length} times`);
          if (backend.concurrentStores) {
            assert.ok(na > 0 && nb > 0, `both runners should take work (a ${na}, b ${nb})`);
          }
          const states = await first.db.selectFrom('jobs').select(['state', 'attempts']).execute();
          assert.ok(states.every((s) => s.state === 'done' && s.attempts === 1));
        } finally {
          if (second !== first) await second.close();
          await first.close();
        }
      });
    });
  });
}
