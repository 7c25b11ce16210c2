/**
 * The outbox delivery state machine, one situation at a time, on the test database and the emulator:
 * what a worker does with a batch whose earlier reply call ended in a crash or a timeout, with a fresh or
 * an old token, for an ordinary and a critical answer, and when another worker is mid-call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliverBatch } from '../../../src/channels/line/delivery.ts';
import { createLineApi } from '../../../src/channels/line/line-api.ts';
import { deriveRetryKey } from '../../../src/channels/line/retry-key.ts';
import { insertOutboxBatches } from '../../../src/infra/db/channel-outbox.repo.ts';
import { setChannelUserActive } from '../../../src/infra/db/channel-users.repo.ts';
import { findNextWork } from '../../../src/infra/db/channel-work.repo.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { type LineEmulator, startLineEmulator } from '../../fakes/line-emulator.ts';
import { openTestDb } from '../../support/db.ts';
import { accessToken, eventId, lineUserId } from './line-harness.ts';

describe('LINE outbox delivery', () => {
  let db: Db;
  let line: LineEmulator;
  beforeAll(async () => {
    db = await openTestDb();
    line = await startLineEmulator({ channelAccessToken: accessToken });
  });
  afterAll(async () => {
    await line?.close();
    await db?.close();
  });

  const deps = () => ({
    db,
    api: createLineApi({
      apiBaseUrl: line.url,
      dataApiBaseUrl: line.url,
      channelAccessToken: accessToken,
      timeoutMs: 1000,
    }),
    clock: { now: () => new Date() },
    logger: createLogger({ level: 'silent' }),
    requestTimeoutMs: 1000,
  });

  /** One batch for a new user; `reply` sets the token, its age, and an earlier attempt's state. */
  async function batchFor(options: {
    token?: string;
    tokenAgeMs?: number;
    replyState?: 'none' | 'in_flight' | 'rejected';
    claimAgeMs?: number;
    critical?: boolean;
    push?: boolean;
  }) {
    const userId = lineUserId();
    const sourceKey = options.push ? `push:${eventId()}` : `event:${eventId()}`;
    const conversationKey = `line:${userId}`;
    await insertOutboxBatches(db, [
      {
        channel: 'line',
        sourceKey,
        batchIndex: 0,
        conversationKey,
        recipient: userId,
        messages: [{ type: 'text', text: `回答 ${userId}` }],
        retryKey: deriveRetryKey(sourceKey, 0),
        replyToken: options.token,
        tokenReceivedAt:
          options.token === undefined ? undefined : new Date(Date.now() - (options.tokenAgeMs ?? 0)),
        critical: options.critical ?? false,
      },
    ]);
    if (options.replyState !== undefined) {
      await db.query(
        `UPDATE channel_outbox SET reply_state = $2, reply_claimed_at = $3 WHERE conversation_key = $1`,
        [conversationKey, options.replyState, new Date(Date.now() - (options.claimAgeMs ?? 60_000))],
      );
    }
    const { batch } = await findNextWork(db, conversationKey);
    if (batch === null) throw new Error('batch not stored');
    return { userId, batch, conversationKey };
  }

  const stateOf = async (conversationKey: string) =>
    (
      await db.query('SELECT state, sent_via, reply_state FROM channel_outbox WHERE conversation_key = $1', [
        conversationKey,
      ])
    ).rows[0];
  const callsFor = (userId: string, token?: string) =>
    line.requests.filter(
      (r) =>
        (r.body as { to?: string })?.to === userId ||
        (token !== undefined && (r.body as { replyToken?: string })?.replyToken === token),
    );

  it('replies with a fresh token', async () => {
    const userId = lineUserId();
    const token = line.issueReplyToken({ to: userId });
    const { batch, conversationKey } = await batchFor({ token });
    expect(await deliverBatch(batch, deps())).toEqual({ kind: 'sent', via: 'reply' });
    expect(await stateOf(conversationKey)).toEqual({
      state: 'sent',
      sent_via: 'reply',
      reply_state: 'in_flight',
    });
  });

  it('counts an earlier reply as delivered when a probe finds the fresh token already used', async () => {
    const first = lineUserId();
    const token = line.issueReplyToken({ to: first });
    // The earlier worker's call landed, then the worker died before recording it.
    await fetch(`${line.url}/v2/bot/message/reply`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ replyToken: token, messages: [{ type: 'text', text: '先の回答' }] }),
    });
    const { batch, userId, conversationKey } = await batchFor({
      token,
      tokenAgeMs: 20_000,
      replyState: 'in_flight',
    });
    expect(await deliverBatch(batch, deps())).toEqual({ kind: 'sent', via: 'reply' });
    expect(await stateOf(conversationKey)).toMatchObject({ state: 'sent', sent_via: 'reply' });
    expect(callsFor(userId).filter((r) => r.path.endsWith('/push'))).toHaveLength(0);
    expect(line.deliveriesTo(first)).toHaveLength(1);
  });

  it('replies when a probe finds the fresh token unused (the earlier call never landed)', async () => {
    const userId = lineUserId();
    const token = line.issueReplyToken({ to: userId });
    const { batch } = await batchFor({ token, tokenAgeMs: 20_000, replyState: 'in_flight' });
    expect(await deliverBatch(batch, deps())).toEqual({ kind: 'sent', via: 'reply' });
    expect(line.deliveriesTo(userId)).toHaveLength(1);
  });

  it('with an unknown outcome and a token too old to ask, counts an ordinary answer as delivered', async () => {
    const { batch, userId, conversationKey } = await batchFor({
      token: 'old',
      tokenAgeMs: 58_000,
      replyState: 'in_flight',
    });
    expect(await deliverBatch(batch, deps())).toEqual({ kind: 'sent', via: 'reply' });
    expect(callsFor(userId, 'old')).toHaveLength(0);
    expect(await stateOf(conversationKey)).toMatchObject({ state: 'sent' });
  });

  it('with an unknown outcome and a token too old, pushes a critical answer', async () => {
    const { batch, userId } = await batchFor({
      token: 'old',
      tokenAgeMs: 58_000,
      replyState: 'in_flight',
      critical: true,
    });
    expect(await deliverBatch(batch, deps())).toEqual({ kind: 'sent', via: 'push' });
    expect(line.deliveriesTo(userId).map((d) => d.via)).toEqual(['push']);
  });

  it('leaves a batch alone while another worker is calling reply for it', async () => {
    const userId = lineUserId();
    const token = line.issueReplyToken({ to: userId });
    const fresh = await batchFor({ token, tokenAgeMs: 58_000, replyState: 'in_flight', claimAgeMs: 100 });
    expect(await deliverBatch(fresh.batch, deps())).toEqual({ kind: 'contended' });
    const young = await batchFor({ token, tokenAgeMs: 1_000, replyState: 'in_flight', claimAgeMs: 100 });
    expect(await deliverBatch(young.batch, deps())).toEqual({ kind: 'contended' });
    expect(callsFor(fresh.userId, token)).toHaveLength(0);
  });

  it('pushes when LINE rejects the token, and keeps a 429 retryable without giving the token up', async () => {
    const expired = await batchFor({
      token: line.issueReplyToken({ to: 'x', ageMs: 90_000 }),
      tokenAgeMs: 1_000,
    });
    expect(await deliverBatch(expired.batch, deps())).toEqual({ kind: 'sent', via: 'push' });
    expect(await stateOf(expired.conversationKey)).toEqual({
      state: 'sent',
      sent_via: 'push',
      reply_state: 'rejected',
    });

    const userId = lineUserId();
    const limited = await batchFor({ token: line.issueReplyToken({ to: userId }) });
    line.failNext({ path: '/v2/bot/message/reply', status: 429 });
    expect(await deliverBatch(limited.batch, deps())).toEqual({ kind: 'retry', code: 'line_429' });
    expect(await stateOf(limited.conversationKey)).toEqual({
      state: 'pending',
      sent_via: null,
      reply_state: 'none',
    });
  });

  it('does not push to a user who unfollowed the account', async () => {
    const { batch, userId, conversationKey } = await batchFor({ push: true });
    await setChannelUserActive(db, 'line', userId, false);
    expect(await deliverBatch(batch, deps())).toEqual({ kind: 'skipped' });
    expect(await stateOf(conversationKey)).toMatchObject({ state: 'skipped' });
    expect(line.deliveriesTo(userId)).toHaveLength(0);
  });
});
