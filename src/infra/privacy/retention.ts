/**
 * The retention job (docs/decisions/0004-retention.md). Message text is health information and is kept
 * only RETENTION_MESSAGE_DAYS; handoff records and finished bookings are kept RETENTION_HANDOFF_DAYS.
 * Rows that program figures count (messages, decisions, bookings) lose their text and personal fields
 * but keep ids, kinds, routes and dates, so monthly figures stay true after the text is gone.
 *
 * Every rule is one idempotent SQL statement over "older than the cut-off and not yet cleared" rows, so a
 * run that dies half-way, or two instances running at once, leave nothing inconsistent. An advisory lock
 * still makes a second instance skip a run already in progress.
 */
import type { Logger } from '../../core/ports.ts';
import type { Db, Queryable } from '../db/db.ts';

export interface RetentionPolicy {
  messageDays: number;
  handoffDays: number;
}

/** Rows changed per rule, by a name that says what happened to them. */
export type RetentionReport = Record<string, number>;

interface Rule {
  name: string;
  /** Which period the rule enforces; the cut-off instant is the statement's $1. */
  period: 'message' | 'handoff' | 'day';
  sql: string;
}

// A booking is "finished" from its last activity: a scheduled consultation or visit only counts from the
// day it took place, so nothing of an upcoming appointment is touched.
const bookingActivity = 'greatest(b.updated_at, coalesce(b.scheduled_at, b.updated_at))';

const rules: Rule[] = [
  {
    name: 'messages_text_cleared',
    period: 'message',
    // `replies` (migration 007c) keeps a turn's answers beside the inbound message: text too.
    sql: `UPDATE messages SET text = NULL, replies = NULL
           WHERE created_at < $1 AND (text IS NOT NULL OR replies IS NOT NULL)`,
  },
  {
    // Raw webhook events (which carry the text) and their de-duplication ids: redeliveries stop within
    // hours, so an event older than the message period can neither repeat nor still be worth answering.
    name: 'inbox_events_deleted',
    period: 'message',
    sql: 'DELETE FROM channel_inbox WHERE received_at < $1',
  },
  {
    // Reply batches hold the bot's answers (booking summaries carry names and phone numbers).
    name: 'outbox_batches_deleted',
    period: 'message',
    sql: 'DELETE FROM channel_outbox WHERE created_at < $1',
  },
  {
    // A booking draft half-way through the flow may hold contact details the user typed.
    name: 'conversation_drafts_cleared',
    period: 'message',
    sql: `UPDATE conversations SET state = jsonb_set(state, '{flow}', 'null'::jsonb), version = version + 1
           WHERE updated_at < $1 AND state ? 'flow' AND state->'flow' <> 'null'::jsonb`,
  },
  {
    // Flood-control buckets are keyed by the sender's id; a day idle, a bucket is full again anyway.
    name: 'rate_limit_buckets_deleted',
    period: 'day',
    sql: 'DELETE FROM rate_limit_buckets WHERE updated_at < $1',
  },
  {
    // A staff post waits in slack_posts.body (the user's messages) only while Slack is unreachable; one
    // still unposted after the message period will never be worth posting, and its text must not outlive
    // the period. Posted rows have no body and follow their case (below).
    name: 'unposted_slack_posts_deleted',
    period: 'message',
    sql: "DELETE FROM slack_posts WHERE status = 'pending' AND created_at < $1",
  },
  { name: 'web_timeline_deleted', period: 'message', sql: 'DELETE FROM web_timeline WHERE created_at < $1' },
  {
    name: 'web_staff_events_deleted',
    period: 'message',
    sql: 'DELETE FROM web_staff_events WHERE created_at < $1',
  },
  {
    name: 'booking_events_cleared',
    period: 'message',
    sql: `UPDATE booking_events e SET detail = '{}'::jsonb, actor_name = NULL
            FROM bookings b
           WHERE e.booking_id = b.id AND ${bookingActivity} < $1
             AND (e.detail <> '{}'::jsonb OR e.actor_name IS NOT NULL)`,
  },
  {
    // Personal fields go; kind, status, center, prefecture, industry, headcount, topic and dates stay
    // for the program figures until the record itself is deleted.
    name: 'bookings_anonymised',
    period: 'message',
    sql: `UPDATE bookings b SET contact_name = '', contact_value = '', organisation = NULL, summary = '',
                 workplace_address = NULL, visit_purpose = NULL, staff_note = NULL, decided_by_name = NULL
           WHERE ${bookingActivity} < $1
             AND (contact_name <> '' OR contact_value <> '' OR summary <> '' OR organisation IS NOT NULL
                  OR workplace_address IS NOT NULL OR visit_purpose IS NOT NULL OR staff_note IS NOT NULL)`,
  },
  {
    name: 'booking_slack_posts_deleted',
    period: 'handoff',
    sql: `DELETE FROM slack_posts p USING bookings b
           WHERE p.kind IN ('booking', 'booking_cancelled') AND p.subject_id = b.id::text
             AND ${bookingActivity} < $1`,
  },
  {
    name: 'bookings_deleted',
    period: 'handoff',
    sql: `DELETE FROM bookings b WHERE ${bookingActivity} < $1`,
  },
  {
    // Only closed cases: an open or claimed handoff is someone still waiting for staff.
    name: 'handoff_slack_posts_deleted',
    period: 'handoff',
    sql: `DELETE FROM slack_posts p USING handoffs h
           WHERE p.kind IN ('handoff', 'realert', 'relay') AND p.subject_id = h.id::text
             AND h.status IN ('resolved', 'returned') AND coalesce(h.closed_at, h.updated_at) < $1`,
  },
  {
    name: 'handoffs_deleted',
    period: 'handoff',
    sql: `DELETE FROM handoffs h
           WHERE h.status IN ('resolved', 'returned') AND coalesce(h.closed_at, h.updated_at) < $1`,
  },
];

