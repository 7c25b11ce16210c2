/**
 * Builds the engine for `npm run ask` over the configured database (or an in-memory one with --memory):
 * the same pipeline, settings, model path and booking flows as the server. Staff announcements are only
 * recorded in the database (no Slack from a terminal); pushes go nowhere.
 */
import { createBookingFeature } from '../composition/booking-feature.ts';
import { buildConversationEngine, createModelPath } from '../composition/build-engine.ts';
import type { Config } from '../config.ts';
import type { KnowledgeAnswerer } from '../core/conversation/deps.ts';
import type { ConversationEngine } from '../core/engine.ts';
import { type Logger, systemClock } from '../core/ports.ts';
import type { StaffDesk } from '../core/staff-desk.ts';
import type { Db } from '../infra/db/db.ts';
import { openDatabase } from '../infra/db/open-db.ts';
import { loadCenters, loadHotlines } from '../infra/settings/load-settings.ts';

/** The handoff rows are the record; a terminal has no staff channel to post to. */
const recordOnlyStaffDesk: StaffDesk = {
  announceHandoff: async () => {},
  relayUserMessage: async () => {},
  announceBooking: async () => {},
  announceBookingCancelled: async () => {},
};

export async function openAskEngine(
  config: Config,
  logger: Logger,
  options: { memory: boolean; knowledge: (db: Db) => Promise<KnowledgeAnswerer> },
): Promise<{ engine: ConversationEngine; close(): Promise<void> }> {
  const db = await openDatabase({
    databaseUrl: options.memory ? undefined : config.DATABASE_URL,
    pgliteDir: options.memory ? undefined : config.PGLITE_DIR,
  });
  try {
    const centers = await loadCenters(config.SETTINGS_DIR);
    const booking = createBookingFeature({
      db,
      centers,
      staffDesk: recordOnlyStaffDesk,
      messenger: { push: async () => {} },
      clock: systemClock,
      logger,
      retention: { messageDays: config.RETENTION_MESSAGE_DAYS, handoffDays: config.RETENTION_HANDOFF_DAYS },
    });
    const built = buildConversationEngine({
      db,
      knowledge: await options.knowledge(db),
      staffDesk: recordOnlyStaffDesk,
      hotlines: await loadHotlines(config.SETTINGS_DIR),
      centers: centers.list(),
      clock: systemClock,
      logger,
      ...(await createModelPath(config)),
      ...booking.engineParts,
    });
    return { engine: built.engine, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}
