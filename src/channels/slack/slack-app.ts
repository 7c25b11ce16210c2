/**
 * Assembles the Slack staff channel: a Bolt app whose HTTPReceiver is mounted on the app's own HTTP server
 * at POST /slack/events (no second port), or a Socket Mode connection for a center without a public URL;
 * the listeners (case buttons, thread relay, booking desk, mentions, /sanpo, App Home); and the workers of
 * the durable jobs that post to Slack. app.ts mounts `handleEvents` and calls `stop()` on shutdown.
 */
import { App, type Logger as BoltLogger, HTTPReceiver, type webApi } from '@slack/bolt';
import type { BookingService } from '../../core/booking/booking-service.ts';
import { AppError, toAppError } from '../../core/errors.ts';
import type { CenterAnswerService } from '../../core/feedback/center-answers.ts';
import type { HandoffRepository } from '../../core/handoff/handoff-repository.ts';
import type { JobScheduler } from '../../core/handoff/job-scheduler.ts';
import type { HandoffLifecycle } from '../../core/handoff/lifecycle.ts';
import type { StaffCenters } from '../../core/handoff/staff-centers.ts';
import type { KnowledgeBase } from '../../core/knowledge/knowledge-base.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import type { Handler } from '../../http/server.ts';
import type { Db } from '../../infra/db/db.ts';
import { createKnowledgeGapsRepository } from '../../infra/db/knowledge-gaps.repo.ts';
import { createProgramFiguresRepository } from '../../infra/db/program-figures-repository.ts';
import { createSlackEventsRepository } from '../../infra/db/slack-events-repository.ts';
import { createSlackPostsRepository } from '../../infra/db/slack-posts-repository.ts';
import { createStaffDeskRepository } from '../../infra/db/staff-desk-repository.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import { registerAppHome } from './app-home.ts';
import { createBoltLogger } from './bolt-logger.ts';
import { registerBookingActions } from './booking-actions.ts';
import { registerCenterAnswerActions } from './center-answer-actions.ts';
import { dropRepeatedEvents } from './event-dedupe.ts';
import { registerHandoffActions } from './handoff-actions.ts';
import { answerMentionJob, createMentionAnswerer, registerMentionAnswer } from './mention-answer.ts';
import { registerReportCommand } from './report-command.ts';
import { bufferBody, rejectStaleRequests } from './request-guard.ts';
import { createSlackPoster } from './slack-post-job.ts';
import { slackJobs } from './slack-staff-desk.ts';
import { createSlackCaseUpdater } from './slack-update-job.ts';
import { createSocketReceiver } from './socket-receiver.ts';
import { createStaffAccess } from './staff-access.ts';
import { defineSlackQueues } from './staff-jobs.ts';
import { registerThreadRelay } from './thread-relay.ts';

export interface SlackSettings {
  botToken: string;
  signingSecret: string;
  /** Socket Mode: an app-level token (xapp-…) instead of the public request URL. */
  socketMode: boolean;
  appToken: string | undefined;
  /** Web API base with its trailing slash (tests point it at the emulator). */
  apiUrl: string;
  oncallGroup: string | undefined;
  /** Timeout for one Web API request. */
  requestTimeoutMs?: number;
}

export interface SlackChannelOptions {
  settings: SlackSettings;
  db: Db;
  queue: JobQueue;
  jobs: JobScheduler;
  handoffs: HandoffRepository;
  lifecycle: HandoffLifecycle;
  centers: StaffCenters;
  /** The booking desk; without it booking buttons are not registered. */
  bookings?: Pick<BookingService, 'accept' | 'proposeAlternative' | 'decline' | 'get'> | undefined;
  /** Center answers (issue 15); without them the gaps list has no buttons to act on. */
  centerAnswers?: CenterAnswerService | undefined;
  /** Every center a center answer may belong to (settings/centers.yaml). */
  centerList?: readonly { id: string; name: string }[] | undefined;
  /** The knowledge base for questions asked by mentioning the app; without it mentions are ignored. */
  knowledge?: Pick<KnowledgeBase, 'answer'> | undefined;
  clock: Clock;
  logger: Logger;
}

export interface SlackChannel {
  /** POST /slack/events on the app's HTTP server; undefined in Socket Mode. */
  handleEvents: Handler | undefined;
  client: webApi.WebClient;
  stop(): Promise<void>;
}

/** The Web API client's retries and timeout. The SDK default retries a failing call for ~30 minutes. */
export function buildClientOptions(settings: Pick<SlackSettings, 'apiUrl' | 'requestTimeoutMs'>) {
  return {
    slackApiUrl: settings.apiUrl,
    timeout: settings.requestTimeoutMs ?? 10_000,
    // A job that still fails after this is retried by the queue with backoff; a listener's failure makes
    // Slack redeliver the event.
    retryConfig: {
      retries: 3,
      factor: 2,
      minTimeout: 500,
      maxTimeout: 5_000,
      maxRetryTime: 30_000,
      randomize: true,
    },
    rejectRateLimitedCalls: false,
  } satisfies webApi.WebClientOptions;
}

