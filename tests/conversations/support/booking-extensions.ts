/**
 * The booking feature wired exactly as the composition root wires it (src/composition/booking-feature.ts), so
 * conversation scripts exercise bookings through the real engine and repositories.
 */
import { createBookingFeature } from '../../../src/composition/booking-feature.ts';
import type { ConversationFlow, PostbackHandler, TextCommand } from '../../../src/core/conversation/flow.ts';
import type { Clock, Logger } from '../../../src/core/ports.ts';
import type { StaffDesk } from '../../../src/core/staff-desk.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { loadCenters } from '../../../src/infra/settings/load-settings.ts';

export async function createBookingExtensions(deps: {
  db: Db;
  staffDesk: StaffDesk;
  clock: Clock;
  logger: Logger;
}): Promise<{ flows: ConversationFlow[]; postbackHandlers: PostbackHandler[]; textCommands: TextCommand[] }> {
  const feature = createBookingFeature({
    ...deps,
    centers: await loadCenters('settings'),
    messenger: { push: async () => {} },
    retention: { messageDays: 90, handoffDays: 1095 },
  });
  return feature.engineParts;
}
