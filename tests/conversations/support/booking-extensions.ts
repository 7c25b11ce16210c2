/**
 * The booking feature's flows, postbacks and 「予約の確認」 command, wired as the composition root wires
 * them, so conversation scripts exercise bookings through the real engine and repositories.
 */
import { createBookingPostbacks, isBookingListRequest } from '../../../src/core/booking/booking-postbacks.ts';
import { createBookingService } from '../../../src/core/booking/booking-service.ts';
import { createConsultationFlow } from '../../../src/core/booking/consultation-flow.ts';
import { createVisitFlow } from '../../../src/core/booking/visit-flow.ts';
import type { ConversationFlow, PostbackHandler, TextCommand } from '../../../src/core/conversation/flow.ts';
import type { Clock, Logger } from '../../../src/core/ports.ts';
import type { StaffDesk } from '../../../src/core/staff-desk.ts';
import type { UserMessenger } from '../../../src/core/user-messenger.ts';
import { createBookingRepository } from '../../../src/infra/db/booking-repo.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { loadCenters } from '../../../src/infra/settings/load-settings.ts';

export async function createBookingExtensions(deps: {
  db: Db;
  staffDesk: StaffDesk;
  clock: Clock;
  logger: Logger;
}): Promise<{ flows: ConversationFlow[]; postbackHandlers: PostbackHandler[]; textCommands: TextCommand[] }> {
  const centers = await loadCenters('settings');
  const messenger: UserMessenger = { push: async () => {} };
  const service = createBookingService({
    repo: createBookingRepository(deps.db),
    staffDesk: deps.staffDesk,
    messenger,
    centers,
    clock: deps.clock,
    logger: deps.logger,
  });
  const postbacks = createBookingPostbacks(service);
  return {
    flows: [createConsultationFlow({ service, centers }), createVisitFlow({ service, centers })],
    postbackHandlers: [postbacks],
    textCommands: [
      {
        name: 'booking-list',
        matches: isBookingListRequest,
        handle: async (message, ctx) => ({
          decision: null,
          replies: await postbacks.listReplies({ channel: message.channel, userId: message.userId }, ctx.now),
          duplicate: false,
        }),
      },
    ],
  };
}
