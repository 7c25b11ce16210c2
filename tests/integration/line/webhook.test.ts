/**
 * POST /webhooks/line as LINE calls it: signatures over the exact bytes (non-ASCII, emoji and the escaped
 * \uD83D\uDE00 form LINE itself sends), refusals that store nothing, the verification request, unknown
 * event types, and the time from request to response (printed, not asserted: see README).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  channelSecret,
  envelope,
  eventId,
  type LineTestApp,
  lineUserId,
  sign,
  startLineTestApp,
  textEvent,
  waitFor,
} from './line-harness.ts';

describe('LINE webhook', () => {
  let t: LineTestApp;
  // The whole app (every migration, pg-boss) can take over a minute to start on a loaded 2-core machine.
  beforeAll(async () => {
    t = await startLineTestApp();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  const stored = async () =>
    Number((await t.app.db.query('SELECT count(*)::int AS n FROM channel_inbox')).rows[0]?.n);

  it('refuses a missing or wrong signature with 401 and stores nothing', async () => {
    const before = await stored();
    const body = Buffer.from(JSON.stringify(envelope(textEvent({ userId: lineUserId(), text: '署名なし' }))));
    expect((await t.post(body, { signature: null })).status).toBe(401);
    expect((await t.post(body, { signature: '' })).status).toBe(401);
    expect((await t.post(body, { signature: sign(body, `${channelSecret}x`) })).status).toBe(401);
    expect((await t.post(body, { signature: 'bm90IGEgc2lnbmF0dXJl' })).status).toBe(401);
    // Signed bytes that differ by one space are a different body.
    const other = Buffer.from(`${body.toString('utf8')} `);
    expect((await t.post(other, { signature: sign(body) })).status).toBe(401);
    expect(await stored()).toBe(before);
  });

  it('verifies the raw bytes, including non-ASCII, emoji and the escaped surrogate form', async () => {
    const userId = lineUserId();
    const literal = envelope(
      textEvent({ userId, text: '残業😀について', replyToken: t.line.issueReplyToken({ to: userId }) }),
    );
    expect((await t.post(Buffer.from(JSON.stringify(literal), 'utf8'))).status).toBe(200);
    // LINE escapes emoji as \uD83D\uDE00; re-serialising the parsed JSON would not reproduce these bytes.
    const escapedUser = lineUserId();
    const escaped = JSON.stringify(
      envelope(
        textEvent({
          userId: escapedUser,
          text: 'EMOJI',
          replyToken: t.line.issueReplyToken({ to: escapedUser }),
        }),
      ),
    ).replace('EMOJI', '\\u6b8b\\u696d\\uD83D\\uDE00');
    const raw = Buffer.from(escaped, 'utf8');
    expect(JSON.stringify(JSON.parse(escaped))).not.toBe(escaped);
    expect((await t.post(raw, { signature: sign(raw) })).status).toBe(200);
    await waitFor(
      () => t.line.deliveriesTo(userId).length === 1 && t.line.deliveriesTo(escapedUser).length === 1,
    );
    expect(t.line.textsTo(userId)).toEqual(['echo:残業😀について']);
    expect(t.line.textsTo(escapedUser)).toEqual(['echo:残業😀']);
  });

  it('answers 400 to malformed JSON and to JSON that is not a webhook, storing nothing', async () => {
    const before = await stored();
    for (const text of [
      '{"destination":',
      'null',
      '{"foo":1}',
      JSON.stringify(envelope({ type: 'message' })),
    ]) {
      const raw = Buffer.from(text);
      expect((await t.post(raw, { signature: sign(raw) })).status).toBe(400);
    }
    expect(await stored()).toBe(before);
  });

  it('answers 413 to a body over the limit without reading it all', async () => {
    const raw = Buffer.alloc(2 * 1024 * 1024, 0x20);
    expect((await t.post(raw, { signature: sign(raw) })).status).toBe(413);
  });

  it('answers the empty verification request with 200', async () => {
    const before = await stored();
    const response = await t.post(envelope());
    expect(response.status).toBe(200);
    expect(await stored()).toBe(before);
  });

  it('stores unknown and unprocessed event types, answers 200 and sends nothing', async () => {
    const userId = lineUserId();
    const ids = [eventId(), eventId()];
    const events = [
      { ...textEvent({ userId, id: ids[0], text: '' }), type: 'somethingNew', message: undefined },
      {
        type: 'beacon',
        webhookEventId: ids[1],
        timestamp: Date.now(),
        mode: 'active',
        source: { type: 'user', userId },
        beacon: { hwid: 'd41d8cd98f', type: 'enter' },
      },
    ];
    expect((await t.post(envelope(...events))).status).toBe(200);
    const rows = await t.app.db.query(
      'SELECT state, skip_reason FROM channel_inbox WHERE event_id = ANY($1) ORDER BY event_id',
      [ids],
    );
    expect(rows.rows).toEqual([
      { state: 'skipped', skip_reason: 'unsupported' },
      { state: 'skipped', skip_reason: 'unsupported' },
    ]);
    expect(t.engine.calls.some((c) => c.userId === userId)).toBe(false);
  });

  it('stores several events of one request and answers each', async () => {
    const users = [lineUserId(), lineUserId(), lineUserId()];
    const events = users.map((userId, i) =>
      textEvent({ userId, text: `まとめて${i}`, replyToken: t.line.issueReplyToken({ to: userId }) }),
    );
    expect((await t.post(envelope(...events))).status).toBe(200);
    await waitFor(() => users.every((u) => t.line.deliveriesTo(u).length === 1));
    expect(users.map((u) => t.line.textsTo(u)[0])).toEqual([
      'echo:まとめて0',
      'echo:まとめて1',
      'echo:まとめて2',
    ]);
  });

  it('answers 200 well within a second; 200 events each get exactly one reply (timing printed)', async () => {
    const count = 200;
    const users = Array.from({ length: count }, () => lineUserId());
    const timings: number[] = [];
    // Four senders at a time, like LINE's parallel deliveries for different users.
    let next = 0;
    const sender = async () => {
      while (next < count) {
        const userId = users[next++] as string;
        const body = envelope(
          textEvent({ userId, text: `計測${userId}`, replyToken: t.line.issueReplyToken({ to: userId }) }),
        );
        const started = performance.now();
        const response = await t.post(body);
        timings.push(performance.now() - started);
        expect(response.status).toBe(200);
      }
    };
    const began = performance.now();
    await Promise.all([sender(), sender(), sender(), sender()]);
    await waitFor(() => users.every((u) => t.line.deliveriesTo(u).length >= 1), 120_000, 'all 200 replies');
    const endToEnd = performance.now() - began;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(users.filter((u) => t.line.deliveriesTo(u).length !== 1)).toEqual([]);
    timings.sort((a, b) => a - b);
    const pct = (p: number) =>
      timings[Math.min(timings.length - 1, Math.floor((p / 100) * timings.length))]?.toFixed(1);
    console.log(
      `LINE webhook request→response over ${count} requests (${t.app.db.kind}): p50 ${pct(50)} ms, p99 ${pct(99)} ms, max ${timings.at(-1)?.toFixed(1)} ms; all ${count} replied within ${(endToEnd / 1000).toFixed(1)} s`,
    );
  }, 180_000);
});
