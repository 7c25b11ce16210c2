/**
 * Runs `slack.post` jobs: each StaffDesk event becomes at most one Slack message.
 *
 * chat.postMessage has no idempotency key, so the row in slack_posts is reserved before the call and
 * completed after it. A retry that finds its own row still pending (the process died between post and
 * record) looks for the message by its metadata (`sanpo_event_id`) in the channel or thread before
 * posting again; only if Slack has no such message is it posted again.
 */
import type { types, webApi } from '@slack/bolt';
import { AppError } from '../../core/errors.ts';
import type { StaffCenters } from '../../core/handoff/staff-centers.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import type {
  SlackPost,
  SlackPostKind,
  SlackPostsRepository,
} from '../../infra/db/slack-posts-repository.ts';
import { renderBookingPost, renderBookingUpdate, renderCancelledNote } from './booking-blocks.ts';
import { renderEscalation, renderHandoffPost, renderReAlert, renderUserMessage } from './handoff-blocks.ts';
import { SlackPostJob, type SlackUpdateJob, slackJobs } from './slack-staff-desk.ts';

const metadataEventType = 'sanpo_staff_post';

export interface SlackPosterDeps {
  client: webApi.WebClient;
  posts: SlackPostsRepository;
  centers: StaffCenters;
  oncallGroup: string | undefined;
  clock: Clock;
  logger: Logger;
  /** Schedules a `slack.update-case` job (redraw a parent's status after a cancellation). */
  enqueueUpdate(job: SlackUpdateJob, key: string): Promise<void>;
}

interface PostSpec {
  eventId: string;
  kind: SlackPostKind;
  subjectId: string;
  channelId: string;
  threadTs: string | null;
  text: string;
  blocks?: types.KnownBlock[];
  broadcast?: boolean;
}

