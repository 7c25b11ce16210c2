/**
 * What a conversation's worker does next, read in one round trip and from one snapshot: the oldest
 * undelivered outbox batch (always delivered first) and the next unprocessed event. The worker asks this
 * before every step, so it is on the hot path of every turn.
 */
import { type InboxEvent, nextPendingEventSql, toInboxEvent } from './channel-inbox.repo.ts';
import { nextPendingBatchSql, type OutboxBatch, toOutboxBatch } from './channel-outbox.repo.ts';
import type { Queryable } from './db.ts';

export interface NextWork {
  batch: OutboxBatch | null;
  event: InboxEvent | null;
}

export async function findNextWork(db: Queryable, conversationKey: string): Promise<NextWork> {
  const { rows } = await db.query<{ batch: unknown; event: unknown }>(
    `SELECT (SELECT to_jsonb(b) FROM (${nextPendingBatchSql}) b) AS batch,
            (SELECT to_jsonb(e) FROM (${nextPendingEventSql}) e) AS event`,
    [conversationKey],
  );
  const row = rows[0];
  return {
    batch: row?.batch == null ? null : toOutboxBatch(row.batch),
    event: row?.event == null ? null : toInboxEvent(row.event),
  };
}
