/**
 * What the booking feature needs from outside the core: the stored bookings and the list of centers.
 * src/infra implements both (booking-repo.ts over the database, settings/centers.ts over centers.yaml).
 */
import type { Channel } from '../message.ts';
import type { BookingKind, Desk, Headcount, Method, SpecialInsuranceAnswer, Topic } from './booking-types.ts';
import type { Contact } from './contact.ts';
import type { DateWish } from './date-parser.ts';
import type { DaytimeWindow } from './slot-rules.ts';

export const bookingStatuses = [
  'requested',
  'accepted',
  'alternative_proposed',
  'declined',
  'cancelled',
] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

/** The fields a confirmed request carries (see README "Booking" for why each one is kept). */
export interface BookingRequest {
  kind: BookingKind;
  topic: Topic;
  method: Method | null;
  prefecture: string;
  organisation: string | null;
  industry: string | null;
  headcount: Headcount | null;
  role: string | null;
  selfEmployed: boolean;
  specialInsurance: SpecialInsuranceAnswer | null;
  contactName: string;
  contact: Contact;
  preferredDates: DateWish[];
  summary: string;
  address: string | null;
  purpose: string | null;
}

export interface NewBooking extends BookingRequest {
  requestKey: string;
  channel: Channel;
  userId: string;
  conversationId: string;
  centerId: string;
  desk: Desk;
  needsStaffReview: boolean;
  consentAt: Date;
  consentNotice: string;
}

export interface StaffRef {
  id: string;
  name: string;
}

export interface Booking extends NewBooking {
  id: string;
  reference: string;
  status: BookingStatus;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  decidedBy: StaffRef | null;
  decidedAt: Date | null;
  proposedDates: Date[];
  scheduledAt: Date | null;
  staffNote: string | null;
  cancelledAt: Date | null;
}

export interface BookingTransition {
  status: BookingStatus;
  actor: { kind: 'user' | 'staff'; id: string; name: string | null };
  at: Date;
  /** Staff decision fields; undefined leaves the stored value as it is. */
  decidedBy?: StaffRef | null;
  proposedDates?: Date[];
  scheduledAt?: Date | null;
  staffNote?: string | null;
  cancelledAt?: Date | null;
}

export interface UnnotifiedChange {
  bookingId: string;
  version: number;
  status: BookingStatus;
}

export interface BookingRepository {
  /** Creates the booking, or returns the one already stored under `requestKey` (created = false). */
  create(input: NewBooking, now: Date): Promise<{ booking: Booking; created: boolean }>;
  getById(id: string): Promise<Booking | null>;
  getByReference(reference: string): Promise<Booking | null>;
  listForUser(channel: Channel, userId: string, limit: number): Promise<Booking[]>;
  /**
   * Applies the transition when the row is still at `expectedVersion` (optimistic lock), records the event,
   * and returns the updated row; null when someone else changed it first.
   */
  transition(id: string, expectedVersion: number, change: BookingTransition): Promise<Booking | null>;
  /** Changes the user made that staff have not been told about yet, oldest first. */
  listUnnotified(limit: number): Promise<UnnotifiedChange[]>;
  markNotified(bookingId: string, version: number, at: Date): Promise<void>;
  /** Bookings created in [from, to) (instants), oldest first, optionally for one center. */
  listCreatedBetween(from: Date, to: Date, centerId?: string): Promise<Booking[]>;
}

export interface Center {
  id: string;
  prefecture: string;
  aliases: string[];
  name: string;
  url: string | null;
  /** Null while the center's hours are unconfirmed (facts.md §1-5). */
  businessHours: DaytimeWindow | null;
}

export interface CenterDirectory {
  list(): readonly Center[];
  byId(id: string): Center | undefined;
  byPrefecture(prefecture: string): Center | undefined;
}
