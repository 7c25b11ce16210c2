/**
 * AnswerFeedbackRepository over PostgreSQL/PGlite (migration 010). A rating is accepted only for an
 * `answer` decision on a message the same user sent, young enough; one statement decides and writes, so a
 * forged or foreign id stores nothing.
 */
import { z } from 'zod';
import type { AnswerFeedbackRepository } from '../../core/feedback/answer-feedback.ts';
import type { Queryable } from './db.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

export function createAnswerFeedbackRepository(db: Queryable): AnswerFeedbackRepository {
  return {
    async rate({ questionMessageId, channel, userId, rating, now, notBefore }) {
      if (!uuid.test(questionMessageId)) return 'refused';
      const result = await db.query(
        `INSERT INTO answer_ratings (decision_id, conversation_id, rating, created_at, updated_at)
         SELECT d.id, d.conversation_id, $4, $5, $5
           FROM decisions d JOIN messages m ON m.id = d.message_id
          WHERE d.message_id = $1 AND d.route = 'answer' AND m.direction = 'in'
            AND m.channel = $2 AND m.user_id = $3 AND d.created_at >= $6
         ON CONFLICT (decision_id) DO UPDATE SET rating = EXCLUDED.rating, updated_at = EXCLUDED.updated_at
         RETURNING (created_at = updated_at) AS first`,
        [questionMessageId, channel, userId, rating, now, notBefore],
      );
      const row = result.rows[0];
      if (row === undefined) return 'refused';
      return z.object({ first: z.boolean() }).parse(row).first ? 'recorded' : 'changed';
    },

    async attachComment({ questionMessageId, channel, eventId, now }) {
      if (!uuid.test(questionMessageId)) return false;
      const { rowCount } = await db.query(
        `UPDATE answer_ratings r SET comment_message_id = c.id, updated_at = $4
           FROM decisions d, messages q, messages c
          WHERE d.message_id = $1 AND r.decision_id = d.id AND r.rating = 'not_helpful'
            AND q.id = d.message_id AND c.channel = $2 AND c.event_id = $3
            AND c.conversation_id = r.conversation_id AND c.user_id = q.user_id`,
        [questionMessageId, channel, eventId, now],
      );
      return rowCount === 1;
    },
  };
}
