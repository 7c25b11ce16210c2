/**
 * The console's booking desk: recent requests read through the booking repository, and the same
 * BookingService decisions Slack's Accept / Propose another date / Decline buttons make. The user hears
 * the outcome through UserMessenger (the web timeline for a console user).
 */
import { z } from 'zod';
import type { BookingService } from '../../core/booking/booking-service.ts';
import { kindLabels } from '../../core/booking/booking-types.ts';
import { describeBookingForStaff, statusLabels } from '../../core/booking/booking-view.ts';
import type { BookingRepository, StaffRef } from '../../core/booking/ports.ts';
import { AppError } from '../../core/errors.ts';
import { parseWith } from './console-request.ts';

export interface ConsoleBookingDeps {
  service: Pick<BookingService, 'accept' | 'proposeAlternative' | 'decline' | 'deskName'>;
  repo: Pick<BookingRepository, 'listCreatedBetween'>;
  centerName(centerId: string): string;
}

/** How far back the console lists requests; older ones are in `npm run bookings:export`. */
const listDays = 60;
const listLimit = 50;

/** A date and time as staff pick it in the page (datetime-local), always meant as Japan time. */
const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
  .transform((value) => new Date(`${value}:00+09:00`));

const BookingId = z.object({ bookingId: z.string().min(1).max(64) });
const AcceptBody = BookingId.extend({
  scheduledAt: LocalDateTime.optional(),
  note: z.string().trim().min(1).max(500).optional(),
});
const ProposeBody = BookingId.extend({
  dates: z.array(LocalDateTime).min(1).max(3),
  note: z.string().trim().min(1).max(500).optional(),
});
const DeclineBody = BookingId.extend({ note: z.string().trim().min(1).max(500).optional() });

export async function listBookingsForConsole(deps: ConsoleBookingDeps, now: Date) {
  const from = new Date(now.getTime() - listDays * 86_400_000);
  const bookings = await deps.repo.listCreatedBetween(from, new Date(now.getTime() + 60_000));
  return bookings
    .slice(-listLimit)
    .reverse()
    .map((booking) => ({
      id: booking.id,
      reference: booking.reference,
      kind: booking.kind,
      kindLabel: kindLabels[booking.kind],
      status: booking.status,
      statusLabel: statusLabels[booking.status],
      open: booking.status === 'requested' || booking.status === 'alternative_proposed',
      centerName: deps.centerName(booking.centerId),
      rows: describeBookingForStaff(booking, deps.service.deskName(booking), now),
      createdAt: booking.createdAt.toISOString(),
    }));
}

export async function runBookingAction(
  deps: ConsoleBookingDeps,
  staff: StaffRef,
  action: string,
  body: unknown,
): Promise<{ outcome: string; message: string } | undefined> {
  try {
    switch (action) {
      case 'accept': {
        const input = parseWith(AcceptBody, body);
        const booking = await deps.service.accept(input.bookingId, staff, {
          ...(input.scheduledAt === undefined ? {} : { scheduledAt: input.scheduledAt }),
          ...(input.note === undefined ? {} : { note: input.note }),
        });
        return { outcome: booking.status, message: `${booking.reference} を承諾し、利用者に伝えました。` };
      }
      case 'propose': {
        const input = parseWith(ProposeBody, body);
        const booking = await deps.service.proposeAlternative(input.bookingId, staff, {
          dates: input.dates,
          ...(input.note === undefined ? {} : { note: input.note }),
        });
        return { outcome: booking.status, message: `${booking.reference} に別の日時を提案しました。` };
      }
      case 'decline': {
        const input = parseWith(DeclineBody, body);
        const booking = await deps.service.decline(
          input.bookingId,
          staff,
          input.note === undefined ? {} : { reason: input.note },
        );
        return { outcome: booking.status, message: `${booking.reference} をお断りし、利用者に伝えました。` };
      }
      default:
        return undefined;
    }
  } catch (error) {
    // The service explains refusals (already decided, not found) in Japanese meant to be shown.
    if (error instanceof AppError && error.userVisible)
      return { outcome: error.code, message: error.message };
    throw error;
  }
}
