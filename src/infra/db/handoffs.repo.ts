/**
 * HandoffRepository over PostgreSQL/PGlite (migration 003). Ending a handoff (resolve, return to bot)
 * also puts its conversation back in bot mode, in the same transaction.
 */
import { z } from 'zod';
import {
  type HandoffRecord,
  type HandoffRepository,
  handoffStatuses,
} from '../../core/handoff/handoff-repository.ts';
import { channels } from '../../core/message.ts';
import type { Db, Queryable } from './db.ts';

const columns = `id, conversation_id, channel, user_id, route, urgency, status, center_id, summary, claimed_by,
  created_at, claimed_at, closed_at, announced_at, rating`;

const HandoffRow = z.object({
  id: z.string(),
  conversation_id: z.string(),
  channel: z.enum(channels),
  user_id: z.string(),
  route: z.enum(['handoff', 'crisis']),
  urgency: z.enum(['normal', 'urgent']),
  status: z.enum(handoffStatuses),
  center_id: z.string().nullable(),
  summary: z.string(),
  claimed_by: z.string().nullable(),
  created_at: z.date(),
  claimed_at: z.date().nullable(),
  closed_at: z.date().nullable(),
  announced_at: z.date().nullable(),
  rating: z.number().int().nullable(),
});

function toRecord(raw: unknown): HandoffRecord {
  const r = HandoffRow.parse(raw);
  return {
    id: r.id,
    conversationId: r.conversation_id,
    channel: r.channel,
    userId: r.user_id,
    route: r.route,
    urgency: r.urgency,
    status: r.status,
    centerId: r.center_id,
    summary: r.summary,
    claimedBy: r.claimed_by,
    createdAt: r.created_at,
    claimedAt: r.claimed_at,
    closedAt: r.closed_at,
    announcedAt: r.announced_at,
    rating: r.rating,
  };
}

export function createHandoffRepository(db: Db): HandoffRepository {
  const one = async (q: Queryable, sql: string, params: unknown[]) => {
    const { rows } = await q.query(sql, params);
    return rows[0] === undefined ? null : toRecord(rows[0]);
  };
  const close = (id: string, at: Date, status: 'resolved' | 'returned') =>
    db.transaction(async (tx) => {
      const record = await one(
        tx,
        `UPDATE handoffs SET status = $3, closed_at = $2, updated_at = $2
         WHERE id = $1 AND status IN ('open', 'claimed') RETURNING ${columns}`,
        [id, at, status],
      );
      if (record !== null) {
        await tx.query(
          `UPDATE conversations SET mode = 'bot', active_handoff_id = NULL, version = version + 1, updated_at = $2
           WHERE id = $1 AND active_handoff_id = $3`,
          [record.conversationId, at, id],
        );
      }
      return record;
    });

  return {
    get: (id) => one(db, `SELECT ${columns} FROM handoffs WHERE id = $1`, [id]),
    findActive: (conversationId) =>
      one(
        db,
        `SELECT ${columns} FROM handoffs WHERE conversation_id = $1 AND status IN ('open', 'claimed')
         ORDER BY created_at DESC LIMIT 1`,
        [conversationId],
      ),
    async listUnannounced({ olderThan, limit }) {
      const { rows } = await db.query(
        `SELECT ${columns} FROM handoffs WHERE announced_at IS NULL AND updated_at < $1
         ORDER BY urgency DESC, created_at LIMIT $2`,
        [olderThan, limit],
      );
      return rows.map(toRecord);
    },
    async markAnnounced(id, at) {
      await db.query('UPDATE handoffs SET announced_at = $2 WHERE id = $1', [id, at]);
    },
    claim: (id, staffId, at) =>
      one(
        db,
        `UPDATE handoffs SET status = 'claimed', claimed_by = $2, claimed_at = $3, updated_at = $3
         WHERE id = $1 AND status = 'open' RETURNING ${columns}`,
        [id, staffId, at],
      ),
    reassign: (id, fromStaffId, toStaffId, at) =>
      one(
        db,
        `UPDATE handoffs SET claimed_by = $3, claimed_at = $4, updated_at = $4
         WHERE id = $1 AND status = 'claimed' AND claimed_by = $2 RETURNING ${columns}`,
        [id, fromStaffId, toStaffId, at],
      ),
    resolve: (id, at) => close(id, at, 'resolved'),
    returnToBot: (id, at) => close(id, at, 'returned'),
    async rate(id, rating) {
      if (!Number.isInteger(rating) || rating < 1 || rating > 5) return false;
      const { rowCount } = await db.query(
        `UPDATE handoffs SET rating = $2 WHERE id = $1 AND status = 'resolved'`,
        [id, rating],
      );
      return rowCount === 1;
    },
  };
}
