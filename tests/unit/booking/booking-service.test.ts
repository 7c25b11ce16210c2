import { describe, expect, it } from 'vitest';
import type { NewBooking } from '../../../src/core/booking/ports.ts';
import { isAppError } from '../../../src/core/errors.ts';
import { createHarness } from './fakes.ts';

const staff = { id: 'S1', name: '佐藤' };
const user = { channel: 'line' as const, userId: 'U1' };

function newBooking(overrides: Partial<NewBooking> = {}): NewBooking {
  return {
    requestKey: 'conv-1:ev-1',
    kind: 'consultation',
    channel: 'line',
    userId: 'U1',
    conversationId: 'conv-1',
    centerId: 'tokyo',
    desk: 'center',
    needsStaffReview: false,
    consentAt: new Date('2026-11-24T01:00:00Z'),
    consentNotice: 'booking-consent@1',
    topic: 'メンタルヘルス対策',
    method: '電話',
    prefecture: '東京都',
    organisation: '株式会社さんぽ',
    industry: null,
    headcount: { min: 120, max: 120 },
    role: '人事労務担当者',
    selfEmployed: false,
    specialInsurance: null,
    contactName: '山田',
    contact: { kind: 'phone', value: '03-1234-5678' },
    preferredDates: [{ date: '2026-12-03', time: '10:00' }],
    summary: '職場環境改善の進め方',
    address: null,
    purpose: null,
    ...overrides,
  };
}

async function expectConflict(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAppError(error, 'conflict')).toBe(true);
}

describe('BookingService', () => {
  it('announces a new booking once, with the booking id as event id', async () => {
    const h = createHarness();
    const booking = await h.service.submit(newBooking());
    await h.service.submit(newBooking());
    expect(h.desk.bookings).toHaveLength(1);
    expect(h.desk.bookings[0]).toMatchObject({
      id: booking.id,
      bookingId: booking.id,
      reference: 'C-2611-0001',
      centerId: 'tokyo',
    });
    expect(h.desk.bookings[0]?.rows).toContainEqual({ label: '連絡先', value: '電話 03-1234-5678' });
  });

  it('keeps the booking when staff cannot be told, and tells them later', async () => {
    const h = createHarness();
    h.desk.failNext = 1;
    const booking = await h.service.submit(newBooking());
    expect(h.desk.bookings).toHaveLength(0);
    expect(await h.service.notifyPendingChanges()).toBe(1);
    expect(h.desk.bookings[0]?.id).toBe(booking.id);
    expect(await h.service.notifyPendingChanges()).toBe(0);
  });

  it('accepts, tells the user once per decision, and treats a double click as a repeat', async () => {
    const h = createHarness();
    const booking = await h.service.submit(newBooking());
    const accepted = await h.service.accept(booking.id, staff);
    await h.service.accept(booking.id, staff);
    expect(accepted).toMatchObject({ status: 'accepted', decidedBy: staff, version: 2 });
    expect(h.messenger.pushes.map((p) => p.key)).toEqual([
      `booking:${booking.id}:accepted:2`,
      `booking:${booking.id}:accepted:2`,
    ]);
    expect(JSON.stringify(h.messenger.pushes[0]?.replies)).toContain('お受けしました');
  });

  it('refuses invalid transitions with conflict', async () => {
    const h = createHarness();
    const booking = await h.service.submit(newBooking());
    await h.service.decline(booking.id, staff, { reason: '対象外のため' });
    await expectConflict(h.service.accept(booking.id, staff));
    await expectConflict(
      h.service.proposeAlternative(booking.id, staff, { dates: [new Date('2026-12-05T05:00:00Z')] }),
    );
    await expectConflict(h.service.cancelByUser(booking.id, user));
  });

  it('proposes other dates and lets the user accept one', async () => {
    const h = createHarness();
    const booking = await h.service.submit(newBooking());
    const dates = [new Date('2026-12-07T05:00:00Z'), new Date('2026-12-08T01:00:00Z')];
    await h.service.proposeAlternative(booking.id, staff, { dates, note: '午後なら空いています' });
    const push = h.messenger.pushes[0]!;
    expect(push.key).toBe(`booking:${booking.id}:alternative_proposed:2`);
    const text = JSON.stringify(push.replies);
    expect(text).toContain(`booking:accept-proposal:${booking.id}:1`);
    expect(text).toContain('担当者より：午後なら空いています');
    expect(text).toContain('12月8日（火）10:00');

    const accepted = await h.service.acceptProposal(booking.id, user, 1);
    expect(accepted).toMatchObject({ status: 'accepted', scheduledAt: dates[1] });
    // A second tap changes nothing and tells staff nothing new.
    await h.service.acceptProposal(booking.id, user, 1);
    expect(h.desk.bookings.map((b) => b.id)).toEqual([booking.id, `${booking.id}:v3`]);
  });

  it('refuses proposals in the past or without dates', async () => {
    const h = createHarness();
    const booking = await h.service.submit(newBooking());
    for (const dates of [[], [new Date('2026-11-20T01:00:00Z')]]) {
      const error = await h.service.proposeAlternative(booking.id, staff, { dates }).catch((e: unknown) => e);
      expect(isAppError(error, 'bad_request')).toBe(true);
    }
  });

  it('lets only the owner see, cancel or accept a booking', async () => {
    const h = createHarness();
    const booking = await h.service.submit(newBooking());
    const stranger = { channel: 'line' as const, userId: 'U2' };
    expect(await h.service.getForUser(booking.id, stranger)).toBeNull();
    expect(await h.service.listForUser(stranger)).toEqual([]);
    const error = await h.service.cancelByUser(booking.id, stranger).catch((e: unknown) => e);
    expect(isAppError(error, 'not_found')).toBe(true);
  });

  it('cancels for the user and tells staff, once', async () => {
    const h = createHarness();
    const booking = await h.service.submit(newBooking());
    await h.service.cancelByUser(booking.id, user);
    await h.service.cancelByUser(booking.id, user);
    expect(h.desk.cancellations).toEqual([
      { id: `${booking.id}:cancelled`, bookingId: booking.id, reference: booking.reference },
    ]);
    expect((await h.service.get('c-2611-0001'))?.status).toBe('cancelled');
  });

  it('retries a cancellation notice that failed', async () => {
    const h = createHarness();
    const booking = await h.service.submit(newBooking());
    h.desk.failNext = 1;
    await h.service.cancelByUser(booking.id, user);
    expect(h.desk.cancellations).toHaveLength(0);
    await h.service.notifyPendingChanges();
    expect(h.desk.cancellations).toHaveLength(1);
  });
});
