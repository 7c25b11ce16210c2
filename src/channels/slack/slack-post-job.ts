/**
 * Runs `slack.post` jobs: each StaffDesk event stored in slack_posts becomes at most one Slack message.
 *
 * chat.postMessage has no idempotency key, so the attempt is marked before the call and the message's ts
 * recorded after it. A retry that finds an attempt without a recorded ts (the process died in between)
 * looks for the message by its metadata (`sanpo_staff_post`, the event id) in the channel or thread, and
 * posts again only if Slack has no such message.
 */
import type { types, webApi } from '@slack/bolt';
import { AppError } from '../../core/errors.ts';
import type { StaffCenters } from '../../core/handoff/staff-centers.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import type { SlackPost, SlackPostsRepository } from '../../infra/db/slack-posts-repository.ts';
import { renderBookingPost, renderBookingUpdate, renderCancelledNote } from './booking-blocks.ts';
import { renderEscalation, renderHandoffPost, renderReAlert, renderUserMessage } from './handoff-blocks.ts';
import {
  SlackPostJob,
  type SlackUpdateJob,
  StoredBookingEvent,
  StoredCancelEvent,
  StoredHandoffEvent,
  StoredRelayEvent,
  slackJobs,
} from './slack-staff-desk.ts';

const metadataEventType = 'sanpo_staff_post';

export interface SlackPosterDeps {
  client: webApi.WebClient;
  posts: SlackPostsRepository;
  centers: StaffCenters;
  oncallGroup: string | undefined;
  clock: Clock;
  logger: Logger;
  /** Schedules a `slack.update-case` job (redraw a parent's status after a later event). */
  enqueueUpdate(job: SlackUpdateJob, key: string): Promise<void>;
}

interface Message {
  channelId: string;
  threadTs: string | null;
  text: string;
  blocks?: types.KnownBlock[];
  broadcast?: boolean;
}

