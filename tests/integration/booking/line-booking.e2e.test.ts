/**
 * A booking through LINE, end to end, on the app exactly as `npm start` builds it (startApp with LINE and
 * Slack configured, the real engine, the booking feature and the durable queue), both platforms emulated.
 *
 * Consultation: 相談を予約 (postback) → consent → several answers in one message → the datetime picker →
 * summary (Flex) → 修正する → a corrected answer → 送信する; the request reaches the routed center's own
 * Slack channel (Tokyo has one in this test's settings); a signed Accept click, clicked twice as a retried
 * click would be, tells the user exactly once by push with a retry key; 「予約の確認」 lists it and the
 * user cancels it, which lands in the request's thread.
 * Visit: typed request → consent → answers → the request reaches the default staff channel, routed to the
 * regional desk (under 50 workers asking for 面接指導); staff propose another date in the modal, the user
 * gets it by push and picks it on LINE, which books it.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  fromTokyo,
  holidayName,
  isYearEndClosure,
  toTokyoDate,
  weekdayOf,
} from '../../../src/core/booking/calendar.ts';
import type { Delivery } from '../../fakes/line-emulator.ts';
import { type SlackEmulator, type StoredMessage, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { envelope, lineUserId, postbackEvent, textEvent } from '../line/line-harness.ts';
import { startTestApp, type TestApp } from '../ops/app-harness.ts';
import {
  buttonClick,
  sign,
  slackEnv,
  staff,
  staffChannel,
  tokyoChannel,
  viewSubmission,
  waitFor,
} from '../slack/slack-harness.ts';

/** Starting the whole app (every migration, pg-boss, indexing the corpus) takes long on a busy runner. */
const setupTimeoutMs = 240_000;

/** The first business day at least a week ahead (no weekend, national holiday or 12/29–1/3). */
function businessDayAhead(now: Date): string {
  let date = addDays(toTokyoDate(now), 7);
  while ([0, 6].includes(weekdayOf(date)) || holidayName(date) !== null || isYearEndClosure(date)) {
    date = addDays(date, 1);
  }
  return date;
}

/** Buttons of a delivery (quick replies and Flex buttons): label → postback data or message text. */
function buttonsOf(delivery: Delivery): Map<string, string> {
  const buttons = new Map<string, string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const action = (node as { action?: Record<string, string> }).action;
    if (action?.label !== undefined) buttons.set(action.label, action.data ?? action.text ?? '');
    for (const value of Object.values(node)) visit(value);
  };
  visit(delivery.messages);
  return buttons;
}

const contentOf = (delivery: Delivery) => JSON.stringify(delivery.messages);