/** An arbitrary constant: one retention run at a time across instances. */
const retentionLockKey = 724_150_007;

/**
 * Runs every rule once. Returns null when another instance holds the run; otherwise rows changed per rule.
 * `now` is injectable so tests can age data without waiting.
 */
export async function runRetention(
  db: Db,
  policy: RetentionPolicy,
  now: Date = new Date(),
): Promise<RetentionReport | null> {
  const messageCutoff = daysBefore(now, policy.messageDays);
  const handoffCutoff = daysBefore(now, policy.handoffDays);
  const dayCutoff = daysBefore(now, 1);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [
      retentionLockKey,
    ]);
    if (rows[0]?.locked !== true) return null;
    return applyRules(tx, { message: messageCutoff, handoff: handoffCutoff, day: dayCutoff });
  });
}

async function applyRules(tx: Queryable, cutoffs: Record<Rule['period'], Date>): Promise<RetentionReport> {
  const report: RetentionReport = {};
  for (const rule of rules) {
    const { rowCount } = await tx.query(rule.sql, [cutoffs[rule.period]]);
    report[rule.name] = rowCount;
  }
  return report;
}

function daysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * 86_400_000);
}

export interface RetentionSchedule {
  stop(): Promise<void>;
}

/**
 * Runs retention shortly after start and then every `intervalMs` (hourly by default). A failed run is
 * logged with its code and tried again at the next tick; stop() waits for a run in progress.
 */
export function scheduleRetention(options: {
  db: Db;
  policy: RetentionPolicy;
  logger: Logger;
  intervalMs?: number;
  firstRunMs?: number;
}): RetentionSchedule {
  const log = options.logger.child({ component: 'retention' });
  let running: Promise<void> | undefined;
  const tick = () => {
    if (running !== undefined) return;
    running = (async () => {
      try {
        const report = await runRetention(options.db, options.policy);
        if (report === null) log.debug({}, 'retention run skipped: another instance holds it');
        else log.info({ ...report, policy: options.policy }, 'retention run');
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        log.error({ err: error, code: typeof code === 'string' ? code : 'internal' }, 'retention run failed');
      } finally {
        running = undefined;
      }
    })();
  };
  const first = setTimeout(tick, options.firstRunMs ?? 60_000);
  const every = setInterval(tick, options.intervalMs ?? 3_600_000);
  first.unref();
  every.unref();
  return {
    async stop() {
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
