/**
 * ConversationStore over PostgreSQL/PGlite (migration 003). Timestamps come from the engine's clock so
 * ordering and windows are deterministic in tests; rows read back are validated with zod.
 */
import { z } from 'zod';
import type {
  ClaimResult,
  ConversationRecord,
  ConversationStore,
  InboundRecord,
  PendingRelay,
  TurnOutcome,
} from '../../core/conversation/conversation-store.ts';
import { AppError } from '../../core/errors.ts';
import { channels, type OutboundReply } from '../../core/message.ts';
import type { StaffMessageLine } from '../../core/staff-desk.ts';
import type { Db, Queryable } from './db.ts';
import { jsonParam } from './db.ts';

const ConversationRow = z.object({
  id: z.string(),
  channel: z.enum(channels),
  external_id: z.string(),
  is_group: z.boolean(),
  mode: z.enum(['bot', 'handoff']),
  active_handoff_id: z.string().nullable(),
  state: z.unknown(),
  version: z.number().int(),
});

/** Replies stored with a handled inbound message; written by this repository from OutboundReply values. */
const StoredReplies = z.array(z.looseObject({ type: z.enum(['text', 'sources', 'summary']) }));

const LineRow = z.object({
  direction: z.enum(['in', 'out']),
  kind: z.string(),
  text: z.string(),
  created_at: z.date(),
});

export function createConversationStore(db: Db): ConversationStore {
  return {
    claimInbound: (message, options) => db.transaction((tx) => claim(tx, message, options)),

    async releaseClaim(messageId) {
      await db.query('UPDATE messages SET claimed_at = NULL WHERE id = $1 AND handled_at IS NULL', [
        messageId,
      ]);
    },

    commitTurn: (outcome, now) => db.transaction((tx) => commit(tx, outcome, now)),

    async recentQuestions(conversationId, { since, limit }) {
      const { rows } = await db.query<{ text: string }>(
        // Both sides are narrowed to the conversation and the window (a decision is never older than its
        // message), so each is read through its own index whatever the planner's statistics say.
        `SELECT m.text FROM decisions d JOIN messages m ON m.id = d.message_id
         WHERE d.conversation_id = $1 AND d.route = 'answer' AND d.created_at >= $2
           AND m.conversation_id = $1 AND m.direction = 'in' AND m.text IS NOT NULL AND m.created_at >= $2
         ORDER BY m.seq DESC LIMIT $3`,
        [conversationId, since, limit],
      );
      return rows.map((r) => z.string().parse(r.text)).reverse();
    },

    async recentLines(conversationId, limit) {
      const { rows } = await db.query(
        `SELECT direction, kind, text, created_at FROM messages
         WHERE conversation_id = $1 AND text IS NOT NULL ORDER BY seq DESC LIMIT $2`,
        [conversationId, limit],
      );
      return rows.map((r) => toLine(LineRow.parse(r))).reverse();
    },

    async setUserActive(channel, userId, active, now) {
      await db.query(
        `INSERT INTO users (channel, user_id, active, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
         ON CONFLICT (channel, user_id) DO UPDATE SET active = EXCLUDED.active, updated_at = EXCLUDED.updated_at`,
        [channel, userId, active, now],
      );
    },

    async listPendingRelays({ olderThan, limit }) {
      const { rows } = await db.query(
        `SELECT id, relay_handoff_id, text, created_at FROM messages
         WHERE relay_handoff_id IS NOT NULL AND relayed_at IS NULL AND handled_at IS NOT NULL
           AND text IS NOT NULL AND created_at < $1
         ORDER BY seq LIMIT $2`,
        [olderThan, limit],
      );
      return rows.map((r): PendingRelay => {
        const row = z
          .object({ id: z.string(), relay_handoff_id: z.string(), text: z.string(), created_at: z.date() })
          .parse(r);
        return {
          messageId: row.id,
          handoffId: row.relay_handoff_id,
          line: { from: 'user', text: row.text, at: row.created_at },
        };
      });
    },

    async markRelayed(messageId, at) {
      await db.query('UPDATE messages SET relayed_at = $2 WHERE id = $1', [messageId, at]);
    },
  };
}

