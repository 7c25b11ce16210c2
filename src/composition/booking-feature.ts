/**
 * Wires the booking feature (issue 5) for the composition root: the repository on the database, the
 * decision service, the two flows, the `booking:*` postbacks and the 「予約の確認」 command. Pass `engineParts`
 * into buildConversationEngine, give `service` to the Slack booking desk, and call
 * `service.notifyPendingChanges()` periodically (and at start) so user changes reach staff after an outage.
 */
import { createBookingListCommand, createBookingPostbacks } from '../core/booking/booking-postbacks.ts';
import { consentNoticeFor } from '../core/booking/booking-prompts.ts';
import { type BookingService, createBookingService } from '../core/booking/booking-service.ts';
import { createConsultationFlow } from '../core/booking/consultation-flow.ts';
import type { CenterDirectory } from '../core/booking/ports.ts';
import { createVisitFlow } from '../core/booking/visit-flow.ts';
import type { ConversationFlow, PostbackHandler, TextCommand } from '../core/conversation/flow.ts';
import type { Clock, Logger } from '../core/ports.ts';
import type { StaffDesk } from '../core/staff-desk.ts';
import type { UserMessenger } from '../core/user-messenger.ts';
import { createBookingRepository } from '../infra/db/booking-repo.ts';
import type { Db } from '../infra/db/db.ts';

export interface BookingFeature {
  service: BookingService;
  engineParts: {
    flows: ConversationFlow[];
    postbackHandlers: PostbackHandler[];
    textCommands: TextCommand[];
  };
}

export function createBookingFeature(deps: {
  db: Db;
  centers: CenterDirectory;
  staffDesk: StaffDesk;
  messenger: UserMessenger;
  clock: Clock;
  logger: Logger;
  /** RETENTION_MESSAGE_DAYS / RETENTION_HANDOFF_DAYS: the consent notice states them. */
  retention: { messageDays: number; handoffDays: number };
}): BookingFeature {
  const service = createBookingService({
    repo: createBookingRepository(deps.db),
    staffDesk: deps.staffDesk,
    messenger: deps.messenger,
    centers: deps.centers,
    clock: deps.clock,
    logger: deps.logger.child({ feature: 'booking' }),
  });
  const flowDeps = { service, centers: deps.centers, consentNotice: consentNoticeFor(deps.retention) };
  const postbacks = createBookingPostbacks(service);
  return {
    service,
    engineParts: {
      flows: [createConsultationFlow(flowDeps), createVisitFlow(flowDeps)],
      postbackHandlers: [postbacks],
      textCommands: [createBookingListCommand(postbacks)],
    },
  };
}
