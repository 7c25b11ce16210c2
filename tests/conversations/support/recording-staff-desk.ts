/**
 * A StaffDesk that records what the engine tells staff, idempotent per event id like the real ones,
 * and can be told to fail (an outage) to check that nothing is lost.
 */
import type {
  BookingAnnouncement,
  HandoffAnnouncement,
  StaffDesk,
  StaffMessageLine,
} from '../../../src/core/staff-desk.ts';

export interface RecordingStaffDesk extends StaffDesk {
  announcements: HandoffAnnouncement[];
  relays: { id: string; handoffId: string; line: StaffMessageLine }[];
  bookings: BookingAnnouncement[];
  /** While true every call throws, as an unreachable Slack would. */
  failing: boolean;
}

export function createRecordingStaffDesk(): RecordingStaffDesk {
  const seen = new Set<string>();
  const desk: RecordingStaffDesk = {
    announcements: [],
    relays: [],
    bookings: [],
    failing: false,
    async announceHandoff(event) {
      if (desk.failing) throw new Error('staff desk unavailable');
      if (seen.has(event.id)) return;
      seen.add(event.id);
      desk.announcements.push(event);
    },
    async relayUserMessage(event) {
      if (desk.failing) throw new Error('staff desk unavailable');
      if (seen.has(event.id)) return;
      seen.add(event.id);
      desk.relays.push(event);
    },
    async announceBooking(event) {
      if (desk.failing) throw new Error('staff desk unavailable');
      if (seen.has(event.id)) return;
      seen.add(event.id);
      desk.bookings.push(event);
    },
    async announceBookingCancelled(event) {
      if (desk.failing) throw new Error('staff desk unavailable');
      seen.add(event.id);
    },
  };
  return desk;
}
