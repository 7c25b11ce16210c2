/**
 * JobQueue over pg-boss 12, in the product's own database: PGlite through pg-boss's `fromPglite` adapter
 * (same instance, same process) or PostgreSQL through its own small pool. See
 * docs/decisions/0005-durable-line-processing.md for why pg-boss and how crashes are recovered.
 */
import { fromPglite, type PGliteLike, PgBoss, type Db as PgBossDb } from 'pg-boss';
import { AppError, toAppError } from '../../core/errors.ts';
import type { Logger } from '../../core/ports.ts';
import type { Db, Queryable } from '../db/db.ts';
import type { EnqueueOptions, JobHandler, JobQueue, QueueDefinition, WorkOptions } from './job-queue.ts';

export interface PgBossQueueOptions {
  /** pg-boss's own schema (default `pgboss`). */
  schema?: string;
  /**
   * How often this instance checks for jobs whose worker died (missed heartbeats) and expired jobs.
   * Together with `heartbeatSeconds` it bounds how long a crash delays a conversation (default 5 s).
   */
  superviseIntervalSeconds?: number;
  /** How often workers look for due jobs (default 2 s); NOTIFY wakes them at once for new jobs. */
  pollingIntervalSeconds?: number;
  /** How long `stop()` waits for running handlers (default 20 s). */
  stopTimeoutMs?: number;
  /** Connections pg-boss may open on PostgreSQL (default 4). */
  maxConnections?: number;
}

const defaults = {
  schema: 'pgboss',
  superviseIntervalSeconds: 5,
  pollingIntervalSeconds: 2,
  stopTimeoutMs: 20_000,
  maxConnections: 4,
};

/** Starts pg-boss on `db` (installing its schema on first use) and returns the JobQueue over it. */
export async function startJobQueue(
  db: Db,
  logger: Logger,
  options: PgBossQueueOptions = {},
): Promise<JobQueue> {
  const settings = { ...defaults, ...options };
  const common = {
    schema: settings.schema,
    superviseIntervalSeconds: settings.superviseIntervalSeconds,
    // Heartbeat expiry runs inside the monitor pass, so both beats must be short for fast crash recovery.
    monitorIntervalSeconds: settings.superviseIntervalSeconds,
    useListenNotify: true,
    instanceName: 'sanpo-assistant',
  };
  const boss =
    db.handle.kind === 'pglite'
      ? new PgBoss({ ...common, backend: 'pglite', db: fromPglite(db.handle.pglite as PGliteLike) })
      : new PgBoss({
          ...common,
          backend: 'postgres',
          connectionString: db.handle.connectionString,
          max: settings.maxConnections,
        });
  const log = logger.child({ component: 'job-queue' });
  // pg-boss reports background failures (maintenance, a lost LISTEN connection) as events; without a
  // listener an 'error' event would crash the process.
  boss.on('error', (error) => log.error({ err: toAppError(error, 'db_unavailable') }, 'job queue error'));
  boss.on('warning', (warning) => log.warn({ warning: warning.message }, 'job queue warning'));
  try {
    await boss.start();
  } catch (error) {
    throw new AppError('db_unavailable', 'Could not start the job queue', { cause: error });
  }
  return createQueue(boss, db, log, settings);
}

