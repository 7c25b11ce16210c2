/**
 * Slack posts as an outbox (migrations 006, 006b). The Slack StaffDesk stores each event here (its
 * content in `body`) and enqueues a job with the event id; the job posts it once and records where it
 * went, clearing `body`. A post attempt is marked before chat.postMessage, so a job that died between the
 * post and the record knows to look for the message in Slack before posting again.
 */
import { z } from 'zod';
import type { Queryable } from './db.ts';
import { jsonParam } from './db.ts';

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
  channel_id: z.string().nullable(),
  thread_ts: z.string().nullable(),
  ts: z.string().nullable(),
  status: z.enum(['pending', 'posted']),
  body: z.unknown(),
  attempted_at: z.coerce.date().nullable(),
  created_at: z.coerce.date(),
});

export interface SlackPost {
  eventId: string;
  kind: SlackPostKind;
  subjectId: string;
  channelId: string | null;
  threadTs: string | null;
  ts: string | null;
  status: 'pending' | 'posted';
  /** The StaffDesk event while pending (validated by the job); null once posted. */
  body: unknown;
  /** Set when a post was attempted and its outcome not yet recorded. */
  attemptedAt: Date | null;
  createdAt: Date;
}

export interface SlackPostsRepository {
  find(eventId: string): Promise<SlackPost | undefined>;
  /** The parent post of a handoff or booking case. */
  findParent(kind: 'handoff' | 'booking', subjectId: string): Promise<SlackPost | undefined>;
  /** The case whose posted parent message is (channel, ts); thread replies carry that ts as `thread_ts`. */
  findByParentMessage(channelId: string, ts: string): Promise<SlackPost | undefined>;
  /**
   * Stores an event to post. A repeat of the event id changes nothing. A case already having a parent
   * (announced again, e.g. escalated) makes the event a thread post of `fallbackKind`. Returns the kind
   * stored under the event id.
   */
  store(post: {
    eventId: string;
    kind: SlackPostKind;
    fallbackKind?: SlackPostKind;
    subjectId: string;
    body: unknown;
  }): Promise<SlackPostKind>;
  markAttempted(eventId: string, channelId: string, threadTs: string | null): Promise<void>;
  /** Records the posted message and clears the body (no text is kept once Slack has it). */
  markPosted(eventId: string, ts: string): Promise<void>;
}

const columns =
  'event_id, kind, subject_id, channel_id, thread_ts, ts, status, body, attempted_at, created_at';

export function createSlackPostsRepository(db: Queryable): SlackPostsRepository {
  const one = async (sql: string, params: unknown[]): Promise<SlackPost | undefined> => {
    const { rows } = await db.query(sql, params);
    return rows[0] === undefined ? undefined : toPost(SlackPostRow.parse(rows[0]));
  };
  const insert = (eventId: string, kind: SlackPostKind, subjectId: string, body: unknown) =>
    db.query(
      `INSERT INTO slack_posts (event_id, kind, subject_id, body) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT DO NOTHING`,
      [eventId, kind, subjectId, jsonParam(body)],
    );
  const find = (eventId: string) => one(`SELECT ${columns} FROM slack_posts WHERE event_id = $1`, [eventId]);
  return {
    find,
    findParent: (kind, subjectId) =>
      one(`SELECT ${columns} FROM slack_posts WHERE kind = $1 AND subject_id = $2`, [kind, subjectId]),
    findByParentMessage: (channelId, ts) =>
      one(
        `SELECT ${columns} FROM slack_posts
          WHERE channel_id = $1 AND ts = $2 AND kind IN ('handoff', 'booking') AND status = 'posted'`,
        [channelId, ts],
      ),
    async store(post) {
      if ((await insert(post.eventId, post.kind, post.subjectId, post.body)).rowCount === 1) return post.kind;
      const existing = await find(post.eventId);
      if (existing !== undefined) return existing.kind;
      // The case's parent slot is taken by another event: this one goes into the thread.
      if (post.fallbackKind === undefined) throw new Error(`slack_posts: no slot for ${post.kind}`);
      await insert(post.eventId, post.fallbackKind, post.subjectId, post.body);
      return (await find(post.eventId))?.kind ?? post.fallbackKind;
    },
    async markAttempted(eventId, channelId, threadTs) {
      await db.query(
        'UPDATE slack_posts SET attempted_at = now(), channel_id = $2, thread_ts = $3 WHERE event_id = $1',
        [eventId, channelId, threadTs],
      );
    },
    async markPosted(eventId, ts) {
      await db.query(
        `UPDATE slack_posts SET ts = $2, status = 'posted', posted_at = now(), body = NULL WHERE event_id = $1`,
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
    body: row.body ?? null,
    attemptedAt: row.attempted_at,
    createdAt: row.created_at,
  };
}
