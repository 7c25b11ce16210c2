/**
 * Socket Mode, end to end: the app as `npm start` builds it with SLACK_SOCKET_MODE=true opens its
 * connection through `apps.connections.open` at the emulator (with the app-level token) and takes staff
 * actions as WebSocket envelopes instead of HTTP requests. Each envelope is acknowledged only once its
 * effect is stored (the HTTP receiver's processBeforeResponse, kept in Socket Mode by socket-receiver.ts),
 * a redelivered envelope changes nothing, and a connection Slack recycles is opened again.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, type StoredMessage, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { envelope, lineUserId, textEvent } from '../line/line-harness.ts';
import { startTestApp, type TestApp } from '../ops/app-harness.ts';
import { buttonClick, slackEnv, staff, staffChannel, threadReply, waitFor } from './slack-harness.ts';

const setupTimeoutMs = 240_000;

describe('Slack in Socket Mode through the real app', () => {
  let slack: SlackEmulator;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startSlackEmulator();
    slack.setChannelMembers(staffChannel, [staff.alice, staff.bob, slack.botUserId]);
    t = await startTestApp({
      line: true,
      env: {
        ...slackEnv(slack),
        SLACK_SOCKET_MODE: 'true',
        SLACK_APP_TOKEN: 'xapp-1-A0SANPO001-test',
      },
      app: { queue: { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 } },
    });
    await slack.socketMode.waitForConnection(1, 30_000);
  }, setupTimeoutMs);

  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });

  afterEach(() => {
    expect(t.line?.violations).toEqual([]);
    expect(slack.violations).toEqual([]);
  });

  const line = () => t.line!;
  const eventEnvelope = (event: Record<string, unknown>, eventId: string) => ({
    type: 'event_callback',
    team_id: slack.teamId,
    api_app_id: 'A0SANPO001',
    event_id: eventId,
    event_time: Math.floor(Date.now() / 1000),
    event,
  });

  it('opens its connection with the app-level token, and serves no public events URL', async () => {
    expect(slack.callsTo('apps.connections.open')).toHaveLength(1);
    const response = await fetch(`${t.app.url}/slack/events`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(404);
  });

  it('claims and relays through envelopes, each acknowledged after its effect is stored, a repeat ignored', async () => {
    const userId = lineUserId();
    const texts = () => line().textsTo(userId);
    const staffReply = '担当の佐藤です。ご都合のよい時間を教えてください。';
    const sent = await t.postLine(
      envelope(
        textEvent({
          userId,
          text: '部下がうつで休職中です。復職の相談をしたいです',
          replyToken: line().issueReplyToken({ to: userId }),
        }),
      ),
    );
    expect(sent.status).toBe(200);
    const post: StoredMessage = await waitFor(
      () => slack.messages.find((m) => m.channel === staffChannel && m.threadTs === undefined),
      30_000,
      'the handoff post in Slack',
    );
    const handoffId = JSON.stringify(post.blocks).match(/"value":"([0-9a-f-]{36})"/)?.[1] ?? '';
    expect(handoffId).not.toBe('');

    // The claim fails the first time (Slack cannot say who is in the staff channel): no ack, so the clicker
    // sees Slack's error instead of a click silently dropped (Bolt's own receiver acknowledges first); the
    // next click works.
    const click = buttonClick(slack, {
      user: staff.alice,
      channel: staffChannel,
      actionId: 'handoff_claim',
      value: handoffId,
      messageTs: post.ts,
    });
    slack.failNext('conversations.members', { error: 'internal_error' });
    const failed = slack.socketMode.send('interactive', click);
    await waitFor(() => slack.callsTo('conversations.members').length > 0, 20_000, 'the membership check');
    await new Promise((r) => setTimeout(r, 2_000));
    expect(slack.socketMode.acknowledged(failed)).toBe(false);
    const open = await t.app.db.query('SELECT status FROM handoffs WHERE id = $1', [handoffId]);
    expect(open.rows).toEqual([{ status: 'open' }]);
    const claim = slack.socketMode.send('interactive', click);
    await slack.socketMode.waitForAck(claim, 20_000);
    const claimed = await t.app.db.query<{ status: string; claimed_by: string }>(
      'SELECT status, claimed_by FROM handoffs WHERE id = $1',
      [handoffId],
    );
    expect(claimed.rows).toEqual([{ status: 'claimed', claimed_by: `slack:${staff.alice}` }]);
    await waitFor(
      () => texts().some((x) => x.includes('担当者が対応を始めました')),
      20_000,
      'claimed notice',
    );

    // The thread reply: acknowledged once the push to the user is in the outbox; then it reaches LINE.
    const reply = threadReply({
      user: staff.alice,
      channel: staffChannel,
      threadTs: post.ts,
      text: staffReply,
    });
    const eventId = `Ev${Date.now()}`;
    const first = slack.socketMode.send('events_api', eventEnvelope(reply, eventId));
    await slack.socketMode.waitForAck(first, 20_000);
    await waitFor(() => texts().includes(staffReply), 20_000, 'the staff reply on LINE');

    // Slack sends the same event again (a slow ack, a recycled connection): acknowledged, not relayed again.
    const again = slack.socketMode.send('events_api', eventEnvelope(reply, eventId), { retryAttempt: 1 });
    await slack.socketMode.waitForAck(again, 20_000);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(texts().filter((x) => x === staffReply)).toHaveLength(1);
  }, 120_000);

  it('opens a new connection when Slack recycles the old one, and keeps working', async () => {
    slack.socketMode.recycle();
    await slack.socketMode.waitForConnection(2, 30_000);
    expect(slack.callsTo('apps.connections.open')).toHaveLength(2);
    const command = slack.socketMode.send('slash_commands', {
      command: '/sanpo',
      text: 'help',
      user_id: staff.alice,
      user_name: 'alice',
      channel_id: staffChannel,
      channel_name: 'staff',
      team_id: slack.teamId,
      api_app_id: 'A0SANPO001',
      response_url: slack.createResponseUrl(),
      trigger_id: slack.createTriggerId(),
    });
    await slack.socketMode.waitForAck(command, 20_000);
  }, 60_000);
});
