/**
 * Fakes at the booking ports: an in-memory repository with the same contract as booking-repo.ts
 * (idempotent create, optimistic transitions, unnotified user changes), a recording staff desk and
 * messenger that can be told to fail, and the real centers.yaml as data.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type BookingService, createBookingService } from '../../../src/core/booking/booking-service.ts';
import type {
  Booking,
  BookingRepository,
  BookingStatus,
  CenterDirectory,
  UnnotifiedChange,
} from '../../../src/core/booking/ports.ts';
import type { Logger } from '../../../src/core/ports.ts';
import type { BookingAnnouncement, StaffDesk } from '../../../src/core/staff-desk.ts';
import type { UserMessenger } from '../../../src/core/user-messenger.ts';
import { defaultCentersPath, parseCenterDirectory } from '../../../src/infra/settings/centers.ts';

export function loadCenters(): CenterDirectory {
  return parseCenterDirectory(parse(readFileSync(defaultCentersPath, 'utf8')));
}

export function createMemoryRepo(): BookingRepository & {
  events: { bookingId: string; version: number; status: BookingStatus; actor: string; notified: boolean }[];
} {
  const rows = new Map<string, Booking>();
  const events: {
    bookingId: string;
    version: number;
    status: BookingStatus;
    actor: string;
    notified: boolean;
  }[] = [];
  let counter = 0;
  return {
    events,
    async create(input, now) {
      const existing = [...rows.values()].find((b) => b.requestKey === input.requestKey);
      if (existing) return { booking: existing, created: false };
      counter += 1;
      const booking: Booking = {
        ...input,
        id: `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`,
        reference: `${input.kind === 'consultation' ? 'C' : 'V'}-2611-${String(counter).padStart(4, '0')}`,
        status: 'requested',
        version: 1,
        createdAt: now,
        updatedAt: now,
        decidedBy: null,
        decidedAt: null,
        proposedDates: [],
        scheduledAt: null,
        staffNote: null,
        cancelledAt: null,
      };
      rows.set(booking.id, booking);
      events.push({ bookingId: booking.id, version: 1, status: 'requested', actor: 'user', notified: false });
      return { booking, created: true };
    },
    getById: async (id) => rows.get(id) ?? null,
    getByReference: async (reference) => [...rows.values()].find((b) => b.reference === reference) ?? null,
    listForUser: async (channel, userId, limit) =>
      [...rows.values()]
        .filter((b) => b.channel === channel && b.userId === userId)
        .reverse()
        .slice(0, limit),
    async transition(id, expectedVersion, change) {
      const current = rows.get(id);
      if (!current || current.version !== expectedVersion) return null;
      const next: Booking = {
        ...current,
        status: change.status,
        version: current.version + 1,
        updatedAt: change.at,
        ...(change.decidedBy !== undefined ? { decidedBy: change.decidedBy, decidedAt: change.at } : {}),
        ...(change.proposedDates !== undefined ? { proposedDates: change.proposedDates } : {}),
        ...(change.scheduledAt !== undefined ? { scheduledAt: change.scheduledAt } : {}),
        ...(change.staffNote !== undefined ? { staffNote: change.staffNote } : {}),
        ...(change.cancelledAt !== undefined ? { cancelledAt: change.cancelledAt } : {}),
      };
      rows.set(id, next);
      events.push({
        bookingId: id,
        version: next.version,
        status: change.status,
        actor: change.actor.kind,
        notified: change.actor.kind === 'staff',
      });
      return next;
    },
    listUnnotified: async (limit): Promise<UnnotifiedChange[]> =>
      events
        .filter((e) => !e.notified)
        .slice(0, limit)
        .map((e) => ({ bookingId: e.bookingId, version: e.version, status: e.status })),
    async markNotified(bookingId, version) {
      for (const e of events) if (e.bookingId === bookingId && e.version === version) e.notified = true;
    },
    listCreatedBetween: async (from, to, centerId) =>
      [...rows.values()].filter(
        (b) => b.createdAt >= from && b.createdAt < to && (centerId === undefined || b.centerId === centerId),
      ),
  };
}

export function createRecordingDesk(): StaffDesk & {
  bookings: BookingAnnouncement[];
  cancellations: { id: string; bookingId: string; reference: string }[];
  failNext: number;
} {
  const desk = {
    bookings: [] as BookingAnnouncement[],
    cancellations: [] as { id: string; bookingId: string; reference: string }[],
    failNext: 0,
    async announceHandoff() {},
    async relayUserMessage() {},
    async announceBooking(event: BookingAnnouncement) {
      if (desk.failNext > 0) {
        desk.failNext -= 1;
        throw new Error('slack down');
      }
      desk.bookings.push(event);
    },
    async announceBookingCancelled(event: { id: string; bookingId: string; reference: string }) {
      if (desk.failNext > 0) {
        desk.failNext -= 1;
        throw new Error('slack down');
      }
      desk.cancellations.push(event);
    },
  };
  return desk;
}

export function createRecordingMessenger(): UserMessenger & {
  pushes: { to: { channel: string; userId: string }; replies: unknown[]; key: string }[];
} {
  const messenger = {
    pushes: [] as { to: { channel: string; userId: string }; replies: unknown[]; key: string }[],
    async push(to: { channel: string; userId: string }, replies: unknown[], key: string) {
      messenger.pushes.push({ to, replies, key });
    },
  };
  return messenger as never;
}

export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};

export interface Harness {
  service: BookingService;
  repo: ReturnType<typeof createMemoryRepo>;
  desk: ReturnType<typeof createRecordingDesk>;
  messenger: ReturnType<typeof createRecordingMessenger>;
  centers: CenterDirectory;
  clock: { now(): Date; set(at: Date): void };
}

export function createHarness(start = new Date('2026-11-24T01:00:00Z')): Harness {
  let now = start;
  const clock = {
    now: () => now,
    set: (at: Date) => {
      now = at;
    },
  };
  const repo = createMemoryRepo();
  const desk = createRecordingDesk();
  const messenger = createRecordingMessenger();
  const centers = loadCenters();
  const service = createBookingService({
    repo,
    staffDesk: desk,
    messenger,
    centers,
    clock,
    logger: silentLogger,
  });
  return { service, repo, desk, messenger, centers, clock };
}
