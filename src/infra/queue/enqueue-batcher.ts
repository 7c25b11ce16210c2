/**
 * Coalesces "there is work for key X" signals into batched `enqueueMany` calls, off the request path.
 * One flush runs at a time: when idle a signal is flushed at once, under load signals pile up while the
 * previous flush runs and go out together. Losing a signal (a crash before its flush) only delays work:
 * callers keep the work itself in the database and re-signal it with a sweeper.
 */
import { toAppError } from '../../core/errors.ts';
import type { Logger } from '../../core/ports.ts';
import type { JobQueue } from './job-queue.ts';

export interface EnqueueBatcher {
  /** Asks for one job for `key` (duplicates within a batch are merged). */
  add(key: string, data: object): void;
  /** Resolves once everything added so far has been enqueued (or its flush has failed and been logged). */
  flush(): Promise<void>;
}

export function createEnqueueBatcher(
  queue: Pick<JobQueue, 'enqueueMany'>,
  name: string,
  logger: Logger,
  maxBatch = 200,
): EnqueueBatcher {
  const pending = new Map<string, object>();
  let running: Promise<void> | null = null;

  const drain = async (): Promise<void> => {
    while (pending.size > 0) {
      const batch = [...pending.entries()].slice(0, maxBatch);
      for (const [key] of batch) pending.delete(key);
      try {
        await queue.enqueueMany(
          name,
          batch.map(([singletonKey, data]) => ({ data, singletonKey })),
        );
      } catch (error) {
        // The work stays in the database; the caller's sweeper signals it again.
        logger.error(
          { queue: name, jobs: batch.length, code: toAppError(error).code },
          'batched enqueue failed',
        );
      }
    }
  };

  const start = () => {
    if (running !== null) return running;
    running = drain().finally(() => {
      running = null;
      if (pending.size > 0) void start();
    });
    return running;
  };

  return {
    add(key, data) {
      pending.set(key, data);
      void start();
    },
    async flush() {
      while (running !== null || pending.size > 0) await start();
    },
  };
}
