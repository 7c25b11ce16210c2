/**
 * channel_outbox: every outgoing message batch (one platform call), written before the platform is
 * called. Its state machine makes delivery exactly-once across retries, crashes and concurrent workers:
 * a reply attempt is claimed before the call (reply_state 'in_flight'), a push carries the batch's fixed
 * retry key, and a batch is marked sent only once.
 */
import { z } from 'zod';
import type { Queryable } from './db.ts';
import { jsonParam } from './db.ts';

export interface NewOutboxBatch {
  channel: string;
  sourceKey: string;
  batchIndex: number;
  conversationKey: string;
  recipient: string;
  messages: unknown[];
  retryKey: string;
  replyToken?: string | undefined;
  tokenReceivedAt?: Date | undefined;
  critical?: boolean | undefined;
}

const OutboxRow = z.object({
  id: z.string(),
  source_key: z.string(),
  batch_index: z.number().int(),
  conversation_key: z.string(),
  recipient: z.string(),
  messages: z.array(z.unknown()),
  retry_key: z.string(),
  reply_token: z.string().nullable(),
  token_received_at: z.coerce.date().nullable(),
  reply_state: z.enum(['none', 'in_flight', 'rejected']),
  critical: z.boolean(),
  attempts: z.number().int(),
  not_before: z.coerce.date().nullable(),
});

export interface OutboxBatch {
  id: string;
  sourceKey: string;
  batchIndex: number;
  conversationKey: string;
  recipient: string;
  messages: unknown[];
  retryKey: string;
  replyToken: string | null;
  tokenReceivedAt: Date | null;
  replyState: 'none' | 'in_flight' | 'rejected';
  critical: boolean;
  attempts: number;
  notBefore: Date | null;
}

/** Inserts batches; a batch already stored under the same (channel, source_key, batch_index) is kept. */
export async function insertOutboxBatches(
  tx: Queryable,
  batches: readonly NewOutboxBatch[],
): Promise<number> {
  let inserted = 0;
  for (const batch of batches) {
    const result = await tx.query(
      `INSERT INTO channel_outbox
         (channel, source_key, batch_index, conversation_key, recipient, messages, retry_key, reply_token,
          token_received_at, critical)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::uuid, $8, $9, $10)
       ON CONFLICT (channel, source_key, batch_index) DO NOTHING`,
      [
        batch.channel,
        batch.sourceKey,
        batch.batchIndex,
        batch.conversationKey,
        batch.recipient,
        jsonParam(batch.messages),
        batch.retryKey,
        batch.replyToken ?? null,
        batch.tokenReceivedAt ?? null,
        batch.critical ?? false,
      ],
    );
    inserted += result.rowCount;
  }
  return inserted;
}

/** The oldest pending batch of a conversation (`$1`): delivered before anything newer. */
export const nextPendingBatchSql = `SELECT id::text AS id, source_key, batch_index, conversation_key, recipient, messages,
            retry_key::text, reply_token, token_received_at, reply_state, critical, attempts, not_before
       FROM channel_outbox
      WHERE conversation_key = $1 AND state = 'pending'
      ORDER BY id
      LIMIT 1`;

/** A row of `nextPendingBatchSql`, as the driver returns it or through to_jsonb. */
export function toOutboxBatch(row: unknown): OutboxBatch {
  const p = OutboxRow.parse(row);
  return {
    id: p.id,
    sourceKey: p.source_key,
    batchIndex: p.batch_index,
    conversationKey: p.conversation_key,
    recipient: p.recipient,
    messages: p.messages,
    retryKey: p.retry_key,
    replyToken: p.reply_token,
    tokenReceivedAt: p.token_received_at,
    replyState: p.reply_state,
    critical: p.critical,
    attempts: p.attempts,
    notBefore: p.not_before,
  };
}

/**
 * Claims the right to call the reply API for a batch. 'first': nobody tried yet. 'probe': an earlier
 * attempt's outcome is unknown (its worker crashed or timed out before `staleBefore`). 'busy': another
 * worker is calling right now. 'gone': the batch is no longer pending or its token was rejected.
 */
export async function claimReplyAttempt(
  db: Queryable,
  id: string,
  staleBefore: Date,
): Promise<'first' | 'probe' | 'busy' | 'gone'> {
  const result = await db.query<{ previous: string }>(
    `UPDATE channel_outbox o
        SET reply_state = 'in_flight', reply_claimed_at = now()
       FROM (SELECT id, reply_state AS previous FROM channel_outbox WHERE id = $1::bigint FOR UPDATE) p
      WHERE o.id = p.id AND o.state = 'pending'
        AND (o.reply_state = 'none' OR (o.reply_state = 'in_flight' AND o.reply_claimed_at < $2))
      RETURNING p.previous`,
    [id, staleBefore],
  );
  const previous = result.rows[0]?.previous;
  if (previous === 'none') return 'first';
  if (previous === 'in_flight') return 'probe';
  const current = await db.query<{ state: string; reply_state: string }>(
    'SELECT state, reply_state FROM channel_outbox WHERE id = $1::bigint',
    [id],
  );
  const row = current.rows[0];
  return row !== undefined && row.state === 'pending' && row.reply_state === 'in_flight' ? 'busy' : 'gone';
}

