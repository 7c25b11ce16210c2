/**
 * The booking desk in Slack: a request posted with Accept / Propose another date / Decline, decisions
 * applied through the real BookingService on the real database, the modal for proposing dates, and the
 * post redrawn with the outcome. A cancellation by the user lands in the request's thread.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBookingService } from '../../../src/core/booking/booking-service.ts';
import type { Booking, NewBooking } from '../../../src/core/booking/ports.ts';
import { createBookingRepository } from '../../../src/infra/db/booking-repo.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { defaultCentersPath, loadCenterDirectory } from '../../../src/infra/settings/centers.ts';
import type { StoredMessage } from '../../fakes/slack-emulator.ts';
import {
  buttonClick,
  type SlackTestApp,
  staff,
  staffChannel,
  startSlackTestApp,
  waitFor,
} from './slack-harness.ts';

function request(overrides: Partial<NewBooking> = {}): NewBooking {
  return {
    requestKey: randomUUID(),
    kind: 'visit',
    channel: 'line',
    userId: 'U0123456789abcdef0123456789abcdef',
    conversationId: randomUUID(),
    centerId: 'osaka',
    desk: 'center',
    needsStaffReview: false,
    consentAt: new Date(),
    consentNotice: 'booking-consent@1',
    topic: 'メンタルヘルス対策',
    method: null,
    prefecture: '大阪府',
    organisation: '株式会社さんぽ',
    industry: '製造業',
    headcount: { min: 50, max: 99 },
    role: '人事労務担当者',
    selfEmployed: false,
    specialInsurance: null,
    contactName: '山田',
    contact: { kind: 'phone', value: '06-1234-5678' },
    preferredDates: [{ date: '2026-12-03', time: '10:00' }],
    summary: 'ストレスチェック後の職場環境改善',
    address: '大阪市北区1-1-1',
    purpose: 'メンタルヘルス対策の導入',
    ...overrides,
  };
}

/** Starting PGlite with every migration and pg-boss takes long on a busy 2-core runner. */
const setupTimeoutMs = 180_000;
describe('Slack booking desk', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    const centers = await loadCenterDirectory(defaultCentersPath);
    t = await startSlackTestApp({
      bookings: ({ db, desk, messenger, clock }) =>
        createBookingService({
          repo: createBookingRepository(db),
          staffDesk: desk,
          messenger,
          centers,
          clock,
          logger: createLogger({ level: 'silent' }),
        }),
    });
  }, setupTimeoutMs);
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    expect(t.slack.violations).toEqual([]);
  });

  async function submitted(): Promise<{ booking: Booking; post: StoredMessage }> {
    const booking = await t.bookings!.submit(request());
    const post = await waitFor(
      () => t.slack.messages.find((m) => m.threadTs === undefined && m.text.includes(booking.reference)),
      10_000,
      'the booking post',
    );
    return { booking, post };
  }

  const click = (user: string, actionId: string, booking: Booking, post: StoredMessage) =>
    t.postAction(
      buttonClick(t.slack, { user, channel: post.channel, actionId, value: booking.id, messageTs: post.ts }),
    );
  const statusOf = (post: StoredMessage) =>
    JSON.stringify((post.blocks as { block_id?: string }[]).find((b) => b.block_id === 'case_status'));
  const hasButtons = (post: StoredMessage) => JSON.stringify(post.blocks).includes('booking_accept');

  it('posts the request with its rows and three buttons, then accepting tells the user and redraws', async () => {
    const { booking, post } = await submitted();
    expect(post.channel).toBe(staffChannel);
    expect(JSON.stringify(post.blocks)).toContain('個別訪問支援');
    expect(hasButtons(post)).toBe(true);
    await click(staff.alice, 'booking_accept', booking, post);
    await waitFor(
      () => t.pushed.find((p) => p.key.startsWith(`booking:${booking.id}:accepted`)),
      10_000,
      'the push',
    );
    await waitFor(() => statusOf(post).includes('承諾しました'), 10_000, 'the redraw');
    expect(statusOf(post)).toContain(`<@${staff.alice}>`);
    expect(hasButtons(post)).toBe(false);
    // Declining after it was accepted is refused, privately.
    await click(staff.bob, 'booking_decline', booking, post);
    await waitFor(() => t.slack.responses.find((r) => String(r.body.text).includes('すでに対応済み')));
  });

  it('declining tells the user the booking could not be taken, and closes the buttons', async () => {
    const { booking, post } = await submitted();
    await click(staff.bob, 'booking_decline', booking, post);
    const push = await waitFor(
      () => t.pushed.find((p) => p.key.startsWith(`booking:${booking.id}:declined`)),
      10_000,
      'the push',
    );
    expect(JSON.stringify(push.replies)).toContain(`ご予約（受付番号 ${booking.reference}）`);
    expect(JSON.stringify(push.replies)).toContain('お受けできませんでした');
    expect((await t.bookings!.get(booking.reference))?.status).toBe('declined');
    await waitFor(() => !hasButtons(post), 10_000, 'the redraw');
    expect(statusOf(post)).toContain(`<@${staff.bob}>`);
  });

  it('propose another date: opens a modal, validates it, and applies the proposal', async () => {
    const { booking, post } = await submitted();
    await click(staff.bob, 'booking_propose', booking, post);
    const opened = await waitFor(() => t.slack.openedViews.at(-1));
    const view = opened.view as { callback_id: string; private_metadata: string };
    expect(view.callback_id).toBe('booking_propose_modal');
    expect(JSON.stringify(opened.view)).toContain('datetimepicker');

    const past = await t.submitView(staff.bob, view, {
      propose_date_1: { when: { type: 'datetimepicker', selected_date_time: 1_600_000_000 } },
      propose_note: { note: { type: 'plain_text_input', value: null } },
    });
    expect(await past.json()).toMatchObject({ response_action: 'errors' });

    const when = Math.floor(Date.now() / 1000) + 7 * 86_400;
    const ok = await t.submitView(staff.bob, view, {
      propose_date_1: { when: { type: 'datetimepicker', selected_date_time: when } },
      propose_date_2: { when: { type: 'datetimepicker', selected_date_time: null } },
      propose_note: { note: { type: 'plain_text_input', value: '午後でも伺えます' } },
    });
    expect(ok.status).toBe(200);
    await waitFor(() => statusOf(post).includes('別の日時を提案しました'), 10_000, 'the redraw');
    const stored = await t.bookings!.get(booking.reference);
    expect(stored?.status).toBe('alternative_proposed');
    expect(stored?.proposedDates.map((d) => d.getTime())).toEqual([when * 1000]);
  });

  it('a cancellation by the user lands in the thread and closes the buttons', async () => {
    const { booking, post } = await submitted();
    await t.bookings!.cancelByUser(booking.id, { channel: 'line', userId: booking.userId });
    await waitFor(() =>
      t.slack.messagesIn(post.channel, post.ts).find((m) => m.text.includes('取り消しました')),
    );
    await waitFor(() => !hasButtons(post), 10_000, 'the buttons to go');
    expect(statusOf(post)).toContain('取り消しました');
  });
});
