/**
 * The web user's timeline (migration 007b): what a console user sent and everything sent back to them.
 * Every write carries an idempotency key, so a retried push or a re-sent message is stored once.
 */
import { z } from 'zod';
import type { OutboundReply } from '../../core/message.ts';
import type { Queryable } from './db.ts';
import { jsonParam } from './db.ts';

const QuickReplySchema = z.object({
  label: z.string(),
  postback: z.string().optional(),
  text: z.string().optional(),
  picker: z
    .object({
      mode: z.enum(['date', 'time', 'datetime']),
      min: z.string().optional(),
      max: z.string().optional(),
    })
    .optional(),
});

/** OutboundReply as stored: replies are written by our own code, but rows are still checked on the way out. */
export const OutboundReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string(), quickReplies: z.array(QuickReplySchema).optional() }),
  z.object({
    type: z.literal('sources'),
    citations: z.array(
      z.object({
        documentId: z.string(),
        title: z.string(),
        section: z.string(),
        url: z.string().optional(),
        quote: z.string().optional(),
      }),
    ),
  }),
  z.object({
    type: z.literal('summary'),
    title: z.string(),
    rows: z.array(z.object({ label: z.string(), value: z.string() })),
    actions: z.array(QuickReplySchema).optional(),
  }),
]) satisfies z.ZodType<OutboundReply>;

const TimelineRow = z.discriminatedUnion('kind', [
  z.object({
    id: z.coerce.number(),
    kind: z.literal('user'),
    body: z.object({ text: z.string() }),
    created_at: z.coerce.date(),
  }),
  z.object({
    id: z.coerce.number(),
    kind: z.enum(['reply', 'push']),
    body: z.array(OutboundReplySchema),
    created_at: z.coerce.date(),
  }),
]);

export type TimelineEntry =
  | { id: number; kind: 'user'; text: string; at: Date }
  | { id: number; kind: 'reply' | 'push'; replies: OutboundReply[]; at: Date };

export interface WebTimelineRepository {
  /** Stores what the user sent; returns false when the key was already stored (a re-sent message). */
  appendUserMessage(userId: string, text: string, key: string): Promise<boolean>;
  /** Stores replies or a push; returns false when the key was already stored. */
  appendReplies(
    userId: string,
    kind: 'reply' | 'push',
    replies: OutboundReply[],
    key: string,
  ): Promise<boolean>;
  /** The user's latest entries, oldest first. */
  listRecent(userId: string, limit: number): Promise<TimelineEntry[]>;
  /** Deletes entries older than `before` (retention); returns how many. */
  purgeBefore(before: Date): Promise<number>;
}

export function createWebTimelineRepository(db: Queryable): WebTimelineRepository {
  const insert = async (userId: string, kind: string, body: unknown, key: string): Promise<boolean> => {
    const { rowCount } = await db.query(
      `INSERT INTO web_timeline (user_id, kind, body, idempotency_key) VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (idempotency_key) DO NOTHING`,
      [userId, kind, jsonParam(body), key],
    );
    return rowCount === 1;
  };
  return {
    appendUserMessage: (userId, text, key) => insert(userId, 'user', { text }, key),
    appendReplies: (userId, kind, replies, key) => insert(userId, kind, replies, key),
    async listRecent(userId, limit) {
      const { rows } = await db.query(
        `SELECT id, kind, body, created_at FROM (
           SELECT id, kind, body, created_at FROM web_timeline WHERE user_id = $1 ORDER BY id DESC LIMIT $2
         ) latest ORDER BY id`,
        [userId, limit],
      );
      return rows.map((raw) => {
        const row = TimelineRow.parse(raw);
        return row.kind === 'user'
          ? { id: row.id, kind: row.kind, text: row.body.text, at: row.created_at }
          : { id: row.id, kind: row.kind, replies: row.body, at: row.created_at };
      });
    },
    async purgeBefore(before) {
      const { rowCount } = await db.query('DELETE FROM web_timeline WHERE created_at < $1', [before]);
      return rowCount;
    },
  };
}
