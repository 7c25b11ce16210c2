/**
 * Assembles the LINE channel: the webhook handler, the per-conversation queue worker, a sweeper that
 * re-queues any conversation whose work is due but has no job (a crash between storing an event and
 * queueing its job, a job that failed for good), and the LINE UserMessenger. app.ts mounts the handler on POST /webhooks/line and calls `stop()` on shutdown.
 */
import { z } from 'zod';
import type { ConversationEngine, SlownessHint } from '../../core/engine.ts';
import { toAppError } from '../../core/errors.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import type { UserMessenger } from '../../core/user-messenger.ts';
import type { Handler } from '../../http/server.ts';
import { listConversationsWithDueWork } from '../../infra/db/channel-inbox.repo.ts';
import { releaseAllReplyClaims } from '../../infra/db/channel-outbox.repo.ts';
import type { Db } from '../../infra/db/db.ts';
import { createEnqueueBatcher } from '../../infra/queue/enqueue-batcher.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import { defaultWorkerSettings, drainConversation, type WorkerSettings } from './conversation-worker.ts';
import { acceptEvents, type ConversationJob, lineQueueName } from './inbox.ts';
import type { LineApi } from './line-api.ts';
import { createLineUserMessenger } from './user-messenger.ts';
import { createLineWebhookHandler } from './webhook.ts';

export interface LineChannelOptions {
  channelSecret: string;
  db: Db;
  /** Where the webhook stores events (its own small pool on PostgreSQL); default `db`. */
  intakeDb?: Db;
  queue: JobQueue;
  api: LineApi;
  engine: ConversationEngine;
  slowness?: SlownessHint | undefined;
  clock: Clock;
  logger: Logger;
  settings: Pick<
    WorkerSettings,
    'modelConfigured' | 'loadingSeconds' | 'retentionDays' | 'requestTimeoutMs'
  > &
    Partial<WorkerSettings>;
  /** Conversations processed at once by this instance (default 4; 0: accept only, process elsewhere). */
  concurrency?: number;
  /** How often due work without a job is re-queued (default 5 s). */
  sweepIntervalMs?: number;
}

export interface LineChannel {
  handleWebhook: Handler;
  messenger: UserMessenger;
  /** Stops the sweeper and asks running jobs to hand over; the queue itself is stopped by the app. */
  stop(): Promise<void>;
}

const JobData = z.object({ conversationKey: z.string().min(1).max(200) });

/** A heartbeat this short lets another worker take over a dead instance's conversation within seconds. */
const heartbeatSeconds = 10;

export async function startLineChannel(options: LineChannelOptions): Promise<LineChannel> {
  const logger = options.logger.child({ channel: 'line' });
  const settings: WorkerSettings = { ...defaultWorkerSettings, ...options.settings };
  let stopping = false;
  const deps = {
    db: options.db,
    api: options.api,
    engine: options.engine,
    slowness: options.slowness,
    clock: options.clock,
    logger,
    settings,
    isStopping: () => stopping,
  };
  const { queue } = options;

  await queue.define(lineQueueName, {
    policy: 'stately',
    heartbeatSeconds,
    retryLimit: 10,
    retryDelaySeconds: 1,
    retryDelayMaxSeconds: 60,
    expireInSeconds: 15 * 60,
  });
  const concurrency = options.concurrency ?? 4;
  // 0: an intake-only instance (another instance on the same PostgreSQL processes the conversations).
  if (concurrency > 0)
    await queue.work<unknown>(
      lineQueueName,
      async (job) => {
        const { conversationKey } = JobData.parse(job.data);
        const result = await drainConversation(conversationKey, deps, job.signal);
        const next: ConversationJob = { conversationKey };
        if (result.kind === 'more')
          await queue.enqueue(lineQueueName, next, { singletonKey: conversationKey });
        if (result.kind === 'later') {
          const delaySeconds = Math.max(0, (result.at.getTime() - options.clock.now().getTime()) / 1000);
          await queue.enqueue(lineQueueName, next, { singletonKey: conversationKey, delaySeconds });
        }
      },
      { concurrency },
    );

  const sweep = async (minAgeSeconds: number) => {
    try {
      const keys = await listConversationsWithDueWork(options.db, 'line', minAgeSeconds);
      await queue.enqueueMany(
        lineQueueName,
        keys.map((conversationKey) => ({
          data: { conversationKey } satisfies ConversationJob,
          singletonKey: conversationKey,
        })),
      );
      if (keys.length > 0) logger.debug({ conversations: keys.length }, 'LINE sweeper queued due work');
    } catch (error) {
      logger.error({ code: toAppError(error).code, err: toAppError(error) }, 'LINE sweeper failed');
    }
  };
  // A PGlite database has one owner: reply calls left 'in_flight' are from a process that died, and may
  // be probed with their token at once (while it is still fresh) rather than after the staleness delay.
  if (options.db.kind === 'pglite') await releaseAllReplyClaims(options.db, 'line');
  // At start, anything left by a crash is picked up at once; afterwards, work that has waited a while
  // without being processed (its job was never queued, or failed for good).
  await sweep(0);
  const timer = setInterval(() => void sweep(10), options.sweepIntervalMs ?? 5_000);
  timer.unref();

  const kicks = createEnqueueBatcher(queue, lineQueueName, logger);
  return {
    handleWebhook: createLineWebhookHandler({
      channelSecret: options.channelSecret,
      accept: (events) => acceptEvents(options.intakeDb ?? options.db, events),
      afterAccept: (conversations) => {
        for (const conversationKey of conversations) {
          const job: ConversationJob = { conversationKey };
          kicks.add(conversationKey, job);
        }
      },
      logger,
    }),
    messenger: createLineUserMessenger({ db: options.db, queue }),
    async stop() {
      stopping = true;
      clearInterval(timer);
      await kicks.flush();
    },
  };
}
