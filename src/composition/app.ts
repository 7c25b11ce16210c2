/**
 * Builds the whole application from a parsed Config: database, adapters, core services, channels and the
 * HTTP server. main.ts calls it for `npm start`; integration tests call it to run the real server.
 */
import { startLineChannel } from '../channels/line/channel.ts';
import { loadingSecondsFor } from '../channels/line/conversation-worker.ts';
import { createLineApi } from '../channels/line/line-api.ts';
import { redrawSlackPost } from '../channels/slack/handoff-actions.ts';
import { startSlackChannel } from '../channels/slack/slack-app.ts';
import { toJobScheduler } from '../channels/slack/staff-jobs.ts';
import {
  isSlackConfigured,
  prepareSlackDesk,
  slackSettingsFromConfig,
} from '../channels/slack/staff-side.ts';
import { type Config, isConsoleEnabled, lineWorkerConcurrency } from '../config.ts';
import type { ConversationEngine, SlownessHint } from '../core/engine.ts';
import { AppError } from '../core/errors.ts';
import { type Logger, systemClock } from '../core/ports.ts';
import { createHttpServer, sendJson } from '../http/server.ts';
import type { Db } from '../infra/db/db.ts';
import { openDatabase } from '../infra/db/open-db.ts';
import { openPostgresDb } from '../infra/db/postgres-db.ts';
import { createMetrics, instrumentEngine, type Metrics, queueDepthFromDb } from '../infra/metrics.ts';
import { scheduleRetention } from '../infra/privacy/retention.ts';
import type { JobQueue } from '../infra/queue/job-queue.ts';
import { type PgBossQueueOptions, startJobQueue } from '../infra/queue/pg-boss-queue.ts';
import { createConsoleFeature } from './console-feature.ts';
import { type CoreServices, startCore } from './start-core.ts';

export interface RunningApp {
  url: string;
  port: number;
  db: Db;
  metrics: Metrics;
  /** The durable job queue, when a feature started it (LINE today; Slack and booking may reuse it). */
  queue: JobQueue | undefined;
  /** Graceful: stop accepting requests, finish in-flight work, close the database. */
  close(): Promise<void>;
}

/** What a caller may supply instead of the defaults (tests: a scripted engine, a faster crash-detection beat). */
export interface AppOptions {
  engine?: ConversationEngine;
  slowness?: SlownessHint;
  queue?: PgBossQueueOptions;
}

