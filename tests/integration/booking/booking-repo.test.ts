/** The booking repository and service on the real database (PGlite, or PostgreSQL when TEST_DATABASE_URL). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBookingService } from '../../../src/core/booking/booking-service.ts';
import type { BookingRepository } from '../../../src/core/booking/ports.ts';
import { isAppError } from '../../../src/core/errors.ts';
import { createBookingRepository } from '../../../src/infra/db/booking-repo.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { openTestDb } from '../../support/db.ts';
import {
  createRecordingDesk,
  createRecordingMessenger,
  loadCenters,
  silentLogger,
} from '../../unit/booking/fakes.ts';
import { sampleBooking } from './sample-booking.ts';

/** Opening a database and migrating it takes well over a minute on a loaded 2-core machine. */
const dbHookTimeoutMs = 240_000;
describe('booking repository', () => {
  let db: Db;
  let repo: BookingRepository;

  // One database for the file (opening one is slow on a busy machine); each test uses its own users,
  // request keys and months, so the tests do not see each other's rows or counters.
  beforeAll(async () => {
    db = await openTestDb();
    repo = createBookingRepository(db);
  }, dbHookTimeoutMs);
  afterAll(async () => {
    await db?.close();
  });

  it('stores every field and reads it back validated', async () => {
    const now = new Date('2027-01-05T01:00:00Z');
    const input = sampleBooking({ requestKey: 'fields', userId: 'U-fields' });
    const { booking, created } = await repo.create(input, now);
    expect(created).toBe(true);
    expect(booking).toMatchObject({
      ...input,
      reference: 'C-2701-0001',
      status: 'requested',
      version: 1,
      createdAt: now,
      decidedBy: null,
      proposedDates: [],
    });
    expect(await repo.getByReference('C-2701-0001')).toEqual(booking);
    expect(await repo.getById(booking.id)).toEqual(booking);
    expect(await repo.getById('not-a-uuid')).toBeNull();
  });

  it('numbers references per kind and month in Tokyo time, and is idempotent on the request key', async () => {
    const now = new Date('2027-02-10T01:00:00Z');
    const a = await repo.create(sampleBooking({ requestKey: 'n1' }), now);
    const again = await repo.create(sampleBooking({ requestKey: 'n1' }), now);
    const b = await repo.create(sampleBooking({ requestKey: 'n2' }), now);
    const v = await repo.create(sampleBooking({ requestKey: 'n3', kind: 'visit', method: null }), now);
    // 2027-02-28T15:30Z is already March in Tokyo.
    const march = await repo.create(sampleBooking({ requestKey: 'n4' }), new Date('2027-02-28T15:30:00Z'));
    expect(again).toEqual({ booking: a.booking, created: false });
    expect([a, b, v, march].map((r) => r.booking.reference)).toEqual([
      'C-2702-0001',
      'C-2702-0002',
      'V-2702-0001',
      'C-2703-0001',
    ]);
  });

  it('applies transitions under an optimistic lock and keeps the history', async () => {
    const now = new Date('2027-04-05T01:00:00Z');
    const { booking } = await repo.create(sampleBooking({ requestKey: 't1' }), now);
    const proposed = [new Date('2027-04-12T05:00:00Z')];
    const next = await repo.transition(booking.id, 1, {
      status: 'alternative_proposed',
      actor: { kind: 'staff', id: 'S1', name: '佐藤' },
      at: now,
      decidedBy: { id: 'S1', name: '佐藤' },
      proposedDates: proposed,
      staffNote: '午後なら',
    });
    expect(next).toMatchObject({
      status: 'alternative_proposed',
      version: 2,
      proposedDates: proposed,
      staffNote: '午後なら',
      decidedBy: { id: 'S1', name: '佐藤' },
      decidedAt: now,
    });
    const stale = await repo.transition(booking.id, 1, {
      status: 'declined',
      actor: { kind: 'staff', id: 'S2', name: null },
      at: now,
    });
    expect(stale).toBeNull();
    const history = await db.query<{ version: number; status: string; actor_kind: string }>(
      'SELECT version, status, actor_kind FROM booking_events WHERE booking_id = $1 ORDER BY version',
      [booking.id],
    );
    expect(history.rows).toEqual([
      { version: 1, status: 'requested', actor_kind: 'user' },
      { version: 2, status: 'alternative_proposed', actor_kind: 'staff' },
    ]);
  });

  it('lists the user changes staff have not been told about', async () => {
    const now = new Date('2027-05-06T01:00:00Z');
    const { booking } = await repo.create(sampleBooking({ requestKey: 'u1' }), now);
    const mine = async () => (await repo.listUnnotified(100)).filter((c) => c.bookingId === booking.id);
    expect(await mine()).toEqual([{ bookingId: booking.id, version: 1, status: 'requested' }]);
    await repo.markNotified(booking.id, 1, now);
    await repo.transition(booking.id, 1, {
      status: 'accepted',
      actor: { kind: 'staff', id: 'S1', name: '佐藤' },
      at: now,
    });
    expect(await mine()).toEqual([]);
    await repo.transition(booking.id, 2, {
      status: 'cancelled',
      actor: { kind: 'user', id: 'U1', name: null },
      at: now,
      cancelledAt: now,
    });
    expect(await mine()).toEqual([{ bookingId: booking.id, version: 3, status: 'cancelled' }]);
  });

  it('lists by user and by creation date and center', async () => {
    await repo.create(
      sampleBooking({ requestKey: 'l1', userId: 'U-list' }),
      new Date('2027-06-01T00:00:00Z'),
    );
    await repo.create(
      sampleBooking({ requestKey: 'l2', centerId: 'osaka', userId: 'U-list2' }),
      new Date('2027-06-15T00:00:00Z'),
    );
    expect((await repo.listForUser('line', 'U-list', 10)).map((b) => b.requestKey)).toEqual(['l1']);
    const from = new Date('2027-05-31T15:00:00Z');
    const to = new Date('2027-06-30T15:00:00Z');
    expect((await repo.listCreatedBetween(from, to)).map((b) => b.requestKey)).toEqual(['l1', 'l2']);
    expect((await repo.listCreatedBetween(from, to, 'osaka')).map((b) => b.requestKey)).toEqual(['l2']);
  });

  it('runs the whole staff decision cycle through the service on the database', async () => {
    const now = new Date('2027-07-05T01:00:00Z');
    const desk = createRecordingDesk();
    const service = createBookingService({
      repo,
      staffDesk: desk,
      messenger: createRecordingMessenger(),
      centers: loadCenters(),
      clock: { now: () => now },
      logger: silentLogger,
    });
    const user = { channel: 'line' as const, userId: 'U-cycle' };
    const booking = await service.submit(sampleBooking({ requestKey: 'c1', userId: 'U-cycle' }));
    const staff = { id: 'S1', name: '佐藤' };
    await service.proposeAlternative(booking.id, staff, { dates: [new Date('2027-07-12T05:00:00Z')] });
    const accepted = await service.acceptProposal(booking.id, user, 0);
    expect(accepted).toMatchObject({
      status: 'accepted',
      scheduledAt: new Date('2027-07-12T05:00:00Z'),
      version: 3,
    });
    const error = await service.decline(booking.id, staff).catch((e: unknown) => e);
    expect(isAppError(error, 'conflict')).toBe(true);
    expect(desk.bookings.map((b) => b.id)).toEqual([booking.id, `${booking.id}:v3`]);
    expect((await repo.listUnnotified(100)).filter((c) => c.bookingId === booking.id)).toEqual([]);
  });
});
