/**
 * Processes one LINE conversation in order: first every undelivered outbox batch, then the next stored
 * event (engine → rendered replies → outbox, in one transaction with marking the event done), and again.
 * Only one worker runs per conversation at a time (a `stately` queue keyed by conversation), across app
 * instances. A failing step is postponed with backoff and the conversation waits for it, so later
 * messages never overtake earlier ones.
 */

import type { ConversationEngine, SlownessHint } from '../../core/engine.ts';
import { toAppError } from '../../core/errors.ts';
import type { InboundMessage, OutboundReply } from '../../core/message.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import {
  completeInboxEvent,
  type InboxEvent,
  postponeInboxEvent,
} from '../../infra/db/channel-inbox.repo.ts';
import { insertOutboxBatches, postponeBatch, settleBatchUnsent } from '../../infra/db/channel-outbox.repo.ts';
import { setChannelUserActive } from '../../infra/db/channel-users.repo.ts';
import { findNextWork } from '../../infra/db/channel-work.repo.ts';
import type { Db } from '../../infra/db/db.ts';
import { deliverBatch } from './delivery.ts';
import { chatOf, EventCommon, toInboundMessage } from './events.ts';
import { followGreeting, followNotice, processingFailedApology } from './fixed-replies.ts';
import type { LineApi } from './line-api.ts';
import { renderReplies, toBatches } from './render.ts';
import { deriveRetryKey } from './retry-key.ts';

export interface WorkerSettings {
  /** A model is configured, so some answers take seconds: show LINE's loading animation. */
  modelConfigured: boolean;
  loadingSeconds: number;
  retentionDays: number;
  requestTimeoutMs: number;
  /** After this many failed attempts an event is answered with an apology and marked failed. */
  maxEventAttempts: number;
  /** After this many failed attempts a batch is given up (and logged as an error). */
  maxDeliveryAttempts: number;
  retryBaseMs: number;
  retryMaxMs: number;
  /** One job works at most this long, then hands the conversation to a fresh job. */
  drainBudgetMs: number;
}

export const defaultWorkerSettings: Omit<
  WorkerSettings,
  'modelConfigured' | 'loadingSeconds' | 'retentionDays' | 'requestTimeoutMs'
> = {
  // Spans more than the engine's claim lease (2 min), so an event whose turn died with a crashed worker
  // is retried until the engine hands it out again, rather than apologised for.
  maxEventAttempts: 10,
  maxDeliveryAttempts: 20,
  retryBaseMs: 1_000,
  retryMaxMs: 300_000,
  drainBudgetMs: 60_000,
};

export interface WorkerDeps {
  db: Db;
  api: LineApi;
  engine: ConversationEngine;
  slowness?: SlownessHint | undefined;
  clock: Clock;
  logger: Logger;
  settings: WorkerSettings;
  /** True once the app is shutting down: deliver what is written, start no new turn (a new job will). */
  isStopping: () => boolean;
}

/** `later`: the head of the conversation is waiting for a retry; `more`: out of time, continue in a new job. */
export type DrainResult = { kind: 'idle' } | { kind: 'later'; at: Date } | { kind: 'more' };

export async function drainConversation(
  conversationKey: string,
  deps: WorkerDeps,
  signal: AbortSignal,
): Promise<DrainResult> {
  const started = deps.clock.now().getTime();
  for (;;) {
    if (signal.aborted) return { kind: 'more' };
    if (deps.clock.now().getTime() - started > deps.settings.drainBudgetMs) return { kind: 'more' };
    const { batch, event } = await findNextWork(deps.db, conversationKey);
    if (batch !== null) {
      if (batch.notBefore !== null && batch.notBefore > deps.clock.now())
        return { kind: 'later', at: batch.notBefore };
      const outcome = await deliverBatch(batch, {
        db: deps.db,
        api: deps.api,
        clock: deps.clock,
        logger: deps.logger,
        requestTimeoutMs: deps.settings.requestTimeoutMs,
      });
      if (outcome.kind === 'contended') return { kind: 'later', at: after(deps, 1_000) };
      if (outcome.kind === 'retry') {
        const attempts = batch.attempts + 1;
        if (attempts >= deps.settings.maxDeliveryAttempts) {
          deps.logger.error({ batchId: batch.id, code: outcome.code, attempts }, 'LINE delivery given up');
          await settleBatchUnsent(deps.db, batch.id, 'failed', outcome.code);
          continue;
        }
        const at = after(deps, backoffMs(attempts, deps.settings));
        await postponeBatch(deps.db, batch.id, at, outcome.code);
        deps.logger.warn({ batchId: batch.id, code: outcome.code, attempts }, 'LINE delivery postponed');
        return { kind: 'later', at };
      }
      continue;
    }
    if (event === null) return { kind: 'idle' };
    // Shutting down: what a finished turn wrote is still delivered (above, one bounded attempt per batch),
    // but a new turn is left to a new job.
    if (deps.isStopping()) return { kind: 'more' };
    if (event.notBefore !== null && event.notBefore > deps.clock.now())
      return { kind: 'later', at: event.notBefore };
    try {
      await processEvent(event, deps, signal);
    } catch (error) {
      const code = toAppError(error).code;
      const attempts = event.attempts + 1;
      if (attempts >= deps.settings.maxEventAttempts) {
        deps.logger.error({ eventId: event.eventId, code, attempts }, 'LINE event given up; apologising');
        await writeReplies(event, processingFailedApology(), deps, 'failed', code);
        continue;
      }
      const at = after(deps, backoffMs(attempts, deps.settings));
      await postponeInboxEvent(deps.db, event.id, at, code);
      deps.logger.warn({ eventId: event.eventId, code, attempts }, 'LINE event postponed');
      return { kind: 'later', at };
    }
  }
}

