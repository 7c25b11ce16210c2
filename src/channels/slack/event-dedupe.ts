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
  // A copy that arrives while the first is still being handled (an http_timeout retry) waits for it and is
  // acknowledged only if the first succeeded: acknowledged at once, it would be Slack's last attempt, and a
  // first that then failed would lose the event. If the first failed, the copy does the work itself.
  const inFlight = new Map<string, Promise<boolean>>();
  let lastPurge = 0;
  return async ({ body, context, next }) => {
    const eventId = (body as { event_id?: unknown }).event_id;
    if (typeof eventId !== 'string') return next();
    const drop = () =>
      deps.logger.info({ eventId, retryNum: context.retryNum ?? 0 }, 'repeated slack event dropped');
    // A copy in this process: wait for it; if it failed, look again (another copy may have started since).
    let running = inFlight.get(eventId);
    while (running !== undefined) {
      if (await running) return drop();
      const latest = inFlight.get(eventId);
      running = latest === running ? undefined : latest;
    }
    // Registered before anything else is awaited, so a copy arriving from here on waits for this one.
    let settle: (succeeded: boolean) => void = () => {};
    const attempt = new Promise<boolean>((resolve) => {
      settle = resolve;
    });
    inFlight.set(eventId, attempt);
    try {
      if (await deps.events.hasSeen(eventId)) {
        settle(true);
        return drop();
      }
      await next();
      await deps.events.markSeen(eventId);
      settle(true);
    } catch (error) {
      settle(false);
      throw error;
    } finally {
      if (inFlight.get(eventId) === attempt) inFlight.delete(eventId);
    }
    const now = deps.clock.now().getTime();
    if (now - lastPurge > purgeEveryMs) {
      lastPurge = now;
      await deps.events.purgeSeenBefore(new Date(now - ttlMs));
    }
  };
}
