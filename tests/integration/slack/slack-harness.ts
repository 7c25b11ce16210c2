/**
 * Runs the Slack staff channel on the app's real HTTP server, database and durable queue, against the
 * Slack Web API emulator, with a recording UserMessenger (the user's side is the LINE channel's business
 * and is exercised by the end-to-end test). Builds and signs requests exactly as Slack does:
 * `v0=hex(hmacSHA256(secret, "v0:{ts}:{raw body}"))`, JSON for events, form bodies for interactivity and
 * slash commands.
 */
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { redrawSlackPost } from '../../../src/channels/slack/handoff-actions.ts';
import { type SlackChannel, startSlackChannel } from '../../../src/channels/slack/slack-app.ts';
import { startStaffJobWorkers, toJobScheduler } from '../../../src/channels/slack/staff-jobs.ts';
import { prepareSlackDesk } from '../../../src/channels/slack/staff-side.ts';
import type { BookingService } from '../../../src/core/booking/booking-service.ts';
import type { HandoffRepository } from '../../../src/core/handoff/handoff-repository.ts';
import { createHandoffLifecycle, type HandoffLifecycle } from '../../../src/core/handoff/lifecycle.ts';
import { createStaffAlerts } from '../../../src/core/handoff/staff-alerts.ts';
import { parseStaffCenters } from '../../../src/core/handoff/staff-centers.ts';
import type { KnowledgeBase } from '../../../src/core/knowledge/knowledge-base.ts';
import type { OutboundReply } from '../../../src/core/message.ts';
import type { Clock } from '../../../src/core/ports.ts';
import type { StaffDesk } from '../../../src/core/staff-desk.ts';
import type { UserAddress, UserMessenger } from '../../../src/core/user-messenger.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createHandoffRepository } from '../../../src/infra/db/handoffs.repo.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import type { JobQueue } from '../../../src/infra/queue/job-queue.ts';
import { startJobQueue } from '../../../src/infra/queue/pg-boss-queue.ts';
import { type SlackEmulator, type StoredMessage, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { openTestDb } from '../../support/db.ts';

export const signingSecret = 'test-slack-signing-secret-0123456789';
export const staffChannel = 'C0STAFF001';
export const tokyoChannel = 'C0TOKYO001';
export const otherChannel = 'C0RANDOM01';
export const oncallGroup = 'S0ONCALL01';
export const staff = { alice: 'UALICE0001', bob: 'UBOB000001', outsider: 'UOUTSIDER1' };

export interface Pushed {
  to: UserAddress;
  replies: OutboundReply[];
  key: string;
}

export interface SlackTestApp {
  url: string;
  db: Db;
  slack: SlackEmulator;
  queue: JobQueue;
  handoffs: HandoffRepository;
  lifecycle: HandoffLifecycle;
  /** The desk the engine would be given (re-alerts and off-hours notices included). */
  desk: StaffDesk;
  channel: SlackChannel;
  bookings: BookingService | undefined;
  /** Every push call, repeats included (the real messenger dedupes by key; this one records). */
  pushed: Pushed[];
  /** Makes the next `n` pushes fail, as an outage of the user's channel would. */
  failNextPushes(n: number): void;
  /** A fresh handoff row as the engine would have opened it. */
  openHandoff(options?: { route?: 'handoff' | 'crisis'; centerId?: string | null }): Promise<string>;
  postEvent(event: Record<string, unknown>, options?: EventOptions): Promise<Response>;
  postAction(payload: Record<string, unknown>): Promise<Response>;
  /** A view_submission of a modal the app opened, as Slack sends it. */
  submitView(user: string, view: Record<string, unknown>, values: Record<string, unknown>): Promise<Response>;
  postCommand(fields: Record<string, string>): Promise<Response>;
  postRaw(body: string, headers: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export interface EventOptions {
  eventId?: string;
  retryNum?: number;
  timestamp?: number;
  signature?: string;
}

/** The environment that configures the whole app's Slack side against `slack` (HTTP events). */
export function slackEnv(slack: Pick<SlackEmulator, 'apiUrl'>): Record<string, string> {
  return {
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: slack.apiUrl,
    SLACK_STAFF_CHANNEL: staffChannel,
  };
}

export function sign(body: string, timestamp: number, secret = signingSecret): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** POSTs `body` to the app's /slack/events, signed now as Slack signs it. */
export function postSignedToSlackEndpoint(
  appUrl: string,
  body: string,
  contentType: string,
): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${appUrl}/slack/events`, {
    method: 'POST',
    body,
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(body, timestamp),
    },
  });
}

export function slackTs(): string {
  return `${Math.floor(Date.now() / 1000)}.${String(randomBytes(3).readUIntBE(0, 3)).padStart(6, '0')}`;
}

export async function startSlackTestApp(
  options: {
    clock?: Clock;
    /** Builds the booking desk with the staff desk and messenger under test. */
    bookings?: (deps: { db: Db; desk: StaffDesk; messenger: UserMessenger; clock: Clock }) => BookingService;
    knowledge?: Pick<KnowledgeBase, 'answer'>;
    db?: Db;
  } = {},
): Promise<SlackTestApp> {
  const clock = options.clock ?? { now: () => new Date() };
  const logger = createLogger({ level: 'silent' });
  const slack = await startSlackEmulator();
  slack.setChannelMembers(staffChannel, [staff.alice, staff.bob, slack.botUserId]);
  slack.setChannelMembers(tokyoChannel, [staff.alice, slack.botUserId]);
  const db = options.db ?? (await openTestDb());
  const queue = await startJobQueue(db, logger, { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
  const handoffs = createHandoffRepository(db);
  const centersYaml = parseYaml(
    await readFile(new URL('../../../settings/centers.yaml', import.meta.url), 'utf8'),
  ) as {
    centers: { id: string; slack_channel: string | null }[];
  };
  // Tokyo has its own channel; every other center uses the default one.
  for (const c of centersYaml.centers) if (c.id === 'tokyo') c.slack_channel = tokyoChannel;
  const centers = parseStaffCenters(centersYaml, staffChannel);

  const pushed: Pushed[] = [];
  let failures = 0;
  const messenger: UserMessenger = {
    async push(to, replies, key) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('user channel unavailable');
      }
      pushed.push({ to, replies, key });
    },
  };
  // Composed as start-core.ts composes it, with a recording messenger instead of the user's channels.
  const jobs = toJobScheduler(queue);
  const reAlertMinutes = { handoff: 15, crisis: 3 };
  const alerts = createStaffAlerts({ jobs, centers, handoffs, messenger, clock, logger, reAlertMinutes });
  const desk = alerts.wrap(await prepareSlackDesk(db, queue));
  const lifecycle = createHandoffLifecycle({
    handoffs,
    messenger,
    desk,
    clock,
    jobs,
    logger,
    reAlertMinutes,
    onCaseChanged: redrawSlackPost(jobs),
  });
  await startStaffJobWorkers(queue, { lifecycle, alerts });
  const bookings = options.bookings?.({ db, desk, messenger, clock });
  const channel = await startSlackChannel({
    settings: {
      botToken: 'xoxb-test-token',
      signingSecret,
      socketMode: false,
      appToken: undefined,
      apiUrl: slack.apiUrl,
      oncallGroup,
      requestTimeoutMs: 3_000,
    },
    db,
    queue,
    jobs,
    handoffs,
    lifecycle,
    centers,
    bookings,
    knowledge: options.knowledge,
    clock,
    logger,
  });
  const http = createHttpServer(logger);
  if (channel.handleEvents === undefined) throw new Error('HTTP mode expected');
  http.route('POST', '/slack/events', channel.handleEvents);
  const { url } = await http.listen(0, '127.0.0.1');

  const postRaw = (body: string, headers: Record<string, string>) =>
    fetch(`${url}/slack/events`, { method: 'POST', body, headers });
  const postAction = (payload: Record<string, unknown>) => {
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    return postRaw(body, signedHeaders(body, 'application/x-www-form-urlencoded'));
  };
  const signedHeaders = (body: string, contentType: string, o: EventOptions = {}) => {
    const timestamp = o.timestamp ?? Math.floor(clock.now().getTime() / 1000);
    return {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': o.signature ?? sign(body, timestamp),
      ...(o.retryNum === undefined
        ? {}
        : { 'x-slack-retry-num': String(o.retryNum), 'x-slack-retry-reason': 'http_timeout' }),
    };
  };

  return {
    url,
    db,
    slack,
    queue,
    handoffs,
    lifecycle,
    desk,
    channel,
    bookings,
    pushed,
    failNextPushes: (n) => {
      failures = n;
    },
    async openHandoff(o = {}) {
      const conversation = await db.query<{ id: string }>(
        `INSERT INTO conversations (channel, external_id, mode) VALUES ('line', $1, 'handoff') RETURNING id`,
        [`U${randomBytes(16).toString('hex')}`],
      );
      const conversationId = conversation.rows[0]!.id;
      const userId = `U${randomBytes(16).toString('hex')}`;
      const message = await db.query<{ id: string }>(
        `INSERT INTO messages (conversation_id, channel, user_id, direction, kind, text, event_id)
         VALUES ($1, 'line', $2, 'in', 'text', 'テスト', $3) RETURNING id`,
        [conversationId, userId, randomUUID()],
      );
      const id = randomUUID();
      const route = o.route ?? 'handoff';
      await db.query(
        `INSERT INTO handoffs (id, conversation_id, channel, user_id, source_message_id, route, urgency, center_id, summary)
         VALUES ($1, $2, 'line', $3, $4, $5, $6, $7, $8)`,
        [
          id,
          conversationId,
          userId,
          message.rows[0]!.id,
          route,
          route === 'crisis' ? 'urgent' : 'normal',
          o.centerId === undefined ? 'osaka' : o.centerId,
          route === 'crisis' ? '命に関わるおそれ（自傷の示唆）' : '部下の休職・復職についての相談',
        ],
      );
      await db.query('UPDATE conversations SET active_handoff_id = $1 WHERE id = $2', [id, conversationId]);
      return id;
    },
    postEvent(event, o = {}) {
      const body = JSON.stringify({
        token: 'legacy-verification-token',
        team_id: slack.teamId,
        api_app_id: 'A0SANPO001',
        type: 'event_callback',
        event_id: o.eventId ?? `Ev${randomBytes(6).toString('hex').toUpperCase()}`,
        event_time: Math.floor(clock.now().getTime() / 1000),
        authorizations: [{ team_id: slack.teamId, user_id: slack.botUserId, is_bot: true }],
        event,
      });
      return postRaw(body, signedHeaders(body, 'application/json', o));
    },
    postAction,
    submitView(user, view, values) {
      return postAction(viewSubmission(slack, user, view, values));
    },
    postCommand(fields) {
      const body = new URLSearchParams({
        token: 'legacy-verification-token',
        team_id: slack.teamId,
        team_domain: 'sanpo-test',
        api_app_id: 'A0SANPO001',
        command: '/sanpo',
        response_url: slack.createResponseUrl(),
        trigger_id: slack.createTriggerId(),
        ...fields,
      }).toString();
      return postRaw(body, signedHeaders(body, 'application/x-www-form-urlencoded'));
    },
    postRaw,
    async close() {
      await http.close();
      await channel.stop();
      await queue.stop();
      if (options.db === undefined) await db.close();
      await slack.close();
    },
  };
}

/**
 * Opens a fresh handoff and announces it as the engine does (a summary, two recent lines with a mention to
 * escape, workplace facts), then waits for its post in Slack.
 */
export async function announcedHandoff(
  t: SlackTestApp,
  route: 'handoff' | 'crisis' = 'handoff',
  centerId: string | null = 'osaka',
): Promise<{ handoffId: string; post: StoredMessage }> {
  const handoffId = await t.openHandoff({ route, centerId });
  await t.desk.announceHandoff({
    id: `handoff:${handoffId}:${route}`,
    handoffId,
    urgency: route === 'crisis' ? 'urgent' : 'normal',
    route,
    centerId,
    user: { channel: 'line', userId: 'Uuser' },
    summary: route === 'crisis' ? '命に関わるおそれ' : '部下の休職についての相談',
    recentMessages: [
      { from: 'user', text: '部下が<!channel>最近眠れないと言っていて…', at: new Date() },
      { from: 'bot', text: '担当者におつなぎします。', at: new Date() },
    ],
    workplace: { 都道府県: '大阪府', 従業員数: '30人' },
    reAlert: false,
  });
  const post = await waitFor(
    () => t.slack.messages.find((m) => JSON.stringify(m.blocks).includes(handoffId)),
    10_000,
    'the handoff post',
  );
  return { handoffId, post };
}

/** A view_submission payload: `user` submits the modal `view` (as views.open got it) with `values`. */
export function viewSubmission(
  slack: SlackEmulator,
  user: string,
  view: Record<string, unknown>,
  values: Record<string, unknown>,
): Record<string, unknown> {
  return {
    type: 'view_submission',
    team: { id: slack.teamId, domain: 'sanpo-test' },
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: slack.teamId },
    api_app_id: 'A0SANPO001',
    token: 'legacy-verification-token',
    trigger_id: slack.createTriggerId(),
    view: {
      id: 'V0MODAL001',
      team_id: slack.teamId,
      ...view,
      state: { values },
      hash: 'h',
      app_id: 'A0SANPO001',
    },
    response_urls: [],
  };
}

/** A block_actions payload for a button click on a message in `channel`. */
export function buttonClick(
  slack: SlackEmulator,
  o: { user: string; channel: string; actionId: string; value: string; messageTs: string },
): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: slack.teamId, domain: 'sanpo-test' },
    user: { id: o.user, username: o.user.toLowerCase(), name: o.user.toLowerCase(), team_id: slack.teamId },
    api_app_id: 'A0SANPO001',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: o.messageTs, channel_id: o.channel, is_ephemeral: false },
    trigger_id: slack.createTriggerId(),
    channel: { id: o.channel, name: 'staff' },
    message: { type: 'message', ts: o.messageTs, text: '' },
    response_url: slack.createResponseUrl(),
    actions: [
      {
        type: 'button',
        action_id: o.actionId,
        block_id: 'case_actions',
        value: o.value,
        text: { type: 'plain_text', text: 'x' },
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  };
}

/** A staff member's reply in a thread, as the Events API delivers it. */
export function threadReply(o: {
  user: string;
  channel: string;
  threadTs: string;
  text: string;
  ts?: string;
}) {
  return {
    type: 'message',
    channel: o.channel,
    channel_type: 'channel',
    user: o.user,
    text: o.text,
    ts: o.ts ?? slackTs(),
    thread_ts: o.threadTs,
    parent_user_id: 'UBOT00001',
    event_ts: o.ts ?? slackTs(),
  };
}

export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
