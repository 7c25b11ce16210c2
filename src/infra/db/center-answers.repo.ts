/**
 * CenterAnswerRepository over PostgreSQL/PGlite (migration 011). A change is one statement guarded by the
 * status and version it expects, with its event written in the same transaction: two staff clicking at
 * once get one change and one `undefined`.
 */
import { z } from 'zod';
import type {
  CenterAnswer,
  CenterAnswerAction,
  CenterAnswerRepository,
  CenterAnswerStatus,
  StaffMember,
} from '../../core/feedback/center-answers.ts';
import type { Db } from './db.ts';
import { jsonParam } from './db.ts';

const Row = z.object({
  id: z.string(),
  center_id: z.string().nullable(),
  question: z.string(),
  answer: z.string(),
  topic: z.string().nullable(),
  source_urls: z.array(z.string()),
  status: z.enum(['draft', 'approved', 'rejected', 'withdrawn']),
  version: z.number().int(),
  drafted_by: z.string(),
  drafted_by_name: z.string(),
  approved_by: z.string().nullable(),
  approved_by_name: z.string().nullable(),
  approved_at: z.date().nullable(),
  closed_by: z.string().nullable(),
  closed_at: z.date().nullable(),
  gap_decision_id: z.string().nullable(),
  created_at: z.date(),
  updated_at: z.date(),
});

const columns = `id::text AS id, center_id, question, answer, topic, source_urls, status, version, drafted_by,
  drafted_by_name, approved_by, approved_by_name, approved_at, closed_by, closed_at,
  gap_decision_id::text AS gap_decision_id, created_at, updated_at`;

// closed_by has no name column of its own: the event log keeps every actor's name.
function toAnswer(raw: unknown, closedByName?: string): CenterAnswer {
  const r = Row.parse(raw);
  return {
    id: r.id,
    centerId: r.center_id,
    question: r.question,
    answer: r.answer,
    topic: r.topic,
    sourceUrls: r.source_urls,
    gapDecisionId: r.gap_decision_id,
    status: r.status,
    version: r.version,
    draftedBy: { id: r.drafted_by, name: r.drafted_by_name },
    approvedBy:
      r.approved_by === null ? null : { id: r.approved_by, name: r.approved_by_name ?? r.approved_by },
    approvedAt: r.approved_at,
    closedBy: r.closed_by === null ? null : { id: r.closed_by, name: closedByName ?? r.closed_by },
    closedAt: r.closed_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const actionOf: Record<CenterAnswerStatus, CenterAnswerAction> = {
  draft: 'drafted',
  approved: 'approved',
  rejected: 'rejected',
  withdrawn: 'withdrawn',
};

export function createCenterAnswerRepository(db: Db): CenterAnswerRepository {
  const get = async (id: string) => {
    if (!/^[0-9a-f-]{36}$/u.test(id)) return undefined;
    const { rows } = await db.query(
      `SELECT ${columns},
              (SELECT e.actor_name FROM center_answer_events e
                WHERE e.answer_id = a.id AND e.action IN ('rejected', 'withdrawn') ORDER BY e.id DESC LIMIT 1)
                AS closed_by_name
         FROM center_answers a WHERE id = $1`,
      [id],
    );
    const row = rows[0] as { closed_by_name?: string | null } | undefined;
    return row === undefined ? undefined : toAnswer(row, row.closed_by_name ?? undefined);
  };

  const record = (
    tx: Pick<Db, 'query'>,
    id: string,
    action: CenterAnswerAction,
    by: StaffMember,
    version: number,
    at: Date,
  ) =>
    tx.query(
      `INSERT INTO center_answer_events (answer_id, action, actor, actor_name, version, at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, action, by.id, by.name, version, at],
    );

  return {
    async insertDraft(id, input, by, at) {
      await db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO center_answers (id, center_id, question, answer, topic, source_urls, status,
             drafted_by, drafted_by_name, gap_decision_id, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, 'draft', $7, $8,
             (SELECT id FROM decisions WHERE id::text = $9), $10, $10)`,
          [
            id,
            input.centerId,
            input.question,
            input.answer,
            input.topic,
            jsonParam(input.sourceUrls),
            by.id,
            by.name,
            input.gapDecisionId,
            at,
          ],
        );
        await record(tx, id, 'drafted', by, 1, at);
      });
      return (await get(id))!;
    },

    get,

    async transition(id, change) {
      const moved = await db.transaction(async (tx) => {
        const approving = change.to === 'approved';
        const { rowCount } = await tx.query(
          `UPDATE center_answers SET status = $2, version = version + 1, updated_at = $5,
              approved_by = CASE WHEN $6 THEN $4 ELSE approved_by END,
              approved_by_name = CASE WHEN $6 THEN $7 ELSE approved_by_name END,
              approved_at = CASE WHEN $6 THEN $5 ELSE approved_at END,
              closed_by = CASE WHEN $6 THEN closed_by ELSE $4 END,
              closed_at = CASE WHEN $6 THEN closed_at ELSE $5 END
            WHERE id = $1 AND status = $3 AND version = $8`,
          [id, change.to, change.from, change.by.id, change.at, approving, change.by.name, change.version],
        );
        if (rowCount !== 1) return false;
        await record(tx, id, actionOf[change.to], change.by, change.version + 1, change.at);
        return true;
      });
      return moved ? get(id) : undefined;
    },

    async list(status, limit) {
      const { rows } = await db.query(
        `SELECT ${columns} FROM center_answers WHERE status = $1 ORDER BY updated_at DESC, id LIMIT $2`,
        [status, limit],
      );
      return rows.map((r) => toAnswer(r));
    },
  };
}

/** The approved answers the index must hold (src/ingest/center-answers.ts). */
export async function listApprovedCenterAnswers(db: Pick<Db, 'query'>): Promise<CenterAnswer[]> {
  const { rows } = await db.query(
    `SELECT ${columns} FROM center_answers WHERE status = 'approved' ORDER BY id`,
  );
  return rows.map((r) => toAnswer(r));
}
