/**
 * Wraps the StaffDesk so that every new handoff also schedules what must happen if nobody reacts: a
 * re-alert after HANDOFF_REALERT_MINUTES (CRISIS_REALERT_MINUTES for crises), and, outside the center's
 * business hours, a notice telling the user when staff will reply.
 *
 * The notice is a delayed push rather than part of the engine's reply: the engine's reply (for a crisis:
 * emergency numbers and hotlines first) goes out as the answer to the user's message, and a short delay
 * keeps this notice after it on the user's screen.
 */
import type { Clock, Logger } from '../ports.ts';
import type { StaffDesk } from '../staff-desk.ts';
import type { UserMessenger } from '../user-messenger.ts';
import { checkAvailability } from './business-hours.ts';
import { buildOffHoursNotice } from './handoff-replies.ts';
import type { HandoffRepository } from './handoff-repository.ts';
import { type JobScheduler, staffJobs } from './job-scheduler.ts';
import { scheduleReAlert } from './lifecycle.ts';
import type { StaffCenters } from './staff-centers.ts';

export interface StaffAlertsDeps {
  jobs: JobScheduler;
  centers: StaffCenters;
  handoffs: HandoffRepository;
  messenger: UserMessenger;
  clock: Clock;
  logger: Logger;
  reAlertMinutes: { handoff: number; crisis: number };
  /** How long the off-hours notice waits behind the engine's reply. */
  noticeDelayMs?: number;
}

export interface StaffAlerts {
  /** The desk to give the engine: announces, then schedules the re-alert and the off-hours notice. */
  wrap(desk: StaffDesk): StaffDesk;
  /** Runs the `handoff.off-hours-notice` job. */
  runOffHoursNotice(payload: { handoffId: string; nextOpening: string }): Promise<void>;
}

export function createStaffAlerts(deps: StaffAlertsDeps): StaffAlerts {
  return {
    wrap(desk) {
      return {
        announceHandoff: async (event) => {
          await desk.announceHandoff(event);
          if (event.reAlert) return;
          await scheduleReAlert(deps, { id: event.handoffId, route: event.route }, 1);
          const center = deps.centers.resolve(event.centerId);
          const availability = checkAvailability(center.businessHours, deps.clock.now());
          if (availability.open) return;
          await deps.jobs.enqueue(
            staffJobs.offHoursNotice,
            { handoffId: event.handoffId, nextOpening: availability.nextOpening.toISOString() },
            { key: `handoff:${event.handoffId}:off-hours`, delayMs: deps.noticeDelayMs ?? 5_000 },
          );
        },
        relayUserMessage: (event) => desk.relayUserMessage(event),
        recordStaffReply: async (event) => desk.recordStaffReply?.(event),
        announceBooking: (event) => desk.announceBooking(event),
        announceBookingCancelled: (event) => desk.announceBookingCancelled(event),
      };
    },

    async runOffHoursNotice({ handoffId, nextOpening }) {
      const handoff = await deps.handoffs.get(handoffId);
      // Someone claimed it in the meantime (an on-call staff member): the user already hears from them.
      if (handoff === null || handoff.status !== 'open') return;
      await deps.messenger.push(
        { channel: handoff.channel, userId: handoff.userId },
        buildOffHoursNotice(handoff.route, new Date(nextOpening)),
        `handoff:${handoffId}:off-hours`,
      );
      deps.logger.info({ handoffId, route: handoff.route }, 'off-hours notice sent');
    },
  };
}
