/**
 * Counts the monthly program figures from the engine's, booking's and staff tables (migrations 003, 005):
 * requests by booking creation time, acceptances by the time staff accepted (booking_events), handoffs
 * and crises by creation, questions by the answer decisions' `grounded` flag, ratings by when they were
 * first given (migration 010). Read-only.
 */
import { z } from 'zod';
import {
  type CenterFigures,
  emptyFigures,
  type ProgramFiguresSource,
  type ReportMonth,
} from '../../core/reporting/program-figures.ts';
import type { Queryable } from './db.ts';

const count = z.coerce.number().int().nonnegative();
const CenterRow = z.object({ center_id: z.string().nullable() });

export function createProgramFiguresRepository(db: Queryable): ProgramFiguresSource {
  return {
    async countByCenter(period: ReportMonth, centerId?: string): Promise<CenterFigures[]> {
      const params = [period.start, period.end, centerId ?? null];
      const byCenter = new Map<string | null, CenterFigures>();
      const row = (id: string | null) => {
        let figures = byCenter.get(id);
        if (figures === undefined) {
          figures = emptyFigures(id);
          byCenter.set(id, figures);
        }
        return figures;
      };

      const requested = await db.query(
        `SELECT center_id,
                count(*) FILTER (WHERE kind = 'consultation') AS consultations,
                count(*) FILTER (WHERE kind = 'visit') AS visits
           FROM bookings
          WHERE created_at >= $1 AND created_at < $2 AND ($3::text IS NULL OR center_id = $3)
          GROUP BY center_id`,
        params,
      );
      for (const r of requested.rows) {
        const parsed = CenterRow.extend({ consultations: count, visits: count }).parse(r);
        row(parsed.center_id).consultationsRequested = parsed.consultations;
        row(parsed.center_id).visitsRequested = parsed.visits;
      }

      const accepted = await db.query(
        `SELECT b.center_id,
                count(DISTINCT b.id) FILTER (WHERE b.kind = 'consultation') AS consultations,
                count(DISTINCT b.id) FILTER (WHERE b.kind = 'visit') AS visits,
                count(DISTINCT b.id) FILTER (WHERE b.kind = 'visit' AND b.topic = 'メンタルヘルス対策') AS mh_visits
           FROM booking_events e JOIN bookings b ON b.id = e.booking_id
          WHERE e.status = 'accepted' AND e.at >= $1 AND e.at < $2 AND ($3::text IS NULL OR b.center_id = $3)
          GROUP BY b.center_id`,
        params,
      );
      for (const r of accepted.rows) {
        const parsed = CenterRow.extend({ consultations: count, visits: count, mh_visits: count }).parse(r);
        const figures = row(parsed.center_id);
        figures.consultationsAccepted = parsed.consultations;
        figures.visitsAccepted = parsed.visits;
        figures.mentalHealthVisitsAccepted = parsed.mh_visits;
      }

      const handoffs = await db.query(
        `SELECT center_id,
                count(*) FILTER (WHERE route = 'handoff') AS handoffs,
                count(*) FILTER (WHERE route = 'crisis') AS crises
           FROM handoffs
          WHERE created_at >= $1 AND created_at < $2 AND ($3::text IS NULL OR center_id = $3)
          GROUP BY center_id`,
        params,
      );
      for (const r of handoffs.rows) {
        const parsed = CenterRow.extend({ handoffs: count, crises: count }).parse(r);
        row(parsed.center_id).mentalHealthHandoffs = parsed.handoffs;
        row(parsed.center_id).crises = parsed.crises;
      }

      const added = await db.query(
        `SELECT center_id, count(*) AS added FROM center_answers
          WHERE approved_at >= $1 AND approved_at < $2 AND ($3::text IS NULL OR center_id = $3)
          GROUP BY center_id`,
        params,
      );
      for (const r of added.rows) {
        const parsed = CenterRow.extend({ added: count }).parse(r);
        row(parsed.center_id).centerAnswersAdded = parsed.added;
      }

      // Questions are not tied to a center; they belong to the whole desk's report only.
      if (centerId === undefined) {
        const questions = await db.query(
          `SELECT count(*) FILTER (WHERE grounded IS TRUE) AS answered,
                  count(*) FILTER (WHERE grounded IS FALSE) AS unanswered
             FROM decisions
            WHERE route = 'answer' AND created_at >= $1 AND created_at < $2`,
          [period.start, period.end],
        );
        const parsed = z.object({ answered: count, unanswered: count }).parse(questions.rows[0]);
        if (parsed.answered + parsed.unanswered > 0) {
          row(null).questionsAnswered = parsed.answered;
          row(null).questionsUnanswered = parsed.unanswered;
        }
        const ratings = await db.query(
          `SELECT count(*) AS rated, count(*) FILTER (WHERE rating = 'helpful') AS helpful
             FROM answer_ratings WHERE created_at >= $1 AND created_at < $2`,
          [period.start, period.end],
        );
        const rated = z.object({ rated: count, helpful: count }).parse(ratings.rows[0]);
        if (rated.rated > 0) {
          row(null).answersRated = rated.rated;
          row(null).answersHelpful = rated.helpful;
        }
      }

      return [...byCenter.values()].sort((a, b) =>
        a.centerId === b.centerId
          ? 0
          : a.centerId === null
            ? 1
            : b.centerId === null
              ? -1
              : a.centerId < b.centerId
                ? -1
                : 1,
      );
    },
  };
}