/**
 * Gives up the reply token so the batch goes by push, unless another worker is calling reply right now
 * (a fresh 'in_flight' claim). Returns the state given up ('none', 'rejected', or a stale 'in_flight'
 * whose outcome is unknown), or null when the batch is busy or no longer pending. Atomic, so a push can
 * never race a reply for the same batch.
 */
export async function abandonReply(
  db: Queryable,
  id: string,
  staleBefore: Date,
): Promise<'none' | 'in_flight' | 'rejected' | null> {
  const result = await db.query<{ previous: 'none' | 'in_flight' | 'rejected' }>(
    `UPDATE channel_outbox o
        SET reply_state = 'rejected', reply_claimed_at = NULL
       FROM (SELECT id, reply_state AS previous FROM channel_outbox WHERE id = $1::bigint FOR UPDATE) p
      WHERE o.id = p.id AND o.state = 'pending'
        AND (o.reply_state IN ('none', 'rejected') OR o.reply_claimed_at < $2)
      RETURNING p.previous`,
    [id, staleBefore],
  );
  return result.rows[0]?.previous ?? null;
}

/**
 * Counts a reply whose outcome is unknown (a stale 'in_flight' claim) as delivered: atomically, so no
 * other worker can push the batch meanwhile. False when the claim is fresh or the batch was settled.
 */
export async function settleUnknownReply(db: Queryable, id: string, staleBefore: Date): Promise<boolean> {
  const result = await db.query(
    `UPDATE channel_outbox
        SET state = 'sent', sent_via = 'reply', sent_at = now(), messages = NULL, last_error = 'reply_outcome_unknown'
      WHERE id = $1::bigint AND state = 'pending' AND reply_state = 'in_flight' AND reply_claimed_at < $2`,
    [id, staleBefore],
  );
  return result.rowCount === 1;
}

/**
 * At start on a database with a single owner (PGlite): every 'in_flight' claim belongs to a process that
 * died, so it may be probed at once instead of after the usual staleness delay.
 */
export async function releaseAllReplyClaims(db: Queryable, channel: string): Promise<number> {
  const result = await db.query(
    `UPDATE channel_outbox SET reply_claimed_at = 'epoch'
      WHERE channel = $1 AND state = 'pending' AND reply_state = 'in_flight'`,
    [channel],
  );
  return result.rowCount;
}

/**
 * After a reply call that timed out: the outcome stays unknown ('in_flight'), but no call is running any
 * more, so the next attempt may probe at once. Reply tokens are single use, so a probe racing a late
 * first call still delivers at most once.
 */
export async function releaseReplyClaim(db: Queryable, id: string): Promise<void> {
  await db.query(
    `UPDATE channel_outbox SET reply_claimed_at = 'epoch'
      WHERE id = $1::bigint AND state = 'pending' AND reply_state = 'in_flight'`,
    [id],
  );
}

/**
 * After a definite answer to our reply call: 'none' (try again later) or 'rejected' (use push). Only
 * while the batch is still pending with our 'in_flight' claim; false when something else settled it.
 */
export async function setReplyState(
  db: Queryable,
  id: string,
  replyState: 'none' | 'rejected',
): Promise<boolean> {
  const result = await db.query(
    `UPDATE channel_outbox SET reply_state = $2, reply_claimed_at = NULL
      WHERE id = $1::bigint AND state = 'pending' AND reply_state = 'in_flight'`,
    [id, replyState],
  );
  return result.rowCount === 1;
}

/** Marks a batch delivered and drops its content. False when it was already settled. */
export async function markBatchSent(
  db: Queryable,
  id: string,
  via: 'reply' | 'push',
  platformRequestId: string | null,
): Promise<boolean> {
  const result = await db.query(
    `UPDATE channel_outbox
        SET state = 'sent', sent_via = $2, platform_request_id = $3, sent_at = now(), messages = NULL
      WHERE id = $1::bigint AND state = 'pending'`,
    [id, via, platformRequestId],
  );
  return result.rowCount === 1;
}

/** Gives a batch up ('failed') or leaves it unsent on purpose ('skipped'); content is dropped either way. */
export async function settleBatchUnsent(
  db: Queryable,
  id: string,
  state: 'failed' | 'skipped',
  errorCode: string,
): Promise<void> {
  await db.query(
    `UPDATE channel_outbox SET state = $2, last_error = $3, messages = NULL
      WHERE id = $1::bigint AND state = 'pending'`,
    [id, state, errorCode],
  );
}

export async function postponeBatch(
  db: Queryable,
  id: string,
  notBefore: Date,
  errorCode: string,
): Promise<void> {
  await db.query(
    `UPDATE channel_outbox SET attempts = attempts + 1, not_before = $2, last_error = $3
      WHERE id = $1::bigint AND state = 'pending'`,
    [id, notBefore, errorCode],
  );
}
