/**
 * Assembles the LINE channel: the webhook handler, the per-conversation queue worker, a sweeper that
 * re-queues any conversation whose work is due but has no job (a failed job, a crash), and the LINE
 * UserMessenger. app.ts mounts the handler on POST /webhooks/line and calls `stop()` on shutdown.
 */
import { z } from 'zod';
import type { ConversationEngine, SlownessHint } from '../../core/engine.ts';
import { toAppError } from '../../core/errors.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import type { UserMessenger } from '../../core/user-messenger.ts';
import type { Handler } from '../../http/server.ts';
import { listConversationsWithDueWork } from '../../infra/db/channel-inbox.repo.ts';
import type { Db } from '../../infra/db/db.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import { defaultWorkerSettings, drainConversation, type WorkerSettings } from './conversation-worker.ts';
import { acceptEvents, type ConversationJob, lineQueueName } from './inbox.ts';
import type { LineApi } from './line-api.ts';
import { createLineUserMessenger } from './user-messenger.ts';
import { createLineWebhookHandler } from './webhook.ts';

export interface LineChannelOptions {
  channelSecret: string;
  db: Db;
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
  /** Conversations processed at once by this instance (default 4). */
  concurrency?: number;
  /** How often due work without a job is re-queued (default 15 s). */
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
  await queue.work<unknown>(
    lineQueueName,
    async (job) => {
      const { conversationKey } = JobData.parse(job.data);
      const result = await drainConversation(conversationKey, deps, job.signal);
      const next: ConversationJob = { conversationKey };
      if (result.kind === 'more') await queue.enqueue(lineQueueName, next, { singletonKey: conversationKey });
      if (result.kind === 'later') {
        const delaySeconds = Math.max(0, (result.at.getTime() - options.clock.now().getTime()) / 1000);
        await queue.enqueue(lineQueueName, next, { singletonKey: conversationKey, delaySeconds });
      }
    },
    { concurrency: options.concurrency ?? 4 },
  );

  const sweep = async (minAgeSeconds: number) => {
    try {
      const keys = await listConversationsWithDueWork(options.db, 'line', minAgeSeconds);
      for (const conversationKey of keys) {
        const job: ConversationJob = { conversationKey };
        await queue.enqueue(lineQueueName, job, { singletonKey: conversationKey });
      }
      if (keys.length > 0) logger.info({ conversations: keys.length }, 'LINE sweeper re-queued work');
    } catch (error) {
      logger.error({ code: toAppError(error).code, err: toAppError(error) }, 'LINE sweeper failed');
    }
  };
  // At start, anything left by a crash is picked up at once; afterwards only work that sat for a while.
  await sweep(0);
  const timer = setInterval(() => void sweep(30), options.sweepIntervalMs ?? 15_000);
  timer.unref();

  return {
    handleWebhook: createLineWebhookHandler({
      channelSecret: options.channelSecret,
      accept: (events) => acceptEvents({ db: options.db, queue }, events),
      logger,
    }),
    messenger: createLineUserMessenger({ db: options.db, queue }),
    async stop() {
      stopping = true;
      clearInterval(timer);
    },
  };
}