function createQueue(boss: PgBoss, db: Db, log: Logger, settings: typeof defaults): JobQueue {
  const working = new Set<string>();

  /**
   * PGlite has exactly one owner process (the directory lock), so a job still `active` when its queue is
   * defined belongs to a process that died (SIGKILL): fail it now so it is retried at once, instead of
   * waiting for its heartbeat to lapse. PostgreSQL may have other live instances; there the heartbeat
   * decides.
   */
  const failOrphans = async (name: string) => {
    if (db.handle.kind !== 'pglite' || working.has(name)) return;
    const orphans = await db.query<{ id: string }>(
      `SELECT id::text AS id FROM ${settings.schema}.job WHERE name = $1 AND state = 'active'`,
      [name],
    );
    if (orphans.rows.length === 0) return;
    await boss.fail(
      name,
      orphans.rows.map((row) => row.id),
      { reason: 'the process running it died' },
    );
    log.warn({ queue: name, jobs: orphans.rows.length }, 'jobs of a dead process retried');
  };

  return {
    async define(name: string, definition: QueueDefinition = {}) {
      const options = {
        policy: definition.policy ?? 'standard',
        retryLimit: definition.retryLimit ?? 8,
        retryDelay: definition.retryDelaySeconds ?? 1,
        retryBackoff: true,
        retryDelayMax: definition.retryDelayMaxSeconds ?? 300,
        expireInSeconds: definition.expireInSeconds ?? 600,
        notify: true,
        ...(definition.heartbeatSeconds === undefined
          ? {}
          : { heartbeatSeconds: definition.heartbeatSeconds }),
      };
      const existing = await boss.getQueue(name);
      if (existing === null) {
        await boss.createQueue(name, options);
        return;
      }
      // The policy of an existing queue cannot change; the rest follows the code.
      const { policy: _policy, ...mutable } = options;
      await boss.updateQueue(name, mutable);
      await failOrphans(name);
    },

    async enqueue(name: string, data: object, options: EnqueueOptions = {}) {
      return boss.send(name, data, {
        ...(options.singletonKey === undefined ? {} : { singletonKey: options.singletonKey }),
        ...(options.delaySeconds === undefined || options.delaySeconds <= 0
          ? {}
          : { startAfter: Math.ceil(options.delaySeconds) }),
        ...(options.tx === undefined ? {} : { db: transactionAdapter(options.tx) }),
      });
    },

    async enqueueMany(name: string, jobs: readonly { data: object; singletonKey?: string }[]) {
      if (jobs.length === 0) return;
      await boss.insert(
        name,
        jobs.map((job) => ({
          data: job.data,
          ...(job.singletonKey === undefined ? {} : { singletonKey: job.singletonKey }),
        })),
      );
    },

    async work<T>(name: string, handler: JobHandler<T>, options: WorkOptions = {}) {
      working.add(name);
      // One pg-boss worker per slot, each knowing its own id: after a job it asks for the next one at
      // once. pg-boss would otherwise wait a polling interval between jobs whenever no new job was
      // announced meanwhile, which caps a backlog at a few jobs per second per slot.
      for (let slot = 0; slot < (options.concurrency ?? 2); slot++) {
        let workerId = '';
        workerId = await boss.work<T>(
          name,
          {
            pollingIntervalSeconds: settings.pollingIntervalSeconds,
            // NOTIFY wakes workers for new jobs, but not when a delayed job or a retry becomes due: keep
            // polling at the same pace (pg-boss would otherwise slow down to 30 s with notify on).
            notifyPollingIntervalSeconds: settings.pollingIntervalSeconds,
          },
          async ([job]) => {
            if (job === undefined) return;
            try {
              await handler({ id: job.id, data: job.data, retryCount: job.retryCount, signal: job.signal });
            } catch (error) {
              const appError = toAppError(error);
              log.warn({ queue: name, jobId: job.id, code: appError.code, err: appError }, 'job failed');
              // pg-boss stores the error on the job row; keep it to a code so no text lands there.
              throw new AppError(appError.code, `job failed: ${appError.code}`);
            } finally {
              if (workerId !== '') boss.notifyWorker(workerId);
            }
          },
        );
      }
    },

    async stop() {
      await boss.stop({ graceful: true, timeout: settings.stopTimeoutMs, close: true });
    },
  };
}

/** Lets pg-boss write its job row through the caller's open transaction. */
function transactionAdapter(tx: Queryable): PgBossDb {
  return {
    executeSql: async (text: string, values?: unknown[]) => tx.query(text, values ?? []),
  };
}