describe('a booking on LINE, end to end through the Slack booking desk', () => {
  let slack: SlackEmulator;
  let t: TestApp;
  let settingsDir: string;

  beforeAll(async () => {
    // The real settings, with the Tokyo center given its own staff channel.
    settingsDir = await mkdtemp(join(tmpdir(), 'sanpo-settings-'));
    await cp('settings', settingsDir, { recursive: true });
    const centersPath = join(settingsDir, 'centers.yaml');
    const centers = await readFile(centersPath, 'utf8');
    const tokyo = /(- id: tokyo\n(?:\s{4}.*\n)*?\s{4}slack_channel:) null/;
    expect(centers).toMatch(tokyo);
    await writeFile(centersPath, centers.replace(tokyo, `$1 ${tokyoChannel}`));

    slack = await startSlackEmulator();
    slack.setChannelMembers(staffChannel, [staff.alice, staff.bob, slack.botUserId]);
    slack.setChannelMembers(tokyoChannel, [staff.alice, slack.botUserId]);
    t = await startTestApp({
      line: true,
      env: {
        SETTINGS_DIR: settingsDir,
        ...slackEnv(slack),
      },
      app: { queue: { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 } },
    });
  }, setupTimeoutMs);

  afterAll(async () => {
    await t?.close();
    await slack?.close();
    if (settingsDir !== undefined) await rm(settingsDir, { recursive: true, force: true });
  });

  afterEach(() => {
    expect(t.line?.violations).toEqual([]);
    expect(slack.violations).toEqual([]);
  });

  const line = () => t.line!;

  /** Posts one signed webhook event and returns the reply it gets (the next delivery to the user). */
  async function turn(
    userId: string,
    event: { text: string } | { data: string; params?: Record<string, string> },
  ): Promise<Delivery> {
    const before = line().deliveriesTo(userId).length;
    const replyToken = line().issueReplyToken({ to: userId });
    const body =
      'text' in event
        ? envelope(textEvent({ userId, text: event.text, replyToken }))
        : envelope(postbackEvent({ userId, replyToken, ...event }));
    expect((await t.postLine(body)).status).toBe(200);
    await waitFor(() => line().deliveriesTo(userId).length > before, 30_000, 'the reply on LINE');
    const delivery = line().deliveriesTo(userId)[before]!;
    expect(delivery.via).toBe('reply');
    return delivery;
  }

  const toSlack = (payload: Record<string, unknown>) => {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${t.app.url}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': sign(body, timestamp),
      },
    });
  };

  const bookingPost = (channel: string, reference: string) =>
    waitFor(
      () => slack.messagesIn(channel).find((m) => m.threadTs === undefined && m.text.includes(reference)),
      30_000,
      `the booking post for ${reference}`,
    );

  /** The value of the post's Accept button: the booking id. */
  const bookingIdOf = (post: StoredMessage) =>
    (post.blocks as { elements?: { action_id?: string; value?: string }[] }[])
      .flatMap((block) => block.elements ?? [])
      .find((element) => element.action_id === 'booking_accept')?.value;

  it('consultation: answers, picker, correction, confirm → Tokyo channel → Accept → one push → list → cancel', async () => {
    const userId = lineUserId();
    const day = businessDayAhead(new Date());

    // 相談を予約 from the rich menu: the consent notice comes first.
    const intro = await turn(userId, { data: 'menu:consultation' });
    expect(contentOf(intro)).toContain('専門的相談');
    expect(contentOf(intro)).toContain('個人情報の取り扱い');
    expect(buttonsOf(intro).get('同意する')).toBe('consultation:consent:yes');

    const topicPrompt = await turn(userId, { data: 'consultation:consent:yes' });
    expect(contentOf(topicPrompt)).toContain('テーマ');

    // Several answers in one message: prefecture, industry, headcount, role, name and method.
    const several = await turn(userId, {
      text: '東京都の製造業で従業員120人、人事の山田です。オンラインで相談したいです',
    });
    expect(contentOf(several)).toContain('承りました');
    expect(contentOf(several)).toContain('テーマ');
    expect(contentOf(several)).not.toContain('都道府県を教えて');

    // Quick replies send their label as text.
    const topics = buttonsOf(topicPrompt);
    expect(topics.get('メンタルヘルス対策')).toBe('メンタルヘルス対策');
    expect(contentOf(await turn(userId, { text: 'メンタルヘルス対策' }))).toContain('事業場（会社）のお名前');
    expect(contentOf(await turn(userId, { text: '株式会社さんぽ商事' }))).toContain(
      '電話番号かメールアドレス',
    );
    const datesPrompt = await turn(userId, { text: '03-1234-5678' });
    expect(contentOf(datesPrompt)).toContain('ご希望の日時');
    expect(buttonsOf(datesPrompt).get('日時をえらぶ')).toBe('consultation:date');
    expect(contentOf(datesPrompt)).toContain('"mode":"datetime"');

    // LINE's datetime picker answers with params.datetime.
    const picked = await turn(userId, { data: 'consultation:date', params: { datetime: `${day}T10:00` } });
    expect(contentOf(picked)).toContain('あと2つまで');
    expect(contentOf(await turn(userId, { data: 'consultation:dates:done' }))).toContain(
      'ご相談になりたい内容',
    );

    const summary = await turn(userId, { text: 'ストレスチェックの集団分析を職場環境の改善に活かしたい' });
    expect(summary.messages.some((m) => m.type === 'flex')).toBe(true);
    for (const part of ['東京産業保健総合支援センター', 'オンライン', '120人', '03-1234-5678', '10:00']) {
      expect(contentOf(summary)).toContain(part);
    }
    expect(buttonsOf(summary).get('修正する')).toBe('consultation:edit');

    // Correct the contact from the summary: 修正する → 連絡先 → a new answer → back to the summary.
    const choose = await turn(userId, { data: 'consultation:edit' });
    expect(contentOf(choose)).toContain('どの項目を修正しますか');
    const editContact = [...buttonsOf(choose).values()].find((data) => data === 'consultation:edit:contact');
    expect(editContact).toBeDefined();
    expect(contentOf(await turn(userId, { data: editContact! }))).toContain('電話番号かメールアドレス');
    const corrected = await turn(userId, { text: 'yamada@example.co.jp' });
    expect(contentOf(corrected)).toContain('yamada@example.co.jp');
    expect(contentOf(corrected)).not.toContain('03-1234-5678');
    expect(buttonsOf(corrected).get('送信する')).toBe('consultation:submit');

    const done = await turn(userId, { data: 'consultation:submit' });
    const reference = contentOf(done).match(/受付番号は (C-\d{4}-\d+)/)?.[1];
    expect(reference).toBeDefined();
    expect(contentOf(done)).toContain('東京産業保健総合支援センターの担当者');

    // The request reaches the Tokyo center's own channel, with the three buttons.
    const post = await bookingPost(tokyoChannel, reference!);
    expect(JSON.stringify(post.blocks)).toContain('booking_propose');
    expect(slack.messagesIn(staffChannel).some((m) => m.text.includes(reference!))).toBe(false);
    const bookingId = bookingIdOf(post);
    expect(bookingId).toBeDefined();

    // Alice accepts; the click is repeated as a retried click would be.
    const accept = () =>
      toSlack(
        buttonClick(slack, {
          user: staff.alice,
          channel: tokyoChannel,
          actionId: 'booking_accept',
          value: bookingId!,
          messageTs: post.ts,
        }),
      );
    expect((await accept()).status).toBe(200);
    const outcome = (d: Delivery) => d.via === 'push' && contentOf(d).includes('お受けしました');
    const pushed = await waitFor(
      () => line().deliveriesTo(userId).find(outcome),
      30_000,
      'the outcome pushed on LINE',
    );
    expect(contentOf(pushed)).toContain(reference!);
    expect(pushed.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    expect((await accept()).status).toBe(200);
    await waitFor(
      () =>
        JSON.stringify(post.blocks).includes('承諾しました') &&
        !JSON.stringify(post.blocks).includes('booking_accept'),
      30_000,
      'the post redrawn as accepted',
    );
    // The repeated click has had time to run (its job and push go through the same queue).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(line().deliveriesTo(userId).filter(outcome)).toHaveLength(1);

    // 「予約の確認」 lists it, accepted, with a way to cancel.
    const list = await turn(userId, { text: '予約の確認' });
    expect(contentOf(list)).toContain(reference!);
    const cancel = [...buttonsOf(list).entries()].find(([label]) => label === '予約を取り消す')?.[1];
    expect(cancel).toBe(`booking:cancel:${bookingId}`);
    const ask = await turn(userId, { data: cancel! });
    expect(contentOf(ask)).toContain('取り消しますか');
    const cancelled = await turn(userId, { data: buttonsOf(ask).get('取り消す')! });
    expect(contentOf(cancelled)).toContain(`受付番号 ${reference}`);
    expect(contentOf(cancelled)).toContain('取り消しました');
    await waitFor(
      () => slack.messagesIn(tokyoChannel, post.ts).some((m) => m.text.includes('取り消しました')),
      30_000,
      'the cancellation in the thread',
    );
    const stored = await t.app.db.query<{ status: string }>(
      'SELECT status FROM bookings WHERE reference = $1',
      [reference],
    );
    expect(stored.rows).toEqual([{ status: 'cancelled' }]);

    // Nothing the user wrote reached the logs (the app logs at debug level here).
    expect(t.logs.length).toBeGreaterThan(0);
    for (const text of [
      '山田',
      '03-1234-5678',
      'yamada@example.co.jp',
      'さんぽ商事',
      'ストレスチェックの集団分析',
    ]) {
      expect(t.logs.filter((l) => l.includes(text))).toEqual([]);
    }
  }, 240_000);

  it('visit: typed request → answers → default channel, regional desk → proposed date picked on LINE', async () => {
    const userId = lineUserId();
    const intro = await turn(userId, { text: '個別訪問支援を申し込みたいです' });
    expect(contentOf(intro)).toContain('個別訪問支援のお申し込み');
    expect(contentOf(await turn(userId, { data: 'visit:consent:yes' }))).toContain('テーマ');
    await turn(userId, { text: '健康診断・面接指導' });
    expect(contentOf(await turn(userId, { text: '高ストレス者の面接指導' }))).toContain('都道府県');
    const several = await turn(userId, { text: '大阪府で従業員30人、衛生推進者の佐藤です' });
    expect(contentOf(several)).toContain('承りました');
    expect(contentOf(await turn(userId, { text: '株式会社なにわ精工' }))).toContain('所在地');
    expect(contentOf(await turn(userId, { text: '大阪市北区梅田1-2-3' }))).toContain(
      '電話番号かメールアドレス',
    );
    expect(contentOf(await turn(userId, { text: '06-1234-5678' }))).toContain('ご希望の日時');
    await turn(userId, { data: 'visit:dates:none' });
    const summary = await turn(userId, { text: '高ストレス者の面接指導を事業場でお願いしたい' });
    expect(contentOf(summary)).toContain('地域窓口');
    const done = await turn(userId, { data: 'visit:submit' });
    const reference = contentOf(done).match(/受付番号は (V-\d{4}-\d+)/)?.[1];
    expect(reference).toBeDefined();
    expect(contentOf(done)).toContain('地域窓口');

    const post = await bookingPost(staffChannel, reference!);
    expect(JSON.stringify(post.blocks)).toContain('個別訪問支援');
    expect(JSON.stringify(post.blocks)).toContain('大阪産業保健総合支援センター 地域窓口');
    expect(JSON.stringify(post.blocks)).toContain('booking_accept');

    const list = await turn(userId, { text: '予約の確認' });
    expect(contentOf(list)).toContain(reference!);
    expect(contentOf(list)).toContain('受付中');

    // Bob proposes another date in the modal; the user gets the proposal by push and picks it on LINE.
    const bookingId = bookingIdOf(post)!;
    const propose = buttonClick(slack, {
      user: staff.bob,
      channel: staffChannel,
      actionId: 'booking_propose',
      value: bookingId,
      messageTs: post.ts,
    });
    expect((await toSlack(propose)).status).toBe(200);
    const opened = await waitFor(
      () => slack.openedViews.find((v) => JSON.stringify(v.view).includes(bookingId)),
      30_000,
      'the propose modal',
    );
    const proposed = fromTokyo(businessDayAhead(new Date()), '14:00');
    const submitted = await toSlack(
      viewSubmission(slack, staff.bob, opened.view, {
        propose_date_1: {
          when: { type: 'datetimepicker', selected_date_time: proposed.getTime() / 1000 },
        },
        propose_note: { note: { type: 'plain_text_input', value: '午後に伺えます' } },
      }),
    );
    expect(submitted.status).toBe(200);
    const proposal = await waitFor(
      () =>
        line()
          .deliveriesTo(userId)
          .find((d) => d.via === 'push' && contentOf(d).includes('別の日時のご提案')),
      30_000,
      'the proposal pushed on LINE',
    );
    expect(contentOf(proposal)).toContain(reference!);
    expect(contentOf(proposal)).toContain('午後に伺えます');
    expect(proposal.retryKey).toMatch(/^[0-9a-f-]{36}$/);
    const pick = [...buttonsOf(proposal).values()].find((data) =>
      data.startsWith('booking:accept-proposal:'),
    );
    expect(pick).toBe(`booking:accept-proposal:${bookingId}:0`);
    const accepted = await turn(userId, { data: pick! });
    expect(contentOf(accepted)).toContain('14:00');
    expect(contentOf(accepted)).toContain(`受付番号 ${reference}`);
    const stored = await t.app.db.query<{ status: string; scheduled_at: Date }>(
      'SELECT status, scheduled_at FROM bookings WHERE reference = $1',
      [reference],
    );
    expect(stored.rows[0]?.status).toBe('accepted');
    expect(new Date(stored.rows[0]!.scheduled_at).getTime()).toBe(proposed.getTime());
  }, 180_000);
});
