/**
 * Drops repeated Events API deliveries by `event_id` before any listener runs. Slack retries an event up
 * to three times when the ack was slow or failed, Socket Mode can deliver an envelope twice, and Bolt
 * passes every copy on (it only exposes `context.retryNum`). Skipping all retries would lose events whose
 * first attempt really failed, so an id is recorded only after its listeners succeeded; a failure leaves
 * it unrecorded and the retry does the work (listeners are idempotent by their own keys).
 */
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Clock, Logger } from '../../core/ports.ts';
import type { SlackEventsRepository } from '../../infra/db/slack-events-repository.ts';

const ttlMs = 24 * 60 * 60 * 1000;
const purgeEveryMs = 10 * 60 * 1000;

export function dropRepeatedEvents(deps: {
  events: SlackEventsRepository;
  clock: Clock;
  logger: Logger;
}): Middleware<AnyMiddlewareArgs> {
  // Copies that arrive while the first is still being handled (an http_timeout retry) are dropped too.
  const inFlight = new Set<string>();
  let lastPurge = 0;
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    if (inFlight.has(eventId) || (await deps.events.hasSeen(eventId))) {
      deps.logger.info({ eventId, retryNum: context.retryNum ?? 0 }, 'repeated slack event dropped');
      return;
    }
    inFlight.add(eventId);
    try {
      await next();
      await deps.events.markSeen(eventId);
    } finally {
      inFlight.delete(eventId);
    }
    const now = deps.clock.now().getTime();
    if (now - lastPurge > purgeEveryMs) {
      lastPurge = now;
      await deps.events.purgeSeenBefore(new Date(now - ttlMs));
    }
  };
}
