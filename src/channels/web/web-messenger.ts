/**
 * UserMessenger for the console: a push lands in the web user's timeline, where the page picks it up on
 * its next poll. Idempotent per key through the timeline's unique key, like LINE's X-Line-Retry-Key.
 */
import { AppError } from '../../core/errors.ts';
import type { UserMessenger } from '../../core/user-messenger.ts';
import type { WebTimelineRepository } from '../../infra/db/web-timeline-repository.ts';

export function createWebUserMessenger(timeline: WebTimelineRepository): UserMessenger {
  return {
    async push(to, replies, idempotencyKey) {
      // A composite messenger routes by channel; reaching here with another channel is a wiring bug.
      if (to.channel !== 'web') {
        throw new AppError('internal', `The web messenger cannot reach a ${to.channel} user`);
      }
      if (replies.length === 0) return;
      await timeline.appendReplies(to.userId, 'push', replies, `push:${idempotencyKey}`);
    },
  };
}
