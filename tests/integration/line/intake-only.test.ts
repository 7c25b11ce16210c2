/**
 * LINE_WORKER_CONCURRENCY=0: an instance that only accepts webhooks (stores each event before its 200 and
 * queues its conversation) next to one that processes, on the same PostgreSQL. Splitting them keeps the
 * acknowledgement on its own event loop; nothing may be lost or answered twice on the way.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../support/db.ts';
import {
  envelope,
  eventId,
  type LineTestApp,
  lineUserId,
  startLineTestApp,
  textEvent,
  waitFor,
} from './line-harness.ts';

describe.skipIf(testDbKind !== 'postgres')('an intake-only LINE instance beside a processing one', () => {
  let intake: LineTestApp;
  let worker: LineTestApp;
  beforeAll(async () => {
    intake = await startLineTestApp({ env: { LINE_WORKER_CONCURRENCY: '0' } });
    const { handle } = intake.app.db;
    if (handle.kind !== 'postgres') throw new Error('expected PostgreSQL');
    worker = await startLineTestApp({
      env: {
        DATABASE_URL: handle.connectionString,
        LINE_API_BASE_URL: intake.line.url,
        LINE_DATA_API_BASE_URL: intake.line.url,
        LINE_WORKER_CONCURRENCY: '2',
      },
    });
  }, 240_000);
  afterAll(async () => {
    // The worker shares the intake's database, which the intake's close drops.
    await worker?.close();
    await intake?.close();
  });

  it('stores before answering, and the other instance answers each event once and in order', async () => {
    const userId = lineUserId();
    const ids = [eventId(), eventId(), eventId()];
    for (const [i, id] of ids.entries()) {
      const response = await intake.post(
        envelope(
          textEvent({
            userId,
            id,
            text: `順番 ${i}`,
            replyToken: intake.line.issueReplyToken({ to: userId }),
          }),
        ),
      );
      expect(response.status).toBe(200);
      // Durable before the 200: the row is there the moment the answer is.
      const row = await intake.app.db.query('SELECT 1 FROM channel_inbox WHERE event_id = $1', [id]);
      expect(row.rowCount).toBe(1);
    }
    await waitFor(() => intake.line.deliveriesTo(userId).length >= ids.length, 60_000, 'three replies');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(intake.line.deliveriesTo(userId)).toHaveLength(ids.length);
    // The processing instance's engine saw every event, in the order they were sent; the intake's none.
    expect(worker.engine.calls.map((m) => m.eventId)).toEqual(ids);
    expect(intake.engine.calls).toHaveLength(0);
  });
});
