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
    await settle();
    const deliveries = t.line.deliveriesTo(to).slice(before);
    expect(deliveries).toHaveLength(1);
    return deliveries[0]?.messages ?? [];
  }
  /** Waits until every accepted event is processed and every reply batch sent. */
  async function settle() {
    await waitFor(async () => {
      const pending = await t.app.db.query(
        "SELECT 1 FROM channel_outbox WHERE state = 'pending' UNION ALL SELECT 1 FROM channel_inbox WHERE state = 'pending'",
      );
      return pending.rows.length === 0;
    }, 60_000);
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

  it('answers stickers and media politely that only text is understood, never with the greeting', async () => {
    const userId = lineUserId();
    for (const [type, word] of [
      ['sticker', 'スタンプ'],
      ['image', '画像'],
      ['audio', '音声'],
      ['video', '動画'],
      ['file', 'ファイル'],
      ['location', '位置情報'],
    ] as const) {
      const messages = await exchange(
        messageEvent({ userId, type, replyToken: t.line.issueReplyToken({ to: userId }) }),
        userId,
      );
      expect(messages).toHaveLength(1);
      expect(texts(messages)).toContain(word);
      expect(texts(messages)).toContain('文字のメッセージだけ');
      expect(texts(messages)).not.toContain('さんぽアシスタントです');
    }
  });

  it('relays a sticker or image during a staff handoff as a note, and tells the user an image did not reach staff', async () => {
    const userId = lineUserId();
    await exchange(
      textEvent({ userId, text: '担当者と話したいです', replyToken: t.line.issueReplyToken({ to: userId }) }),
      userId,
    );
    const handoff = await t.app.db.query<{ id: string }>(
      "SELECT id FROM handoffs WHERE channel = 'line' AND user_id = $1 AND status = 'open'",
      [userId],
    );
    const handoffId = handoff.rows[0]?.id;
    expect(handoffId).toBeDefined();
    const staffNotes = async () => {
      const rows = await t.app.db.query<{ body: { text: string } }>(
        "SELECT body FROM web_staff_events WHERE subject_id = $1 AND kind = 'user_line' ORDER BY seq",
        [handoffId],
      );
      return rows.rows.map((r) => r.body.text);
    };

    // A sticker: only the note in the staff thread; its reply token stays unused (an off-hours notice,
    // if the center is closed now, is a separate push).
    const stickerToken = t.line.issueReplyToken({ to: userId });
    expect(
      (await t.post(envelope(messageEvent({ userId, type: 'sticker', replyToken: stickerToken })))).status,
    ).toBe(200);
    await waitFor(async () => (await staffNotes()).length >= 1, 60_000, 'the sticker note for staff');
    await settle();
    expect(t.line.deliveries.filter((d) => d.replyToken === stickerToken)).toEqual([]);

    const imageToken = t.line.issueReplyToken({ to: userId });
    expect(
      (await t.post(envelope(messageEvent({ userId, type: 'image', replyToken: imageToken })))).status,
    ).toBe(200);
    await waitFor(async () => (await staffNotes()).length >= 2, 60_000, 'the image note for staff');
    await settle();
    const imageReplies = t.line.deliveries.filter((d) => d.replyToken === imageToken);
    expect(imageReplies).toHaveLength(1);
    expect(texts(imageReplies[0]?.messages ?? [])).toContain('担当者に届けられません');
    expect(await staffNotes()).toEqual([
      '（スタンプが送られました）',
      '（画像が送られました。内容は表示されません）',
    ]);
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

  it('never starts a booking or a handoff from a group, even from the menu buttons', async () => {
    const userId = lineUserId();
    const groupId = lineGroupId();
    for (const [data, expected] of [
      ['menu:consultation', '1対1'],
      ['menu:visit', '1対1'],
      ['menu:staff', '1対1'],
    ] as const) {
      const messages = await exchange(
        postbackEvent({ userId, groupId, data, replyToken: t.line.issueReplyToken({ to: groupId }) }),
        groupId,
      );
      expect(texts(messages)).toContain(expected);
    }
    const personal = await exchange(
      textEvent({
        userId,
        groupId,
        text: '部下がうつ病と診断されました。どう対応すればいいですか',
        replyToken: t.line.issueReplyToken({ to: groupId }),
      }),
      groupId,
    );
    expect(texts(personal)).toContain('1対1');
    const effects = await t.app.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM handoffs WHERE user_id IN ($1, $2))::int
            + (SELECT count(*) FROM bookings WHERE user_id IN ($1, $2))::int AS n`,
      [userId, groupId],
    );
    expect(effects.rows[0]?.n).toBe(0);
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
