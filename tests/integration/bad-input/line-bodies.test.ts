/**
 * Hostile or odd bodies on the LINE webhook, correctly signed (a leaked secret, a buggy proxy, or LINE
 * itself sending something new): oversized, malformed JSON, unknown event types, very long texts, control
 * characters, emoji, SQL and markup. Each gets the right status, nothing half-stored, and every accepted
 * message exactly one reply within LINE's limits (the emulator checks every request against the spec).
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../support/db.ts';
import { createScriptedEngine, type ScriptedEngine } from '../line/scripted-engine.ts';
import { signLine, startTestApp, type TestApp } from '../ops/app-harness.ts';

const userId = () => `U${randomBytes(16).toString('hex')}`;
const eventId = () => randomBytes(13).toString('hex').toUpperCase();

function textEvent(user: string, text: string, replyToken?: string) {
  return {
    type: 'message',
    mode: 'active',
    timestamp: Date.now(),
    source: { type: 'user', userId: user },
    webhookEventId: eventId(),
    deliveryContext: { isRedelivery: false },
    ...(replyToken === undefined ? {} : { replyToken }),
    message: { type: 'text', id: '1', quoteToken: 'q', text },
  };
}
const envelope = (...events: unknown[]) => JSON.stringify({ destination: `U${'0'.repeat(32)}`, events });

describe(`LINE webhook bodies (${testDbKind})`, { timeout: 120_000 }, () => {
  let t: TestApp;
  let engine: ScriptedEngine;
  const inboxCount = async () =>
    (await t.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM channel_inbox')).rows[0]?.n ?? 0;
  const waitFor = async (check: () => boolean | Promise<boolean>, ms = 30_000) => {
    const deadline = Date.now() + ms;
    while (!(await check()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  };

  beforeAll(async () => {
    engine = createScriptedEngine();
    t = await startTestApp({ line: true, app: { engine } });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    expect(t.line?.violations).toEqual([]);
  });

  it('refuses a body over 1 MiB with 413, with or without a content-length, and stores nothing', async () => {
    const before = await inboxCount();
    const big = envelope(textEvent(userId(), 'x'.repeat(1_100_000)));
    expect((await t.postLine(big)).status).toBe(413);
    // Chunked: no content-length, the limit is enforced while reading.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${t.app.url}/webhooks/line`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-line-signature': signLine(big) },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < big.length; i += 65_536) req.write(big.slice(i, i + 65_536));
      req.end();
    });
    expect(status).toBe(413);
    expect(await inboxCount()).toBe(before);
  });

  it('answers malformed JSON and non-webhook JSON with 400 and stores nothing', async () => {
    const before = await inboxCount();
    const bodies = [
      '',
      '{',
      '{"destination":"U0","events":[',
      'null',
      '[]',
      '"events"',
      '{"events":"not a list"}',
      '{"events":[null]}',
      '{"events":[{"type":"message"}]}',
      `{"events":[${'['.repeat(50_000)}${']'.repeat(50_000)}]}`,
      '\uFEFF{"events":[]}x',
      '{"events":[]}\u0000',
    ];
    const statuses = [];
    for (const body of bodies) statuses.push((await t.postLine(body)).status);
    expect(statuses).toEqual(bodies.map(() => 400));
    expect(await inboxCount()).toBe(before);
  });

  it('stores unknown event types as skipped and sends nothing', async () => {
    const user = userId();
    const unknown = {
      type: 'hologram',
      mode: 'active',
      timestamp: Date.now(),
      source: { type: 'user', userId: user },
      webhookEventId: eventId(),
      deliveryContext: { isRedelivery: false },
      replyToken: t.line!.issueReplyToken({ to: user }),
      hologram: { depth: 3 },
    };
    const unknownMessage = { ...textEvent(user, ''), message: { type: 'smell', id: '2', aroma: 'coffee' } };
    expect((await t.postLine(envelope(unknown, unknownMessage))).status).toBe(200);
    await waitFor(async () => {
      const { rows } = await t.app.db.query("SELECT 1 FROM channel_inbox WHERE state = 'pending'");
      return rows.length === 0;
    });
    const { rows } = await t.app.db.query<{ event_type: string; state: string }>(
      'SELECT event_type, state FROM channel_inbox WHERE event_id = ANY($1) ORDER BY event_type',
      [[unknown.webhookEventId, unknownMessage.webhookEventId]],
    );
    expect(rows.map((r) => r.event_type).sort()).toEqual(['hologram', 'message']);
    expect(rows.find((r) => r.event_type === 'hologram')?.state).toBe('skipped');
    await new Promise((r) => setTimeout(r, 500));
    expect(t.line!.deliveriesTo(user)).toEqual([]);
  });

  it('answers texts over 5,000 characters once, within LINE’s limits', async () => {
    for (const length of [5_001, 12_000]) {
      const user = userId();
      const text = '長い相談です。'.repeat(Math.ceil(length / 7)).slice(0, length);
      const res = await t.postLine(envelope(textEvent(user, text, t.line!.issueReplyToken({ to: user }))));
      expect(res.status).toBe(200);
      await waitFor(() => t.line!.deliveriesTo(user).length > 0);
      await new Promise((r) => setTimeout(r, 300));
      // The echo engine answers with the whole text: split into messages of at most 5,000 UTF-16 units.
      const deliveries = t.line!.deliveriesTo(user);
      expect(deliveries.length).toBeGreaterThanOrEqual(1);
      expect(deliveries.flatMap((d) => d.messages).every((m) => String(m.text ?? '').length <= 5000)).toBe(
        true,
      );
      const stored = await t.app.db.query<{ n: number }>(
        "SELECT length(payload->'message'->>'text')::int AS n FROM channel_inbox WHERE conversation_key = $1",
        [`line:${user}`],
      );
      expect(stored.rows.every((r) => r.n === null || r.n === length)).toBe(true);
    }
  });

  it('takes emoji, combining marks, right-to-left overrides and control characters verbatim', async () => {
    const texts = [
      '😀👨‍👩‍👧‍👦🇯🇵 ストレスチェック',
      'か\u3099き\u3099 e\u0301',
      '\u202eおかしな向き\u202c',
      'tab\there\r\nnew line\u0007bell\u001bescape\u007fdel',
      '\u200b\u200d\ufeff見えない文字',
    ];
    for (const text of texts) {
      const user = userId();
      const res = await t.postLine(envelope(textEvent(user, text, t.line!.issueReplyToken({ to: user }))));
      expect(res.status).toBe(200);
      await waitFor(() => t.line!.deliveriesTo(user).length > 0);
      expect(t.line!.textsTo(user)).toEqual([`echo:${text}`]);
    }
    expect(engine.calls.filter((c) => texts.includes(c.text ?? '')).map((c) => c.text)).toEqual(texts);
  });

  // PostgreSQL's jsonb cannot hold U+0000 or an unpaired surrogate; the LINE adapter stores them as
  // U+FFFD, so such an event is stored once and answered once instead of failing on every redelivery.
  it('accepts a text with a NUL or an unpaired surrogate and answers it once', async () => {
    for (const raw of ['"nul\\u0000here"', '"lone \\ud800 surrogate"']) {
      const user = userId();
      const token = t.line!.issueReplyToken({ to: user });
      const body = envelope(textEvent(user, '__TEXT__', token)).replace('"__TEXT__"', raw);
      const res = await t.postLine(body);
      expect(res.status).toBe(200);
      await waitFor(() => t.line!.deliveriesTo(user).length > 0, 10_000);
      expect(t.line!.deliveriesTo(user)).toHaveLength(1);
    }
  });

  it('stores SQL and markup injection text verbatim and answers it like any text', async () => {
    const texts = [
      "'; DROP TABLE messages; --",
      "Robert'); DELETE FROM channel_inbox WHERE ('1'='1",
      "$1 $$ \\x00 E'\\\\' ::jsonb",
      '<script>alert(1)</script><img src=x onerror=alert(2)>',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the literal ${…} is the template injection under test
      '{{7*7}} ${7*7} <%= 7*7 %> [link](javascript:alert(1))',
      '*太字* _斜体_ `code` <@U123> <!channel>',
    ];
    for (const text of texts) {
      const user = userId();
      const res = await t.postLine(envelope(textEvent(user, text, t.line!.issueReplyToken({ to: user }))));
      expect(res.status).toBe(200);
      await waitFor(() => t.line!.deliveriesTo(user).length > 0);
      expect(t.line!.textsTo(user)).toEqual([`echo:${text}`]);
    }
    // The tables are all still there, and the inbox rows were stored one per event.
    const { rows } = await t.app.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM channel_inbox WHERE event_type = 'message'",
    );
    expect(rows[0]?.n).toBeGreaterThanOrEqual(texts.length);
  });
});
