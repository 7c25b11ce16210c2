/**
 * Accepting a webhook: every event is stored with its webhookEventId and, in the same transaction, a
 * processing job is queued for each conversation that got new work. Repeats and redeliveries hit the
 * unique event id and are dropped; standby-mode and unsupported events are stored as skipped.
 */
import { insertInboxEvent, type NewInboxEvent } from '../../infra/db/channel-inbox.repo.ts';
import type { Db } from '../../infra/db/db.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import { chatOf, conversationKeyOf, EventCommon, processedEventTypes } from './events.ts';

export const lineQueueName = 'line-conversation';

export interface ConversationJob {
  conversationKey: string;
}

export interface AcceptResult {
  stored: number;
  duplicates: number;
}

/** Throws a ZodError (the caller answers 400) when an event lacks the common fields. */
export async function acceptEvents(
  deps: { db: Db; queue: JobQueue },
  events: readonly Record<string, unknown>[],
): Promise<AcceptResult> {
  const rows = events.map(toInboxRow);
  return deps.db.transaction(async (tx) => {
    const keys = new Set<string>();
    let stored = 0;
    for (const row of rows) {
      if (!(await insertInboxEvent(tx, row))) continue;
      stored++;
      if (row.state === 'pending') keys.add(row.conversationKey);
    }
    for (const conversationKey of keys) {
      const job: ConversationJob = { conversationKey };
      await deps.queue.enqueue(lineQueueName, job, { singletonKey: conversationKey, tx });
    }
    return { stored, duplicates: rows.length - stored };
  });
}

function toInboxRow(raw: Record<string, unknown>): NewInboxEvent {
  const event = EventCommon.parse(raw);
  const chat = chatOf(event);
  const base = {
    channel: 'line',
    eventId: event.webhookEventId,
    conversationKey: chat === null ? 'line:-' : conversationKeyOf(chat),
    eventType: event.type,
    payload: raw,
    isRedelivery: event.deliveryContext?.isRedelivery ?? false,
    eventAt: new Date(event.timestamp),
  };
  // In standby another channel owns the chat (e.g. a module channel): keep the record, send nothing.
  if (event.mode === 'standby') return { ...base, state: 'skipped', skipReason: 'standby' };
  if (!processedEventTypes.has(event.type)) return { ...base, state: 'skipped', skipReason: 'unsupported' };
  if (chat === null) return { ...base, state: 'skipped', skipReason: 'no_source' };
  return { ...base, state: 'pending' };
}
