/**
 * Bookings in the database (migration 005). Rows are checked with zod when read back; the reference number
 * comes from a per-month counter in the same transaction as the insert.
 */
import { z } from 'zod';
import {
  BookingDraftSchema,
  bookingKinds,
  DateWishSchema,
  desks,
  HeadcountSchema,
} from '../../core/booking/booking-types.ts';
import { toTokyoDate } from '../../core/booking/calendar.ts';
import type { Booking, BookingRepository, BookingTransition, NewBooking } from '../../core/booking/ports.ts';
import { bookingStatuses } from '../../core/booking/ports.ts';
import { channels } from '../../core/message.ts';
import type { Db, Queryable } from './db.ts';
import { jsonParam } from './db.ts';

const BookingRow = z.object({
  id: z.string(),
  reference: z.string(),
  request_key: z.string(),
  kind: z.enum(bookingKinds),
  status: z.enum(bookingStatuses),
  version: z.coerce.number().int(),
  channel: z.enum(channels),
  user_id: z.string(),
  conversation_id: z.string(),
  center_id: z.string(),
  desk: z.enum(desks),
  needs_staff_review: z.boolean(),
  topic: BookingDraftSchema.shape.topic.unwrap(),
  method: BookingDraftSchema.shape.method.unwrap().nullable(),
  prefecture: z.string(),
  organisation: z.string().nullable(),
  industry: z.string().nullable(),
  headcount_min: z.number().int().nullable(),
  headcount_max: z.number().int().nullable(),
  requester_role: z.string().nullable(),
  self_employed: z.boolean(),
  special_insurance: BookingDraftSchema.shape.specialInsurance.unwrap().nullable(),
  contact_name: z.string(),
  contact_kind: z.enum(['phone', 'email']),
  contact_value: z.string(),
  preferred_dates: z.array(DateWishSchema),
  summary: z.string(),
  workplace_address: z.string().nullable(),
  visit_purpose: z.string().nullable(),
  consent_at: z.coerce.date(),
  consent_notice: z.string(),
  created_at: z.coerce.date(),
  updated_at: z.coerce.date(),
  decided_by_id: z.string().nullable(),
  decided_by_name: z.string().nullable(),
  decided_at: z.coerce.date().nullable(),
  proposed_dates: z.array(z.iso.datetime()),
  scheduled_at: z.coerce.date().nullable(),
  staff_note: z.string().nullable(),
  cancelled_at: z.coerce.date().nullable(),
});
type BookingRow = z.infer<typeof BookingRow>;

const UnnotifiedRow = z.object({
  booking_id: z.string(),
  version: z.coerce.number().int(),
  status: z.enum(bookingStatuses),
});

function toBooking(raw: unknown): Booking {
  const row: BookingRow = BookingRow.parse(raw);
  const headcount =
    row.headcount_min === null
      ? null
      : HeadcountSchema.parse({ min: row.headcount_min, max: row.headcount_max });
  return {
    id: row.id,
    reference: row.reference,
    requestKey: row.request_key,
    kind: row.kind,
    status: row.status,
    version: row.version,
    channel: row.channel,
    userId: row.user_id,
    conversationId: row.conversation_id,
    centerId: row.center_id,
    desk: row.desk,
    needsStaffReview: row.needs_staff_review,
    topic: row.topic,
    method: row.method,
    prefecture: row.prefecture,
    organisation: row.organisation,
    industry: row.industry,
    headcount,
    role: row.requester_role,
    selfEmployed: row.self_employed,
    specialInsurance: row.special_insurance,
    contactName: row.contact_name,
    contact: { kind: row.contact_kind, value: row.contact_value },
    preferredDates: row.preferred_dates,
    summary: row.summary,
    address: row.workplace_address,
    purpose: row.visit_purpose,
    consentAt: row.consent_at,
    consentNotice: row.consent_notice,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    decidedBy:
      row.decided_by_id === null
        ? null
        : { id: row.decided_by_id, name: row.decided_by_name ?? row.decided_by_id },
    decidedAt: row.decided_at,
    proposedDates: row.proposed_dates.map((iso) => new Date(iso)),
    scheduledAt: row.scheduled_at,
    staffNote: row.staff_note,
    cancelledAt: row.cancelled_at,
  };
}

/** C-2611-0042: kind, year and month in Tokyo, then a per-month sequence. */
async function nextReference(tx: Queryable, kind: NewBooking['kind'], now: Date): Promise<string> {
  const yymm = toTokyoDate(now).slice(2, 7).replace('-', '');
  const prefix = `${kind === 'consultation' ? 'C' : 'V'}-${yymm}`;
  const { rows } = await tx.query<{ last_value: number }>(
    `INSERT INTO booking_counters (prefix, last_value) VALUES ($1, 1)
     ON CONFLICT (prefix) DO UPDATE SET last_value = booking_counters.last_value + 1
     RETURNING last_value`,
    [prefix],
  );
  return `${prefix}-${String(rows[0]!.last_value).padStart(4, '0')}`;
}

