/**
 * The channel-independent services every channel shares, composed once for the server: the knowledge
 * base, the staff side (handoff lifecycle, re-alerts and off-hours notices on the durable queue), bookings
 * and the conversation engine. Staff hear through every staff desk at once (the console's, and Slack's when
 * the caller passes it); pushes reach the user through the messenger of the user's own channel, which a
 * channel registers in `messengers` once it has started (LINE's exists only after its channel starts).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { startStaffJobWorkers, toJobScheduler } from '../channels/slack/staff-jobs.ts';
import { createProgressBar } from '../cli/progress-bar.ts';
import type { Config } from '../config.ts';
import type { CenterDirectory } from '../core/booking/ports.ts';
import { createAnswerRatingHandler, createFeedbackCommentFlow } from '../core/feedback/answer-feedback.ts';
import { type CenterAnswerService, createCenterAnswerService } from '../core/feedback/center-answers.ts';
import type { HandoffRecord } from '../core/handoff/handoff-repository.ts';
import type { JobScheduler } from '../core/handoff/job-scheduler.ts';
import { createHandoffLifecycle, type HandoffLifecycle } from '../core/handoff/lifecycle.ts';
import { createRatingPostbackHandler } from '../core/handoff/rating-postback.ts';
import { createStaffAlerts, type StaffAlerts } from '../core/handoff/staff-alerts.ts';
import { parseStaffCenters, type StaffCenters } from '../core/handoff/staff-centers.ts';
import type { Channel } from '../core/message.ts';
import type { Clock, Logger } from '../core/ports.ts';
import type { StaffDesk } from '../core/staff-desk.ts';
import type { UserMessenger } from '../core/user-messenger.ts';
import { createAnswerFeedbackRepository } from '../infra/db/answer-feedback.repo.ts';
import { createCenterAnswerRepository } from '../infra/db/center-answers.repo.ts';
import type { Db } from '../infra/db/db.ts';
import { createHandoffRepository } from '../infra/db/handoffs.repo.ts';
import { createDbRateLimiter } from '../infra/db/rate-limit.repo.ts';
import type { JobQueue } from '../infra/queue/job-queue.ts';
import { loadCenters } from '../infra/settings/load-settings.ts';
import { type BookingFeature, createBookingFeature } from './booking-feature.ts';
import { type BuiltEngine, startConversationEngine } from './build-engine.ts';
import { combineStaffDesks, routeByChannel } from './console-feature.ts';
import { type KnowledgeService, openKnowledgeBase } from './create-knowledge-base.ts';

export interface CoreServices {
  engine: BuiltEngine['engine'];
  handoffs: BuiltEngine['handoffs'];
  lifecycle: HandoffLifecycle;
  alerts: StaffAlerts;
  bookings: BookingFeature['service'];
  centers: CenterDirectory;
  staffCenters: StaffCenters;
  jobs: JobScheduler;
  /** Per-channel messengers; a channel adds its own once started. */
  messengers: Partial<Record<Channel, UserMessenger>>;
  /** The knowledge base the engine answers from (Slack answers staff mentions with it). */
  knowledge: KnowledgeService;
  /** Center answers: drafted, approved by a second staff member, withdrawn (issue 15). */
  centerAnswers: CenterAnswerService;
  stop(): Promise<void>;
}

export async function startCore(input: {
  config: Config;
  db: Db;
  queue: JobQueue;
  logger: Logger;
  clock: Clock;
  /** Every staff side: the console's desk, Slack's desk when configured. */
  staffDesks: StaffDesk[];
  /** Messengers known before the engine starts (the console's). */
  messengers: Partial<Record<Channel, UserMessenger>>;
  /** Told when staff claim or close a case anywhere, so a desk can redraw it (Slack's post). */
  onCaseChanged?: ((handoff: HandoffRecord) => Promise<void>) | undefined;
}): Promise<CoreServices> {
  const { config, db, queue, logger, clock } = input;
  const jobs = toJobScheduler(queue);
  const messengers = input.messengers;
  const messenger = routeByChannel(messengers);
  const centers = await loadCenters(config.SETTINGS_DIR);
  const centersFile = parseYaml(await readFile(join(config.SETTINGS_DIR, 'centers.yaml'), 'utf8'));
  const staffCenters = parseStaffCenters(centersFile, config.SLACK_STAFF_CHANNEL ?? '');
  const reAlertMinutes = { handoff: config.HANDOFF_REALERT_MINUTES, crisis: config.CRISIS_REALERT_MINUTES };

  const handoffs = createHandoffRepository(db);
  const answerFeedback = createAnswerFeedbackRepository(db);
  const alerts = createStaffAlerts({
    jobs,
    centers: staffCenters,
    handoffs,
    messenger,
    clock,
    logger,
    reAlertMinutes,
  });
  const desk = alerts.wrap(combineStaffDesks(...input.staffDesks));
  const lifecycle = createHandoffLifecycle({
    handoffs,
    messenger,
    desk,
    clock,
    jobs,
    logger,
    reAlertMinutes,
    ...(input.onCaseChanged === undefined ? {} : { onCaseChanged: input.onCaseChanged }),
  });
  await startStaffJobWorkers(queue, { lifecycle, alerts });

  const booking = createBookingFeature({
    db,
    centers,
    staffDesk: desk,
    messenger,
    clock,
    logger,
    retention: { messageDays: config.RETENTION_MESSAGE_DAYS, handoffDays: config.RETENTION_HANDOFF_DAYS },
  });
  // User changes that failed to reach staff during an outage are sent again at start.
  await booking.service.notifyPendingChanges();

  // A first run indexes the whole corpus: show how far it is on a terminal (nothing in logs or pipes).
  const progress = createProgressBar(process.stderr, 'indexing corpus');
  const {
    knowledge,
    ingest,
    centerAnswers: centerAnswerIndex,
  } = await openKnowledgeBase(config, db, logger, {
    onProgress: (p) => progress.update(p.done, p.total, p.documentId),
    centers,
  });
  progress.finish();
  logger.info({ chunks: ingest.chunks, rebuilt: ingest.rebuilt }, 'knowledge base ready');
  const engine = await startConversationEngine({
    config,
    db,
    logger,
    clock,
    knowledge,
    staffDesk: desk,
    centers: centers.list(),
    extensions: [
      booking.engineParts,
      { postbackHandlers: [createRatingPostbackHandler(lifecycle)] },
      {
        postbackHandlers: [createAnswerRatingHandler(answerFeedback)],
        flows: [createFeedbackCommentFlow(answerFeedback)],
      },
    ],
    rateLimiter: createDbRateLimiter(db),
  });

  const centerAnswers = createCenterAnswerService({
    repo: createCenterAnswerRepository(db),
    index: centerAnswerIndex,
    clock,
    logger,
    newId: randomUUID,
  });

  return {
    engine: engine.engine,
    centerAnswers,
    handoffs,
    lifecycle,
    alerts,
    bookings: booking.service,
    centers,
    staffCenters,
    jobs,
    messengers,
    knowledge,
    stop: () => engine.stop(),
  };
}