export async function startApp(
  config: Config,
  logger: Logger,
  options: AppOptions = {},
): Promise<RunningApp> {
  const db = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    pgliteDir: config.PGLITE_DIR,
    // Every LINE worker may want a connection at once, beside Slack, the console and the sweeps.
    maxConnections: Math.max(10, lineWorkerConcurrency(config) + 4),
  });
  const metrics = createMetrics();
  const http = createHttpServer(logger, {
    onResponse: (r) => metrics.observeHttp(r.method, r.route, r.status, r.seconds),
  });
  const stoppers: (() => Promise<void>)[] = [];
  let ready = true;

  http.route('GET', '/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));
  http.route('GET', '/readyz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      sendJson(res, ready ? 200 : 503, { status: ready ? 'ready' : 'stopping' });
    } catch (error) {
      logger.warn({ err: error }, 'readiness check failed');
      sendJson(res, 503, { status: 'database_unavailable' });
    }
  });

  http.route('GET', '/metrics', async (_req, res) => {
    const body = await metrics.render();
    res.writeHead(200, { 'content-type': metrics.contentType, 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
  metrics.setQueueDepthSource(queueDepthFromDb(db));

  // --- Retention (issue 8, docs/decisions/0004-retention.md): hourly, one instance at a time -------------
  const retention = scheduleRetention({
    db,
    policy: { messageDays: config.RETENTION_MESSAGE_DAYS, handoffDays: config.RETENTION_HANDOFF_DAYS },
    logger,
  });
  // Pushed first, so it stops last: a run in progress finishes before the database closes.
  stoppers.push(() => retention.stop());

  // --- Durable job queue ------------------------------------------------------------------------------------
  // The queue starts only when a feature needs it: installing pg-boss's schema costs seconds on PGlite.
  let queue: JobQueue | undefined;
  const startQueue = async (): Promise<JobQueue> => {
    if (queue !== undefined) return queue;
    const jobs = await startJobQueue(db, logger, options.queue);
    queue = jobs;
    // Runs after the channels' and the core's own stops (stoppers run in reverse): waits for running jobs.
    stoppers.push(() => jobs.stop());
    return jobs;
  };
  const lineConfigured =
    config.LINE_CHANNEL_SECRET !== undefined && config.LINE_CHANNEL_ACCESS_TOKEN !== undefined;
  // --- Slack (issue 6): its desk exists before the core (the engine announces to it), Bolt starts after --------
  const slackConfigured = isSlackConfigured(config);
  const slackDesk = slackConfigured ? await prepareSlackDesk(db, await startQueue()) : undefined;

  // --- Core services and the local console (issue 7) ---------------------------------------------------------
  // Without a caller-supplied engine (npm start), the knowledge base, staff side, bookings and the engine are
  // composed once here (start-core.ts) and shared by every channel. The console's desk and messenger always
  // take part, so a web user's handoff reaches staff; only mounting the console exposes anything.
  const consoleOn = isConsoleEnabled(config);
  const consoleFeature = createConsoleFeature(db);
  let core: CoreServices | undefined;
  if (options.engine === undefined && (lineConfigured || consoleOn || slackConfigured)) {
    const started = await startCore({
      config,
      db,
      queue: await startQueue(),
      logger,
      clock: systemClock,
      staffDesks: [consoleFeature.desk, ...(slackDesk === undefined ? [] : [slackDesk])],
      messengers: { web: consoleFeature.messenger },
      onCaseChanged:
        slackDesk === undefined ? undefined : redrawSlackPost(toJobScheduler(await startQueue())),
    });
    core = started;
    stoppers.push(() => started.stop());
  }
  if (consoleOn && core !== undefined) {
    await consoleFeature.mount(http, {
      config,
      engine: instrumentEngine(core.engine, metrics),
      handoffs: core.handoffs,
      lifecycle: core.lifecycle,
      bookings: core.bookings,
      centers: core.centers,
      centerAnswers: core.centerAnswers,
      clock: systemClock,
    });
  } else if (consoleOn) {
    logger.warn({}, 'console not mounted: the caller supplied its own engine without the staff services');
  }
  // --- end console --------------------------------------------------------------------------------------------

  // --- The LINE channel (issue 4) --------------------------------------------------------------------------
  const bareEngine = options.engine ?? core?.engine;
  const engine = bareEngine === undefined ? undefined : instrumentEngine(bareEngine, metrics);
  if (config.LINE_CHANNEL_SECRET !== undefined && config.LINE_CHANNEL_ACCESS_TOKEN !== undefined) {
    if (engine === undefined) {
      throw new AppError('config_invalid', 'LINE is configured but no conversation engine was provided');
    }
    const jobs = await startQueue();
    const intakeDb = await openIntakeDb(db, config);
    if (intakeDb !== db) stoppers.push(() => intakeDb.close());
    const line = await startLineChannel({
      channelSecret: config.LINE_CHANNEL_SECRET,
      db,
      intakeDb,
      queue: jobs,
      api: createLineApi({
        apiBaseUrl: config.LINE_API_BASE_URL,
        dataApiBaseUrl: config.LINE_DATA_API_BASE_URL,
        channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
        timeoutMs: config.LINE_REQUEST_TIMEOUT_MS,
      }),
      engine,
      concurrency: lineWorkerConcurrency(config),
      slowness: options.slowness ?? core?.engine,
      clock: systemClock,
      logger,
      settings: {
        modelConfigured: config.OPENAI_API_KEY !== undefined,
        loadingSeconds: loadingSecondsFor(config.MODEL_TIMEOUT_MS),
        retentionDays: config.RETENTION_MESSAGE_DAYS,
        requestTimeoutMs: config.LINE_REQUEST_TIMEOUT_MS,
      },
    });
    stoppers.push(line.stop);
    if (core !== undefined) core.messengers.line = line.messenger;
    http.route('POST', '/webhooks/line', line.handleWebhook);
  }
  // --- end LINE -------------------------------------------------------------------------------------------

  // --- Slack staff channel (issue 6): POST /slack/events on this server, or Socket Mode ------------------------
  if (slackConfigured) {
    if (core === undefined) {
      throw new AppError('config_invalid', 'Slack is configured but the caller supplied its own engine');
    }
    const slack = await startSlackChannel({
      settings: slackSettingsFromConfig(config),
      db,
      queue: await startQueue(),
      jobs: core.jobs,
      handoffs: core.handoffs,
      lifecycle: core.lifecycle,
      centers: core.staffCenters,
      bookings: core.bookings,
      knowledge: core.knowledge,
      centerAnswers: core.centerAnswers,
      centerList: core.centers.list(),
      clock: systemClock,
      logger,
    });
    stoppers.push(slack.stop);
    if (slack.handleEvents !== undefined) http.route('POST', '/slack/events', slack.handleEvents);
  }
  // --- end Slack ----------------------------------------------------------------------------------------------

  const { port, url } = await http.listen(config.PORT, config.HOST);
  logger.info({ port, database: db.kind }, 'listening');
  let closing: Promise<void> | undefined;

  return {
    url,
    port,
    db,
    metrics,
    queue,
    // Once: a second call (a second signal, a test's cleanup) waits for the first.
    close: () => {
      closing ??= (async () => {
        ready = false;
        await http.close();
        for (const stop of stoppers.reverse()) await stop();
        await db.close();
      })();
      return closing;
    },
  };
}

/**
 * On PostgreSQL the webhook stores its events through two connections of its own, so an acknowledgement
 * never waits for a pool connection behind the workers' transactions and retrieval queries. PGlite is one
 * in-process database: intake shares it.
 */
async function openIntakeDb(db: Db, config: Config): Promise<Db> {
  if (db.kind !== 'postgres' || config.DATABASE_URL === undefined) return db;
  return openPostgresDb(config.DATABASE_URL, { max: 2 });
}
