/**
 * The LINE channel end to end: signed webhooks into the real server, processing through the durable
 * queue, replies and pushes at the emulator. The recurring assertion: every accepted event gets exactly
 * one reply, and nothing the bot sends breaks LINE's OpenAPI spec.
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
  unfollowEvent,
  waitFor,
} from './line-harness.ts';

describe('LINE delivery', () => {
  let t: LineTestApp;
  // The whole app (every migration, pg-boss) can take over a minute to start on a loaded 2-core machine.
  beforeAll(async () => {
    t = await startLineTestApp();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    expect(t.line.violations).toEqual([]);
  });

  /** Waits until the inbox and outbox hold no unfinished work (so "nothing more was sent" is meaningful). */
  async function settled() {
    await waitFor(
      async () => {
        const inbox = await t.app.db.query("SELECT 1 FROM channel_inbox WHERE state = 'pending'");
        const outbox = await t.app.db.query("SELECT 1 FROM channel_outbox WHERE state = 'pending'");
        return inbox.rows.length === 0 && outbox.rows.length === 0;
      },
      30_000,
      'all work to settle',
    );
  }

  it('answers a text message once, with the reply token', async () => {
    const userId = lineUserId();
    const replyToken = t.line.issueReplyToken({ to: userId });
    const response = await t.post(envelope(textEvent({ userId, replyToken, text: 'こんにちは😀' })));
    expect(response.status).toBe(200);
    await waitFor(() => t.line.deliveriesTo(userId).length > 0);
    await settled();
    const deliveries = t.line.deliveriesTo(userId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.via).toBe('reply');
    expect(t.line.textsTo(userId)).toEqual(['echo:こんにちは😀']);
    // Quick replies, including the date picker, ride on the last message.
    const quick = deliveries[0]?.messages[0]?.quickReply as { items: { action: { type: string } }[] };
    expect(quick.items.map((i) => i.action.type)).toEqual(['postback', 'datetimepicker', 'message']);
  });

  it('drops the same body sent twice at once and a redelivery of the same event', async () => {
    const userId = lineUserId();
    const id = eventId();
    const replyToken = t.line.issueReplyToken({ to: userId });
    const body = envelope(textEvent({ id, userId, replyToken, text: '二重送信' }));
    const responses = await Promise.all([t.post(body), t.post(body), t.post(body)]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    const redelivered = envelope(textEvent({ id, userId, replyToken, text: '二重送信', redelivery: true }));
    expect((await t.post(redelivered)).status).toBe(200);
    await waitFor(() => t.line.deliveriesTo(userId).length > 0);
    await settled();
    expect(t.line.deliveriesTo(userId)).toHaveLength(1);
    const stored = await t.app.db.query('SELECT state FROM channel_inbox WHERE event_id = $1', [id]);
    expect(stored.rows).toEqual([{ state: 'done' }]);
    expect(t.engine.calls.filter((c) => c.eventId === id)).toHaveLength(1);
  });

  it('pushes with a retry key when the reply token has expired', async () => {
    const userId = lineUserId();
    const replyToken = t.line.issueReplyToken({ to: userId, ageMs: 70_000 });
    await t.post(envelope(textEvent({ userId, replyToken, text: '期限切れ' })));
    await waitFor(() => t.line.deliveriesTo(userId).length > 0);
    await settled();
    const deliveries = t.line.deliveriesTo(userId);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ via: 'push', to: userId });
    expect(deliveries[0]?.retryKey).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('does not use a token LINE sent long ago (a late redelivery), and pushes instead', async () => {
    const userId = lineUserId();
    const replyToken = t.line.issueReplyToken({ to: userId });
    const old = Date.now() - 5 * 60_000;
    await t.post(envelope(textEvent({ userId, replyToken, text: '再送', redelivery: true, timestamp: old })));
    await waitFor(() => t.line.deliveriesTo(userId).length > 0);
    await settled();
    expect(t.line.deliveriesTo(userId).map((d) => d.via)).toEqual(['push']);
    expect(
      t.line.requests.some(
        (r) =>
          r.path === '/v2/bot/message/reply' &&
          (r.body as { replyToken?: string })?.replyToken === replyToken,
      ),
    ).toBe(false);
  });

  it('retries a reply after 500 and 429, and still replies exactly once', async () => {
    const userId = lineUserId();
    const replyToken = t.line.issueReplyToken({ to: userId });
    t.line.failNext(
      { path: '/v2/bot/message/reply', status: 500 },
      { path: '/v2/bot/message/reply', status: 429 },
    );
    await t.post(envelope(textEvent({ userId, replyToken, text: '再試行' })));
    await waitFor(() => t.line.deliveriesTo(userId).length > 0, 30_000);
    await settled();
    expect(t.line.deliveriesTo(userId).map((d) => d.via)).toEqual(['reply']);
    const replyCalls = t.line.requests.filter(
      (r) =>
        r.path === '/v2/bot/message/reply' && (r.body as { replyToken?: string })?.replyToken === replyToken,
    );
    expect(replyCalls.map((r) => r.status)).toEqual([500, 429, 200]);
  });

  it('retries a push after 500 and 429 with the same retry key', async () => {
    const userId = lineUserId();
    t.line.failNext(
      { path: '/v2/bot/message/push', status: 429 },
      { path: '/v2/bot/message/push', status: 500 },
    );
    await t.post(envelope(textEvent({ userId, text: 'トークンなし' })));
    await waitFor(() => t.line.deliveriesTo(userId).length > 0, 30_000);
    await settled();
    const pushes = t.line.requests.filter(
      (r) => r.path === '/v2/bot/message/push' && (r.body as { to?: string })?.to === userId,
    );
    expect(pushes.map((r) => r.status)).toEqual([429, 500, 200]);
    expect(new Set(pushes.map((r) => r.retryKey)).size).toBe(1);
    expect(t.line.deliveriesTo(userId)).toHaveLength(1);
  });

  it('treats a push whose answer was lost (timeout) as delivered when LINE answers 409', async () => {
    const userId = lineUserId();
    // LINE accepts the push but the answer comes after our 2 s timeout; the retry gets 409.
    t.line.failNext({ path: '/v2/bot/message/push', process: true, delayMs: 2_500 });
    await t.post(envelope(textEvent({ userId, text: 'タイムアウト' })));
    await waitFor(async () => {
      const r = await t.app.db.query("SELECT 1 FROM channel_outbox WHERE recipient = $1 AND state = 'sent'", [
        userId,
      ]);
      return r.rows.length === 1;
    }, 30_000);
    const pushes = t.line.requests.filter(
      (r) => r.path === '/v2/bot/message/push' && (r.body as { to?: string })?.to === userId,
    );
    expect(pushes.map((r) => r.status)).toEqual([200, 409]);
    expect(t.line.deliveriesTo(userId)).toHaveLength(1);
  });

  it('does not send twice when a reply landed but its answer was lost (timeout)', async () => {
    const userId = lineUserId();
    const replyToken = t.line.issueReplyToken({ to: userId });
    t.line.failNext({ path: '/v2/bot/message/reply', process: true, delayMs: 2_500 });
    await t.post(envelope(textEvent({ userId, replyToken, text: '返信の応答なし' })));
    await waitFor(async () => {
      const r = await t.app.db.query("SELECT 1 FROM channel_outbox WHERE recipient = $1 AND state = 'sent'", [
        userId,
      ]);
      return r.rows.length === 1;
    }, 30_000);
    // The second reply call is a probe: "Invalid reply token" on a fresh token means the first one landed.
    expect(t.line.deliveriesTo(userId)).toHaveLength(1);
    expect(
      t.line.requests.filter(
        (r) => r.path === '/v2/bot/message/push' && (r.body as { to?: string })?.to === userId,
      ),
    ).toHaveLength(0);
  });

  it('sends nothing for events in standby mode, but stores them', async () => {
    const userId = lineUserId();
    const id = eventId();
    const replyToken = t.line.issueReplyToken({ to: userId });
    expect(
      (await t.post(envelope(textEvent({ id, userId, replyToken, text: '待機中', mode: 'standby' })))).status,
    ).toBe(200);
    await settled();
    const stored = await t.app.db.query(
      'SELECT state, skip_reason, payload FROM channel_inbox WHERE event_id = $1',
      [id],
    );
    expect(stored.rows).toEqual([{ state: 'skipped', skip_reason: 'standby', payload: null }]);
    expect(t.line.deliveriesTo(userId)).toHaveLength(0);
    expect(t.engine.calls.some((c) => c.eventId === id)).toBe(false);
  });

  it('answers in the group for a group message, marking it as a group conversation', async () => {
    const userId = lineUserId();
    const groupId = lineGroupId();
    const id = eventId();
    const replyToken = t.line.issueReplyToken({ to: groupId });
    await t.post(envelope(textEvent({ id, userId, groupId, replyToken, text: 'グループから' })));
    await waitFor(() => t.line.deliveriesTo(groupId).length > 0);
    await settled();
    expect(t.line.deliveriesTo(groupId)).toHaveLength(1);
    expect(t.engine.calls.find((c) => c.eventId === id)).toMatchObject({
      isGroup: true,
      conversationId: groupId,
      userId,
    });
    // No loading animation without a model, and never in a group.
    expect(t.line.loadingCalls).toEqual([]);
  });

  it('greets a new follower with capabilities, privacy notice and the menu; unfollow marks them inactive', async () => {
    const userId = lineUserId();
    await t.post(envelope(followEvent({ userId, replyToken: t.line.issueReplyToken({ to: userId }) })));
    await waitFor(() => t.line.deliveriesTo(userId).length > 0);
    await settled();
    const [greeting] = t.line.deliveriesTo(userId);
    expect(greeting?.messages).toHaveLength(3);
    const texts = t.line.textsTo(userId).join('\n');
    expect(texts).toContain('できないこと');
    expect(texts).toContain('90日後に削除');
    expect(texts).toContain('センターの担当者');
    const menu = greeting?.messages[2]?.quickReply as { items: { action: { data: string } }[] };
    expect(menu.items.map((i) => i.action.data)).toEqual([
      'menu:ask',
      'menu:consultation',
      'menu:visit',
      'menu:staff',
    ]);
    let active = await t.app.db.query('SELECT active FROM channel_users WHERE user_id = $1', [userId]);
    expect(active.rows).toEqual([{ active: true }]);

    const id = eventId();
    await t.post(envelope(unfollowEvent({ id, userId })));
    await settled();
    active = await t.app.db.query('SELECT active FROM channel_users WHERE user_id = $1', [userId]);
    expect(active.rows).toEqual([{ active: false }]);
    expect(t.engine.calls.find((c) => c.eventId === id)?.kind).toBe('unfollow');
    expect(t.line.deliveriesTo(userId)).toHaveLength(1);
  });

  it('passes stickers, images and locations to the engine with their kind', async () => {
    const userId = lineUserId();
    for (const type of ['sticker', 'image', 'location']) {
      await t.post(
        envelope(messageEvent({ userId, type, replyToken: t.line.issueReplyToken({ to: userId }) })),
      );
    }
    await waitFor(() => t.line.deliveriesTo(userId).length === 3);
    await settled();
    expect(t.line.textsTo(userId)).toEqual([
      'テキストでお送りください（sticker）',
      'テキストでお送りください（image）',
      'テキストでお送りください（location）',
    ]);
  });

  it('passes a datetime picker postback with its params', async () => {
    const userId = lineUserId();
    await t.post(
      envelope(
        postbackEvent({
          userId,
          data: 'pick:date',
          params: { date: '2026-12-03' },
          replyToken: t.line.issueReplyToken({ to: userId }),
        }),
      ),
    );
    await waitFor(() => t.line.deliveriesTo(userId).length > 0);
    expect(t.line.textsTo(userId)).toEqual(['postback:pick:date:{"date":"2026-12-03"}']);
  });

  it('splits a long answer at sentence ends and sends more than five messages in order', async () => {
    const userId = lineUserId();
    await t.post(
      envelope(textEvent({ userId, text: 'long:制度', replyToken: t.line.issueReplyToken({ to: userId }) })),
    );
    await waitFor(() => t.line.deliveriesTo(userId).length === 2, 30_000);
    await settled();
    const deliveries = t.line.deliveriesTo(userId);
    expect(deliveries.map((d) => [d.via, d.messages.length])).toEqual([
      ['reply', 5],
      ['push', 2],
    ]);
    const texts = t.line.textsTo(userId);
    for (const text of texts) {
      expect(text.length).toBeLessThanOrEqual(5000);
      expect(text.endsWith('。')).toBe(true);
    }
    expect(texts.join('').length).toBeGreaterThan(30_000);
  });

  it('renders sources and booking summaries as Flex bubbles that pass the spec', async () => {
    const userId = lineUserId();
    await t.post(
      envelope(
        textEvent({ userId, text: 'sources:出典', replyToken: t.line.issueReplyToken({ to: userId }) }),
      ),
    );
    await t.post(
      envelope(
        textEvent({ userId, text: 'summary:予約', replyToken: t.line.issueReplyToken({ to: userId }) }),
      ),
    );
    await waitFor(() => t.line.deliveriesTo(userId).length === 2);
    const [sources, summary] = t.line.deliveriesTo(userId);
    expect(sources?.messages.map((m) => m.type)).toEqual(['text', 'flex']);
    expect(JSON.stringify(sources?.messages[1])).toContain('https://www.johas.go.jp/');
    expect(summary?.messages[0]).toMatchObject({ type: 'flex', altText: 'ご予約内容の確認' });
    expect(JSON.stringify(summary?.messages[0])).toContain('datetimepicker');
  });

  it('keeps replies in the order the messages were sent', async () => {
    const userId = lineUserId();
    const base = Date.now();
    for (let i = 0; i < 6; i++) {
      await t.post(
        envelope(
          textEvent({
            userId,
            text: `順番${i}`,
            timestamp: base + i,
            replyToken: t.line.issueReplyToken({ to: userId }),
          }),
        ),
      );
    }
    await waitFor(() => t.line.deliveriesTo(userId).length === 6);
    expect(t.line.textsTo(userId)).toEqual([0, 1, 2, 3, 4, 5].map((i) => `echo:順番${i}`));
  });

  it('retries an event the engine failed on, and answers it once', async () => {
    const userId = lineUserId();
    t.engine.failNext(2);
    await t.post(
      envelope(
        textEvent({ userId, text: 'エンジン障害', replyToken: t.line.issueReplyToken({ to: userId }) }),
      ),
    );
    await waitFor(() => t.line.deliveriesTo(userId).length > 0, 30_000);
    await settled();
    expect(t.line.textsTo(userId)).toEqual(['echo:エンジン障害']);
  });

  it('pushes through the UserMessenger once per idempotency key', async () => {
    const userId = lineUserId();
    const messenger = t.lineMessenger();
    const replies = [{ type: 'text' as const, text: '担当者からのお返事です。' }];
    await messenger.push({ channel: 'line', userId }, replies, 'staff-reply-1');
    await messenger.push({ channel: 'line', userId }, replies, 'staff-reply-1');
    await waitFor(() => t.line.deliveriesTo(userId).length > 0);
    await settled();
    expect(t.line.deliveriesTo(userId)).toHaveLength(1);
    expect(t.line.deliveriesTo(userId)[0]?.via).toBe('push');
  });
});
