/**
 * Flood control against bookings (throttle.ts), through the real engine, booking feature and database
 * bucket with the limiter's production defaults, and a frozen clock so nothing refills: the worst case for
 * a person tapping fast. A person answering a booking flow is never throttled, not even after using up
 * their typed messages; a script flooding taps, or flooding questions through an open flow, still is; and a
 * crisis message is never throttled.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConversationEngine } from '../../../src/composition/build-engine.ts';
import { floodLaneOf, stepCost } from '../../../src/core/conversation/throttle.ts';
import type { ConversationEngine } from '../../../src/core/engine.ts';
import type { InboundMessage, OutboundReply, Route } from '../../../src/core/message.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createDbRateLimiter } from '../../../src/infra/db/rate-limit.repo.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { loadCenters, loadHotlines } from '../../../src/infra/settings/load-settings.ts';
import { createBookingExtensions } from '../../conversations/support/booking-extensions.ts';
import { createFakeKnowledge } from '../../conversations/support/fake-knowledge.ts';
import { createRecordingStaffDesk } from '../../conversations/support/recording-staff-desk.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';

const throttleNotice = '少しのあいだ自動でのお返事を控えています';
/** The production limiter's defaults (createDbRateLimiter(db) in start-core.ts). */
const typedBurst = 20;
const stepBurst = typedBurst / stepCost;

const userId = () => `U${randomBytes(16).toString('hex')}`;
const textOf = (replies: OutboundReply[]) =>
  replies.map((r) => (r.type === 'text' ? r.text : r.type === 'summary' ? JSON.stringify(r) : '')).join('\n');

interface Turn {
  replies: OutboundReply[];
  route: Route | undefined;
  text: string;
}

