/**
 * The booking desk's buttons: 承諾する / 別の日時を提案 (a modal with date-time pickers and a note) /
 * お断りする. Decisions go to the BookingService, which tells the user; the request's post is then
 * redrawn by a `slack.update-case` job. A decision the booking no longer allows (someone else decided,
 * the user cancelled) comes back as a `conflict` and is explained to the clicker only.
 */
import type { App, BlockAction, ButtonAction, RespondFn, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { BookingService } from '../../core/booking/booking-service.ts';
import type { Booking, StaffRef } from '../../core/booking/ports.ts';
import { isAppError } from '../../core/errors.ts';
import type { JobScheduler } from '../../core/handoff/job-scheduler.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import { bookingActionIds, proposeModal, renderProposeModal } from './booking-blocks.ts';
import { notStaffText, parseMetadata, tellPrivately } from './private-reply.ts';
import { type SlackUpdateJob, slackJobs } from './slack-staff-desk.ts';
import type { StaffAccess } from './staff-access.ts';

export type BookingDesk = Pick<BookingService, 'accept' | 'proposeAlternative' | 'decline'>;

export interface BookingActionDeps {
  bookings: BookingDesk;
  access: StaffAccess;
  jobs: JobScheduler;
  clock: Clock;
  logger: Logger;
}

const ModalMetadata = z.object({ bookingId: z.string().min(1), channelId: z.string().min(1) });

export function registerBookingActions(app: App, deps: BookingActionDeps): void {
  const decide = (actionId: string, act: (bookingId: string, staff: StaffRef) => Promise<Booking>) => {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const channelId = body.channel?.id;
      if (channelId === undefined || !(await deps.access.isMemberOf(channelId, body.user.id))) {
        await tellPrivately(respond, notStaffText);
        return;
      }
      const bookingId = action.value ?? '';
      await applyDecision(deps, respond, bookingId, () => act(bookingId, staffOf(body.user)));
    });
  };
  decide(bookingActionIds.accept, (id, staff) => deps.bookings.accept(id, staff));
  decide(bookingActionIds.decline, (id, staff) => deps.bookings.decline(id, staff));

  app.action<BlockAction<ButtonAction>>(
    bookingActionIds.propose,
    async ({ ack, body, action, client, respond }) => {
      await ack();
      const channelId = body.channel?.id;
      if (channelId === undefined || !(await deps.access.isMemberOf(channelId, body.user.id))) {
        await tellPrivately(respond, notStaffText);
        return;
      }
      // trigger_id expires three seconds after the click, so the modal opens here and not from a job.
      const metadata = JSON.stringify({ bookingId: action.value ?? '', channelId });
      const tomorrowTen = nextDayAt(deps.clock.now(), 10);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: renderProposeModal(metadata, tomorrowTen),
      });
    },
  );

  app.view<ViewSubmitAction>(proposeModal.callbackId, async ({ ack, body, view }) => {
    const metadata = ModalMetadata.safeParse(parseMetadata(view.private_metadata));
    if (!metadata.success) {
      await ack({
        response_action: 'errors',
        errors: { [proposeModal.dateBlocks[0]]: 'もう一度ボタンから開いてください。' },
      });
      return;
    }
    const { bookingId, channelId } = metadata.data;
    if (!(await deps.access.isMemberOf(channelId, body.user.id))) {
      await ack({ response_action: 'errors', errors: { [proposeModal.dateBlocks[0]]: notStaffText } });
      return;
    }
    const now = deps.clock.now().getTime();
    const dates: Date[] = [];
    const errors: Record<string, string> = {};
    for (const blockId of proposeModal.dateBlocks) {
      const seconds = view.state.values[blockId]?.[proposeModal.dateAction]?.selected_date_time;
      if (typeof seconds !== 'number') continue;
      if (seconds * 1000 <= now) errors[blockId] = '過去の日時は提案できません。';
      else dates.push(new Date(seconds * 1000));
    }
    if (dates.length === 0 && Object.keys(errors).length === 0) {
      errors[proposeModal.dateBlocks[0]] = '日時を1つ以上選んでください。';
    }
    if (Object.keys(errors).length > 0) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    await ack();
    const note = view.state.values[proposeModal.noteBlock]?.[proposeModal.noteAction]?.value ?? undefined;
    const staff = staffOf(body.user);
    await applyDecision(deps, undefined, bookingId, () =>
      deps.bookings.proposeAlternative(bookingId, staff, { dates, ...(note ? { note } : {}) }),
    );
  });
}

async function applyDecision(
  deps: BookingActionDeps,
  respond: RespondFn | undefined,
  bookingId: string,
  act: () => Promise<Booking>,
): Promise<void> {
  try {
    const booking = await act();
    deps.logger.info({ bookingId, status: booking.status }, 'booking decision');
    const job: SlackUpdateJob = { kind: 'booking', bookingId, reference: booking.reference };
    await deps.jobs.enqueue(slackJobs.updateCase, job, {
      key: `slack:update:${bookingId}:${booking.status}:${booking.version}`,
    });
  } catch (error) {
    if (!isAppError(error, 'conflict') && !isAppError(error, 'not_found')) throw error;
    deps.logger.info({ bookingId, code: error.code }, 'booking decision refused');
    const text =
      error.code === 'not_found'
        ? 'この申込の記録が見つかりません。'
        : 'この申込はすでに対応済みか、利用者が取り消しています。';
    if (respond !== undefined) await tellPrivately(respond, text);
  }
}

function staffOf(user: { id: string; name?: string; username?: string }): StaffRef {
  return { id: `slack:${user.id}`, name: user.name ?? user.username ?? user.id };
}

/** Unix seconds of `hour`:00 Japan time on the day after `now`. */
function nextDayAt(now: Date, hour: number): number {
  const jst = new Date(now.getTime() + 9 * 3_600_000);
  return Date.UTC(jst.getUTCFullYear(), jst.getUTCMonth(), jst.getUTCDate() + 1, hour - 9) / 1000;
}
