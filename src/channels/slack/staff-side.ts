/**
 * What the composition root (app.ts with start-core.ts) needs to run the Slack staff side:
 *
 *   const slackDesk = await prepareSlackDesk(db, queue);      // before the engine: it announces to it
 *   const core = await startCore({ ..., staffDesks: [..., slackDesk], onCaseChanged: redrawSlackPost(jobs) });
 *   const slack = await startSlackChannel({ settings: slackSettingsFromConfig(config), ...core parts });
 *   http.route('POST', '/slack/events', slack.handleEvents);  // undefined in Socket Mode
 */
import type { Config } from '../../config.ts';
import type { StaffDesk } from '../../core/staff-desk.ts';
import type { Db } from '../../infra/db/db.ts';
import { createSlackPostsRepository } from '../../infra/db/slack-posts-repository.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import type { SlackSettings } from './slack-app.ts';
import { createSlackStaffDesk } from './slack-staff-desk.ts';
import { defineSlackQueues, toJobScheduler } from './staff-jobs.ts';

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
 * The Slack StaffDesk; start-core wraps it with re-alerts and off-hours notices. Creates the Slack queues
 * first, so announcements can be enqueued before Bolt starts.
 */
export async function prepareSlackDesk(db: Db, queue: JobQueue): Promise<StaffDesk> {
  await defineSlackQueues(queue);
  return createSlackStaffDesk({ posts: createSlackPostsRepository(db), jobs: toJobScheduler(queue) });
}
