/**
 * Composes the Slack staff side in two steps, because the conversation engine needs the
 * StaffDesk before the channels that deliver pushes to users exist:
 *
 *   const staff = await prepareStaffSide({ db, queue, handoffs, messenger, centers, ... });
 *   // build the engine with staff.desk and staff.ratingHandler; start LINE (its messenger feeds `messenger`)
 *   const slack = await staff.startSlack(settings, { bookings, knowledge });
 *   http.route('POST', '/slack/events', slack.handleEvents);
 *
 * `messenger` is called only when staff act or a job runs, so it may route to channels started later.
 */
import type { Config } from '../../config.ts';
import type { PostbackHandler } from '../../core/conversation/flow.ts';
import type { HandoffRepository } from '../../core/handoff/handoff-repository.ts';
import type { JobScheduler } from '../../core/handoff/job-scheduler.ts';
import { createHandoffLifecycle, type HandoffLifecycle } from '../../core/handoff/lifecycle.ts';
import { createRatingPostbackHandler } from '../../core/handoff/rating-postback.ts';
import { createStaffAlerts } from '../../core/handoff/staff-alerts.ts';
import type { StaffCenters } from '../../core/handoff/staff-centers.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import type { StaffDesk } from '../../core/staff-desk.ts';
import type { UserMessenger } from '../../core/user-messenger.ts';
import type { Db } from '../../infra/db/db.ts';
import { createSlackPostsRepository } from '../../infra/db/slack-posts-repository.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import { redrawSlackPost } from './handoff-actions.ts';
import {
  type SlackChannel,
  type SlackChannelOptions,
  type SlackSettings,
  startSlackChannel,
} from './slack-app.ts';
import { createSlackStaffDesk } from './slack-staff-desk.ts';
import { defineSlackQueues, startStaffJobWorkers, toJobScheduler } from './staff-jobs.ts';

export interface StaffSideParts {
  db: Db;
  queue: JobQueue;
  handoffs: HandoffRepository;
  messenger: UserMessenger;
  centers: StaffCenters;
  clock: Clock;
  logger: Logger;
  /** HANDOFF_REALERT_MINUTES and CRISIS_REALERT_MINUTES. */
  reAlertMinutes: { handoff: number; crisis: number };
}

export interface StaffSide {
  /** Give this to the engine and the booking service: posts to Slack, schedules re-alerts and notices. */
  desk: StaffDesk;
  lifecycle: HandoffLifecycle;
  jobs: JobScheduler;
  /** Register with the engine: the user's 1–5 rating after a resolved case. */
  ratingHandler: PostbackHandler;
  startSlack(
    settings: SlackSettings,
    extras: Pick<SlackChannelOptions, 'bookings' | 'knowledge'>,
  ): Promise<SlackChannel>;
}

export async function prepareStaffSide(parts: StaffSideParts): Promise<StaffSide> {
  const jobs = toJobScheduler(parts.queue);
  // Queues exist before anything can announce; their workers start with the Slack app.
  await defineSlackQueues(parts.queue);
  const alerts = createStaffAlerts({ ...parts, jobs });
  const desk = alerts.wrap(createSlackStaffDesk({ posts: createSlackPostsRepository(parts.db), jobs }));
  const lifecycle = createHandoffLifecycle({ ...parts, desk, jobs, onCaseChanged: redrawSlackPost(jobs) });
  await startStaffJobWorkers(parts.queue, { lifecycle, alerts });
  return {
    desk,
    lifecycle,
    jobs,
    ratingHandler: createRatingPostbackHandler(lifecycle),
    startSlack: (settings, extras) =>
      startSlackChannel({
        settings,
        db: parts.db,
        queue: parts.queue,
        jobs,
        handoffs: parts.handoffs,
        lifecycle,
        centers: parts.centers,
        clock: parts.clock,
        logger: parts.logger,
        ...extras,
      }),
  };
}

/** True when the configuration asks for Slack (config.ts already checked the variables that go with it). */
export function isSlackConfigured(config: Config): boolean {
  return config.SLACK_BOT_TOKEN !== undefined && config.SLACK_SIGNING_SECRET !== undefined;
}

export function slackSettingsFromConfig(config: Config): SlackSettings {
  if (config.SLACK_BOT_TOKEN === undefined || config.SLACK_SIGNING_SECRET === undefined) {
    throw new Error('slackSettingsFromConfig: Slack is not configured');
  }
  return {
    botToken: config.SLACK_BOT_TOKEN,
    signingSecret: config.SLACK_SIGNING_SECRET,
    socketMode: config.SLACK_SOCKET_MODE,
    appToken: config.SLACK_APP_TOKEN,
    apiUrl: config.SLACK_API_URL,
    oncallGroup: config.SLACK_ONCALL_GROUP,
  };
}

/**
 * The Slack StaffDesk alone, for a composition root that builds the lifecycle and re-alerts itself
 * (start-core.ts): creates the Slack queues so announcements can be enqueued before Bolt starts.
 */
export async function prepareSlackDesk(db: Db, queue: JobQueue): Promise<StaffDesk> {
  await defineSlackQueues(queue);
  return createSlackStaffDesk({ posts: createSlackPostsRepository(db), jobs: toJobScheduler(queue) });
}