async function processEvent(event: InboxEvent, deps: WorkerDeps, signal: AbortSignal): Promise<void> {
  const message = toInboundMessage(event.payload, event.receivedAt);
  if (message === null) {
    // e.g. a message type LINE added later: acknowledged, nothing to say.
    await completeInboxEvent(deps.db, event.id, 'done');
    return;
  }
  if (message.kind === 'unfollow') {
    // The user blocked the account: record it, tell the engine, and send nothing (LINE would drop it).
    await setChannelUserActive(deps.db, 'line', message.userId, false);
    await deps.engine.handle(message, { signal });
    await completeInboxEvent(deps.db, event.id, 'done');
    return;
  }
  if (message.kind === 'follow') await setChannelUserActive(deps.db, 'line', message.userId, true);
  if (shouldShowLoading(message, deps)) void showLoading(message.userId, deps);
  const result = await deps.engine.handle(message, { signal });
  // A duplicate carries what the committed first turn answered. This event is still pending here, so a
  // crash came between the engine's commit and our outbox write: write them now (the outbox is keyed by
  // event and batch, so this cannot send twice). An event another attempt holds is thrown as 'conflict'
  // and retried like any failure.
  let replies = result.committedReplies ?? result.replies;
  if (message.kind === 'follow') {
    const retention = { retentionDays: deps.settings.retentionDays };
    replies = replies.length === 0 ? followGreeting(retention) : [...replies, followNotice(retention)];
  }
  deps.logger.info(
    {
      eventId: event.eventId,
      kind: message.kind,
      route: result.decision?.route ?? null,
      replies: replies.length,
    },
    'LINE event handled',
  );
  const critical = result.decision?.route === 'crisis' || result.decision?.handoff?.urgency === 'urgent';
  await writeReplies(event, replies, deps, 'done', undefined, critical);
}

/** Stores the rendered replies as outbox batches and settles the event, in one transaction. */
async function writeReplies(
  event: InboxEvent,
  replies: readonly OutboundReply[],
  deps: WorkerDeps,
  state: 'done' | 'failed',
  errorCode?: string,
  critical = false,
): Promise<void> {
  const common = EventCommon.parse(event.payload);
  const chat = chatOf(common);
  const batches = chat === null ? [] : toBatches(renderReplies(replies));
  const sourceKey = `event:${event.eventId}`;
  // The token's minute starts when LINE sent the event; a redelivered event may carry an old one.
  const tokenFrom = new Date(Math.min(event.receivedAt.getTime(), common.timestamp));
  await deps.db.transaction(async (tx) => {
    await insertOutboxBatches(
      tx,
      batches.map((messages, batchIndex) => ({
        channel: 'line',
        sourceKey,
        batchIndex,
        conversationKey: event.conversationKey,
        recipient: chat?.conversationId ?? '',
        messages,
        retryKey: deriveRetryKey(sourceKey, batchIndex),
        replyToken: batchIndex === 0 ? common.replyToken : undefined,
        tokenReceivedAt: batchIndex === 0 && common.replyToken !== undefined ? tokenFrom : undefined,
        critical,
      })),
    );
    await completeInboxEvent(tx, event.id, state, errorCode);
  });
}

function shouldShowLoading(message: InboundMessage, deps: WorkerDeps): boolean {
  if (!deps.settings.modelConfigured || message.isGroup) return false;
  if (message.kind !== 'text' && message.kind !== 'postback') return false;
  return deps.slowness?.mayBeSlow(message) ?? true;
}

async function showLoading(userId: string, deps: WorkerDeps): Promise<void> {
  try {
    const response = await deps.api.showLoadingAnimation({
      chatId: userId,
      loadingSeconds: deps.settings.loadingSeconds,
    });
    if (response.status !== 202) deps.logger.warn({ status: response.status }, 'loading animation refused');
  } catch (error) {
    // Cosmetic only: the answer still comes. Logged so an outage is visible.
    deps.logger.warn({ code: toAppError(error).code }, 'loading animation failed');
  }
}

function after(deps: WorkerDeps, ms: number): Date {
  return new Date(deps.clock.now().getTime() + ms);
}

/** Exponential backoff with ±20 % jitter, so workers retrying after one outage do not move in step. */
export function backoffMs(
  attempt: number,
  settings: Pick<WorkerSettings, 'retryBaseMs' | 'retryMaxMs'>,
): number {
  const exponential = settings.retryBaseMs * 2 ** Math.min(attempt - 1, 20);
  const jitter = 0.8 + Math.random() * 0.4;
  return Math.round(Math.min(settings.retryMaxMs, exponential) * jitter);
}

/** Loading animation length: the model deadline rounded up to LINE's steps of 5 s, within 5–60 s. */
export function loadingSecondsFor(modelTimeoutMs: number): number {
  return Math.min(60, Math.max(5, Math.ceil(modelTimeoutMs / 5000) * 5));
}
