/**
 * GapSource over PostgreSQL/PGlite: `answer` decisions of the month that were not grounded or were rated
 * 「役に立たなかった」 (migration 010), with the question text (skipped once retention blanked it), the
 * comment and the sources the stored reply cited (migration 007c). Read-only.
 */
import { z } from 'zod';
import type { GapDismissals, GapItem, GapSource } from '../../core/feedback/knowledge-gaps.ts';
import type { ReportMonth } from '../../core/reporting/program-figures.ts';
import type { Queryable } from './db.ts';

const Row = z.object({
  id: z.string(),
  topic: z.string().nullable(),
  grounded: z.boolean().nullable(),
  created_at: z.date(),
  question: z.string(),
  rating: z.enum(['helpful', 'not_helpful']).nullable(),
  comment: z.string().nullable(),
  replies: z.unknown(),
});

const Cited = z.array(
  z.looseObject({
    type: z.string(),
    citations: z.array(z.looseObject({ title: z.string(), section: z.string() })).optional(),
  }),
);

function citedIn(replies: unknown): string[] {
  const parsed = Cited.safeParse(replies ?? []);
  if (!parsed.success) return [];
  return parsed.data
    .filter((r) => r.type === 'sources')
    .flatMap((r) => r.citations ?? [])
    .map((c) => (c.section === '' ? c.title : `${c.title}「${c.section}」`));
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;

export function createKnowledgeGapsRepository(db: Queryable): GapSource & GapDismissals {
  return {
    async listGaps(period: ReportMonth): Promise<GapItem[]> {
      const { rows } = await db.query(
        `SELECT d.id::text AS id, d.topic, d.grounded, d.created_at, q.text AS question, r.rating,
                c.text AS comment, q.replies
           FROM decisions d
           JOIN messages q ON q.id = d.message_id
           LEFT JOIN answer_ratings r ON r.decision_id = d.id
           LEFT JOIN messages c ON c.id = r.comment_message_id
          WHERE d.route = 'answer' AND d.created_at >= $1 AND d.created_at < $2 AND q.text IS NOT NULL
            AND (d.grounded IS FALSE OR r.rating = 'not_helpful')
            AND NOT EXISTS (SELECT 1 FROM knowledge_gap_dismissals x WHERE x.decision_id = d.id)
            AND NOT EXISTS (SELECT 1 FROM center_answers a
                             WHERE a.gap_decision_id = d.id AND a.status IN ('draft', 'approved'))
          ORDER BY d.created_at DESC
          LIMIT 1000`,
        [period.start, period.end],
      );
      return rows.map((raw) => {
        const r = Row.parse(raw);
        return {
          decisionId: r.id,
          question: r.question,
          topic: r.topic,
          grounded: r.grounded === true,
          rating: r.rating,
          comment: r.comment,
          cited: citedIn(r.replies),
          at: r.created_at,
        };
      });
    },

    async gapQuestion(decisionId) {
      if (!uuid.test(decisionId)) return undefined;
      const { rows } = await db.query<{ question: string; topic: string | null }>(
        `SELECT q.text AS question, d.topic FROM decisions d JOIN messages q ON q.id = d.message_id
          WHERE d.id = $1 AND d.route = 'answer' AND q.text IS NOT NULL`,
        [decisionId],
      );
      return rows[0];
    },

    async dismiss(decisionIds, by) {
      const ids = decisionIds.filter((id) => uuid.test(id));
      if (ids.length === 0) return 0;
      const { rowCount } = await db.query(
        `INSERT INTO knowledge_gap_dismissals (decision_id, dismissed_by)
         SELECT id, $2 FROM decisions WHERE id = ANY($1::uuid[]) AND route = 'answer'
         ON CONFLICT (decision_id) DO NOTHING`,
        [ids, by],
      );
      return rowCount;
    },
  };
}
