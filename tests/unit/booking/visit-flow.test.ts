import { describe, expect, it } from 'vitest';
import { createBookingPostbacks, isBookingListRequest } from '../../../src/core/booking/booking-postbacks.ts';
import type { FlowContext } from '../../../src/core/conversation/flow.ts';
import type { InboundMessage } from '../../../src/core/message.ts';
import { createDriver, textOf } from './flow-driver.ts';

describe('visit flow', () => {
  it('books a workplace visit with address and purpose', async () => {
    const d = createDriver('visit');
    let step = await d.start('メンタルヘルス対策の個別訪問支援を申し込みたいです');
    expect(textOf(step)).toContain('個別訪問支援のお申し込み');
    step = await d.tap('visit:consent:yes');
    // The topic came with the first message: the next question is the purpose.
    expect(textOf(step)).toContain('訪問で希望される支援');
    step = await d.say('管理監督者向けの研修');
    expect(textOf(step)).toContain('都道府県');
    await d.say('愛知県');
    await d.say('衛生管理者・衛生推進者');
    step = await d.say('株式会社あいち製作所');
    expect(textOf(step)).toContain('所在地');
    step = await d.say('愛知県名古屋市中区1-2-3');
    expect(textOf(step)).toContain('人数');
    await d.say('80人');
    await d.say('鈴木花子');
    await d.say('suzuki@example.co.jp');
    step = await d.say('来週火曜の午後と12月3日 10時');
    expect(textOf(step)).toContain('あと1つまで');
    await d.tap('visit:dates:done');
    step = await d.say('管理職向けのラインケア研修を社内で開きたい');
    expect(textOf(step)).toContain('事業場の所在地: 愛知県名古屋市中区1-2-3');
    expect(textOf(step)).toContain('希望日時: 12月1日（火）午後\n12月3日（木）10:00〜');
    const done = await d.tap('visit:submit');
    expect(textOf(done)).toContain('受付番号は V-2611-0001 です');
    expect(await d.repo.getByReference('V-2611-0001')).toMatchObject({
      kind: 'visit',
      method: null,
      centerId: 'aichi',
      address: '愛知県名古屋市中区1-2-3',
      purpose: '管理監督者向けの研修',
      contact: { kind: 'email', value: 'suzuki@example.co.jp' },
    });
  });

  it('routes a small workplace asking for 保健指導 to the regional desk', async () => {
    const d = createDriver('visit');
    await d.start();
    await d.tap('visit:consent:yes');
    await d.say('健康診断・面接指導');
    await d.say('保健指導');
    await d.say('長野県で従業員15人の会社、社長の中村です');
    await d.say('中村工務店');
    await d.say('長野県松本市1-1');
    await d.say('0263-12-3456');
    await d.tap('visit:dates:none');
    const summary = await d.say('健診結果をもとに保健指導をお願いしたい');
    expect(textOf(summary)).toContain('長野産業保健総合支援センター 地域窓口');
  });
});

describe('booking postbacks', () => {
  const ctx = (userId = 'U1'): FlowContext => ({
    userId,
    channel: 'line',
    isGroup: false,
    now: new Date('2026-11-24T01:00:00Z'),
    conversationId: 'conv-1',
    eventId: 'ev-x',
  });
  const message = {} as InboundMessage;

  it('recognises typed requests for the list', () => {
    expect(isBookingListRequest('予約の確認')).toBe(true);
    expect(isBookingListRequest('予約を確認したい')).toBe(true);
    expect(isBookingListRequest('予約状況')).toBe(true);
    expect(isBookingListRequest('予約したい')).toBe(false);
  });

  it('lists, asks before cancelling, cancels, and hides others’ bookings', async () => {
    const d = createDriver('consultation');
    await d.start();
    await d.tap('consultation:consent:yes');
    await d.say('東京の会社で従業員30人、人事の山田です。電話で相談したいです');
    await d.say('メンタルヘルス対策');
    await d.say('株式会社さんぽ');
    await d.say('03-1234-5678');
    await d.tap('consultation:dates:none');
    await d.say('研修の相談');
    await d.tap('consultation:submit');
    const handler = createBookingPostbacks(d.service);
    const booking = (await d.service.listForUser({ channel: 'line', userId: 'U1' }))[0]!;

    const list = await handler.handle(message, 'list', ctx());
    expect(list.replies[1]).toMatchObject({ type: 'summary', title: `受付番号 ${booking.reference}` });

    const other = await handler.handle(message, 'list', ctx('U2'));
    expect(textOf({ state: null, status: 'active', replies: other.replies })).toContain('予約はありません');
    const stolen = await handler.handle(message, `cancel-confirm:${booking.id}`, ctx('U2'));
    expect(textOf({ state: null, status: 'active', replies: stolen.replies })).toContain('見つかりません');

    const ask = await handler.handle(message, `cancel:${booking.id}`, ctx());
    expect(textOf({ state: null, status: 'active', replies: ask.replies })).toContain('取り消しますか');
    const done = await handler.handle(message, `cancel-confirm:${booking.id}`, ctx());
    expect(textOf({ state: null, status: 'active', replies: done.replies })).toContain('取り消しました');
    expect(d.desk.cancellations).toHaveLength(1);
  });
});
