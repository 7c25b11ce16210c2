/**
 * What the staff App Home lists: open handoffs (a staff member's own, and those nobody claimed yet) and
 * booking requests waiting for staff, each with its Slack post so the Home tab can link to the thread.
 * Read-only over the engine's and booking's tables (migrations 003, 005) and slack_posts (006).
 */
import { z } from 'zod';
import type { Queryable } from './db.ts';

const OpenHandoffRow = z.object({
  id: z.string(),
  route: z.enum(['handoff', 'crisis']),
  urgency: z.enum(['normal', 'urgent']),
  summary: z.string(),
  created_at: z.coerce.date(),
  channel_id: z.string().nullable(),
  ts: z.string().nullable(),
});
export type OpenHandoffItem = z.infer<typeof OpenHandoffRow>;

const PendingBookingRow = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.enum(['consultation', 'visit']),
  status: z.enum(['requested', 'alternative_proposed']),
  center_id: z.string(),
  created_at: z.coerce.date(),
  channel_id: z.string().nullable(),
  ts: z.string().nullable(),
});
export type PendingBookingItem = z.infer<typeof PendingBookingRow>;

export interface StaffDeskRepository {
  /** `claimedBy` null: cases nobody claimed yet; otherwise that staff member's open cases. Oldest first. */
  listOpenHandoffs(claimedBy: string | null, limit: number): Promise<OpenHandoffItem[]>;
  listPendingBookings(limit: number): Promise<PendingBookingItem[]>;
}

export function createStaffDeskRepository(db: Queryable): StaffDeskRepository {
  return {
    async listOpenHandoffs(claimedBy, limit) {
      const { rows } = await db.query(
        `SELECT h.id::text AS id, h.route, h.urgency, h.summary, h.created_at, p.channel_id, p.ts
           FROM handoffs h
           LEFT JOIN slack_posts p ON p.kind = 'handoff' AND p.subject_id = h.id::text AND p.status = 'posted'
          WHERE ${claimedBy === null ? "h.status = 'open'" : "h.status = 'claimed' AND h.claimed_by = $2"}
          ORDER BY (h.route = 'crisis') DESC, h.created_at
          LIMIT $1`,
        claimedBy === null ? [limit] : [limit, claimedBy],
      );
      return rows.map((r) => OpenHandoffRow.parse(r));
    },
    async listPendingBookings(limit) {
      const { rows } = await db.query(
        `SELECT b.id::text AS id, b.reference, b.kind, b.status, b.center_id, b.created_at, p.channel_id, p.ts
           FROM bookings b
           LEFT JOIN slack_posts p ON p.kind = 'booking' AND p.subject_id = b.id::text AND p.status = 'posted'
          WHERE b.status IN ('requested', 'alternative_proposed')
          ORDER BY b.created_at
          LIMIT $1`,
        [limit],
      );
      return rows.map((r) => PendingBookingRow.parse(r));
    },
  };
}
