/**
 * Slack event ids already handled (migration 006). Slack retries an event it thinks failed and Socket Mode
 * may deliver an envelope twice; Bolt passes every copy on, so the Slack channel drops repeats here.
 */
import type { Queryable } from './db.ts';

export interface SlackEventsRepository {
  hasSeen(eventId: string): Promise<boolean>;
  /** Records a handled event id; returns false when it was already recorded. */
  markSeen(eventId: string): Promise<boolean>;
  /** Deletes ids older than `before`; Slack stops retrying within minutes. */
  purgeSeenBefore(before: Date): Promise<number>;
}

export function createSlackEventsRepository(db: Queryable): SlackEventsRepository {
  return {
    async hasSeen(eventId) {
      const { rows } = await db.query('SELECT 1 FROM slack_seen_events WHERE event_id = $1', [eventId]);
      return rows.length > 0;
    },
    async markSeen(eventId) {
      const { rowCount } = await db.query(
        'INSERT INTO slack_seen_events (event_id) VALUES ($1) ON CONFLICT DO NOTHING',
        [eventId],
      );
      return rowCount === 1;
    },
    async purgeSeenBefore(before) {
      const { rowCount } = await db.query('DELETE FROM slack_seen_events WHERE seen_at < $1', [before]);
      return rowCount;
    },
  };
}
