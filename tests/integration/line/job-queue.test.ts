/**
 * The JobQueue over pg-boss on the test database (PGlite in-process, or PostgreSQL with
 * TEST_DATABASE_URL): transactional enqueue, per-key coalescing, retries, delays and a graceful stop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/infra/db/db.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import type { JobQueue } from '../../../src/infra/queue/job-queue.ts';
import { startJobQueue } from '../../../src/infra/queue/pg-boss-queue.ts';
import { openTestDb } from '../../support/db.ts';
import { waitFor } from './line-harness.ts';

describe('JobQueue (pg-boss)', () => {
  let db: Db;
  let queue: JobQueue;
  const start = () =>
    startJobQueue(db, createLogger({ level: 'silent' }), {
      pollingIntervalSeconds: 0.5,
      superviseIntervalSeconds: 1,
    });
  // One database for the file (each test uses its own queue names): opening one costs seconds.
  beforeAll(async () => {
    db = await openTestDb();
    queue = await start();
  });
  afterAll(async () => {
    await queue?.stop();
    await db?.close();
  });

  it('creates a job inside a transaction only when the transaction commits', async () => {
    await queue.define('tx-test');
    const seen: string[] = [];
    await queue.work<{ v: string }>('tx-test', async (job) => {
      seen.push(job.data.v);
    });
    await db
      .transaction(async (tx) => {
        await queue.enqueue('tx-test', { v: 'rolled-back' }, { tx });
        throw new Error('roll back');
      })
      .catch(() => {});
    await db.transaction(async (tx) => {
      await queue.enqueue('tx-test', { v: 'committed' }, { tx });
    });
    await waitFor(() => seen.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(seen).toEqual(['committed']);
  });

  it('coalesces jobs per key on a stately queue: one waits while one runs', async () => {
    await queue.define('stately-test', { policy: 'stately' });
    expect(await queue.enqueue('stately-test', { n: 1 }, { singletonKey: 'k' })).not.toBeNull();
    expect(await queue.enqueue('stately-test', { n: 2 }, { singletonKey: 'k' })).toBeNull();
    expect(await queue.enqueue('stately-test', { n: 3 }, { singletonKey: 'other' })).not.toBeNull();
    let running = 0;
    let maxRunningForK = 0;
    const runs: number[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await queue.work<{ n: number }>(
      'stately-test',
      async (job) => {
        runs.push(job.data.n);
        if (job.data.n === 1) {
          running++;
          maxRunningForK = Math.max(maxRunningForK, running);
          // While this job runs, one more for the same key may wait, but not two.
          expect(await queue.enqueue('stately-test', { n: 4 }, { singletonKey: 'k' })).not.toBeNull();
          expect(await queue.enqueue('stately-test', { n: 5 }, { singletonKey: 'k' })).toBeNull();
          await gate;
          running--;
        }
      },
      { concurrency: 3 },
    );
    await waitFor(() => runs.includes(1) && runs.includes(3));
    release();
    await waitFor(() => runs.includes(4));
    expect(runs.sort()).toEqual([1, 3, 4]);
    expect(maxRunningForK).toBe(1);
  });

  it('retries a failing job with backoff until it succeeds', async () => {
    await queue.define('retry-test', { retryLimit: 3, retryDelaySeconds: 1 });
    const attempts: { retryCount: number; at: number }[] = [];
    await queue.work('retry-test', async (job) => {
      attempts.push({ retryCount: job.retryCount, at: Date.now() });
      if (attempts.length < 3) throw new Error('transient');
    });
    await queue.enqueue('retry-test', {});
    await waitFor(() => attempts.length === 3, 30_000);
    expect(attempts.map((a) => a.retryCount)).toEqual([0, 1, 2]);
    // Backoff: the second retry waits longer than the first retry delay.
    const gaps = [attempts[1]!.at - attempts[0]!.at, attempts[2]!.at - attempts[1]!.at];
    expect(gaps[0]).toBeGreaterThanOrEqual(900);
    expect(gaps[1]).toBeGreaterThanOrEqual(900);
  });

  it('runs a delayed job no earlier than asked, and batches many jobs in one call', async () => {
    await queue.define('delay-test', { policy: 'stately' });
    const seen: { k: string; at: number }[] = [];
    await queue.work<{ k: string }>('delay-test', async (job) => {
      seen.push({ k: job.data.k, at: Date.now() });
    });
    const started = Date.now();
    await queue.enqueue('delay-test', { k: 'late' }, { singletonKey: 'late', delaySeconds: 2 });
    await queue.enqueueMany('delay-test', [
      { data: { k: 'a' }, singletonKey: 'a' },
      { data: { k: 'b' }, singletonKey: 'b' },
      { data: { k: 'a' }, singletonKey: 'a' },
    ]);
    await waitFor(() => seen.length === 3, 20_000);
    expect(seen.map((s) => s.k).sort()).toEqual(['a', 'b', 'late']);
    expect(seen.find((s) => s.k === 'late')!.at - started).toBeGreaterThanOrEqual(1900);
  });

  it('lets a running handler finish when stopping', async () => {
    const own = await start();
    await own.define('stop-test');
    let finished = false;
    let started = false;
    await own.work('stop-test', async () => {
      started = true;
      await new Promise((resolve) => setTimeout(resolve, 800));
      finished = true;
    });
    await own.enqueue('stop-test', {});
    await waitFor(() => started);
    await own.stop();
    expect(finished).toBe(true);
  });
});