export function createBookingRepository(db: Db): BookingRepository {
  const selectOne = async (where: string, value: unknown, q: Queryable = db): Promise<Booking | null> => {
    const { rows } = await q.query(`SELECT * FROM bookings WHERE ${where} = $1`, [value]);
    return rows[0] === undefined ? null : toBooking(rows[0]);
  };

  return {
    create: (input, now) =>
      db.transaction(async (tx) => {
        const existing = await selectOne('request_key', input.requestKey, tx);
        if (existing !== null) return { booking: existing, created: false };
        const reference = await nextReference(tx, input.kind, now);
        const { rows } = await tx.query(
          `INSERT INTO bookings (
             reference, request_key, kind, channel, user_id, conversation_id, center_id, desk, needs_staff_review,
             topic, method, prefecture, organisation, industry, headcount_min, headcount_max, requester_role,
             self_employed, special_insurance, contact_name, contact_kind, contact_value, preferred_dates, summary,
             workplace_address, visit_purpose, consent_at, consent_notice, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21,
             $22, $23::jsonb, $24, $25, $26, $27, $28, $29, $29)
           RETURNING *`,
          [
            reference,
            input.requestKey,
            input.kind,
            input.channel,
            input.userId,
            input.conversationId,
            input.centerId,
            input.desk,
            input.needsStaffReview,
            input.topic,
            input.method,
            input.prefecture,
            input.organisation,
            input.industry,
            input.headcount?.min ?? null,
            input.headcount?.max ?? null,
            input.role,
            input.selfEmployed,
            input.specialInsurance,
            input.contactName,
            input.contact.kind,
            input.contact.value,
            jsonParam(input.preferredDates),
            input.summary,
            input.address,
            input.purpose,
            input.consentAt,
            input.consentNotice,
            now,
          ],
        );
        const booking = toBooking(rows[0]);
        await insertEvent(tx, booking.id, {
          version: booking.version,
          status: 'requested',
          actor: { kind: 'user', id: input.userId, name: null },
          at: now,
          detail: {},
        });
        return { booking, created: true };
      }),

    getById: (id) => (z.uuid().safeParse(id).success ? selectOne('id', id) : Promise.resolve(null)),

    getByReference: (reference) => selectOne('reference', reference),

    async listForUser(channel, userId, limit) {
      const { rows } = await db.query(
        'SELECT * FROM bookings WHERE channel = $1 AND user_id = $2 ORDER BY created_at DESC LIMIT $3',
        [channel, userId, limit],
      );
      return rows.map(toBooking);
    },

    transition: (id, expectedVersion, change) =>
      db.transaction(async (tx) => {
        const { rows } = await tx.query(
          `UPDATE bookings SET
             status = $3,
             version = version + 1,
             updated_at = $4,
             decided_by_id = CASE WHEN $5::boolean THEN $6 ELSE decided_by_id END,
             decided_by_name = CASE WHEN $5::boolean THEN $7 ELSE decided_by_name END,
             decided_at = CASE WHEN $5::boolean THEN $4 ELSE decided_at END,
             proposed_dates = COALESCE($8::jsonb, proposed_dates),
             scheduled_at = CASE WHEN $9::boolean THEN $10::timestamptz ELSE scheduled_at END,
             staff_note = CASE WHEN $11::boolean THEN $12 ELSE staff_note END,
             cancelled_at = CASE WHEN $13::boolean THEN $14::timestamptz ELSE cancelled_at END
           WHERE id = $1 AND version = $2
           RETURNING *`,
          [
            id,
            expectedVersion,
            change.status,
            change.at,
            change.decidedBy !== undefined,
            change.decidedBy?.id ?? null,
            change.decidedBy?.name ?? null,
            change.proposedDates === undefined
              ? null
              : jsonParam(change.proposedDates.map((d) => d.toISOString())),
            change.scheduledAt !== undefined,
            change.scheduledAt ?? null,
            change.staffNote !== undefined,
            change.staffNote ?? null,
            change.cancelledAt !== undefined,
            change.cancelledAt ?? null,
          ],
        );
        if (rows[0] === undefined) return null;
        const booking = toBooking(rows[0]);
        await insertEvent(tx, booking.id, {
          version: booking.version,
          status: change.status,
          actor: change.actor,
          at: change.at,
          detail: {
            ...(change.proposedDates
              ? { proposedDates: change.proposedDates.map((d) => d.toISOString()) }
              : {}),
            ...(change.scheduledAt ? { scheduledAt: change.scheduledAt.toISOString() } : {}),
          },
        });
        return booking;
      }),

    async listUnnotified(limit) {
      const { rows } = await db.query(
        `SELECT booking_id, version, status FROM booking_events
         WHERE staff_notified_at IS NULL ORDER BY at, id LIMIT $1`,
        [limit],
      );
      return rows.map((raw) => {
        const row = UnnotifiedRow.parse(raw);
        return { bookingId: row.booking_id, version: row.version, status: row.status };
      });
    },

    async markNotified(bookingId, version, at) {
      await db.query(
        `UPDATE booking_events SET staff_notified_at = $3
         WHERE booking_id = $1 AND version = $2 AND staff_notified_at IS NULL`,
        [bookingId, version, at],
      );
    },

    async listCreatedBetween(from, to, centerId) {
      const { rows } = await db.query(
        `SELECT * FROM bookings WHERE created_at >= $1 AND created_at < $2 AND ($3::text IS NULL OR center_id = $3)
         ORDER BY created_at, reference`,
        [from, to, centerId ?? null],
      );
      return rows.map(toBooking);
    },
  };
}

interface EventInput {
  version: number;
  status: string;
  actor: BookingTransition['actor'];
  at: Date;
  detail: Record<string, unknown>;
}

/** Staff made their own changes, so only the user's changes wait for a staff notification. */
async function insertEvent(tx: Queryable, bookingId: string, event: EventInput): Promise<void> {
  await tx.query(
    `INSERT INTO booking_events
       (booking_id, version, status, actor_kind, actor_id, actor_name, at, detail, staff_notified_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, CASE WHEN $4 = 'staff' THEN $7::timestamptz END)`,
    [
      bookingId,
      event.version,
      event.status,
      event.actor.kind,
      event.actor.id,
      event.actor.name,
      event.at,
      jsonParam(event.detail),
    ],
  );
}