describe(`flood control vs booking (${testDbKind})`, () => {
  let db: Db;
  let engine: ConversationEngine;
  let knowledgeCalls: () => number;
  const now = new Date('2026-11-25T10:00:00+09:00');
  let n = 0;

  const send = async (
    from: string,
    input: { text: string } | { data: string; params?: Record<string, string> },
  ): Promise<Turn> => {
    const message: InboundMessage = {
      channel: 'line',
      userId: from,
      conversationId: from,
      isGroup: false,
      receivedAt: now,
      eventId: `flood-booking-${n++}-${randomBytes(4).toString('hex')}`,
      ...('text' in input
        ? { kind: 'text', text: input.text }
        : {
            kind: 'postback',
            postback: { data: input.data, ...(input.params ? { params: input.params } : {}) },
          }),
    };
    const result = await engine.handle(message);
    return { replies: result.replies, route: result.decision?.route, text: textOf(result.replies) };
  };

  /** A whole consultation booking, every step at the same instant, with a correction; returns each turn. */
  const bookConsultation = async (from: string): Promise<Turn[]> => {
    const steps: Parameters<typeof send>[1][] = [
      { data: 'menu:consultation' },
      { data: 'consultation:consent:yes' },
      { text: 'メンタルヘルス対策' },
      { text: 'オンライン' },
      { text: '東京都' },
      { text: '人事労務担当者' },
      { text: '株式会社さんぽ商事' },
      { text: '100〜299人' },
      { text: '山田花子' },
      { text: '03-1234-5678' },
      { data: 'consultation:date', params: { datetime: '2026-12-03T10:00' } },
      { data: 'consultation:date', params: { datetime: '2026-12-04T14:00' } },
      { data: 'consultation:dates:done' },
      { text: 'ストレスチェックの集団分析の活かし方を相談したい' },
      { data: 'consultation:edit' },
      { data: 'consultation:edit:contact' },
      { text: 'hanako@example.co.jp' },
      { data: 'consultation:submit' },
      { data: 'booking:list' },
    ];
    const turns: Turn[] = [];
    for (const step of steps) turns.push(await send(from, step));
    return turns;
  };

  beforeAll(async () => {
    db = await openTestDb();
    const knowledge = createFakeKnowledge();
    knowledgeCalls = () => knowledge.calls.length;
    const clock = { now: () => now };
    const logger = createLogger({ level: 'silent' });
    const staffDesk = createRecordingStaffDesk();
    engine = buildConversationEngine({
      db,
      knowledge,
      staffDesk,
      hotlines: await loadHotlines('settings'),
      centers: (await loadCenters('settings')).list(),
      clock,
      logger,
      rateLimiter: createDbRateLimiter(db),
      ...(await createBookingExtensions({ db, staffDesk, clock, logger })),
    }).engine;
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  it('counts taps and answers in a flow as steps, and typed messages outside a flow as typed', () => {
    expect(floodLaneOf({ kind: 'postback' }, false)).toBe('step');
    expect(floodLaneOf({ kind: 'postback' }, true)).toBe('step');
    expect(floodLaneOf({ kind: 'text' }, true)).toBe('step');
    expect(floodLaneOf({ kind: 'text' }, false)).toBe('typed');
  });

  it('a person tapping through two bookings at once, after using up their typed messages, is never throttled', async () => {
    const person = userId();
    // Questions first, until the typed bucket is empty: the next one is throttled.
    for (let i = 0; i < typedBurst; i++) {
      expect((await send(person, { text: `ストレスチェックについて質問${i}` })).text).not.toContain(
        throttleNotice,
      );
    }
    expect((await send(person, { text: 'もうひとつ質問です' })).text).toContain(throttleNotice);

    for (const attempt of [1, 2]) {
      const turns = await bookConsultation(person);
      expect(turns.filter((t) => t.replies.length === 0 || t.text.includes(throttleNotice))).toEqual([]);
      const submitted = turns.at(-2)!;
      expect(submitted.text).toMatch(/受付番号は C-\d{4}-\d+/);
      expect(turns.at(-1)!.text).toContain('お申し込みの状況');
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM bookings WHERE user_id = $1 AND contact_value = 'hanako@example.co.jp'`,
        [person],
      );
      expect(rows[0]?.n).toBe(attempt);
    }
  });

  it('a script flooding taps is still throttled: one notice, then silence', async () => {
    const script = userId();
    const turns: Turn[] = [];
    for (let i = 0; i < stepBurst + 10; i++) turns.push(await send(script, { data: 'menu:ask' }));
    expect(
      turns.slice(0, stepBurst).every((t) => t.replies.length > 0 && !t.text.includes(throttleNotice)),
    ).toBe(true);
    expect(turns[stepBurst]?.text).toContain(throttleNotice);
    expect(turns.slice(stepBurst + 1).every((t) => t.replies.length === 0)).toBe(true);
  });

  it('a script flooding questions through an open flow reaches the knowledge base only at the typed rate', async () => {
    const script = userId();
    for (const step of [
      { data: 'menu:consultation' },
      { data: 'consultation:consent:yes' },
      { text: 'メンタルヘルス対策' },
      { text: '電話' },
    ]) {
      await send(script, step);
    }
    const before = knowledgeCalls();
    const turns: Turn[] = [];
    for (let i = 0; i < 40; i++) turns.push(await send(script, { text: 'ところで地産保って無料ですか？' }));
    // Questions mid-flow are answered (and the booking question repeated) up to the typed burst…
    expect(knowledgeCalls() - before).toBe(typedBurst);
    expect(turns[0]?.route).toBe('answer');
    expect(turns[0]?.text).toContain('都道府県を教えてください');
    // …then told once, and from then on only the flow's own question is repeated, without the model.
    expect(turns[typedBurst]?.text).toContain(throttleNotice);
    const rest = turns.slice(typedBurst + 1);
    expect(
      rest.every((t) => !t.text.includes(throttleNotice) && t.text.includes('都道府県を教えてください')),
    ).toBe(true);
    // The flow is still open and takes an answer.
    expect((await send(script, { text: '福岡県' })).text).toContain('お立場');
  });

  it('never throttles a crisis message, in a flow or out of one, whatever was sent before', async () => {
    const script = userId();
    for (let i = 0; i < typedBurst + 5; i++) await send(script, { text: `質問${i}` });
    for (let i = 0; i < stepBurst + 5; i++) await send(script, { data: 'menu:ask' });
    const outside = await send(script, { text: 'もう死にたい' });
    expect(outside.route).toBe('crisis');
    expect(outside.text).toContain('119');

    const booking = userId();
    await send(booking, { data: 'menu:visit' });
    await send(booking, { data: 'visit:consent:yes' });
    for (let i = 0; i < stepBurst + 5; i++) await send(booking, { text: '作業環境' });
    const inFlow = await send(booking, { text: '死にたいです' });
    expect(inFlow.route).toBe('crisis');
    expect(inFlow.text).toContain('119');
  });
});
