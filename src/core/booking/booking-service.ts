/**
 * The booking desk: stores confirmed requests, tells staff (StaffDesk), applies staff decisions and tells
 * the user (UserMessenger). Every status change is guarded (invalid → AppError 'conflict'), every change
 * the user makes reaches staff even after an outage (a sweep retries), and every push carries a
 * deterministic idempotency key, so a retried button press never sends the same message twice.
 */
import { AppError } from '../errors.ts';
import type { Clock, Logger } from '../ports.ts';
import type { BookingAnnouncement, StaffDesk } from '../staff-desk.ts';
import type { UserAddress, UserMessenger } from '../user-messenger.ts';
import { describeBookingForStaff } from './booking-view.ts';
import { renderDecisionPush } from './decision-messages.ts';
import type {
  Booking,
  BookingRepository,
  BookingStatus,
  BookingTransition,
  CenterDirectory,
  NewBooking,
  StaffRef,
} from './ports.ts';
import { describeDesk } from './routing.ts';

/** Which statuses each status may be reached from. */
const allowedFrom: Record<Exclude<BookingStatus, 'requested'>, readonly BookingStatus[]> = {
  accepted: ['requested', 'alternative_proposed'],
  alternative_proposed: ['requested', 'alternative_proposed'],
  declined: ['requested', 'alternative_proposed'],
  cancelled: ['requested', 'alternative_proposed', 'accepted'],
};

export const maxProposedDates = 5;
const userListLimit = 10;

export interface BookingServiceDeps {
  repo: BookingRepository;
  staffDesk: StaffDesk;
  messenger: UserMessenger;
  centers: CenterDirectory;
  clock: Clock;
  logger: Logger;
}

export interface BookingService {
  /** Stores a confirmed request and announces it to staff; returns the stored booking (idempotent). */
  submit(input: NewBooking): Promise<Booking>;
  accept(
    bookingId: string,
    staff: StaffRef,
    options?: { scheduledAt?: Date; note?: string },
  ): Promise<Booking>;
  proposeAlternative(
    bookingId: string,
    staff: StaffRef,
    proposal: { dates: Date[]; note?: string },
  ): Promise<Booking>;
  decline(bookingId: string, staff: StaffRef, options?: { reason?: string }): Promise<Booking>;
  /** The user picks proposed date number `index` (0-based) from a staff proposal. */
  acceptProposal(bookingId: string, user: UserAddress, index: number): Promise<Booking>;
  listForUser(user: UserAddress): Promise<Booking[]>;
  /** The user's own booking by id; null when it does not exist or belongs to someone else. */
  getForUser(bookingId: string, user: UserAddress): Promise<Booking | null>;
  cancelByUser(bookingId: string, user: UserAddress): Promise<Booking>;
  /** For staff tools: a booking by its reference number (C-2611-0042). */
  get(reference: string): Promise<Booking | null>;
  /** Retries staff notifications that failed earlier; returns how many were sent. */
  notifyPendingChanges(limit?: number): Promise<number>;
  deskName(booking: Booking): string;
}

