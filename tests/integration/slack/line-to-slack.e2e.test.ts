/**
 * End to end, the app exactly as `npm start` builds it (startApp with LINE and Slack configured, the real
 * engine, knowledge base, staff lifecycle and durable queue), both platforms emulated: a LINE user's
 * message about a subordinate's mental health reaches the staff channel in Slack; a staff member claims
 * it; their thread reply reaches the user on LINE; the user's answer appears in the thread; the case is
 * resolved, the user rates it, and the bot answers the user again from the corpus. No message text
 * reaches the logs on the way.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, type StoredMessage, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { envelope, lineUserId, postbackEvent, textEvent } from '../line/line-harness.ts';
import { startTestApp, type TestApp } from '../ops/app-harness.ts';
import {
  buttonClick,
  postSignedToSlackEndpoint,
  slackEnv,
  staff,
  staffChannel,
  threadReply,
  waitFor,
} from './slack-harness.ts';

/** Starting the whole app (every migration, pg-boss, indexing the corpus) takes long on a busy runner. */
const setupTimeoutMs = 240_000;

describe('LINE user ↔ Slack staff through the real app, end to end', () => {
  let slack: SlackEmulator;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startSlackEmulator();
    slack.setChannelMembers(staffChannel, [staff.alice, staff.bob, slack.botUserId]);
    t = await startTestApp({
      line: true,
      env: {
        ...slackEnv(slack),
      },
      app: { queue: { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 } },
    });
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
  const fromUser = (userId: string, text: string) =>
    t.postLine(envelope(textEvent({ userId, text, replyToken: line().issueReplyToken({ to: userId }) })));

  const toSlack = (payload: Record<string, unknown>, form: boolean) =>
    form
      ? postSignedToSlackEndpoint(
          t.app.url,
          `payload=${encodeURIComponent(JSON.stringify(payload))}`,
          'application/x-www-form-urlencoded',
        )
      : postSignedToSlackEndpoint(t.app.url, JSON.stringify(payload), 'application/json');
  const slackEvent = (event: Record<string, unknown>) =>
    toSlack(
      {
        type: 'event_callback',
        team_id: slack.teamId,
        api_app_id: 'A0SANPO001',
        event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`,
        event_time: Math.floor(Date.now() / 1000),
        event,
      },
      false,
    );

  it('mental-health message → Slack post → claim → staff reply on LINE → user answer in thread → resolve → bot again', async () => {
    const userId = lineUserId();
    const texts = () => line().textsTo(userId);
    const firstMessage = '部下がうつで休職中です。復職の相談をしたいです';
    const staffReply = '担当の佐藤です。ご都合のよい時間を教えてください。';
    const userAnswer = '明日の午後なら大丈夫です';

    // 1. The user writes about a subordinate: the engine hands off; no model answers it.
    expect((await fromUser(userId, firstMessage)).status).toBe(200);
    const post: StoredMessage = await waitFor(
      () =>
        slack.messages.find(
          (m) => m.channel === staffChannel && m.threadTs === undefined && m.text.includes('引き継ぎ'),
        ),
      30_000,
      'the handoff post in Slack',
    );
    await waitFor(() => texts().length > 0, 20_000, 'the handoff reply on LINE');
    const handoffId = JSON.stringify(post.blocks).match(/"value":"([0-9a-f-]{36})"/)?.[1];
    expect(handoffId).toBeDefined();
    expect(JSON.stringify(post.blocks)).toContain(firstMessage);

    // 2. Alice claims it: the user hears that a person has joined.
    const click = (actionId: string) =>
      toSlack(
        buttonClick(slack, {
          user: staff.alice,
          channel: staffChannel,
          actionId,
          value: handoffId!,
          messageTs: post.ts,
        }),
        true,
      );
    expect((await click('handoff_claim')).status).toBe(200);
    await waitFor(
      () => texts().some((x) => x.includes('担当者が対応を始めました')),
      20_000,
      'the claimed notice',
    );
    await waitFor(
      () => JSON.stringify(post.blocks).includes(`<@${staff.alice}>`),
      20_000,
      'the post to show the owner',
    );

    // 3. Alice's thread reply reaches the user on LINE.
    await slackEvent(
      threadReply({ user: staff.alice, channel: staffChannel, threadTs: post.ts, text: staffReply }),
    );
    await waitFor(() => texts().includes(staffReply), 20_000, 'the staff reply on LINE');
    // The console's case view (another staff tool on the same case) shows the Slack reply too.
    const consoleLines = await t.app.db.query<{ body: { text: string } }>(
      `SELECT body FROM web_staff_events WHERE subject_id = $1 AND kind = 'staff_line'`,
      [handoffId],
    );
    expect(consoleLines.rows.map((r) => r.body.text)).toEqual([staffReply]);

    // 4. The user's answer appears in the thread, and the bot stays quiet.
    const before = texts().length;
    await fromUser(userId, userAnswer);
    await waitFor(
      () =>
        slack.messagesIn(staffChannel, post.ts).some((m) => JSON.stringify(m.blocks).includes(userAnswer)),
      20_000,
      'the user message in the thread',
    );
    expect(texts()).toHaveLength(before);

    // 5. Resolve: thanks and a 1–5 rating on LINE; the user rates 5.
    await click('handoff_resolve');
    await waitFor(() => texts().some((x) => x.includes('5段階で評価')), 20_000, 'the rating request');
    expect(JSON.stringify(line().deliveriesTo(userId).at(-1)?.messages)).toContain(`rating:${handoffId}:5`);
    await t.postLine(
      envelope(
        postbackEvent({
          userId,
          data: `rating:${handoffId}:5`,
          replyToken: line().issueReplyToken({ to: userId }),
        }),
      ),
    );
    await waitFor(() => texts().some((x) => x.includes('評価をお送りいただき')), 20_000, 'the rating thanks');
    const rated = await t.app.db.query('SELECT status, rating FROM handoffs WHERE id = $1', [handoffId]);
    expect(rated.rows).toEqual([{ status: 'resolved', rating: 5 }]);
    await waitFor(
      () => JSON.stringify(post.blocks).includes('解決済み'),
      20_000,
      'the post to show 解決済み',
    );

    // 6. The bot answers the user again, from the corpus.
    const answered = texts().length;
    await fromUser(userId, '地域産業保健センターはどんな事業場が使えますか');
    await waitFor(() => texts().length > answered, 30_000, 'the bot answer');
    expect(texts().slice(answered).join('\n')).toContain('50人未満');

    // Nothing anyone wrote reached the logs (the app logs at debug level here).
    for (const text of [firstMessage, staffReply, userAnswer]) {
      expect(t.logs.filter((l) => l.includes(text))).toEqual([]);
    }
  }, 180_000);
});