export async function startSlackChannel(options: SlackChannelOptions): Promise<SlackChannel> {
  const { settings, db, clock } = options;
  const logger = options.logger.child({ channel: 'slack' });
  const boltLogger = createBoltLogger(logger);
  const clientOptions = buildClientOptions(settings);
  const httpReceiver = settings.socketMode
    ? undefined
    : new HTTPReceiver({
        signingSecret: settings.signingSecret,
        endpoints: '/slack/events',
        // Answer only after the listeners finished: a failure becomes a 500 and Slack redelivers the event,
        // instead of an early 200 and a lost staff reply. Listeners only write to the database and enqueue.
        processBeforeResponse: true,
        logger: boltLogger,
      });
  const app = new App({
    token: settings.botToken,
    logger: boltLogger,
    clientOptions,
    deferInitialization: true,
    convoStore: false,
    // Socket Mode acknowledges after the listeners too (socket-receiver.ts), not before as Bolt's own does.
    receiver: httpReceiver ?? socketReceiver(settings, boltLogger, clientOptions, logger),
  });
  app.error(async (error) => {
    const appError = toAppError(error.original ?? error);
    logger.error({ code: appError.code, slackCode: error.code, err: appError }, 'slack listener failed');
    // Rethrown so the HTTP receiver answers 500 and Slack redelivers the event.
    throw error;
  });
  try {
    await app.init(); // auth.test: a wrong token stops start-up here
  } catch (error) {
    throw new AppError('config_invalid', 'Slack rejected SLACK_BOT_TOKEN (auth.test failed)', {
      cause: error,
    });
  }

  const posts = createSlackPostsRepository(db);
  const access = createStaffAccess({ client: app.client, channels: options.centers.channels(), clock });
  const centerName = (centerId: string | null) => options.centers.name(centerId);

  app.use(dropRepeatedEvents({ events: createSlackEventsRepository(db), clock, logger }));
  registerHandoffActions(app, { lifecycle: options.lifecycle, access, jobs: options.jobs, logger });
  registerThreadRelay(app, { lifecycle: options.lifecycle, access, posts, logger });
  if (options.bookings !== undefined) {
    registerBookingActions(app, { bookings: options.bookings, access, jobs: options.jobs, clock, logger });
  }
  if (options.knowledge !== undefined) registerMentionAnswer(app, { access, jobs: options.jobs });
  const gaps = createKnowledgeGapsRepository(db);
  const centerAnswers =
    options.centerAnswers === undefined
      ? undefined
      : {
          answers: options.centerAnswers,
          dismissals: gaps,
          gapQuestion: (id: string) => gaps.gapQuestion(id),
          access,
          centers: options.centers,
          centerList: options.centerList ?? [],
          defaultChannel: options.centers.resolve(null).slackChannel,
          logger,
        };
  if (centerAnswers !== undefined) registerCenterAnswerActions(app, centerAnswers);
  registerReportCommand(app, {
    access,
    figures: createProgramFiguresRepository(db),
    gaps,
    centerAnswers,
    centerName,
    clock,
    logger,
  });
  registerAppHome(app, {
    access,
    desk: createStaffDeskRepository(db),
    centerName,
    ...(options.centerAnswers === undefined
      ? {}
      : { gaps: { source: gaps, answers: options.centerAnswers, clock } }),
  });

  await startSlackWorkers(options, app.client, logger);
  if (settings.socketMode) await app.start();
  logger.info(
    { socketMode: settings.socketMode, staffChannels: options.centers.channels().length },
    'slack ready',
  );

  return {
    handleEvents:
      httpReceiver === undefined
        ? undefined
        : rejectStaleRequests(
            clock,
            bufferBody((req, res) => httpReceiver.requestListener(req, res)),
          ),
    client: app.client,
    stop: async () => {
      if (settings.socketMode) await app.stop();
    },
  };
}

async function startSlackWorkers(options: SlackChannelOptions, client: webApi.WebClient, logger: Logger) {
  const { queue } = options;
  const posts = createSlackPostsRepository(options.db);
  const poster = createSlackPoster({
    client,
    posts,
    centers: options.centers,
    oncallGroup: options.settings.oncallGroup,
    clock: options.clock,
    logger,
    enqueueUpdate: (job, key) => options.jobs.enqueue(slackJobs.updateCase, job, { key }),
  });
  const updater = createSlackCaseUpdater({
    client,
    posts,
    handoffs: options.handoffs,
    bookings: options.bookings,
    logger,
  });
  await defineSlackQueues(queue);
  await queue.work(slackJobs.post, (job) => poster.run(job.data));
  await queue.work(slackJobs.updateCase, (job) => updater.run(job.data));
  if (options.knowledge !== undefined) {
    const answerer = createMentionAnswerer({ client, knowledge: options.knowledge, logger });
    await queue.work(answerMentionJob, (job) => answerer.run(job.data));
  }
}

function socketReceiver(
  settings: SlackSettings,
  boltLogger: BoltLogger,
  clientOptions: webApi.WebClientOptions,
  logger: Logger,
) {
  if (settings.appToken === undefined)
    throw new AppError('config_invalid', 'SLACK_SOCKET_MODE needs SLACK_APP_TOKEN (xapp-…)');
  return createSocketReceiver({
    appToken: settings.appToken,
    logger: boltLogger,
    clientOptions,
    onUnacknowledged: (error) =>
      logger.warn(
        { code: toAppError(error).code },
        'slack envelope left unacknowledged: Slack delivers it again',
      ),
  });
}