export function createSlackPoster(deps: SlackPosterDeps) {
  const { client, posts, logger } = deps;

  /** The case's parent message, or a retryable error while its own post has not been made yet. */
  async function requireParent(
    kind: 'handoff' | 'booking',
    subjectId: string,
  ): Promise<{ channelId: string; ts: string; createdAt: Date }> {
    const parent = await posts.findParent(kind, subjectId);
    if (parent?.status !== 'posted' || parent.ts === null || parent.channelId === null) {
      throw new AppError('conflict', `The ${kind} parent post does not exist yet`, {
        details: { subjectId },
      });
    }
    return { channelId: parent.channelId, ts: parent.ts, createdAt: parent.createdAt };
  }

  async function findPosted(post: SlackPost, message: Message): Promise<string | undefined> {
    const oldest = String(Math.floor(post.createdAt.getTime() / 1000) - 60);
    const result =
      message.threadTs === null
        ? await client.conversations.history({
            channel: message.channelId,
            oldest,
            include_all_metadata: true,
            limit: 100,
          })
        : await client.conversations.replies({
            channel: message.channelId,
            ts: message.threadTs,
            oldest,
            include_all_metadata: true,
            limit: 200,
          });
    const match = (result.messages ?? []).find(
      (m) =>
        m.metadata?.event_type === metadataEventType &&
        (m.metadata.event_payload as Record<string, unknown> | undefined)?.event_id === post.eventId,
    );
    return match?.ts;
  }

  async function postOnce(post: SlackPost, message: Message): Promise<void> {
    if (post.attemptedAt !== null) {
      const ts = await findPosted(post, message);
      if (ts !== undefined) {
        await posts.markPosted(post.eventId, ts);
        logger.info(
          { eventId: post.eventId, kind: post.kind },
          'slack post found after a crash; not posted again',
        );
        return;
      }
    }
    await posts.markAttempted(post.eventId, message.channelId, message.threadTs);
    // The arguments type is a union keyed on thread_ts/reply_broadcast combinations; this object is valid.
    const result = await client.chat.postMessage({
      channel: message.channelId,
      text: message.text,
      ...(message.blocks === undefined ? {} : { blocks: message.blocks }),
      ...(message.threadTs === null
        ? {}
        : { thread_ts: message.threadTs, reply_broadcast: message.broadcast === true }),
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: metadataEventType, event_payload: { event_id: post.eventId } },
    } as webApi.ChatPostMessageArguments);
    if (result.ts === undefined) throw new AppError('upstream_failed', 'chat.postMessage returned no ts');
    await posts.markPosted(post.eventId, result.ts);
    logger.info({ eventId: post.eventId, kind: post.kind, subjectId: post.subjectId }, 'posted to slack');
  }

  /** What to post for a stored event, and where. */
  async function compose(post: SlackPost): Promise<Message> {
    const oncallGroup = deps.oncallGroup;
    switch (post.kind) {
      case 'handoff': {
        const event = StoredHandoffEvent.parse(post.body);
        const center = deps.centers.resolve(event.centerId);
        const rendered = renderHandoffPost(event, { centerName: center.name, oncallGroup });
        return { channelId: center.slackChannel, threadTs: null, ...rendered };
      }
      case 'realert': {
        const event = StoredHandoffEvent.parse(post.body);
        const parent = await requireParent('handoff', event.handoffId);
        const center = deps.centers.resolve(event.centerId);
        const context = { centerName: center.name, oncallGroup };
        // A new case announcement that found a thread already there: the case was raised (to a crisis).
        const rendered = event.reAlert
          ? renderReAlert(event, {
              ...context,
              minutesWaiting: Math.round((deps.clock.now().getTime() - parent.createdAt.getTime()) / 60_000),
            })
          : renderEscalation(event, context);
        return { channelId: parent.channelId, threadTs: parent.ts, broadcast: true, ...rendered };
      }
      case 'relay': {
        const event = StoredRelayEvent.parse(post.body);
        const parent = await requireParent('handoff', event.handoffId);
        return { channelId: parent.channelId, threadTs: parent.ts, ...renderUserMessage(event.line) };
      }
      case 'booking': {
        const event = StoredBookingEvent.parse(post.body);
        const center = deps.centers.resolve(event.centerId);
        return { channelId: center.slackChannel, threadTs: null, ...renderBookingPost(event, center.name) };
      }
      case 'booking_update': {
        const event = StoredBookingEvent.parse(post.body);
        const parent = await requireParent('booking', event.bookingId);
        return {
          channelId: parent.channelId,
          threadTs: parent.ts,
          broadcast: true,
          ...renderBookingUpdate(event),
        };
      }
      case 'booking_cancelled': {
        const event = StoredCancelEvent.parse(post.body);
        const parent = await requireParent('booking', event.bookingId);
        return { channelId: parent.channelId, threadTs: parent.ts, ...renderCancelledNote(event.reference) };
      }
    }
  }

  /** After a later event about a case, its parent's status line must follow. */
  async function redrawAfter(post: SlackPost): Promise<void> {
    const key = `slack:update:${post.eventId}`;
    if (post.kind === 'realert' && !StoredHandoffEvent.parse(post.body).reAlert) {
      await deps.enqueueUpdate({ kind: 'handoff', handoffId: post.subjectId }, key);
    }
    if (post.kind === 'booking_update' || post.kind === 'booking_cancelled') {
      const { reference } = StoredCancelEvent.pick({ reference: true }).parse(post.body);
      await deps.enqueueUpdate({ kind: 'booking', bookingId: post.subjectId, reference }, key);
    }
  }

  async function run(data: unknown): Promise<void> {
    const { eventId } = SlackPostJob.parse(data);
    const post = await posts.find(eventId);
    if (post === undefined) {
      logger.warn({ eventId }, 'slack post job without a stored event; nothing to post');
      return;
    }
    if (post.status === 'posted') return;
    const message = await compose(post);
    await postOnce(post, message);
    await redrawAfter(post);
  }

  return { name: slackJobs.post, run };
}
