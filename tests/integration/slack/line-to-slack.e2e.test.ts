/**
 * End to end, both platforms emulated: a LINE user's message about a subordinate's mental health reaches
 * the staff channel in Slack; a staff member claims it; their thread reply reaches the user on LINE; the
 * user's answer appears in the thread; the case is resolved, the user rates it, and the bot answers the
 * user again. Everything runs through the real HTTP server, database, durable queue, conversation engine,
 * LINE channel and Slack channel, composed as the app composes them.
 *
 * The knowledge base is a fixed answerer at its port: the corpus and retrieval have their own tests, and
 * this test is about the seam between the user, the engine and staff.
 */
import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildConversationEngine } from '../../../src/build-engine.ts';
import { startLineChannel } from '../../../src/channels/line/channel.ts';
import { createLineApi } from '../../../src/channels/line/line-api.ts';
import { prepareStaffSide } from '../../../src/channels/slack/staff-side.ts';
import type { KnowledgeAnswerer } from '../../../src/core/conversation/deps.ts';
import { parseStaffCenters } from '../../../src/core/handoff/staff-centers.ts';
import type { Channel } from '../../../src/core/message.ts';
import type { UserMessenger } from '../../../src/core/user-messenger.ts';
import { createHttpServer, type HttpServer } from '../../../src/http/server.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createHandoffRepository } from '../../../src/infra/db/handoffs.repo.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import type { JobQueue } from '../../../src/infra/queue/job-queue.ts';
import { startJobQueue } from '../../../src/infra/queue/pg-boss-queue.ts';
import { loadCenters, loadHotlines } from '../../../src/infra/settings/load-settings.ts';
import { type LineEmulator, startLineEmulator } from '../../fakes/line-emulator.ts';
import { type SlackEmulator, type StoredMessage, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { openTestDb } from '../../support/db.ts';
import {
  accessToken,
  channelSecret,
  envelope,
  lineUserId,
  postbackEvent,
  postSigned,
  textEvent,
} from '../line/line-harness.ts';
import {
  buttonClick,
  signingSecret,
  sign as signSlack,
  staff,
  staffChannel,
  threadReply,
  waitFor,
} from './slack-harness.ts';

const settingsDir = new URL('../../../settings/', import.meta.url).pathname;

/** Starting PGlite with every migration and pg-boss takes long on a busy 2-core runner. */
const setupTimeoutMs = 180_000;
describe('LINE user ↔ Slack staff, end to end', () => {
  let line: LineEmulator;
  let slack: SlackEmulator;
  let db: Db;
  let queue: JobQueue;
  let http: HttpServer;
  let url: string;
  const stops: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const logger = createLogger({ level: 'silent' });
    const clock = { now: () => new Date() };
    line = await startLineEmulator({ channelAccessToken: accessToken });
    slack = await startSlackEmulator();
    slack.setChannelMembers(staffChannel, [staff.alice, staff.bob, slack.botUserId]);
    db = await openTestDb();
    queue = await startJobQueue(db, logger, { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });

    // Pushes go to the user's own channel; the LINE messenger exists once the LINE channel has started.
    const messengers: Partial<Record<Channel, UserMessenger>> = {};
    const messenger: UserMessenger = {
      push: (to, replies, key) => {
        const target = messengers[to.channel];
        if (target === undefined) throw new Error(`no messenger for ${to.channel}`);
        return target.push(to, replies, key);
      },
    };
    const centersFile = parseYaml(await readFile(`${settingsDir}centers.yaml`, 'utf8'));
    const staffCenters = parseStaffCenters(centersFile, staffChannel);

    const handoffs = createHandoffRepository(db);
    const staffSide = await prepareStaffSide({
      db,
      queue,
      handoffs,
      messenger,
      centers: staffCenters,
      clock,
      logger,
      reAlertMinutes: { handoff: 15, crisis: 3 },
    });

    const knowledge: KnowledgeAnswerer = {
      answer: async () => ({
        text: '地域産業保健センターは、労働者数50人未満の事業場が無料で利用できます。',
        citations: [
          { documentId: 'guides/chisanpo', title: '地域産業保健センター', section: '1 対象となる事業場' },
        ],
        grounded: true,
        answeredBy: 'extractive',
      }),
    };
    const built = buildConversationEngine({
      db,
      knowledge,
      staffDesk: staffSide.desk,
      hotlines: await loadHotlines(settingsDir),
      centers: (await loadCenters(settingsDir)).list(),
      clock,
      logger,
      postbackHandlers: [staffSide.ratingHandler],
    });
    const lineChannel = await startLineChannel({
      channelSecret,
      db,
      queue,
      api: createLineApi({
        apiBaseUrl: line.url,
        dataApiBaseUrl: line.url,
        channelAccessToken: accessToken,
        timeoutMs: 2_000,
      }),
      engine: built.engine,
      slowness: built.engine,
      clock,
      logger,
      settings: { modelConfigured: false, loadingSeconds: 5, retentionDays: 90, requestTimeoutMs: 2_000 },
    });
    messengers.line = lineChannel.messenger;
    stops.push(lineChannel.stop);
    const slackChannel = await staffSide.startSlack(
      {
        botToken: 'xoxb-test-token',
        signingSecret,
        socketMode: false,
        appToken: undefined,
        apiUrl: slack.apiUrl,
        oncallGroup: undefined,
        requestTimeoutMs: 3_000,
      },
      {},
    );
    stops.push(slackChannel.stop);
    http = createHttpServer(logger);
    http.route('POST', '/webhooks/line', lineChannel.handleWebhook);
    if (slackChannel.handleEvents === undefined) throw new Error('HTTP mode expected');
    http.route('POST', '/slack/events', slackChannel.handleEvents);
    url = (await http.listen(0, '127.0.0.1')).url;
  }, setupTimeoutMs);

  afterAll(async () => {
    await http?.close();
    for (const stop of stops.reverse()) await stop();
    await queue?.stop();
    await db?.close();
    await slack?.close();
    await line?.close();
  });

  afterEach(() => {
    expect(line.violations).toEqual([]);
    expect(slack.violations).toEqual([]);
  });

  const fromUser = (userId: string, text: string) =>
    postSigned(
      `${url}/webhooks/line`,
      envelope(textEvent({ userId, text, replyToken: line.issueReplyToken({ to: userId }) })),
    );

  const toSlack = (payload: Record<string, unknown>, form: boolean) => {
    const body = form ? `payload=${encodeURIComponent(JSON.stringify(payload))}` : JSON.stringify(payload);
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${url}/slack/events`, {
      method: 'POST',
      body,
      headers: {
        'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signSlack(body, timestamp),
      },
    });
  };
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
    const texts = () => line.textsTo(userId);

    // 1. The user writes about a subordinate: the engine hands off, no model answers it.
    expect((await fromUser(userId, '部下がうつで休職中です。復職の相談をしたいです')).status).toBe(200);
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
    expect(JSON.stringify(post.blocks)).toContain('部下がうつで休職中です');

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
      () => texts().some((t) => t.includes('担当者が対応を始めました')),
      20_000,
      'the claimed notice',
    );

    // 3. Alice's thread reply reaches the user on LINE.
    await slackEvent(
      threadReply({
        user: staff.alice,
        channel: staffChannel,
        threadTs: post.ts,
        text: '担当の佐藤です。ご都合のよい時間を教えてください。',
      }),
    );
    await waitFor(
      () => texts().includes('担当の佐藤です。ご都合のよい時間を教えてください。'),
      20_000,
      'the staff reply on LINE',
    );

    // 4. The user's answer appears in the thread, and the bot stays quiet.
    const before = texts().length;
    await fromUser(userId, '明日の午後なら大丈夫です');
    await waitFor(
      () =>
        slack
          .messagesIn(staffChannel, post.ts)
          .some((m) => JSON.stringify(m.blocks).includes('明日の午後なら大丈夫です')),
      20_000,
      'the user message in the thread',
    );
    expect(texts()).toHaveLength(before);

    // 5. Resolve: thanks and a 1–5 rating on LINE; the user rates 5.
    await click('handoff_resolve');
    await waitFor(() => texts().some((t) => t.includes('5段階で評価')), 20_000, 'the rating request');
    const ratingPush = line.deliveriesTo(userId).at(-1);
    expect(JSON.stringify(ratingPush?.messages)).toContain(`rating:${handoffId}:5`);
    await postSigned(
      `${url}/webhooks/line`,
      envelope(
        postbackEvent({
          userId,
          data: `rating:${handoffId}:5`,
          replyToken: line.issueReplyToken({ to: userId }),
        }),
      ),
    );
    await waitFor(() => texts().some((t) => t.includes('評価をお送りいただき')), 20_000, 'the rating thanks');
    const rated = await db.query('SELECT status, rating FROM handoffs WHERE id = $1', [handoffId]);
    expect(rated.rows).toEqual([{ status: 'resolved', rating: 5 }]);

    // 6. The bot answers the user again.
    await fromUser(userId, '地域産業保健センターはどんな事業場が使えますか');
    await waitFor(
      () => texts().some((t) => t.includes('労働者数50人未満の事業場')),
      20_000,
      'the bot answer',
    );
    await waitFor(
      () => JSON.stringify(post.blocks).includes('解決済み'),
      20_000,
      'the post to show 解決済み',
    );
  }, 120_000);
});
