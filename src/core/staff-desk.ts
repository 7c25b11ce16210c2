/**
 * What the core tells center staff. The Slack adapter posts these to the routed center's channel; the web
 * console shows them from the database. Implementations must be idempotent per event `id`: the core may
 * announce the same event again after a crash.
 */
import type { Channel, Urgency } from './message.ts';

export interface StaffMessageLine {
  from: 'user' | 'bot' | 'staff';
  /** Text for staff eyes only; never logged. Stickers and images arrive as a note (「（画像が送られました。…）」). */
  text: string;
  at: Date;
}

export interface HandoffAnnouncement {
  id: string;
  handoffId: string;
  urgency: Urgency;
  route: 'handoff' | 'crisis';
  centerId: string | null;
  user: { channel: Channel; userId: string };
  /** One-line summary for staff (rule- or model-made), e.g. 「部下の休職・復職についての相談」. */
  summary: string;
  recentMessages: StaffMessageLine[];
  /** What is known of the workplace (prefecture, headcount, role), when the user told us. */
  workplace: Record<string, string>;
  /** True for a re-alert after nobody claimed within the configured minutes. */
  reAlert: boolean;
}

export interface BookingAnnouncement {
  id: string;
  bookingId: string;
  reference: string;
  kind: 'consultation' | 'visit';
  centerId: string;
  /** Label/value rows in Japanese, ready to show (topic, method, dates, organisation, contact …). */
  rows: { label: string; value: string }[];
}

export interface StaffDesk {
  announceHandoff(event: HandoffAnnouncement): Promise<void>;
  /** A message from the user while a handoff is open, for the case's thread. */
  relayUserMessage(event: { id: string; handoffId: string; line: StaffMessageLine }): Promise<void>;
  /**
   * A staff reply that reached the user, from whichever staff tool sent it, so every desk's case view
   * shows the whole conversation. Optional: a desk whose own tool already shows its replies (a Slack
   * thread) may leave it out.
   */
  recordStaffReply?(event: { id: string; handoffId: string; line: StaffMessageLine }): Promise<void>;
  announceBooking(event: BookingAnnouncement): Promise<void>;
  /** The user cancelled a booking they had requested. */
  announceBookingCancelled(event: { id: string; bookingId: string; reference: string }): Promise<void>;
}
