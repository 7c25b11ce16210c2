/**
 * The Slack staff channel through the real HTTP server: signed requests (bad signature, stale timestamp,
 * retries), the handoff post, claim / relay / resolve / return to bot, and what must be ignored (bots, the
 * app itself, other channels, people outside the staff channel). Outbound calls go to the Slack emulator,
 * which checks each against the official Web API spec.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../../fakes/slack-emulator.ts';
import {
  announcedHandoff,
  buttonClick,
  oncallGroup,
  otherChannel,
  type SlackTestApp,
  sign,
  slackTs,
  staff,
  staffChannel,
  startSlackTestApp,
  threadReply,
  tokyoChannel,
  waitFor,
} from './slack-harness.ts';

/** Starting PGlite with every migration and pg-boss takes long on a busy 2-core runner. */
const setupTimeoutMs = 180_000;
describe('Slack staff desk', () => {
  let t: SlackTestApp;
  beforeAll(async () => {
    t = await startSlackTestApp({
      knowledge: {
        answer: async (question) => ({
          text: question.includes('地域産業保健センター')
            ? '地域産業保健センターは、労働者数50人未満の事業場が利用できます。'
            : '公式の資料には、このご質問に答える記載が見つかりませんでした。',
          citations: question.includes('地域産業保健センター')
            ? [
                {
                  documentId: 'guides/chisanpo',
                  title: '地域産業保健センター',
                  section: '1 対象',
                  url: 'https://example.jp/chisanpo',
                },
              ]
            : [],
          grounded: question.includes('地域産業保健センター'),
          answeredBy: 'extractive',
        }),
      },
    });
  }, setupTimeoutMs);
  afterAll(async () => {
    await t?.close();
  });
  afterEach(() => {
    expect(t.slack.violations).toEqual([]);
  });

  const announced = (route?: 'handoff' | 'crisis', centerId?: string | null) =>
    announcedHandoff(t, route, centerId);

  const click = (user: string, actionId: string, handoffId: string, post: StoredMessage) =>
    t.postAction(
      buttonClick(t.slack, { user, channel: post.channel, actionId, value: handoffId, messageTs: post.ts }),
    );

  const buttonsOf = (post: StoredMessage) =>
    (post.blocks as { type: string; elements?: { action_id?: string }[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements?.map((e) => e.action_id) ?? []);

  const statusOf = (post: StoredMessage) =>
    JSON.stringify((post.blocks as { block_id?: string }[]).find((b) => b.block_id === 'case_status'));

  it('called auth.test at start-up', () => {
    expect(t.slack.callsTo('auth.test').length).toBeGreaterThanOrEqual(1);
  });

  it('posts a handoff once, with the case, the workplace, the messages (escaped) and three buttons', async () => {
    const { handoffId, post } = await announced();
    expect(post.channel).toBe(staffChannel);
    const text = JSON.stringify(post.blocks);
    expect(text).toContain('💬 担当者への引き継ぎ');
    expect(text).toContain('部下の休職についての相談');
    expect(text).toContain('従業員数');
    // A LINE user cannot ping the channel: their text arrives escaped.
    expect(text).toContain('&lt;!channel&gt;');
    expect(buttonsOf(post)).toEqual(['handoff_claim', 'handoff_resolve', 'handoff_return']);
    // Announcing the same event again (a retry after a crash) posts nothing new.
    await t.desk.announceHandoff({
      id: `handoff:${handoffId}:handoff`,
      handoffId,
      urgency: 'normal',
      route: 'handoff',
      centerId: 'osaka',
      user: { channel: 'line', userId: 'Uuser' },
      summary: 's',
      recentMessages: [],
      workplace: {},
      reAlert: false,
    });
    // The record is completed after Slack answered; then the repeated job, whenever it runs, finds it.
    const rows = await waitFor(async () => {
      const result = await t.db.query('SELECT status, ts FROM slack_posts WHERE subject_id = $1', [
        handoffId,
      ]);
      return result.rows[0]?.status === 'posted' ? result.rows : undefined;
    });
    expect(rows).toEqual([{ status: 'posted', ts: post.ts }]);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(t.slack.messages.filter((m) => JSON.stringify(m.blocks).includes(handoffId))).toHaveLength(1);
  });

  it('marks crises urgent, mentions the on-call group and uses the center’s own channel', async () => {
    const { post } = await announced('crisis', 'tokyo');
    expect(post.channel).toBe(tokyoChannel);
    expect(post.text).toContain(`<!subteam^${oncallGroup}>`);
    expect(JSON.stringify(post.blocks)).toContain('🚨 緊急');
  });

  it('rejects a bad signature and stale or future timestamps, with 401 and no effect', async () => {
    const event = threadReply({ user: staff.alice, channel: staffChannel, threadTs: slackTs(), text: 'x' });
    const now = Math.floor(Date.now() / 1000);
    expect((await t.postEvent(event, { signature: sign('{}', now) })).status).toBe(401);
    expect((await t.postEvent(event, { signature: sign('x', now, 'wrong-secret') })).status).toBe(401);
    expect((await t.postEvent(event, { timestamp: now - 400 })).status).toBe(401);
    expect((await t.postEvent(event, { timestamp: now + 400 })).status).toBe(401);
    expect((await t.postRaw('{}', { 'content-type': 'application/json' })).status).toBe(401);
  });

  it('answers the url_verification challenge', async () => {
    const body = JSON.stringify({ type: 'url_verification', token: 't', challenge: 'challenge-123' });
    const now = Math.floor(Date.now() / 1000);
    const response = await t.postRaw(body, {
      'content-type': 'application/json',
      'x-slack-request-timestamp': String(now),
      'x-slack-signature': sign(body, now),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('challenge-123');
  });

  it('claim → relay → resolve: the owner talks to the user, the bot resumes and asks for a rating', async () => {
    const { handoffId, post } = await announced();
    const userKey = (suffix: string) => `handoff:${handoffId}:${suffix}`;

    // A staff reply before anyone claimed the case does not reach the user; the author is told why.
    const early = threadReply({
      user: staff.alice,
      channel: staffChannel,
      threadTs: post.ts,
      text: '早すぎる返信',
    });
    expect((await t.postEvent(early)).status).toBe(200);
    await waitFor(() =>
      t.slack.ephemerals.find((e) => e.user === staff.alice && e.text.includes('担当する')),
    );

    expect((await click(staff.alice, 'handoff_claim', handoffId, post)).status).toBe(200);
    await waitFor(() => t.pushed.find((p) => p.key === userKey('claimed')), 5_000, 'the claimed notice');
    await waitFor(() => statusOf(post).includes(`<@${staff.alice}>`), 10_000, 'the post to show the owner');
    expect(buttonsOf(post)).toEqual(['handoff_take_over', 'handoff_resolve', 'handoff_return']);
    expect((await t.handoffs.get(handoffId))?.claimedBy).toBe(`slack:${staff.alice}`);

    // Bob clicks 担当する too late: he is told privately who owns it.
    await click(staff.bob, 'handoff_claim', handoffId, post);
    await waitFor(() => t.slack.responses.find((r) => String(r.body.text).includes(`<@${staff.alice}>`)));

    // The owner's reply reaches the user, once, however often Slack redelivers it.
    const reply = threadReply({
      user: staff.alice,
      channel: staffChannel,
      threadTs: post.ts,
      text: '担当の佐藤です。&lt;ご都合&gt;を教えてください <https://example.jp|案内>',
    });
    expect((await t.postEvent(reply, { eventId: 'EvRELAY00001' })).status).toBe(200);
    expect((await t.postEvent(reply, { eventId: 'EvRELAY00001', retryNum: 1 })).status).toBe(200);
    const staffPushes = () => t.pushed.filter((p) => p.key.startsWith(userKey('staff:')));
    await waitFor(() => staffPushes().length === 1);
    expect(staffPushes()[0]).toMatchObject({
      key: userKey(`staff:${staffChannel}:${reply.ts}`),
      replies: [{ type: 'text', text: '担当の佐藤です。<ご都合>を教えてください 案内 (https://example.jp)' }],
    });

    // Notes, other staff, bots, the app itself and other channels never reach the user.
    const quiet = [
      threadReply({
        user: staff.alice,
        channel: staffChannel,
        threadTs: post.ts,
        text: 'メモ: 上長に共有済み',
      }),
      threadReply({ user: staff.bob, channel: staffChannel, threadTs: post.ts, text: '横から失礼します' }),
      {
        ...threadReply({ user: staff.alice, channel: staffChannel, threadTs: post.ts, text: 'bot' }),
        bot_id: 'B0OTHER',
      },
      {
        ...threadReply({ user: staff.alice, channel: staffChannel, threadTs: post.ts, text: 'bot' }),
        subtype: 'bot_message',
      },
      threadReply({ user: t.slack.botUserId, channel: staffChannel, threadTs: post.ts, text: 'self' }),
      threadReply({ user: staff.alice, channel: otherChannel, threadTs: post.ts, text: '別チャンネル' }),
      {
        ...threadReply({ user: staff.alice, channel: staffChannel, threadTs: post.ts, text: '編集' }),
        subtype: 'message_changed',
      },
    ];
    for (const event of quiet) expect((await t.postEvent(event)).status).toBe(200);
    await waitFor(() =>
      t.slack.ephemerals.find((e) => e.user === staff.bob && e.text.includes('メモとして残ります')),
    );
    expect(staffPushes()).toHaveLength(1);

    // The user's next message appears in the thread.
    await t.desk.relayUserMessage({
      id: `relay:${handoffId}:1`,
      handoffId,
      line: { from: 'user', text: '明日の午後なら大丈夫です', at: new Date() },
    });
    const relayed = await waitFor(() =>
      t.slack.messagesIn(staffChannel, post.ts).find((m) => JSON.stringify(m.blocks).includes('明日の午後')),
    );
    expect(relayed.text).toBe('利用者からのメッセージ');

    // Resolve: the conversation returns to the bot, the user is thanked and asked for a rating.
    await click(staff.alice, 'handoff_resolve', handoffId, post);
    const resolved = await waitFor(() => t.pushed.find((p) => p.key === userKey('resolved')));
    expect(JSON.stringify(resolved.replies)).toContain(`rating:${handoffId}:5`);
    const { rows } = await t.db.query(
      'SELECT h.status, c.mode FROM handoffs h JOIN conversations c ON c.id = h.conversation_id WHERE h.id = $1',
      [handoffId],
    );
    expect(rows).toEqual([{ status: 'resolved', mode: 'bot' }]);
    await waitFor(() => statusOf(post).includes('解決済み'), 10_000, 'the post to show 解決済み');
    expect(buttonsOf(post)).toEqual([]);
  }, 90_000);

  it('担当を代わる hands a claimed case to another staff member, whose replies then reach the user', async () => {
    const { handoffId, post } = await announced();
    await click(staff.alice, 'handoff_claim', handoffId, post);
    await waitFor(() => statusOf(post).includes(`<@${staff.alice}>`), 10_000, 'the post to show Alice');

    await click(staff.bob, 'handoff_take_over', handoffId, post);
    await waitFor(() => statusOf(post).includes(`<@${staff.bob}>`), 10_000, 'the post to show Bob');
    expect((await t.handoffs.get(handoffId))?.claimedBy).toBe(`slack:${staff.bob}`);
    await waitFor(() => t.slack.responses.find((r) => String(r.body.text).includes('担当を引き継ぎました')));
    const notice = await waitFor(() =>
      t.pushed.find((p) => p.key.startsWith(`handoff:${handoffId}:taken-over:`)),
    );
    expect(JSON.stringify(notice.replies)).toContain('担当者が交代しました');

    // Alice's reply now stays in the thread; Bob's reaches the user.
    const fromAlice = threadReply({
      user: staff.alice,
      channel: staffChannel,
      threadTs: post.ts,
      text: 'アリスです',
    });
    const fromBob = threadReply({
      user: staff.bob,
      channel: staffChannel,
      threadTs: post.ts,
      text: 'ボブです',
    });
    expect((await t.postEvent(fromAlice)).status).toBe(200);
    expect((await t.postEvent(fromBob)).status).toBe(200);
    const staffTexts = () =>
      t.pushed
        .filter((p) => p.key.startsWith(`handoff:${handoffId}:staff:`))
        .map((p) => JSON.stringify(p.replies));
    await waitFor(() => staffTexts().some((x) => x.includes('ボブです')));
    // Alice's event is handled (she is told Bob owns the case) before her reply is checked to be absent.
    await waitFor(() =>
      t.slack.ephemerals.find((e) => e.user === staff.alice && e.text.includes(`<@${staff.bob}>`)),
    );
    expect(staffTexts().some((x) => x.includes('アリスです'))).toBe(false);
  }, 90_000);

  it('ボットに戻す returns the conversation to the bot and keeps the record as returned', async () => {
    const { handoffId, post } = await announced();
    await click(staff.bob, 'handoff_return', handoffId, post);
    await waitFor(() => t.pushed.find((p) => p.key === `handoff:${handoffId}:returned`));
    expect((await t.handoffs.get(handoffId))?.status).toBe('returned');
    await waitFor(
      () => statusOf(post).includes('ボットに戻しました'),
      10_000,
      'the post to show ボットに戻しました',
    );
  });

  it('refuses clicks from people outside the staff channel', async () => {
    const { handoffId, post } = await announced();
    await click(staff.outsider, 'handoff_claim', handoffId, post);
    await waitFor(() =>
      t.slack.responses.find((r) => String(r.body.text).includes('スタッフ用チャンネルのメンバー')),
    );
    expect((await t.handoffs.get(handoffId))?.status).toBe('open');
    expect(t.pushed.find((p) => p.key === `handoff:${handoffId}:claimed`)).toBeUndefined();
  });

  it('a failed first delivery is not lost: Slack’s retry does the work', async () => {
    const { handoffId, post } = await announced();
    await click(staff.alice, 'handoff_claim', handoffId, post);
    await waitFor(() => t.pushed.find((p) => p.key === `handoff:${handoffId}:claimed`));
    const reply = threadReply({
      user: staff.alice,
      channel: staffChannel,
      threadTs: post.ts,
      text: '届きますか',
    });
    t.failNextPushes(1);
    expect((await t.postEvent(reply, { eventId: 'EvRETRY00001' })).status).toBe(500);
    expect((await t.postEvent(reply, { eventId: 'EvRETRY00001', retryNum: 1 })).status).toBe(200);
    await waitFor(() =>
      t.pushed.find((p) => p.key === `handoff:${handoffId}:staff:${staffChannel}:${reply.ts}`),
    );
  });

  it('waits out a 429 with Retry-After and still posts', async () => {
    t.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const { post } = await announced();
    expect(post.channel).toBe(staffChannel);
    expect(t.slack.calls.filter((c) => c.method === 'chat.postMessage').length).toBeGreaterThan(1);
  });

  it('re-alerts in the thread with the on-call group when a crisis is not claimed', async () => {
    const { handoffId, post } = await announced('crisis', 'osaka');
    await t.lifecycle.runReAlert({ handoffId, attempt: 1 });
    const alert = await waitFor(() =>
      t.slack.messagesIn(staffChannel, post.ts).find((m) => m.text.includes('まだ担当されていません')),
    );
    expect(alert.text).toContain(`<!subteam^${oncallGroup}>`);
    const broadcast = t.slack.callsTo('chat.postMessage').find((c) => c.params.thread_ts === post.ts);
    expect(broadcast?.params.reply_broadcast).toBe('true');
  });

  it('/sanpo report answers staff privately and refuses others', async () => {
    expect(
      (
        await t.postCommand({
          user_id: staff.alice,
          user_name: 'alice',
          channel_id: staffChannel,
          text: 'report 2026-11',
        })
      ).status,
    ).toBe(200);
    const report = await waitFor(() =>
      t.slack.responses.find((r) => String(r.body.text).includes('2026年11月')),
    );
    expect(report.body.response_type).toBe('ephemeral');
    expect(String(report.body.text)).toContain('メンタルヘルスの個別相談');
    await t.postCommand({
      user_id: staff.outsider,
      user_name: 'x',
      channel_id: otherChannel,
      text: 'report',
    });
    await waitFor(() =>
      t.slack.responses.find((r) => String(r.body.text).includes('メンバーだけが使えます')),
    );
  });

  it('/sanpo gaps lists this month’s unanswered and low-rated questions, grouped, and never a person case', async () => {
    const db = t.db;
    const conv = await db.query<{ id: string }>(
      `INSERT INTO conversations (channel, external_id) VALUES ('line', 'Ugaps0001') RETURNING id`,
    );
    const conversationId = conv.rows[0]!.id;
    const ask = async (text: string, route: string, grounded: boolean | null, replies: unknown = []) => {
      const message = await db.query<{ id: string }>(
        `INSERT INTO messages (conversation_id, channel, user_id, direction, kind, text, event_id, replies)
         VALUES ($1, 'line', 'Ugaps0001', 'in', 'text', $2, gen_random_uuid()::text, $3) RETURNING id`,
        [conversationId, text, JSON.stringify(replies)],
      );
      const decision = await db.query<{ id: string }>(
        `INSERT INTO decisions (message_id, conversation_id, route, decided_by, grounded)
         VALUES ($1, $2, $3, 'rules', $4) RETURNING id`,
        [message.rows[0]!.id, conversationId, route, grounded],
      );
      return decision.rows[0]!.id;
    };
    await ask('岡山のさんぽセンターに駐車場はありますか', 'answer', false);
    await ask('岡山のさんぽセンターって駐車場ありますか？', 'answer', false);
    const rated = await ask('ストレスチェックの実施者の資格は？', 'answer', true, [
      { type: 'text', text: '…' },
      {
        type: 'sources',
        citations: [
          { documentId: 'stress-check', title: 'ストレスチェック制度のあらまし', section: '実施者' },
        ],
      },
    ]);
    await db.query(
      `INSERT INTO answer_ratings (decision_id, conversation_id, rating) VALUES ($1, $2, 'not_helpful')`,
      [rated, conversationId],
    );
    await ask('地域産業保健センターは無料ですか', 'answer', true);
    await ask('部下がうつで休職しています', 'handoff', null);

    await t.postCommand({ user_id: staff.alice, user_name: 'alice', channel_id: staffChannel, text: 'gaps' });
    const reply = await waitFor(() =>
      t.slack.responses.find((r) =>
        String(r.body.text).includes('回答できなかった質問・役に立たなかった回答'),
      ),
    );
    const text = JSON.stringify(reply.body.blocks);
    expect(reply.body.response_type).toBe('ephemeral');
    expect(text).toContain('*「岡山のさんぽセンターって駐車場ありますか？」* 2件（回答できず 2）');
    expect(text).toContain('*「ストレスチェックの実施者の資格は？」* 1件（役に立たなかった 1）');
    // Without center answers configured there is nothing to click (center-answers.e2e.test.ts has them).
    expect(text).not.toContain('"action_id":"gap_answer"');
    expect(text).toContain('回答の出典: ストレスチェック制度のあらまし「実施者」');
    expect(text).not.toContain('無料ですか');
    expect(text).not.toContain('部下');

    const refusals = () =>
      t.slack.responses.filter((r) => String(r.body.text).includes('メンバーだけが使えます')).length;
    const before = refusals();
    await t.postCommand({ user_id: staff.outsider, user_name: 'x', channel_id: otherChannel, text: 'gaps' });
    await waitFor(() => refusals() > before);
  });

  it('publishes the App Home with the viewer’s cases', async () => {
    const { handoffId, post } = await announced();
    await click(staff.bob, 'handoff_claim', handoffId, post);
    await waitFor(() => t.pushed.find((p) => p.key === `handoff:${handoffId}:claimed`));
    await t.postEvent({
      type: 'app_home_opened',
      user: staff.bob,
      channel: 'D0BOB00001',
      tab: 'home',
      event_ts: slackTs(),
    });
    const home = await waitFor(() => t.slack.homeViews.get(staff.bob));
    const text = JSON.stringify(home);
    expect(text).toContain('あなたが担当中の相談');
    expect(text).toContain(`/archives/${staffChannel}/p${post.ts.replace('.', '')}`);
    await t.postEvent({
      type: 'app_home_opened',
      user: staff.outsider,
      channel: 'D0OUT00001',
      tab: 'home',
      event_ts: slackTs(),
    });
    const other = await waitFor(() => t.slack.homeViews.get(staff.outsider));
    expect(JSON.stringify(other)).toContain('メンバーだけ');
  });

  it('answers a staff member’s mention in the thread with sources, and ignores other channels', async () => {
    const ts = slackTs();
    const mention = (user: string, channel: string, text: string, at = slackTs()) => ({
      type: 'app_mention',
      user,
      channel,
      text: `<@${t.slack.botUserId}> ${text}`,
      ts: at,
      event_ts: at,
    });
    await t.postEvent(
      mention(staff.alice, staffChannel, '地域産業保健センターはどんな事業場が使えますか', ts),
    );
    const answer = await waitFor(() => t.slack.messagesIn(staffChannel, ts)[0]);
    expect(answer.text).toContain('労働者数50人未満');
    expect(JSON.stringify(answer.blocks)).toContain('<https://example.jp/chisanpo|地域産業保健センター>');
    const other = slackTs();
    await t.postEvent(mention(staff.alice, otherChannel, '地域産業保健センターは？', other));
    await t.postEvent(mention(staff.outsider, staffChannel, '地域産業保健センターは？', other));
    const ungrounded = slackTs();
    await t.postEvent(mention(staff.bob, staffChannel, '明日の天気は？', ungrounded));
    const refusal = await waitFor(() => t.slack.messagesIn(staffChannel, ungrounded)[0]);
    expect(JSON.stringify(refusal.blocks)).toContain('資料に根拠が見つからない');
    expect(t.slack.messagesIn(otherChannel, other)).toEqual([]);
    expect(t.slack.messagesIn(staffChannel, other)).toEqual([]);
  });
});
