/**
 * Accepting a webhook: every event is stored with its webhookEventId in one atomic statement. Repeats
 * and redeliveries hit the unique event id and are dropped; standby-mode and unsupported events are
 * stored as skipped. The conversations with new work are returned so the caller can queue their jobs
 * after answering LINE (a crash in between is covered by the sweeper, see channel.ts).
 */
import { insertInboxEvents, type NewInboxEvent } from '../../infra/db/channel-inbox.repo.ts';
import type { Db } from '../../infra/db/db.ts';
import { chatOf, conversationKeyOf, EventCommon, processedEventTypes } from './events.ts';

export const lineQueueName = 'line-conversation';

export interface ConversationJob {
  conversationKey: string;
}

export interface AcceptResult {
  stored: number;
  duplicates: number;
  /** Conversation keys that got new pending events. */
  conversations: string[];
}

/** Throws a ZodError (the caller answers 400) when an event lacks the common fields. */
export async function acceptEvents(
  db: Db,
  events: readonly Record<string, unknown>[],
): Promise<AcceptResult> {
  // U+0000 and unpaired surrogates are made storable where every value meets the database (db.ts).
  const rows = events.map(toInboxRow);
  // One webhook may repeat an event id within itself; keep the first, as the database would.
  const unique = [...new Map(rows.map((row) => [row.eventId, row])).values()];
  const stored = await insertInboxEvents(db, unique);
  const conversations = new Set(stored.filter((r) => r.state === 'pending').map((r) => r.conversationKey));
  return {
    stored: stored.length,
    duplicates: rows.length - stored.length,
    conversations: [...conversations],
  };
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
