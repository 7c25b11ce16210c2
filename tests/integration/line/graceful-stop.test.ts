/**
 * Graceful shutdown finishes in-flight work: the app is closed while a LINE turn is still running (a slow
 * engine), and that turn's reply is still delivered, once, before close() returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  envelope,
  type LineTestApp,
  lineUserId,
  startLineTestApp,
  textEvent,
  waitFor,
} from './line-harness.ts';

describe('LINE graceful shutdown', () => {
  let t: LineTestApp;
  beforeAll(async () => {
    t = await startLineTestApp({ app: { queue: { pollingIntervalSeconds: 0.5 } } });
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  }, 60_000);

  it('delivers the reply of a turn that was running when close() began', async () => {
    const userId = lineUserId();
    t.engine.delayMs = 1_500;
    const event = textEvent({
      userId,
      text: '停止中の質問',
      replyToken: t.line.issueReplyToken({ to: userId }),
    });
    expect((await t.post(envelope(event))).status).toBe(200);
    await waitFor(() => t.engine.calls.some((c) => c.userId === userId), 30_000, 'the turn to start');
    expect(t.line.deliveriesTo(userId)).toHaveLength(0);
    await t.app.close();
    expect(t.line.textsTo(userId)).toEqual(['echo:停止中の質問']);
  }, 60_000);
});
