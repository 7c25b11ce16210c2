/**
 * Replayed Slack requests: someone who captured a genuine, correctly signed request (a 担当する click, a
 * staff reply in a case thread) sends it again later. Its signature is valid for its own timestamp, so
 * only the timestamp check stands between the replay and the case. Past five minutes, in either
 * direction, the request is refused with 401 and has no effect: the case stays unclaimed, the user gets
 * nothing. The same request sent fresh does work (the control).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../fakes/slack-emulator.ts';
import { testDbKind } from '../../support/db.ts';
import {
  announcedHandoff,
  buttonClick,
  type SlackTestApp,
  sign,
  staff,
  staffChannel,
  startSlackTestApp,
  threadReply,
  waitFor,
} from '../slack/slack-harness.ts';

describe(`replayed Slack requests (${testDbKind})`, { timeout: 60_000 }, () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  /** Sends exact bytes signed for `timestamp`, as a replay of a captured request would arrive. */
  const replay = (body: string, contentType: string, timestamp: number) =>
    t.postRaw(body, {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp),
    });
  const clickBody = (handoffId: string, post: StoredMessage) =>
    `payload=${encodeURIComponent(
      JSON.stringify(
        buttonClick(t.slack, {
          user: staff.alice,
          channel: post.channel,
          actionId: 'handoff_claim',
          value: handoffId,
          messageTs: post.ts,
        }),
      ),
    )}`;
  const eventBody = (event: Record<string, unknown>, eventId: string, at: number) =>
    JSON.stringify({
      token: 'legacy-verification-token',
      team_id: t.slack.teamId,
      api_app_id: 'A0SANPO001',
      type: 'event_callback',
      event_id: eventId,
      event_time: at,
      authorizations: [{ team_id: t.slack.teamId, user_id: t.slack.botUserId, is_bot: true }],
      event,
    });
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses a captured 担当する click replayed six minutes later, or dated ahead, and the case stays open', async () => {
    const { handoffId, post } = await announcedHandoff(t);
    const body = clickBody(handoffId, post);
    for (const timestamp of [now() - 360, now() - 3_600, now() + 360]) {
      expect((await replay(body, 'application/x-www-form-urlencoded', timestamp)).status).toBe(401);
    }
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await t.handoffs.get(handoffId))?.status).toBe('open');
    expect(t.pushed.filter((p) => p.key.startsWith(`handoff:${handoffId}:`))).toEqual([]);

    // Control: the same click, fresh, claims the case.
    expect((await replay(body, 'application/x-www-form-urlencoded', now())).status).toBe(200);
    await waitFor(async () => (await t.handoffs.get(handoffId))?.status === 'claimed', 10_000, 'the claim');
  });

  it('refuses a staff reply replayed later: it never reaches the user', async () => {
    const { handoffId, post } = await announcedHandoff(t);
    const click = clickBody(handoffId, post);
    expect((await replay(click, 'application/x-www-form-urlencoded', now())).status).toBe(200);
    await waitFor(async () => (await t.handoffs.get(handoffId))?.status === 'claimed', 10_000, 'the claim');

    const text = '担当の者です。REPLAYED-REPLY';
    const event = threadReply({ user: staff.alice, channel: staffChannel, threadTs: post.ts, text });
    const stale = now() - 400;
    expect((await replay(eventBody(event, 'EvREPLAY0001', stale), 'application/json', stale)).status).toBe(
      401,
    );
    await new Promise((r) => setTimeout(r, 1_000));
    const staffPushes = () => t.pushed.filter((p) => JSON.stringify(p.replies).includes('REPLAYED-REPLY'));
    expect(staffPushes()).toEqual([]);

    // Control: sent fresh, the reply is relayed once.
    const fresh = now();
    expect((await replay(eventBody(event, 'EvREPLAY0002', fresh), 'application/json', fresh)).status).toBe(
      200,
    );
    await waitFor(() => staffPushes().length > 0, 10_000, 'the relayed reply');
    expect(staffPushes()).toHaveLength(1);
  });

  it('refuses a signed body over 1 MiB with 413, relays nothing, and the connection serves the next request', async () => {
    const { handoffId, post } = await announcedHandoff(t);
    await replay(clickBody(handoffId, post), 'application/x-www-form-urlencoded', now());
    await waitFor(async () => (await t.handoffs.get(handoffId))?.status === 'claimed', 10_000, 'the claim');
    const big = threadReply({
      user: staff.alice,
      channel: staffChannel,
      threadTs: post.ts,
      text: `OVERSIZED-${'あ'.repeat(400_000)}`,
    });
    const at = now();
    expect((await replay(eventBody(big, 'EvOVERSIZE01', at), 'application/json', at)).status).toBe(413);
    // The excess was drained, not left on the keep-alive connection: the next request is answered.
    const small = threadReply({
      user: staff.alice,
      channel: staffChannel,
      threadTs: post.ts,
      text: 'AFTER-413',
    });
    const later = now();
    expect((await replay(eventBody(small, 'EvOVERSIZE02', later), 'application/json', later)).status).toBe(
      200,
    );
    const relayed = (marker: string) => t.pushed.filter((p) => JSON.stringify(p.replies).includes(marker));
    await waitFor(() => relayed('AFTER-413').length > 0, 10_000, 'the reply after the refused one');
    expect(relayed('OVERSIZED-')).toEqual([]);
  });

  it('refuses requests without a timestamp or with a malformed one', async () => {
    const { handoffId, post } = await announcedHandoff(t);
    const body = clickBody(handoffId, post);
    const signature = sign(body, now());
    const headers: Record<string, string>[] = [
      {},
      { 'x-slack-request-timestamp': 'yesterday' },
      { 'x-slack-request-timestamp': '' },
    ];
    for (const header of headers) {
      const res = await t.postRaw(body, {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-signature': signature,
        ...header,
      });
      expect(res.status).toBe(401);
    }
    expect((await t.handoffs.get(handoffId))?.status).toBe('open');
  });
});
