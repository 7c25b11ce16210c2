/**
 * The app as `npm start` runs it without LINE or Slack: the real database, durable queue, conversation
 * engine, booking feature, handoff lifecycle with its staff jobs, and the console mounted on the HTTP
 * server. Composed here the way the composition root composes it (console-feature.ts).
 */

import { readFile } from 'node:fs/promises';
import { parse as parseYaml } from 'yaml';
import { createBookingFeature } from '../../../src/booking-feature.ts';
import { startConversationEngine } from '../../../src/build-engine.ts';
import { startStaffJobWorkers, toJobScheduler } from '../../../src/channels/slack/staff-jobs.ts';
import { parseConfig } from '../../../src/config.ts';
import { combineStaffDesks, createConsoleFeature, routeByChannel } from '../../../src/console-feature.ts';
import type { KnowledgeAnswerer } from '../../../src/core/conversation/deps.ts';
import { createHandoffLifecycle } from '../../../src/core/handoff/lifecycle.ts';
import { createRatingPostbackHandler } from '../../../src/core/handoff/rating-postback.ts';
import { createStaffAlerts } from '../../../src/core/handoff/staff-alerts.ts';
import { parseStaffCenters } from '../../../src/core/handoff/staff-centers.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createHandoffRepository } from '../../../src/infra/db/handoffs.repo.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { startJobQueue } from '../../../src/infra/queue/pg-boss-queue.ts';
import { loadCenters } from '../../../src/infra/settings/load-settings.ts';
import { openTestDb } from '../../support/db.ts';

const settingsDir = new URL('../../../settings/', import.meta.url).pathname;

export interface ConsoleApp {
  url: string;
  db: Db;
  close(): Promise<void>;
}

export async function startConsoleApp<K extends KnowledgeAnswerer>(options: {
  knowledge: (db: Db) => Promise<K>;
  token?: string;
}): Promise<ConsoleApp & { knowledge: K }> {
  const logger = createLogger({ level: 'silent' });
  const clock = { now: () => new Date() };
  const db = await openTestDb();
  const queue = await startJobQueue(db, logger, { superviseIntervalSeconds: 1, pollingIntervalSeconds: 0.5 });
  const jobs = toJobScheduler(queue);
  const consoleFeature = createConsoleFeature(db);
  const messenger = routeByChannel({ web: consoleFeature.messenger });
  const centers = await loadCenters(settingsDir);
  const staffCenters = parseStaffCenters(
    parseYaml(await readFile(`${settingsDir}centers.yaml`, 'utf8')),
    'C0CONSOLE',
  );
  const reAlertMinutes = { handoff: 15, crisis: 3 };

  // The lifecycle and alerts need the handoff records before the engine exists; repositories hold no state.
  const handoffs = createHandoffRepository(db);
  const alerts = createStaffAlerts({
    jobs,
    centers: staffCenters,
    handoffs,
    messenger,
    clock,
    logger,
    reAlertMinutes,
  });
  const desk = alerts.wrap(combineStaffDesks(consoleFeature.desk));
  const lifecycle = createHandoffLifecycle({
    handoffs,
    messenger,
    desk,
    clock,
    jobs,
    logger,
    reAlertMinutes,
  });
  await startStaffJobWorkers(queue, { lifecycle, alerts });
  const booking = createBookingFeature({
    db,
    centers,
    staffDesk: desk,
    messenger,
    clock,
    logger,
    retention: { messageDays: 90, handoffDays: 1095 },
  });
  const knowledge = await options.knowledge(db);
  const engine = await startConversationEngine({
    config: parseConfig({ SETTINGS_DIR: settingsDir }),
    db,
    logger,
    clock,
    knowledge,
    staffDesk: desk,
    centers: centers.list(),
    extensions: [booking.engineParts, { postbackHandlers: [createRatingPostbackHandler(lifecycle)] }],
  });

  const http = createHttpServer(logger);
  await consoleFeature.mount(http, {
    config: { CONSOLE_TOKEN: options.token },
    engine: engine.engine,
    handoffs,
    lifecycle,
    bookings: booking.service,
    centers,
    clock,
  });
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    url: url.replace('127.0.0.1', 'localhost'),
    db,
    knowledge,
    async close() {
      await http.close();
      await engine.stop();
      await queue.stop();
      await db.close();
    },
  };
}
