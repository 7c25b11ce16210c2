/**
 * The knowledge-gap loop end to end, on the app exactly as `npm start` builds it with LINE and Slack
 * (signed webhooks and interactivity into the real HTTP server, the real engine and knowledge base, both
 * platforms emulated): a LINE user asks what the corpus does not cover and rates the reply; staff see the
 * question in `/sanpo gaps`, one drafts an answer in the modal, the drafter's own approval and an
 * outsider's are refused, a second staff member approves; another user asking the same is answered with
 * the center's answer and its official source; withdrawal removes it at once; the monthly figures count it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseReportMonth } from '../../../src/core/reporting/program-figures.ts';
import { createProgramFiguresRepository } from '../../../src/infra/db/program-figures-repository.ts';
import type { Delivery } from '../../fakes/line-emulator.ts';
import { type SlackEmulator, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { envelope, lineUserId, postbackEvent, textEvent } from '../line/line-harness.ts';
import { startTestApp, type TestApp } from '../ops/app-harness.ts';
import {
  buttonClick,
  postSignedToSlackEndpoint,
  slackEnv,
  staff,
  staffChannel,
  viewSubmission,
  waitFor,
} from '../slack/slack-harness.ts';

const question = '地域産業保健センターの相談に手話通訳をお願いすることはできますか？';
const centerAnswer =
  '手話通訳が必要な場合は、申込の際にお知らせください。センターが手配の可否と日程を調整してご連絡します。費用はかかりません。';
const officialSource = 'https://www.tokyos.johas.go.jp/';

describe('knowledge gap → center answer → cited to users → withdrawn, end to end', () => {
  let slack: SlackEmulator;
  let t: TestApp;

  beforeAll(async () => {
    slack = await startSlackEmulator();
    slack.setChannelMembers(staffChannel, [staff.alice, staff.bob, slack.botUserId]);
    t = await startTestApp({
      line: true,
      env: slackEnv(slack),
      app: { queue: { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 } },
    });
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await slack?.close();
  });
  afterEach(() => {
    expect(t.line?.violations).toEqual([]);
    expect(slack.violations).toEqual([]);
  });

  const line = () => t.line!;
  const textOf = (d: Delivery) => JSON.stringify(d.messages);
  async function send(userId: string, event: Record<string, unknown>): Promise<Delivery> {
    const before = line().deliveriesTo(userId).length;
    expect((await t.postLine(envelope(event))).status).toBe(200);
    await waitFor(() => line().deliveriesTo(userId).length > before, 30_000, 'the reply on LINE');
    return line().deliveriesTo(userId)[before]!;
  }
  const ask = (userId: string, text: string) =>
    send(userId, textEvent({ userId, text, replyToken: line().issueReplyToken({ to: userId }) }));
  const tap = (userId: string, data: string) =>
    send(userId, postbackEvent({ userId, data, replyToken: line().issueReplyToken({ to: userId }) }));

  const toSlack = (body: string, contentType: string) =>
    postSignedToSlackEndpoint(t.app.url, body, contentType);
  const interact = (payload: Record<string, unknown>) =>
    toSlack(`payload=${encodeURIComponent(JSON.stringify(payload))}`, 'application/x-www-form-urlencoded');
  /** `/sanpo <text>` by `user`; resolves with the ephemeral response. */
  async function command(user: string, text: string, channel = staffChannel) {
    const responseUrl = slack.createResponseUrl();
    const id = responseUrl.split('/').at(-1)!;
    const body = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: slack.teamId,
      team_domain: 'sanpo-test',
      channel_id: channel,
      user_id: user,
      user_name: user.toLowerCase(),
      command: '/sanpo',
      text,
      api_app_id: 'A0SANPO001',
      response_url: responseUrl,
      trigger_id: slack.createTriggerId(),
    }).toString();
    expect((await toSlack(body, 'application/x-www-form-urlencoded')).status).toBe(200);
    return waitFor(() => slack.responses.find((r) => r.id === id), 10_000, 'the command response');
  }
  const click = (user: string, actionId: string, value: string, messageTs: string) =>
    interact(buttonClick(slack, { user, channel: staffChannel, actionId, value, messageTs }));
  const responsesContaining = (text: string) =>
    slack.responses.filter((r) => JSON.stringify(r.body).includes(text)).length;
  const statusOf = async (id: string) =>
    (await t.app.db.query<{ status: string }>('SELECT status FROM center_answers WHERE id = $1', [id]))
      .rows[0]?.status;

  it('closes the loop: gap, draft, second-staff approval, cited answer, withdrawal', async () => {
    // 1. A LINE user asks what the corpus does not cover, and says the reply did not help.
    const first = lineUserId();
    const notCovered = await ask(first, question);
    expect(textOf(notCovered)).toContain('見つかりませんでした');
    const notHelpful = JSON.stringify(notCovered.messages).match(/feedback:[0-9a-f-]{36}:not_helpful/u)?.[0];
    expect(notHelpful).toBeDefined();
    await tap(first, notHelpful!);

    // 2. Staff see it in /sanpo gaps, with a button to answer it.
    const gaps = await command(staff.alice, 'gaps');
    const gapBlocks = JSON.stringify(gaps.body.blocks);
    expect(gapBlocks).toContain(question);
    const gapDecisionId = gapBlocks.match(/"action_id":"gap_answer".*?"value":"([0-9a-f-]{36})"/u)?.[1];
    expect(gapDecisionId).toBeDefined();

    // The App Home tab shows the month's gaps too.
    const home = async (user: string) => {
      slack.homeViews.delete(user);
      const event = {
        type: 'event_callback',
        team_id: slack.teamId,
        api_app_id: 'A0SANPO001',
        event_id: `Ev${Date.now()}${Math.floor(Math.random() * 1e6)}`,
        event_time: Math.floor(Date.now() / 1000),
        event: { type: 'app_home_opened', user, channel: 'D0HOME0001', tab: 'home', event_ts: '1.1' },
      };
      expect((await toSlack(JSON.stringify(event), 'application/json')).status).toBe(200);
      return JSON.stringify(await waitFor(() => slack.homeViews.get(user), 10_000, 'the home view'));
    };
    expect(await home(staff.alice)).toContain(question);

    // 3. Alice opens the draft modal from the gap: it starts from the user's question.
    const opened = slack.openedViews.length;
    expect((await click(staff.alice, 'gap_answer', gapDecisionId!, '1700000000.000100')).status).toBe(200);
    const modal = await waitFor(() => slack.openedViews[opened], 10_000, 'the draft modal');
    expect(JSON.stringify(modal.view)).toContain(question);
    const values = (sources: string) => ({
      ca_center: { center: { type: 'static_select', selected_option: { value: 'tokyo' } } },
      ca_question: { question: { type: 'plain_text_input', value: question } },
      ca_answer: { answer: { type: 'plain_text_input', value: centerAnswer } },
      ca_sources: { sources: { type: 'plain_text_input', value: sources } },
      ca_topic: { topic: { type: 'plain_text_input', value: '地域産業保健センター 利用方法' } },
    });

    // Someone outside the staff channel cannot submit a draft, even with the modal's payload.
    const outsider = await interact(
      viewSubmission(slack, staff.outsider, modal.view, values(officialSource)),
    );
    expect(JSON.stringify(await outsider.json())).toContain('スタッフ用チャンネルのメンバーだけ');

    // A private site as the source is refused in the modal; nothing is stored.
    const refused = await interact(
      viewSubmission(slack, staff.alice, modal.view, values('https://example.com/sign-language')),
    );
    expect(JSON.stringify(await refused.json())).toContain('公式のページ');
    expect((await t.app.db.query('SELECT 1 FROM center_answers')).rows).toHaveLength(0);

    const posted = slack.messages.length;
    expect(
      (await interact(viewSubmission(slack, staff.alice, modal.view, values(officialSource)))).status,
    ).toBe(200);
    const post = await waitFor(
      () =>
        slack.messages
          .slice(posted)
          .find((m) => m.channel === staffChannel && m.text.includes('センターの回答')),
      10_000,
      'the draft post',
    );
    const answerId = JSON.stringify(post.blocks).match(
      /"action_id":"center_answer_approve".*?"value":"([0-9a-f-]{36})"/u,
    )?.[1];
    expect(answerId).toBeDefined();
    expect(await statusOf(answerId!)).toBe('draft');
    // The gap now has an answer in progress: it leaves the list.
    expect(JSON.stringify((await command(staff.bob, 'gaps')).body.blocks)).not.toContain(question);

    expect(await home(staff.bob)).toContain('承認待ちのセンターの回答が 1 件');

    // 4. Not yet approved: users still get "not covered".
    expect(textOf(await ask(lineUserId(), question))).toContain('見つかりませんでした');

    // 5. The drafter cannot approve their own answer; nor can someone outside the staff channel.
    const selfRefusals = responsesContaining('ご自身が作成した回答は承認できません');
    await click(staff.alice, 'center_answer_approve', answerId!, post.ts);
    await waitFor(() => responsesContaining('ご自身が作成した回答は承認できません') > selfRefusals);
    const outsiderRefusals = responsesContaining('スタッフ用チャンネルのメンバーだけ');
    await click(staff.outsider, 'center_answer_approve', answerId!, post.ts);
    await waitFor(() => responsesContaining('スタッフ用チャンネルのメンバーだけ') > outsiderRefusals);
    expect(await statusOf(answerId!)).toBe('draft');

    // 6. Bob approves: the post says so, and the answer reaches users with the center's name and source.
    await click(staff.bob, 'center_answer_approve', answerId!, post.ts);
    await waitFor(() => JSON.stringify(post.blocks).includes('承認済み'), 10_000, 'the approved post');
    expect(await statusOf(answerId!)).toBe('approved');
    const second = lineUserId();
    const answered = textOf(await ask(second, question));
    expect(answered).toContain('東京産業保健総合支援センターの回答');
    expect(answered).toContain('手配の可否と日程を調整');
    expect(answered).toContain(officialSource);
    // Worded differently, the same question finds it too.
    expect(textOf(await ask(lineUserId(), '地さんぽの相談で手話通訳って頼めますか'))).toContain(
      '東京産業保健総合支援センターの回答',
    );

    // A second approval (a double click) changes nothing.
    const conflicts = responsesContaining('すでに対応済み');
    await click(staff.bob, 'center_answer_approve', answerId!, post.ts);
    await waitFor(() => responsesContaining('すでに対応済み') > conflicts);

    // 7. The monthly figures count it for the center.
    const period = parseReportMonth(
      new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 7),
      new Date(),
    )!;
    const figures = await createProgramFiguresRepository(t.app.db).countByCenter(period);
    expect(figures.find((f) => f.centerId === 'tokyo')?.centerAnswersAdded).toBe(1);

    // 8. Withdrawn: gone from answers at once.
    const listed = await command(staff.bob, 'answers');
    expect(JSON.stringify(listed.body.blocks)).toContain('center_answer_withdraw');
    await click(staff.bob, 'center_answer_withdraw', answerId!, post.ts);
    await waitFor(() => JSON.stringify(post.blocks).includes('取り下げました'), 10_000, 'the withdrawn post');
    expect(textOf(await ask(lineUserId(), question))).toContain('見つかりませんでした');
    const events = await t.app.db.query<{ action: string; actor: string }>(
      'SELECT action, actor FROM center_answer_events WHERE answer_id = $1 ORDER BY id',
      [answerId],
    );
    expect(events.rows).toEqual([
      { action: 'drafted', actor: `slack:${staff.alice}` },
      { action: 'approved', actor: `slack:${staff.bob}` },
      { action: 'withdrawn', actor: `slack:${staff.bob}` },
    ]);
    // Nothing the users or staff wrote reached the logs.
    for (const text of [question, centerAnswer]) expect(t.logs.filter((l) => l.includes(text))).toEqual([]);
  }, 240_000);

  it('「対応不要」 takes a gap off the list; an outsider cannot open the draft modal', async () => {
    const asker = lineUserId();
    const other = '産業保健総合支援センターの建物にコインロッカーはありますか？';
    expect(textOf(await ask(asker, other))).toContain('見つかりませんでした');
    const gaps = JSON.stringify((await command(staff.alice, 'gaps')).body.blocks);
    expect(gaps).toContain(other);
    const dismissIds = gaps.match(/"action_id":"gap_dismiss".*?"value":"([0-9a-f,-]+)"/u)?.[1];
    expect(dismissIds).toBeDefined();

    const opened = slack.openedViews.length;
    const refusals = responsesContaining('スタッフ用チャンネルのメンバーだけ');
    await click(staff.outsider, 'gap_answer', dismissIds!.split(',')[0]!, '1700000000.000200');
    await waitFor(() => responsesContaining('スタッフ用チャンネルのメンバーだけ') > refusals);
    expect(slack.openedViews.length).toBe(opened);

    await click(staff.alice, 'gap_dismiss', dismissIds!, '1700000000.000200');
    await waitFor(() => responsesContaining('「対応不要」にしました') > 0);
    expect(JSON.stringify((await command(staff.alice, 'gaps')).body.blocks)).not.toContain(other);
  }, 120_000);
});
