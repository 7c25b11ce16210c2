/**
 * The StaffDesk for Slack. Announcing stores the event in the slack_posts outbox and enqueues a durable
 * `slack.post` job that carries only the event id: the engine's reply to the user never waits on Slack, a
 * Slack outage or 429 delays the post instead of losing it, no message text sits in the queue's tables,
 * and the job posts each event at most once (slack-post-job.ts).
 */
import { z } from 'zod';
import type { JobScheduler } from '../../core/handoff/job-scheduler.ts';
import { channels, type Urgency } from '../../core/message.ts';
import type { StaffDesk } from '../../core/staff-desk.ts';
import type { SlackPostKind, SlackPostsRepository } from '../../infra/db/slack-posts-repository.ts';

export const slackJobs = { post: 'slack.post', updateCase: 'slack.update-case' } as const;

const Line = z.object({
  from: z.enum(['user', 'bot', 'staff']),
  text: z.string(),
  at: z.coerce.date(),
});

const urgency = z.enum(['normal', 'urgent']) satisfies z.ZodType<Urgency>;

/** Stored events read back (dates arrive as ISO strings). */
export const StoredHandoffEvent = z.object({
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

export const StoredBookingEvent = z.object({
  id: z.string(),
  bookingId: z.string(),
  reference: z.string(),
  kind: z.enum(['consultation', 'visit']),
  centerId: z.string(),
  rows: z.array(z.object({ label: z.string(), value: z.string() })),
});

export const StoredRelayEvent = z.object({ id: z.string(), handoffId: z.string(), line: Line });
export const StoredCancelEvent = z.object({ id: z.string(), bookingId: z.string(), reference: z.string() });

/** A `slack.post` job: the event to post, stored in slack_posts. */
export const SlackPostJob = z.object({ eventId: z.string().min(1) });
export type SlackPostJob = z.infer<typeof SlackPostJob>;

/** A `slack.update-case` job: redraw a case's status and buttons after it changed. */
export const SlackUpdateJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('handoff'), handoffId: z.string() }),
  z.object({ kind: z.literal('booking'), bookingId: z.string(), reference: z.string() }),
]);
export type SlackUpdateJob = z.infer<typeof SlackUpdateJob>;

export function createSlackStaffDesk(deps: { posts: SlackPostsRepository; jobs: JobScheduler }): StaffDesk {
  const post = async (
    event: { id: string },
    kind: SlackPostKind,
    subjectId: string,
    fallbackKind?: SlackPostKind,
  ) => {
    await deps.posts.store({
      eventId: event.id,
      kind,
      subjectId,
      body: event,
      ...(fallbackKind ? { fallbackKind } : {}),
    });
    const job: SlackPostJob = { eventId: event.id };
    await deps.jobs.enqueue(slackJobs.post, job, { key: `slack:post:${event.id}` });
  };
  return {
    // Announced again (raised to a crisis): an alert in the case's thread.
    announceHandoff: (event) =>
      event.reAlert
        ? post(event, 'realert', event.handoffId)
        : post(event, 'handoff', event.handoffId, 'realert'),
    relayUserMessage: (event) => post(event, 'relay', event.handoffId),
    // A later version of a booking (the user picked a proposed date): a note in the request's thread.
    announceBooking: (event) => post(event, 'booking', event.bookingId, 'booking_update'),
    announceBookingCancelled: (event) => post(event, 'booking_cancelled', event.bookingId),
  };
}
