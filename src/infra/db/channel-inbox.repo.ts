/**
 * channel_inbox: every accepted webhook event, stored before the webhook is answered. A repeat of an
 * event id is dropped by the unique (channel, event_id). Rows are processed in order per conversation;
 * the raw payload is cleared once an event is processed (it may contain health information).
 */
import { z } from 'zod';
import type { Queryable } from './db.ts';
import { jsonParam } from './db.ts';

export interface NewInboxEvent {
  channel: string;
  eventId: string;
  conversationKey: string;
  eventType: string;
  state: 'pending' | 'skipped';
  skipReason?: string;
  payload: unknown;
  isRedelivery: boolean;
  eventAt: Date;
}

const InboxRow = z.object({
  id: z.string(),
  event_id: z.string(),
  conversation_key: z.string(),
  event_type: z.string(),
  payload: z.unknown(),
  attempts: z.number().int(),
  not_before: z.coerce.date().nullable(),
  received_at: z.coerce.date(),
  is_redelivery: z.boolean(),
});

export interface InboxEvent {
  id: string;
  eventId: string;
  conversationKey: string;
  eventType: string;
  payload: unknown;
  attempts: number;
  notBefore: Date | null;
  receivedAt: Date;
  isRedelivery: boolean;
}

/**
 * Stores a webhook's events in one statement (atomic, one round trip: it is on the webhook's response
 * path). Returns the events actually stored; an id already stored (a repeat, a redelivery) is skipped.
 */
export async function insertInboxEvents(
  db: Queryable,
  events: readonly NewInboxEvent[],
): Promise<{ eventId: string; conversationKey: string; state: string }[]> {
  if (events.length === 0) return [];
  const columns = 9;
  const params: unknown[] = [];
  const tuples = events.map((event, i) => {
    params.push(
      event.channel,
      event.eventId,
      event.conversationKey,
      event.eventType,
      event.state,
      event.skipReason ?? null,
      // Skipped events keep no payload: nothing will ever read it.
      event.state === 'skipped' ? null : jsonParam(event.payload),
      event.isRedelivery,
      event.eventAt,
    );
    const p = (n: number) => `$${i * columns + n}`;
    return `(${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}, ${p(6)}, ${p(7)}::jsonb, ${p(8)}::boolean, ${p(9)}::timestamptz,
             CASE WHEN ${p(5)} = 'skipped' THEN now() END)`;
  });
  const result = await db.query<{ event_id: string; conversation_key: string; state: string }>(
    `INSERT INTO channel_inbox
       (channel, event_id, conversation_key, event_type, state, skip_reason, payload, is_redelivery, event_at,
        processed_at)
     VALUES ${tuples.join(',\n')}
     ON CONFLICT (channel, event_id) DO NOTHING
     RETURNING event_id, conversation_key, state`,
    params,
  );
  return result.rows.map((row) => ({
    eventId: row.event_id,
    conversationKey: row.conversation_key,
    state: row.state,
  }));
}

/** The oldest pending event of a conversation (`$1`), by event time, then arrival. */
export const nextPendingEventSql = `SELECT id::text AS id, event_id, conversation_key, event_type, payload, attempts, not_before,
            received_at, is_redelivery
       FROM channel_inbox
      WHERE conversation_key = $1 AND state = 'pending'
      ORDER BY event_at, id
      LIMIT 1`;

/** A row of `nextPendingEventSql`, as the driver returns it or through to_jsonb. */
export function toInboxEvent(row: unknown): InboxEvent {
  const parsed = InboxRow.parse(row);
  return {
    id: parsed.id,
    eventId: parsed.event_id,
    conversationKey: parsed.conversation_key,
    eventType: parsed.event_type,
    payload: parsed.payload,
    attempts: parsed.attempts,
    notBefore: parsed.not_before,
    receivedAt: parsed.received_at,
    isRedelivery: parsed.is_redelivery,
  };
}

/** Marks an event processed and drops its payload. False when it was no longer pending. */
export async function completeInboxEvent(
  tx: Queryable,
  id: string,
  state: 'done' | 'failed',
  errorCode?: string,
): Promise<boolean> {
  const result = await tx.query(
    `UPDATE channel_inbox
        SET state = $2, payload = NULL, processed_at = now(), last_error = COALESCE($3, last_error)
      WHERE id = $1::bigint AND state = 'pending'`,
    [id, state, errorCode ?? null],
  );
  return result.rowCount === 1;
}

/** Records a failed attempt and when to try again. */
export async function postponeInboxEvent(
  db: Queryable,
  id: string,
  notBefore: Date,
  errorCode: string,
): Promise<void> {
  await db.query(
    `UPDATE channel_inbox SET attempts = attempts + 1, not_before = $2, last_error = $3
      WHERE id = $1::bigint AND state = 'pending'`,
    [id, notBefore, errorCode],
  );
}

/**
 * Conversations with work that is due (pending inbox events or outbox batches) and older than
 * `minAgeSeconds`: the safety net that re-triggers processing whatever happened to the queue.
 */
export async function listConversationsWithDueWork(
  db: Queryable,
  channel: string,
  minAgeSeconds: number,
  limit = 500,
): Promise<string[]> {
  const result = await db.query<{ conversation_key: string }>(
    `SELECT conversation_key FROM channel_inbox
      WHERE channel = $1 AND state = 'pending'
        AND received_at <= now() - make_interval(secs => $2)
        AND (not_before IS NULL OR not_before <= now())
     UNION
     SELECT conversation_key FROM channel_outbox
      WHERE channel = $1 AND state = 'pending'
        AND created_at <= now() - make_interval(secs => $2)
        AND (not_before IS NULL OR not_before <= now())
     LIMIT $3`,
    [channel, minAgeSeconds, limit],
  );
  return result.rows.map((row) => z.string().parse(row.conversation_key));
}
