/**
 * Deletes everything the product holds about one person (`npm run forget -- <LINE user id>`): messages,
 * decisions, conversations, handoffs, bookings, the raw webhook events and reply batches, follow status,
 * console timeline, and the queue's finished jobs for their chat. One transaction: either all of it goes or
 * nothing does. Running it again finds nothing and reports zeros.
 *
 * Slack keeps its own copy of staff posts; the report lists those messages (channel, ts) so an
 * administrator can delete them there. Program figures already reported are not changed.
 */
import { floodBucketKey, floodLanes } from '../../core/conversation/throttle.ts';
import type { Db, Queryable } from '../db/db.ts';

export interface ForgetTarget {
  channel: 'line' | 'slack' | 'web';
  userId: string;
}

export interface ForgetReport {
  /** Rows deleted per table (decisions, answer_ratings and booking_events are counted before their cascade). */
  deleted: Record<string, number>;
  /** Staff posts in Slack about this person's handoffs and bookings, to delete there by hand. */
  slackMessages: { channelId: string; ts: string }[];
}

/** With `dryRun` everything is done and then rolled back: the report says what would be deleted. */
export async function forgetUser(
  db: Db,
  target: ForgetTarget,
  options: { dryRun?: boolean } = {},
): Promise<ForgetReport> {
  try {
    return await db.transaction(async (tx) => {
      const report = await forgetIn(tx, target);
      if (options.dryRun === true) throw new RollBack(report);
      return report;
    });
  } catch (error) {
    if (error instanceof RollBack) return error.report;
    throw error;
  }
}

class RollBack extends Error {
  readonly report: ForgetReport;
  constructor(report: ForgetReport) {
    super('dry run');
    this.report = report;
  }
}

async function forgetIn(tx: Queryable, { channel, userId }: ForgetTarget): Promise<ForgetReport> {
  const deleted: Record<string, number> = {};
  const p = [channel, userId];
  // The person's 1:1 conversations; in group chats only their own messages are theirs to delete.
  const conversationIds = await ids(
    tx,
    'SELECT id::text AS id FROM conversations WHERE channel = $1 AND external_id = $2 AND NOT is_group',
    p,
  );
  const messageScope = `(channel = $1 AND user_id = $2) OR conversation_id::text = ANY($3::text[])`;
  const handoffIds = await ids(
    tx,
    'SELECT id::text AS id FROM handoffs WHERE (channel = $1 AND user_id = $2) OR conversation_id::text = ANY($3::text[])',
    [...p, conversationIds],
  );
  const bookingIds = await ids(
    tx,
    'SELECT id::text AS id FROM bookings WHERE channel = $1 AND user_id = $2',
    p,
  );
  const subjects = [...handoffIds, ...bookingIds];

  const slack = await tx.query<{ channel_id: string; ts: string | null }>(
    'DELETE FROM slack_posts WHERE subject_id = ANY($1::text[]) RETURNING channel_id, ts',
    [subjects],
  );
  deleted.slack_posts = slack.rowCount;
  deleted.web_staff_events = await count(
    tx,
    'DELETE FROM web_staff_events WHERE subject_id = ANY($1::text[])',
    [handoffIds],
  );
  deleted.booking_events = await count(
    tx,
    'SELECT 1 FROM booking_events WHERE booking_id::text = ANY($1::text[])',
    [bookingIds],
  );
  deleted.bookings = await count(tx, 'DELETE FROM bookings WHERE id::text = ANY($1::text[])', [bookingIds]);
  deleted.handoffs = await count(tx, 'DELETE FROM handoffs WHERE id::text = ANY($1::text[])', [handoffIds]);
  const messageIds = await ids(tx, `SELECT id::text AS id FROM messages WHERE ${messageScope}`, [
    ...p,
    conversationIds,
  ]);
  deleted.decisions = await count(tx, 'SELECT 1 FROM decisions WHERE message_id::text = ANY($1::text[])', [
    messageIds,
  ]);
  // Ratings go with their decisions (cascade); a comment is one of the messages deleted here.
  deleted.answer_ratings = await count(
    tx,
    'SELECT 1 FROM answer_ratings r JOIN decisions d ON d.id = r.decision_id WHERE d.message_id::text = ANY($1::text[])',
    [messageIds],
  );
  deleted.messages = await count(tx, 'DELETE FROM messages WHERE id::text = ANY($1::text[])', [messageIds]);
  deleted.conversations = await count(tx, 'DELETE FROM conversations WHERE id::text = ANY($1::text[])', [
    conversationIds,
  ]);

  // Channel plumbing. A chat's key is '<channel>:<conversation id>' (the user id in a 1:1 chat); group
  // events are matched by their sender inside the raw payload, which is only present until processed.
  const chatKey = `${channel}:${userId}`;
  deleted.channel_inbox = await count(
    tx,
    `DELETE FROM channel_inbox
      WHERE channel = $1 AND (conversation_key = $3 OR payload->'source'->>'userId' = $2)`,
    [...p, chatKey],
  );
  deleted.channel_outbox = await count(
    tx,
    'DELETE FROM channel_outbox WHERE channel = $1 AND (recipient = $2 OR conversation_key = $3)',
    [...p, chatKey],
  );
  deleted.channel_users = await count(tx, 'DELETE FROM channel_users WHERE channel = $1 AND user_id = $2', p);
  deleted.users = await count(tx, 'DELETE FROM users WHERE channel = $1 AND user_id = $2', p);
  // Flood control keeps one bucket per lane (src/core/conversation/throttle.ts).
  deleted.rate_limit_buckets = await count(tx, 'DELETE FROM rate_limit_buckets WHERE key = ANY($1::text[])', [
    floodLanes.map((lane) => floodBucketKey(chatKey, lane)),
  ]);
  deleted.web_timeline =
    channel === 'web' ? await count(tx, 'DELETE FROM web_timeline WHERE user_id = $1', [userId]) : 0;
  deleted.queue_jobs = await deleteFinishedJobs(tx, chatKey);

  return {
    deleted,
    slackMessages: slack.rows
      .filter((r): r is { channel_id: string; ts: string } => r.ts !== null)
      .map((r) => ({ channelId: r.channel_id, ts: r.ts })),
  };
}

/**
 * pg-boss keeps finished jobs for a while; a LINE job's data is only the chat key, but that key is the
 * user id. Jobs still waiting or running are left alone: the worker finds nothing to do for the chat.
 * The schema exists only once the queue has started, hence the check.
 */
async function deleteFinishedJobs(tx: Queryable, chatKey: string): Promise<number> {
  const { rows } = await tx.query<{ t: string | null }>("SELECT to_regclass('pgboss.job')::text AS t");
  if (rows[0]?.t == null) return 0;
  return count(
    tx,
    `DELETE FROM pgboss.job WHERE data->>'conversationKey' = $1 AND state IN ('completed', 'cancelled', 'failed')`,
    [chatKey],
  );
}

async function ids(tx: Queryable, sql: string, params: unknown[]): Promise<string[]> {
  const { rows } = await tx.query<{ id: string }>(sql, params);
  return rows.map((r) => r.id);
}

/** rowCount for DELETE; the number of rows for SELECT (cascaded tables are counted before the delete). */
async function count(tx: Queryable, sql: string, params: unknown[]): Promise<number> {
  const result = await tx.query(sql, params);
  return sql.trimStart().startsWith('SELECT') ? result.rows.length : result.rowCount;
}
