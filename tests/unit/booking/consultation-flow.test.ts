import { describe, expect, it } from 'vitest';
import { createDriver, textOf } from './flow-driver.ts';

describe('consultation flow', () => {
  it('books a consultation from start to reference number', async () => {
    const d = createDriver('consultation');
    let step = await d.start();
    expect(textOf(step)).toContain('個人情報の取り扱い');
    step = await d.tap('consultation:consent:yes');
    expect(textOf(step)).toContain('テーマ');
    step = await d.say('メンタルヘルス対策');
    expect(textOf(step)).toContain('相談の方法');
    step = await d.say('電話');
    expect(textOf(step)).toContain('都道府県');
    step = await d.say('東京都');
    expect(textOf(step)).toContain('お立場');
    step = await d.say('人事労務担当者');
    expect(textOf(step)).toContain('事業場（会社）のお名前');
    step = await d.say('株式会社さんぽ');
    expect(textOf(step)).toContain('人数');
    step = await d.say('120人');
    expect(textOf(step)).toContain('お名前');
    step = await d.say('山田太郎');
    expect(textOf(step)).toContain('電話番号かメールアドレス');
    step = await d.say('03-1234-5678');
    expect(textOf(step)).toContain('ご希望の日時');
    step = await d.say('12月3日 10時');
    expect(textOf(step)).toContain('あと2つまで');
    step = await d.tap('consultation:dates:done');
    expect(textOf(step)).toContain('ご相談になりたい内容');
    step = await d.say('ストレスチェック後の職場環境改善の進め方');
    expect(step.replies[0]).toMatchObject({ type: 'summary', title: '専門的相談のお申し込み内容' });
    expect(textOf(step)).toContain('申し込み先: 東京産業保健総合支援センター');
    expect(textOf(step)).toContain('希望日時: 12月3日（木）10:00〜');
    expect(d.desk.bookings).toHaveLength(0);

    step = await d.tap('consultation:submit');
    expect(step.status).toBe('done');
    expect(textOf(step)).toContain('受付番号は C-2611-0001 です');
    expect(d.desk.bookings).toHaveLength(1);
    const booking = await d.repo.getByReference('C-2611-0001');
    expect(booking).toMatchObject({
      kind: 'consultation',
      centerId: 'tokyo',
      desk: 'center',
      topic: 'メンタルヘルス対策',
      method: '電話',
      headcount: { min: 120, max: 120 },
      contactName: '山田太郎',
      contact: { kind: 'phone', value: '03-1234-5678' },
      preferredDates: [{ date: '2026-12-03', time: '10:00' }],
      consentNotice: 'booking-consent@1:90/1095',
    });
    expect(booking?.consentAt).toEqual(new Date('2026-11-24T01:00:00Z'));
  });

  it('takes several answers at once and asks only for what is missing', async () => {
    const d = createDriver('consultation');
    await d.start();
    await d.tap('consultation:consent:yes');
    const step = await d.say('東京の製造業で従業員30人、人事の山田です。電話で相談したいです');
    expect(textOf(step)).toContain('を承りました');
    // Topic is still missing; the rest is known.
    expect(textOf(step)).toContain('テーマ');
    await d.say('長時間労働');
    const next = await d.say('株式会社さんぽ製作所');
    expect(textOf(next)).toContain('電話番号かメールアドレス');
    expect(d.state()).toMatchObject({
      draft: {
        prefecture: '東京都',
        headcount: { min: 30, max: 30 },
        name: '山田',
        method: '電話',
        industry: '製造業',
      },
    });
  });

  it('keeps no personal details given before consent', async () => {
    const d = createDriver('consultation');
    await d.start('東京の会社で人事の山田です。電話03-1234-5678で相談したい');
    expect(d.state()).toMatchObject({ draft: { prefecture: '東京都', method: '電話' } });
    expect(JSON.stringify(d.state())).not.toContain('山田');
    expect(JSON.stringify(d.state())).not.toContain('1234');
  });

  it('cancels when consent is refused, storing nothing', async () => {
    const d = createDriver('consultation');
    await d.start();
    const step = await d.tap('consultation:consent:no');
    expect(step.status).toBe('cancelled');
    expect(step.state).toBeNull();
    expect(await d.repo.listForUser('line', 'U1', 10)).toEqual([]);
  });

  it('skips dates for e-mail consultations', async () => {
    const d = await filledUpTo('contact', 'メール');
    const step = await d.say('yamada@example.co.jp');
    expect(textOf(step)).toContain('ご相談になりたい内容');
  });

  it('refuses past dates, holidays, weekends and 年末年始, keeping the good ones', async () => {
    const d = await filledUpTo('dates');
    let step = await d.say('11月20日');
    expect(textOf(step)).toContain('過ぎています');
    step = await d.say('1月11日の午前');
    expect(textOf(step)).toContain('祝日（成人の日）');
    step = await d.say('12月29日');
    expect(textOf(step)).toContain('年末年始');
    step = await d.say('11月28日、12月1日の午後');
    expect(textOf(step)).toContain('土日のため');
    expect(textOf(step)).toContain('あと2つまで');
    expect(d.state()).toMatchObject({ draft: { dates: [{ date: '2026-12-01', part: 'afternoon' }] } });
  });

  it('accepts the date picker and finishes dates at three', async () => {
    const d = await filledUpTo('dates');
    await d.tap('consultation:date', { datetime: '2026-12-02T10:00' });
    await d.tap('consultation:date', { datetime: '2026-12-03T14:00' });
    const step = await d.tap('consultation:date', { datetime: '2026-12-04T09:30' });
    expect(textOf(step)).toContain('ご相談になりたい内容');
  });

  it('re-asks a bad phone number and a bad e-mail address', async () => {
    const d = await filledUpTo('contact');
    let step = await d.say('090-1234-567');
    expect(textOf(step)).toContain('桁数が合わない');
    expect(step.status).toBe('active');
    step = await d.say('yamada@example');
    expect(textOf(step)).toContain('メールアドレスの形式');
    step = await d.say('０９０ー１２３４ー５６７８');
    expect(textOf(step)).toContain('ご希望の日時');
  });

  it('changes an answer from free text in the middle', async () => {
    const d = await filledUpTo('dates');
    let step = await d.say('電話番号を変更したい');
    expect(textOf(step)).toContain('電話番号かメールアドレス');
    step = await d.say('080-9999-0000');
    expect(d.state()).toMatchObject({ draft: { contact: { kind: 'phone', value: '080-9999-0000' } } });
    expect(textOf(step)).toContain('ご希望の日時');
  });

  it('corrects a field from the summary and comes back to it', async () => {
    const d = await filledToSummary();
    let step = await d.tap('consultation:edit');
    expect(textOf(step)).toContain('どの項目を修正しますか');
    const choices = step.replies[0]?.type === 'text' ? step.replies[0].quickReplies : [];
    expect(choices?.length).toBeLessThanOrEqual(13);
    step = await d.tap('consultation:edit:headcount');
    expect(textOf(step)).toContain('人数');
    step = await d.say('40人');
    expect(step.replies[0]).toMatchObject({ type: 'summary' });
    expect(textOf(step)).toContain('従業員数: 40人');
  });

  it('replaces a value said on the summary directly', async () => {
    const d = await filledToSummary();
    const step = await d.say('連絡先をyamada@example.jpに変更します');
    expect(step.replies[0]).toMatchObject({ type: 'summary' });
    expect(textOf(step)).toContain('メール yamada@example.jp');
  });

  it('cancels at any time with やめる', async () => {
    const d = await filledUpTo('name');
    const step = await d.say('やめる');
    expect(step.status).toBe('cancelled');
    expect(d.desk.bookings).toHaveLength(0);
  });

  it('hands a question in the middle to the engine and repeats the pending question', async () => {
    const d = await filledUpTo('prefecture');
    const step = await d.say('ところで地産保って無料ですか？');
    expect(step.status).toBe('not_understood');
    expect(textOf({ ...step, replies: d.pending() })).toContain('都道府県');
    // The flow goes on where it was.
    const next = await d.say('大阪府');
    expect(textOf(next)).toContain('お立場');
  });

  it('routes a small workplace asking for 面接指導 to the regional desk', async () => {
    const d = createDriver('consultation');
    await d.start();
    await d.tap('consultation:consent:yes');
    await d.say('健康診断・面接指導');
    await d.say('面談');
    await d.say('神奈川県の事業場で従業員20人、事業主の佐藤です');
    await d.say('有限会社さとう');
    await d.say('0466-12-3456');
    await d.tap('consultation:dates:none');
    const summary = await d.say('長時間労働者の面接指導をお願いしたい');
    expect(textOf(summary)).toContain('地域窓口（地域産業保健センター）');
    const done = await d.tap('consultation:submit');
    expect(textOf(done)).toContain('地域窓口');
    expect((await d.repo.getByReference('C-2611-0001'))?.desk).toBe('regional');
  });

  it('sends self-employed people to staff review', async () => {
    const d = createDriver('consultation');
    await d.start();
    await d.tap('consultation:consent:yes');
    await d.say('その他');
    await d.say('電話');
    await d.say('福岡県');
    let step = await d.say('個人事業主・一人親方');
    expect(textOf(step)).toContain('特別加入者');
    step = await d.tap('consultation:special:yes');
    expect(textOf(step)).toContain('お名前');
    await d.say('田中');
    step = await d.say('092-123-4567');
    expect(textOf(step)).toContain('ご相談になりたい内容');
    await d.say('自分の健康診断の結果について相談したい');
    const done = await d.tap('consultation:submit');
    expect(textOf(done)).toContain('個人事業主・一人親方の方へのご支援');
    const booking = await d.repo.getByReference('C-2611-0001');
    expect(booking).toMatchObject({
      needsStaffReview: true,
      selfEmployed: true,
      specialInsurance: 'yes',
      centerId: 'fukuoka',
    });
    expect(d.desk.bookings[0]?.rows.some((row) => row.label === '確認事項')).toBe(true);
  });

  it('stores one booking when submit arrives twice', async () => {
    const d = await filledToSummary();
    const state = d.state();
    await d.tap('consultation:submit');
    // A retried turn: the engine replays the same state.
    const again = createDriverFromState(d, state);
    await again;
    expect(await d.repo.listForUser('line', 'U1', 10)).toHaveLength(1);
  });

  it('starts afresh when the stored state no longer validates', async () => {
    const d = createDriver('consultation');
    const step = await d.say('東京都');
    expect(textOf(step)).toContain('最初からお伺いします');
    expect(step.status).toBe('active');
  });
});

