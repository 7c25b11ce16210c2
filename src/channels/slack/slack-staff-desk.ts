/**
 * The StaffDesk for Slack. Announcing only enqueues a durable job (`slack.post`): the engine's reply to the
 * user never waits on Slack, a Slack outage or 429 delays the post instead of losing it, and the job
 * posts each event id at most once (slack-post-job.ts).
 */
import { z } from 'zod';
import type { JobScheduler } from '../../core/handoff/job-scheduler.ts';
import { channels, type Urgency } from '../../core/message.ts';
import type { StaffDesk } from '../../core/staff-desk.ts';

export const slackJobs = { post: 'slack.post', updateCase: 'slack.update-case' } as const;

const Line = z.object({
  from: z.enum(['user', 'bot', 'staff']),
  text: z.string(),
  at: z.coerce.date(),
});

const urgency = z.enum(['normal', 'urgent']) satisfies z.ZodType<Urgency>;

const HandoffEvent = z.object({
  id: z.string(),
  handoffId: z.string(),
  urgency,
  route: z.enum(['handoff', 'crisis']),
  centerId: z.string().nullable(),
  user: z.object({ channel: z.enum(channels), userId: z.string() }),
  summary: z.string(),
  recentMessages: z.array(Line),
  workplace: z.record(z.string(), z.string()),
  reAlert: z.boolean(),
});

const BookingEvent = z.object({
  id: z.string(),
  bookingId: z.string(),
  reference: z.string(),
  kind: z.enum(['consultation', 'visit']),
  centerId: z.string(),
  rows: z.array(z.object({ label: z.string(), value: z.string() })),
});

/** A `slack.post` job as read back from the queue (dates arrive as ISO strings). */
export const SlackPostJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('handoff'), event: HandoffEvent }),
  z.object({ kind: z.literal('realert'), event: HandoffEvent }),
  z.object({
    kind: z.literal('relay'),
    event: z.object({ id: z.string(), handoffId: z.string(), line: Line }),
  }),
  z.object({ kind: z.literal('booking'), event: BookingEvent }),
  z.object({
    kind: z.literal('booking_cancelled'),
    event: z.object({ id: z.string(), bookingId: z.string(), reference: z.string() }),
  }),
]);
export type SlackPostJob = z.infer<typeof SlackPostJob>;

/** A `slack.update-case` job: redraw a case's status and buttons after it changed. */
export const SlackUpdateJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('handoff'), handoffId: z.string() }),
  z.object({ kind: z.literal('booking'), bookingId: z.string(), reference: z.string() }),
]);
export type SlackUpdateJob = z.infer<typeof SlackUpdateJob>;

export function createSlackStaffDesk(jobs: JobScheduler): StaffDesk {
  const post = (job: SlackPostJob, eventId: string) =>
    jobs.enqueue(slackJobs.post, job as unknown as Record<string, unknown>, { key: `slack:post:${eventId}` });
  return {
    announceHandoff: (event) => post({ kind: event.reAlert ? 'realert' : 'handoff', event }, event.id),
    relayUserMessage: (event) => post({ kind: 'relay', event }, event.id),
    announceBooking: (event) => post({ kind: 'booking', event }, event.id),
    announceBookingCancelled: (event) => post({ kind: 'booking_cancelled', event }, event.id),
  };
}
