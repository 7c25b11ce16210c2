/**
 * The console's record of what staff were told (migration 007b): handoff announcements, the user's lines
 * relayed during a handoff, and the replies staff sent from the console. Written once per event id.
 */
import { z } from 'zod';
import type { StaffMessageLine } from '../../core/staff-desk.ts';
import type { Queryable } from './db.ts';
import { jsonParam } from './db.ts';

const LineBody = z.object({ text: z.string(), at: z.coerce.date() });
const AnnouncementBody = z.object({
  summary: z.string(),
  workplace: z.record(z.string(), z.string()),
  recentMessages: z.array(
    z.object({ from: z.enum(['user', 'bot', 'staff']), text: z.string(), at: z.coerce.date() }),
  ),
});

const EventRow = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('handoff'), body: AnnouncementBody, created_at: z.coerce.date() }),
  z.object({ kind: z.enum(['user_line', 'staff_line']), body: LineBody, created_at: z.coerce.date() }),
]);

export interface HandoffNotes {
  /** From the latest announcement. */
  workplace: Record<string, string>;
  /** Announced recent messages and later relayed lines, oldest first, without repeats. */
  lines: StaffMessageLine[];
}

export interface WebStaffEventsRepository {
  recordAnnouncement(
    eventId: string,
    handoffId: string,
    body: { summary: string; workplace: Record<string, string>; recentMessages: StaffMessageLine[] },
  ): Promise<void>;
  recordLine(
    eventId: string,
    handoffId: string,
    from: 'user' | 'staff',
    text: string,
    at: Date,
  ): Promise<void>;
  /** Handoff ids announced most recently first. */
  listAnnouncedHandoffs(limit: number): Promise<string[]>;
  notesFor(handoffId: string): Promise<HandoffNotes>;
  purgeBefore(before: Date): Promise<number>;
}

export function createWebStaffEventsRepository(db: Queryable): WebStaffEventsRepository {
  const insert = async (eventId: string, kind: string, subjectId: string, body: unknown) => {
    await db.query(
      `INSERT INTO web_staff_events (event_id, kind, subject_id, body) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (event_id) DO NOTHING`,
      [eventId, kind, subjectId, jsonParam(body)],
    );
  };
  return {
    recordAnnouncement: (eventId, handoffId, body) => insert(eventId, 'handoff', handoffId, body),
    recordLine: (eventId, handoffId, from, text, at) =>
      insert(eventId, from === 'user' ? 'user_line' : 'staff_line', handoffId, {
        text,
        at: at.toISOString(),
      }),
    async listAnnouncedHandoffs(limit) {
      const { rows } = await db.query<{ subject_id: string }>(
        `SELECT subject_id FROM web_staff_events WHERE kind = 'handoff'
         GROUP BY subject_id ORDER BY max(seq) DESC LIMIT $1`,
        [limit],
      );
      return rows.map((row) => z.string().parse(row.subject_id));
    },
    async notesFor(handoffId) {
      const { rows } = await db.query(
        'SELECT kind, body, created_at FROM web_staff_events WHERE subject_id = $1 ORDER BY seq',
        [handoffId],
      );
      let workplace: Record<string, string> = {};
      const lines: StaffMessageLine[] = [];
      const seen = new Set<string>();
      const add = (line: StaffMessageLine) => {
        // An escalation re-announces the case with recent messages that were already relayed.
        const key = `${line.from}|${line.at.toISOString()}|${line.text}`;
        if (seen.has(key)) return;
        seen.add(key);
        lines.push(line);
      };
      for (const raw of rows) {
        const row = EventRow.parse(raw);
        if (row.kind === 'handoff') {
          if (Object.keys(row.body.workplace).length > 0) workplace = row.body.workplace;
          for (const line of row.body.recentMessages) add(line);
        } else {
          add({ from: row.kind === 'user_line' ? 'user' : 'staff', text: row.body.text, at: row.body.at });
        }
      }
      lines.sort((a, b) => a.at.getTime() - b.at.getTime());
      return { workplace, lines };
    },
    async purgeBefore(before) {
      const { rowCount } = await db.query('DELETE FROM web_staff_events WHERE created_at < $1', [before]);
      return rowCount;
    },
  };
}
