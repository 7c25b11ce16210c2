/**
 * A durable job queue in the product's own database. Jobs survive crashes: a job whose process died is
 * retried once its heartbeat lapses, and a failed job is retried with exponential backoff. Handlers must
 * be idempotent (a job may run again after a crash); keep delivery state in the database, not in memory.
 *
 * Used by the LINE channel (per-conversation processing), and meant for Slack staff posts, re-alerts and
 * booking outcome pushes. The implementation is pg-boss (pg-boss-queue.ts).
 */
import type { Queryable } from '../db/db.ts';

export interface QueueDefinition {
  /**
   * `standard`: every job runs. `stately`: per `singletonKey`, at most one job waits and one runs, so
   * "process conversation X" jobs coalesce and never run twice at once, across all app instances.
   */
  policy?: 'standard' | 'stately';
  /** Retries after the first failure (default 8). */
  retryLimit?: number;
  /** First retry delay; doubles with jitter on each retry (default 1 s, at most `retryDelayMaxSeconds`). */
  retryDelaySeconds?: number;
  retryDelayMaxSeconds?: number;
  /** A running job whose worker stops sending heartbeats (its process died) is retried after this. */
  heartbeatSeconds?: number;
  /** Hard limit for one run of a handler (default 10 minutes). */
  expireInSeconds?: number;
}

export interface EnqueueOptions {
  /** With a `stately` queue: coalesces with a job already waiting under the same key. */
  singletonKey?: string;
  /** Not before this many seconds from now. */
  delaySeconds?: number;
  /** Enqueue inside the caller's transaction: the job exists exactly when the transaction commits. */
  tx?: Queryable;
}

export interface JobContext<T> {
  id: string;
  data: T;
  /** 0 on the first run, then 1, 2 … on retries. */
  retryCount: number;
  /** Aborted when this worker lost the job (its claim expired) or the queue is stopping hard. */
  signal: AbortSignal;
}

export type JobHandler<T> = (job: JobContext<T>) => Promise<void>;

export interface WorkOptions {
  /** Jobs of this queue run at the same time in this process (default 2). */
  concurrency?: number;
}

export interface JobQueue {
  /** Creates or updates a queue; call before `enqueue`/`work` for that name. */
  define(name: string, definition?: QueueDefinition): Promise<void>;
  /** Returns the job id, or null when a `stately` queue already had a waiting job for the key. */
  enqueue(name: string, data: object, options?: EnqueueOptions): Promise<string | null>;
  /** Many jobs in one statement (cheaper than many `enqueue` calls); jobs a `stately` queue refuses are dropped. */
  enqueueMany(name: string, jobs: readonly { data: object; singletonKey?: string }[]): Promise<void>;
  /** Runs `handler` for each job; a thrown error fails the attempt and schedules a retry. */
  work<T>(name: string, handler: JobHandler<T>, options?: WorkOptions): Promise<void>;
  /** Stops fetching, waits for running handlers (up to the stop timeout), then releases connections. */
  stop(): Promise<void>;
}