export function createSlackPoster(deps: SlackPosterDeps) {
  const { client, posts, logger } = deps;

  /** The case's parent message, or a retryable error while its own post job has not finished. */
  async function requireParent(kind: 'handoff' | 'booking', subjectId: string): Promise<SlackPost> {
    const parent = await posts.findParent(kind, subjectId);
    if (parent?.status !== 'posted' || parent.ts === null) {
      throw new AppError('conflict', `The ${kind} parent post does not exist yet`, {
        details: { subjectId },
      });
    }
    return parent;
  }

  async function findPosted(spec: PostSpec, since: Date): Promise<string | undefined> {
    const oldest = String(Math.floor(since.getTime() / 1000) - 60);
    const result =
      spec.threadTs === null
        ? await client.conversations.history({
            channel: spec.channelId,
            oldest,
            include_all_metadata: true,
            limit: 100,
          })
        : await client.conversations.replies({
            channel: spec.channelId,
            ts: spec.threadTs,
            oldest,
            include_all_metadata: true,
            limit: 200,
          });
    const match = (result.messages ?? []).find(
      (m) =>
        m.metadata?.event_type === metadataEventType &&
        (m.metadata.event_payload as Record<string, unknown> | undefined)?.event_id === spec.eventId,
    );
    return match?.ts;
  }

  /** Posts `spec` unless its event id was already posted. Returns the row that holds the slot, if another. */
  async function postOnce(spec: PostSpec): Promise<SlackPost | undefined> {
    const existing = await posts.reserve(spec);
    if (existing !== undefined && (existing.eventId !== spec.eventId || existing.status === 'posted')) {
      return existing;
    }
    if (existing !== undefined) {
      const ts = await findPosted(spec, existing.createdAt);
      if (ts !== undefined) {
        await posts.markPosted(spec.eventId, ts);
        logger.info(
          { eventId: spec.eventId, kind: spec.kind },
          'slack post found after a crash; not posted again',
        );
        return undefined;
      }
    }
    const result = await client.chat.postMessage({
      channel: spec.channelId,
      text: spec.text,
      ...(spec.blocks === undefined ? {} : { blocks: spec.blocks }),
      ...(spec.threadTs === null
        ? {}
        : { thread_ts: spec.threadTs, reply_broadcast: spec.broadcast === true }),
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: metadataEventType, event_payload: { event_id: spec.eventId } },
    } as webApi.ChatPostMessageArguments);
    if (result.ts === undefined) throw new AppError('upstream_failed', 'chat.postMessage returned no ts');
    await posts.markPosted(spec.eventId, result.ts);
    logger.info({ eventId: spec.eventId, kind: spec.kind, subjectId: spec.subjectId }, 'posted to slack');
    return undefined;
  }

  async function run(data: unknown): Promise<void> {
    const job = SlackPostJob.parse(data);
    const oncall = deps.oncallGroup;
    switch (job.kind) {
      case 'handoff': {
        const { event } = job;
        const center = deps.centers.resolve(event.centerId);
        const rendered = renderHandoffPost(event, { centerName: center.name, oncallGroup: oncall });
        const holder = await postOnce({
          eventId: event.id,
          kind: 'handoff',
          subjectId: event.handoffId,
          channelId: center.slackChannel,
          threadTs: null,
          ...rendered,
        });
        if (holder === undefined) return;
        // The case already has a thread (announced again, e.g. escalated to a crisis): alert in it.
        const parent = await requireParent('handoff', event.handoffId);
        await postOnce({
          eventId: event.id,
          kind: 'realert',
          subjectId: event.handoffId,
          channelId: parent.channelId,
          threadTs: parent.ts,
          broadcast: true,
          ...renderEscalation(event, { centerName: center.name, oncallGroup: oncall }),
        });
        await deps.enqueueUpdate({ kind: 'handoff', handoffId: event.handoffId }, `slack:update:${event.id}`);
        return;
      }
      case 'realert': {
        const { event } = job;
        const parent = await requireParent('handoff', event.handoffId);
        const minutesWaiting = Math.round((deps.clock.now().getTime() - parent.createdAt.getTime()) / 60_000);
        const center = deps.centers.resolve(event.centerId);
        const rendered = renderReAlert(event, {
          centerName: center.name,
          oncallGroup: oncall,
          minutesWaiting,
        });
        await postOnce({
          eventId: event.id,
          kind: 'realert',
          subjectId: event.handoffId,
          channelId: parent.channelId,
          threadTs: parent.ts,
          broadcast: true,
          ...rendered,
        });
        return;
      }
      case 'relay': {
        const { event } = job;
        const parent = await requireParent('handoff', event.handoffId);
        await postOnce({
          eventId: event.id,
          kind: 'relay',
          subjectId: event.handoffId,
          channelId: parent.channelId,
          threadTs: parent.ts,
          ...renderUserMessage(event.line),
        });
        return;
      }
      case 'booking': {
        const { event } = job;
        const center = deps.centers.resolve(event.centerId);
        const holder = await postOnce({
          eventId: event.id,
          kind: 'booking',
          subjectId: event.bookingId,
          channelId: center.slackChannel,
          threadTs: null,
          ...renderBookingPost(event, center.name),
        });
        if (holder === undefined) return;
        // A later version of a booking already posted: note it in the request's thread and redraw.
        const parent = await requireParent('booking', event.bookingId);
        await postOnce({
          eventId: event.id,
          kind: 'booking_update',
          subjectId: event.bookingId,
          channelId: parent.channelId,
          threadTs: parent.ts,
          broadcast: true,
          ...renderBookingUpdate(event),
        });
        await deps.enqueueUpdate(
          { kind: 'booking', bookingId: event.bookingId, reference: event.reference },
          `slack:update:${event.id}`,
        );
        return;
      }
      case 'booking_cancelled': {
        const { event } = job;
        const parent = await requireParent('booking', event.bookingId);
        await postOnce({
          eventId: event.id,
          kind: 'booking_cancelled',
          subjectId: event.bookingId,
          channelId: parent.channelId,
          threadTs: parent.ts,
          broadcast: false,
          ...renderCancelledNote(event.reference),
        });
        await deps.enqueueUpdate(
          { kind: 'booking', bookingId: event.bookingId, reference: event.reference },
          `slack:update:${event.id}`,
        );
        return;
      }
    }
  }

  return { name: slackJobs.post, run };
}