async function claim(
  tx: Queryable,
  message: InboundRecord,
  options: { now: Date; leaseMs: number },
): Promise<ClaimResult> {
  // One round trip on the hot path: the user and the conversation are created when new, and the
  // conversation row comes back either from the insert or, when it existed, from the table. A row that a
  // concurrent transaction committed after this statement's snapshot is invisible to it, so it is read again.
  const conversationColumns = 'id, channel, external_id, is_group, mode, active_handoff_id, state, version';
  const ensured = await tx.query(
    `WITH new_user AS (
       INSERT INTO users (channel, user_id, created_at, updated_at) VALUES ($1, $2, $4, $4)
       ON CONFLICT (channel, user_id) DO NOTHING
     ), new_conversation AS (
       INSERT INTO conversations (channel, external_id, is_group, created_at, updated_at) VALUES ($1, $3, $5, $4, $4)
       ON CONFLICT (channel, external_id) DO NOTHING
       RETURNING ${conversationColumns}
     )
     SELECT ${conversationColumns} FROM new_conversation
     UNION ALL
     SELECT ${conversationColumns} FROM conversations WHERE channel = $1 AND external_id = $3`,
    [message.channel, message.userId, message.conversationId, options.now, message.isGroup],
  );
  const row =
    ensured.rows[0] ??
    (
      await tx.query(
        `SELECT ${conversationColumns} FROM conversations WHERE channel = $1 AND external_id = $2`,
        [message.channel, message.conversationId],
      )
    ).rows[0];
  const conversation = ConversationRow.parse(row);
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO messages (conversation_id, channel, user_id, direction, kind, text, event_id, claimed_at, created_at)
     VALUES ($1, $2, $3, 'in', $4, $5, $6, $7, $7)
     ON CONFLICT (channel, event_id) DO NOTHING RETURNING id`,
    [
      conversation.id,
      message.channel,
      message.userId,
      message.kind,
      message.text,
      message.eventId,
      options.now,
    ],
  );
  let messageId = inserted.rows[0]?.id;
  if (messageId === undefined) {
    // Seen before: a duplicate unless an earlier attempt died before committing (its lease expired).
    const cutoff = new Date(options.now.getTime() - options.leaseMs);
    const retaken = await tx.query<{ id: string }>(
      `UPDATE messages SET claimed_at = $3
       WHERE channel = $1 AND event_id = $2 AND handled_at IS NULL AND (claimed_at IS NULL OR claimed_at <= $4)
       RETURNING id`,
      [message.channel, message.eventId, options.now, cutoff],
    );
    messageId = retaken.rows[0]?.id;
    if (messageId === undefined) {
      // Handled means a commit happened; a claim without one is an attempt still running, or one that died
      // with its process (SIGKILL) and has not reached its lease: either way not handled, so not a duplicate.
      const seen = await tx.query<{ handled: boolean; replies: unknown }>(
        'SELECT handled_at IS NOT NULL AS handled, replies FROM messages WHERE channel = $1 AND event_id = $2',
        [message.channel, message.eventId],
      );
      const row = seen.rows[0];
      if (row?.handled !== true) return { status: 'in_progress' };
      const replies = StoredReplies.safeParse(row.replies ?? []);
      return { status: 'duplicate', replies: replies.success ? (replies.data as OutboundReply[]) : [] };
    }
  }
  return { status: 'claimed', messageId, conversation: toConversation(conversation) };
}

async function commit(tx: Queryable, outcome: TurnOutcome, now: Date): Promise<void> {
  const updated = await tx.query(
    `UPDATE conversations SET state = $3::jsonb, version = version + 1, updated_at = $4
     WHERE id = $1 AND version = $2`,
    [outcome.conversationId, outcome.expectedVersion, jsonParam(outcome.state), now],
  );
  if (updated.rowCount !== 1) {
    throw new AppError('conflict', 'the conversation changed during this turn', {
      details: { conversationId: outcome.conversationId },
    });
  }
  const { decision } = outcome;
  if (decision !== null) {
    await tx.query(
      `INSERT INTO decisions (message_id, conversation_id, route, urgency, decided_by, topic, grounded, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (message_id) DO NOTHING`,
      [
        outcome.inboundMessageId,
        outcome.conversationId,
        decision.route,
        decision.handoff?.urgency ?? null,
        decision.decidedBy,
        decision.topic ?? null,
        decision.grounded ?? null,
        now,
      ],
    );
  }
  const open = outcome.openHandoff;
  if (open !== undefined) {
    await tx.query(
      `INSERT INTO handoffs (id, conversation_id, channel, user_id, source_message_id, route, urgency, center_id, summary,
                             created_at, updated_at)
       SELECT $1, m.conversation_id, m.channel, m.user_id, m.id, $3, $4, $5, $6, $7, $7 FROM messages m WHERE m.id = $2`,
      [open.id, outcome.inboundMessageId, open.route, open.urgency, open.centerId, open.summary, now],
    );
    if (open.watch !== true)
      await tx.query(`UPDATE conversations SET mode = 'handoff', active_handoff_id = $2 WHERE id = $1`, [
        outcome.conversationId,
        open.id,
      ]);
  }
  const raise = outcome.escalateHandoff;
  if (raise !== undefined) {
    await tx.query(
      `UPDATE handoffs SET route = $4, urgency = $5, summary = $3, announced_at = NULL, updated_at = $2
       WHERE id = $1`,
      [raise.id, now, raise.summary, raise.route ?? 'crisis', raise.urgency ?? 'urgent'],
    );
    if (raise.takeOver === true)
      await tx.query(`UPDATE conversations SET mode = 'handoff', active_handoff_id = $2 WHERE id = $1`, [
        outcome.conversationId,
        raise.id,
      ]);
  }
  // The replies are kept with the inbound message (migration 007c) so a repeat of the event can return
  // them: the channel may have lost them in a crash after this commit. Retention clears them with the text.
  // Each reply is also a row of its own for the staff transcript, inserted in reply order by the same
  // statement (one round trip whatever the number of replies).
  await tx.query(
    `WITH transcript AS (
       INSERT INTO messages (conversation_id, channel, direction, kind, text, created_at)
       SELECT c.id, c.channel, 'out', r.kind, r.text, $2
         FROM conversations c, unnest($5::text[], $6::text[]) WITH ORDINALITY AS r(kind, text, n)
        WHERE c.id = $7
        ORDER BY r.n
     )
     UPDATE messages SET handled_at = $2, relay_handoff_id = $3, replies = $4::jsonb WHERE id = $1`,
    [
      outcome.inboundMessageId,
      now,
      outcome.relayToHandoffId ?? null,
      jsonParam(outcome.replies),
      outcome.replies.map((reply) => reply.type),
      outcome.replies.map(replyText),
      outcome.conversationId,
    ],
  );
}

function toConversation(row: z.infer<typeof ConversationRow>): ConversationRecord {
  return {
    id: row.id,
    channel: row.channel,
    externalId: row.external_id,
    isGroup: row.is_group,
    mode: row.mode,
    activeHandoffId: row.active_handoff_id,
    state: row.state,
    version: row.version,
  };
}

function toLine(row: z.infer<typeof LineRow>): StaffMessageLine {
  const from = row.direction === 'in' ? 'user' : row.kind === 'staff' ? 'staff' : 'bot';
  return { from, text: row.text, at: row.created_at };
}

/** What staff see of a bot reply; citations are data and are not stored as text. */
function replyText(reply: OutboundReply): string | null {
  if (reply.type === 'text') return reply.text;
  if (reply.type === 'summary')
    return [reply.title, ...reply.rows.map((r) => `${r.label}: ${r.value}`)].join('\n');
  return null;
}