export function createBookingService(deps: BookingServiceDeps): BookingService {
  const { repo, staffDesk, messenger, centers, clock, logger } = deps;

  const deskName = (booking: Booking): string => {
    const center = centers.byId(booking.centerId);
    return center ? describeDesk(center, booking.desk) : booking.centerId;
  };

  const load = async (bookingId: string): Promise<Booking> => {
    const booking = await repo.getById(bookingId);
    if (booking === null) {
      throw new AppError('not_found', '予約が見つかりません。', {
        userVisible: true,
        details: { bookingId },
      });
    }
    return booking;
  };

  const loadForUser = async (bookingId: string, user: UserAddress): Promise<Booking> => {
    const booking = await repo.getById(bookingId);
    // Someone else's booking looks exactly like a missing one.
    if (booking === null || booking.channel !== user.channel || booking.userId !== user.userId) {
      throw new AppError('not_found', '予約が見つかりません。', {
        userVisible: true,
        details: { bookingId },
      });
    }
    return booking;
  };

  const conflict = (booking: Booking, target: BookingStatus): AppError =>
    new AppError('conflict', conflictMessage(booking.status), {
      userVisible: true,
      details: { bookingId: booking.id, from: booking.status, to: target },
    });

  /**
   * Applies a transition with an optimistic lock. `isRepeat` recognises the same decision made twice (a
   * double click, a retried job): it returns the stored booking unchanged so the caller can resend the
   * same message under the same idempotency key.
   */
  const transition = async (
    booking: Booking,
    change: BookingTransition,
    isRepeat: (current: Booking) => boolean,
  ): Promise<{ booking: Booking; repeated: boolean }> => {
    let current = booking;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (isRepeat(current)) return { booking: current, repeated: true };
      const from = allowedFrom[change.status as Exclude<BookingStatus, 'requested'>] ?? [];
      if (!from.includes(current.status)) throw conflict(current, change.status);
      const updated = await repo.transition(current.id, current.version, change);
      if (updated !== null) return { booking: updated, repeated: false };
      current = await load(current.id);
    }
    throw conflict(current, change.status);
  };

  const pushOutcome = async (booking: Booking): Promise<void> => {
    const replies = renderDecisionPush(booking, deskName(booking), clock.now());
    if (replies.length === 0) return;
    await messenger.push(
      { channel: booking.channel, userId: booking.userId },
      replies,
      `booking:${booking.id}:${booking.status}:${booking.version}`,
    );
  };

  const announcement = (booking: Booking, eventId: string): BookingAnnouncement => ({
    id: eventId,
    bookingId: booking.id,
    reference: booking.reference,
    kind: booking.kind,
    centerId: booking.centerId,
    rows: describeBookingForStaff(booking, deskName(booking), clock.now()),
  });

  /** Tells staff about a change the user made; a failure is retried by notifyPendingChanges. */
  const notifyStaff = async (booking: Booking, version: number, status: BookingStatus): Promise<boolean> => {
    try {
      if (status === 'cancelled') {
        await staffDesk.announceBookingCancelled({
          id: `${booking.id}:cancelled`,
          bookingId: booking.id,
          reference: booking.reference,
        });
      } else {
        // The first announcement's id is the booking id (the Slack desk threads on it); later ones are new events.
        await staffDesk.announceBooking(
          announcement(booking, version === 1 ? booking.id : `${booking.id}:v${version}`),
        );
      }
      await repo.markNotified(booking.id, version, clock.now());
      return true;
    } catch (error) {
      logger.warn(
        { err: error, bookingId: booking.id, version, status },
        'booking staff notification failed; will retry',
      );
      return false;
    }
  };

  return {
    deskName,

    async submit(input) {
      const { booking, created } = await repo.create(input, clock.now());
      logger.info(
        { bookingId: booking.id, reference: booking.reference, kind: booking.kind, created },
        'booking stored',
      );
      // A repeated submit finds the stored row; if its announcement failed, the sweep still has it pending.
      if (created) await notifyStaff(booking, 1, 'requested');
      return booking;
    },

    async accept(bookingId, staff, options = {}) {
      const booking = await load(bookingId);
      const result = await transition(
        booking,
        {
          status: 'accepted',
          actor: { kind: 'staff', id: staff.id, name: staff.name },
          at: clock.now(),
          decidedBy: staff,
          ...(options.scheduledAt ? { scheduledAt: options.scheduledAt } : {}),
          ...(options.note !== undefined ? { staffNote: options.note } : {}),
        },
        (current) => current.status === 'accepted',
      );
      await pushOutcome(result.booking);
      return result.booking;
    },

    async proposeAlternative(bookingId, staff, proposal) {
      const now = clock.now();
      if (proposal.dates.length === 0 || proposal.dates.length > maxProposedDates) {
        throw new AppError('bad_request', `ご提案の日時は1〜${maxProposedDates}件で指定してください。`, {
          userVisible: true,
        });
      }
      if (proposal.dates.some((date) => Number.isNaN(date.getTime()) || date <= now)) {
        throw new AppError('bad_request', 'ご提案の日時には、これから先の日時を指定してください。', {
          userVisible: true,
        });
      }
      const booking = await load(bookingId);
      const sameDates = (current: Booking) =>
        current.status === 'alternative_proposed' &&
        current.proposedDates.length === proposal.dates.length &&
        current.proposedDates.every((date, i) => date.getTime() === proposal.dates[i]!.getTime());
      const result = await transition(
        booking,
        {
          status: 'alternative_proposed',
          actor: { kind: 'staff', id: staff.id, name: staff.name },
          at: now,
          decidedBy: staff,
          proposedDates: proposal.dates,
          scheduledAt: null,
          staffNote: proposal.note ?? null,
        },
        sameDates,
      );
      await pushOutcome(result.booking);
      return result.booking;
    },

    async decline(bookingId, staff, options = {}) {
      const booking = await load(bookingId);
      const result = await transition(
        booking,
        {
          status: 'declined',
          actor: { kind: 'staff', id: staff.id, name: staff.name },
          at: clock.now(),
          decidedBy: staff,
          staffNote: options.reason ?? null,
        },
        (current) => current.status === 'declined',
      );
      await pushOutcome(result.booking);
      return result.booking;
    },

    async acceptProposal(bookingId, user, index) {
      const booking = await loadForUser(bookingId, user);
      const chosen = booking.proposedDates[index];
      const repeat = (current: Booking) =>
        current.status === 'accepted' &&
        chosen !== undefined &&
        current.scheduledAt?.getTime() === chosen.getTime();
      if (chosen === undefined && !repeat(booking)) {
        if (booking.status !== 'alternative_proposed') throw conflict(booking, 'accepted');
        throw new AppError('bad_request', 'ご提案の日時が見つかりません。', { userVisible: true });
      }
      const result = await transition(
        booking,
        {
          status: 'accepted',
          actor: { kind: 'user', id: user.userId, name: null },
          at: clock.now(),
          scheduledAt: chosen ?? null,
        },
        repeat,
      );
      if (!result.repeated) await notifyStaff(result.booking, result.booking.version, 'accepted');
      return result.booking;
    },

    listForUser: (user) => repo.listForUser(user.channel, user.userId, userListLimit),

    async getForUser(bookingId, user) {
      const booking = await repo.getById(bookingId);
      return booking !== null && booking.channel === user.channel && booking.userId === user.userId
        ? booking
        : null;
    },

    async cancelByUser(bookingId, user) {
      const booking = await loadForUser(bookingId, user);
      const result = await transition(
        booking,
        {
          status: 'cancelled',
          actor: { kind: 'user', id: user.userId, name: null },
          at: clock.now(),
          cancelledAt: clock.now(),
        },
        (current) => current.status === 'cancelled',
      );
      if (!result.repeated) await notifyStaff(result.booking, result.booking.version, 'cancelled');
      return result.booking;
    },

    get: (reference) => repo.getByReference(reference.trim().toUpperCase()),

    async notifyPendingChanges(limit = 50) {
      let sent = 0;
      for (const change of await repo.listUnnotified(limit)) {
        const booking = await repo.getById(change.bookingId);
        if (booking === null) continue;
        if (await notifyStaff(booking, change.version, change.status)) sent += 1;
      }
      return sent;
    },
  };
}

function conflictMessage(status: BookingStatus): string {
  switch (status) {
    case 'cancelled':
      return 'この予約はすでに取り消されています。';
    case 'declined':
      return 'この予約はお受けできないことが決まっています。';
    case 'accepted':
      return 'この予約はすでに受付済みです。';
    default:
      return 'この予約の状態が変わったため、操作できませんでした。';
  }
}
