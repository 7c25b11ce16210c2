/**
 * LINE through the real conversation engine, as `npm start` builds the app (knowledge base, safety,
 * triage, bookings, staff side): signed webhooks in, replies at the emulator. Every accepted event gets
 * exactly one answer, every request passes LINE's spec, and the channel adds only what it owns (the
 * follow notice); the content comes from the engine.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  envelope,
  eventId,
  followEvent,
  type LineTestApp,
  lineGroupId,
  lineUserId,
  messageEvent,
  postbackEvent,
  startLineTestApp,
  textEvent,
  waitFor,
} from './line-harness.ts';

/** The whole app (every migration, pg-boss, the corpus index) starts slowly on a busy machine. */
const setupTimeoutMs = 240_000;

describe('LINE with the real engine', () => {
  let t: LineTestApp;
  beforeAll(async () => {
    t = await startLineTestApp({
      engine: 'real',
      app: { queue: { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 } },
    });
  }, setupTimeoutMs);
  afterAll(async () => {
    await t?.close();
  }, 60_000);
  afterEach(() => {
    expect(t.line.violations).toEqual([]);
  });

  /** Sends one event and waits for exactly one delivery to `to`, returning its messages. */
  async function exchange(event: unknown, to: string) {
    const before = t.line.deliveriesTo(to).length;
    expect((await t.post(envelope(event))).status).toBe(200);
    await waitFor(() => t.line.deliveriesTo(to).length > before, 60_000, 'a reply');
    await waitFor(async () => {
      const pending = await t.app.db.query(
        "SELECT 1 FROM channel_outbox WHERE state = 'pending' UNION ALL SELECT 1 FROM channel_inbox WHERE state = 'pending'",
      );
      return pending.rows.length === 0;
    }, 60_000);
    const deliveries = t.line.deliveriesTo(to).slice(before);
    expect(deliveries).toHaveLength(1);
    return deliveries[0]?.messages ?? [];
  }
  const texts = (messages: Array<Record<string, unknown>>) =>
    messages.map((m) => String(m.type === 'text' ? m.text : m.altText)).join('\n');

  it('greets a follower with the engine introduction, then what it cannot do and the privacy notice', async () => {
    const userId = lineUserId();
    const messages = await exchange(
      followEvent({ userId, replyToken: t.line.issueReplyToken({ to: userId }) }),
      userId,
    );
    expect(messages.length).toBeGreaterThanOrEqual(2);
    const all = texts(messages);
    expect(all).toContain('さんぽアシスタント');
    expect(all).toContain('【個人情報の取り扱い】');
    expect(all).toContain('90日後に削除');
    const menu = messages.at(-1)?.quickReply as { items: { action: { data?: string } }[] } | undefined;
    expect(menu?.items.map((i) => i.action.data)).toContain('menu:consultation');
  });

  it('answers a question from the corpus with a Flex bubble of sources', async () => {
    const userId = lineUserId();
    const messages = await exchange(
      textEvent({
        userId,
        text: '従業員30人の会社です。地域産業保健センターはどんな事業場が使えますか？',
        replyToken: t.line.issueReplyToken({ to: userId }),
      }),
      userId,
    );
    expect(messages.some((m) => m.type === 'flex' && String(m.altText).startsWith('出典'))).toBe(true);
  });

  it('puts the emergency numbers in the very first reply to a crisis message', async () => {
    const userId = lineUserId();
    const messages = await exchange(
      textEvent({
        userId,
        text: 'もう限界です。死にたいと思っています。',
        replyToken: t.line.issueReplyToken({ to: userId }),
      }),
      userId,
    );
    const first = String(messages[0]?.text);
    expect(first).toMatch(/119/);
  });

  it('answers an image politely that only text is understood, and a sticker once', async () => {
    const userId = lineUserId();
    const image = await exchange(
      messageEvent({ userId, type: 'image', replyToken: t.line.issueReplyToken({ to: userId }) }),
      userId,
    );
    expect(texts(image)).toContain('文字で');
    const sticker = await exchange(
      messageEvent({ userId, type: 'sticker', replyToken: t.line.issueReplyToken({ to: userId }) }),
      userId,
    );
    expect(sticker.length).toBeGreaterThan(0);
  });

  it('starts the consultation booking from the rich menu postback', async () => {
    const userId = lineUserId();
    const messages = await exchange(
      postbackEvent({
        userId,
        data: 'menu:consultation',
        replyToken: t.line.issueReplyToken({ to: userId }),
      }),
      userId,
    );
    expect(messages.length).toBeGreaterThan(0);
    expect(texts(messages)).toMatch(/相談|予約/);
  });

  it('answers in a group, and a redelivery of the same event adds nothing', async () => {
    const userId = lineUserId();
    const groupId = lineGroupId();
    const id = eventId();
    const replyToken = t.line.issueReplyToken({ to: groupId });
    const event = textEvent({
      id,
      userId,
      groupId,
      replyToken,
      text: 'ストレスチェックの集団分析とは何ですか？',
    });
    await exchange(event, groupId);
    expect((await t.post(envelope({ ...event, deliveryContext: { isRedelivery: true } }))).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(t.line.deliveriesTo(groupId)).toHaveLength(1);
    expect(t.line.loadingCalls.filter((c) => c.chatId === groupId)).toEqual([]);
  });
});
