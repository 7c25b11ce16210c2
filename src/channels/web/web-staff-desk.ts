/**
 * StaffDesk for the console. Handoff announcements and relayed user lines are recorded (idempotent per
 * event id) so the staff view can show each case with its conversation; the case's status is always read
 * from the handoffs table, so it stays right when Slack staff act on the same case through a composite
 * desk. Bookings need nothing here: the staff view reads them from the bookings table itself.
 */
import type { StaffDesk } from '../../core/staff-desk.ts';
import type { WebStaffEventsRepository } from '../../infra/db/web-staff-events-repository.ts';

export function createWebStaffDesk(events: WebStaffEventsRepository): StaffDesk {
  return {
    async announceHandoff(event) {
      await events.recordAnnouncement(event.id, event.handoffId, {
        summary: event.summary,
        workplace: event.workplace,
        recentMessages: event.recentMessages,
      });
    },
    async relayUserMessage(event) {
      if (event.line.from === 'bot') return;
      await events.recordLine(event.id, event.handoffId, event.line.from, event.line.text, event.line.at);
    },
    // Replies from Slack threads too, so the console's case view shows the whole conversation.
    async recordStaffReply(event) {
      await events.recordLine(event.id, event.handoffId, 'staff', event.line.text, event.line.at);
    },
    // Bookings are listed from the bookings table, which already holds every request and its status.
    async announceBooking() {},
    async announceBookingCancelled() {},
  };
}
