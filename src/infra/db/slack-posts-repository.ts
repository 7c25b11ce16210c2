/**
 * Where each staff post lives in Slack (migration 006). The Slack staff desk reserves a row before
 * chat.postMessage and completes it after, so a retried job never posts the same event twice when the
 * record can tell, and thread replies can be traced back to their handoff or booking.
 */
import { z } from 'zod';
import type { Queryable } from './db.ts';

export const slackPostKinds = [
  'handoff',
  'realert',
  'relay',
  'booking',
  'booking_update',
  'booking_cancelled',
] as const;
export type SlackPostKind = (typeof slackPostKinds)[number];

const SlackPostRow = z.object({
  event_id: z.string(),
  kind: z.enum(slackPostKinds),
  subject_id: z.string(),
  channel_id: z.string(),
  thread_ts: z.string().nullable(),
  ts: z.string().nullable(),
  status: z.enum(['pending', 'posted']),
  created_at: z.coerce.date(),
});

export interface SlackPost {
  eventId: string;
  kind: SlackPostKind;
  subjectId: string;
  channelId: string;
  threadTs: string | null;
  ts: string | null;
  status: 'pending' | 'posted';
  createdAt: Date;
}

export interface SlackPostsRepository {
  find(eventId: string): Promise<SlackPost | undefined>;
  /** The parent message of a handoff or booking case, once posted. */
  findParent(kind: 'handoff' | 'booking', subjectId: string): Promise<SlackPost | undefined>;
  /** The case whose parent message is (channel, ts); thread replies carry that ts as `thread_ts`. */
  findByParentMessage(channelId: string, ts: string): Promise<SlackPost | undefined>;
  /**
   * Records the intent to post. Returns the row that already holds the event id or the case's parent
   * slot when there is one (a repeat), otherwise undefined (reserved: go ahead and post).
   */
  reserve(post: {
    eventId: string;
    kind: SlackPostKind;
    subjectId: string;
    channelId: string;
    threadTs: string | null;
  }): Promise<SlackPost | undefined>;
  markPosted(eventId: string, ts: string): Promise<void>;
}

const columns = 'event_id, kind, subject_id, channel_id, thread_ts, ts, status, created_at';

export function createSlackPostsRepository(db: Queryable): SlackPostsRepository {
  const one = async (sql: string, params: unknown[]): Promise<SlackPost | undefined> => {
    const { rows } = await db.query(sql, params);
    return rows[0] === undefined ? undefined : toPost(SlackPostRow.parse(rows[0]));
  };
  return {
    find: (eventId) => one(`SELECT ${columns} FROM slack_posts WHERE event_id = $1`, [eventId]),
    findParent: (kind, subjectId) =>
      one(`SELECT ${columns} FROM slack_posts WHERE kind = $1 AND subject_id = $2`, [kind, subjectId]),
    findByParentMessage: (channelId, ts) =>
      one(
        `SELECT ${columns} FROM slack_posts
          WHERE channel_id = $1 AND ts = $2 AND kind IN ('handoff', 'booking') AND status = 'posted'`,
        [channelId, ts],
      ),
    async reserve(post) {
      const inserted = await db.query(
        `INSERT INTO slack_posts (event_id, kind, subject_id, channel_id, thread_ts)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
        [post.eventId, post.kind, post.subjectId, post.channelId, post.threadTs],
      );
      if (inserted.rowCount === 1) return undefined;
      const byId = await one(`SELECT ${columns} FROM slack_posts WHERE event_id = $1`, [post.eventId]);
      if (byId !== undefined) return byId;
      if (post.kind === 'handoff' || post.kind === 'booking') {
        return one(`SELECT ${columns} FROM slack_posts WHERE kind = $1 AND subject_id = $2`, [
          post.kind,
          post.subjectId,
        ]);
      }
      return undefined;
    },
    async markPosted(eventId, ts) {
      await db.query(
        `UPDATE slack_posts SET ts = $2, status = 'posted', posted_at = now() WHERE event_id = $1`,
        [eventId, ts],
      );
    },
  };
}

function toPost(row: z.infer<typeof SlackPostRow>): SlackPost {
  return {
    eventId: row.event_id,
    kind: row.kind,
    subjectId: row.subject_id,
    channelId: row.channel_id,
    threadTs: row.thread_ts,
    ts: row.ts,
    status: row.status,
    createdAt: row.created_at,
  };
}