async function createDriverFromState(d: ReturnType<typeof createDriver>, state: unknown) {
  const { createBookingFlow } = await import('../../../src/core/booking/booking-flow.ts');
  const flow = createBookingFlow('consultation', { service: d.service, centers: d.centers });
  return flow.step(
    state,
    { postback: { data: 'consultation:submit' } },
    {
      userId: 'U1',
      channel: 'line',
      isGroup: false,
      now: d.clock.now(),
      conversationId: 'conv-1',
      eventId: 'ev-retry',
    },
  );
}

/** A consultation with every answer up to (not including) `field`. */
async function filledUpTo(field: 'prefecture' | 'name' | 'contact' | 'dates', method = '電話') {
  const d = createDriver('consultation');
  await d.start();
  await d.tap('consultation:consent:yes');
  await d.say('メンタルヘルス対策');
  await d.say(method);
  if (field === 'prefecture') return d;
  await d.say('東京都');
  await d.say('人事労務担当者');
  await d.say('株式会社さんぽ');
  await d.say('120人');
  if (field === 'name') return d;
  await d.say('山田太郎');
  if (field === 'contact') return d;
  await d.say('03-1234-5678');
  return d;
}

async function filledToSummary() {
  const d = await filledUpTo('dates');
  await d.say('12月3日 10時');
  await d.tap('consultation:dates:done');
  await d.say('ストレスチェック後の職場環境改善の進め方');
  return d;
}
