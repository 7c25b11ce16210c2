/**
 * Health information never reaches a log, and secrets never reach a log or an error response. The real app
 * runs with every log line captured (at debug, stricter than production's info) while LINE traffic goes
 * through every path that logs: normal replies, a failing engine, LINE API errors and an expired reply
 * token, bad signatures, malformed and oversized bodies. Each user text carries a distinctive marker;
 * afterwards no log line and no response body may contain a marker, the channel secret or the token.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../support/db.ts';
import { createScriptedEngine, type ScriptedEngine } from '../line/scripted-engine.ts';
import { lineSecret, lineToken, startTestApp, type TestApp } from '../ops/app-harness.ts';

const marker = (n: number) => `MARKER${n}x${randomBytes(3).toString('hex')}`;
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
    message: { type: 'text', id: String(Date.now()), quoteToken: 'q', text },
  };
}
const envelope = (...events: unknown[]) => ({ destination: `U${'0'.repeat(32)}`, events });

describe(`no message text or secrets in logs (${testDbKind})`, { timeout: 120_000 }, () => {
  let t: TestApp;
  let engine: ScriptedEngine;
  const markers: string[] = [];
  const responses: string[] = [];
  const next = () => {
    const m = marker(markers.length);
    markers.push(m);
    return m;
  };

  beforeAll(async () => {
    engine = createScriptedEngine();
    t = await startTestApp({ line: true, app: { engine } });
    const line = t.line!;
    const record = async (res: Response) => {
      responses.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
      return res.status;
    };
    const user = userId();
    const replied = () => line.textsTo(user).length;

    // A normal exchange, with emoji and a phone number and e-mail in the text.
    await record(
      await t.postLine(
        envelope(
          textEvent(user, `${next()} 😀 090-1234-5678 a@example.jp`, line.issueReplyToken({ to: user })),
        ),
      ),
    );
    // The engine fails twice, then succeeds (retried job).
    engine.failNext(2);
    await record(
      await t.postLine(
        envelope(textEvent(user, `${next()} 部下が眠れていない`, line.issueReplyToken({ to: user }))),
      ),
    );
    // LINE answers 500, then the reply token has expired: push takes over.
    line.failNext({ path: '/v2/bot/message/reply', status: 500 });
    await record(
      await t.postLine(
        envelope(textEvent(user, `${next()} 期限切れ`, line.issueReplyToken({ to: user, ageMs: 120_000 }))),
      ),
    );
    // LINE rate-limits a push.
    line.failNext({ path: '/v2/bot/message/push', status: 429 });
    await record(await t.postLine(envelope(textEvent(user, `${next()} 混雑中`))));
    // Forged, malformed and oversized bodies.
    const forged = JSON.stringify(envelope(textEvent(user, `${next()} forged`)));
    await record(await t.postLine(forged, { signature: Buffer.from(`${lineSecret}`).toString('base64') }));
    await record(await t.postLine(forged, { signature: null }));
    await record(await t.postLine(`{"events":[{"text":"${next()}"`));
    await record(await t.postLine(`{"destination":"x","events":[{"type":"message","text":"${next()}"}]}`));
    await record(await t.postLine(Buffer.alloc(1_100_000, next())));

    const deadline = Date.now() + 60_000;
    while (replied() < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('drove every path: replies were delivered and failures were logged', () => {
    expect(t.line!.deliveries.length).toBe(4);
    expect(engine.calls.length).toBeGreaterThanOrEqual(6);
    const levels = t.logs.map((l) => (JSON.parse(l) as { level: number }).level);
    expect(levels.some((l) => l >= 40)).toBe(true);
    expect(t.logs.length).toBeGreaterThan(5);
  });

  it('logs no user text at any level', () => {
    for (const m of markers) {
      const hits = t.logs.filter((l) => l.includes(m.slice(0, 12)));
      expect(hits, `marker ${m} in logs`).toEqual([]);
    }
    const all = t.logs.join('\n');
    expect(all).not.toContain('090-1234-5678');
    expect(all).not.toContain('a@example.jp');
    expect(all).not.toContain('😀');
  });

  it('logs no reply text either', () => {
    expect(t.logs.join('\n')).not.toContain('echo:');
  });

  it('puts no secret or token in any log line or response', () => {
    for (const secret of [lineSecret, lineToken, 'SECRET-']) {
      expect(t.logs.filter((l) => l.includes(secret))).toEqual([]);
      expect(responses.filter((r) => r.includes(secret))).toEqual([]);
    }
    for (const m of markers) expect(responses.filter((r) => r.includes(m))).toEqual([]);
  });
});
