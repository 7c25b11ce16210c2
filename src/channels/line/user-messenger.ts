/**
 * UserMessenger for LINE: a push outside a reply (staff answers, booking outcomes). The rendered batches
 * are stored in the outbox under 'push:<idempotencyKey>' with retry keys derived from that key, and the
 * conversation's job is queued in the same transaction; delivery then follows the conversation's order.
 * Calling `push` again with the same key adds nothing, and LINE's 409 covers a retried call.
 */
import { AppError } from '../../core/errors.ts';
import type { OutboundReply } from '../../core/message.ts';
import type { UserAddress, UserMessenger } from '../../core/user-messenger.ts';
import { insertOutboxBatches } from '../../infra/db/channel-outbox.repo.ts';
import type { Db } from '../../infra/db/db.ts';
import type { JobQueue } from '../../infra/queue/job-queue.ts';
import { type ConversationJob, lineQueueName } from './inbox.ts';
import { renderReplies, toBatches } from './render.ts';
import { deriveRetryKey } from './retry-key.ts';

export function createLineUserMessenger(deps: { db: Db; queue: JobQueue }): UserMessenger {
  return {
    async push(to: UserAddress, replies: OutboundReply[], idempotencyKey: string) {
      if (to.channel !== 'line') {
        throw new AppError('bad_request', `The LINE messenger cannot reach a ${to.channel} user`);
      }
      const batches = toBatches(renderReplies(replies));
      if (batches.length === 0) return;
      const sourceKey = `push:${idempotencyKey}`;
      const conversationKey = `line:${to.userId}`;
      await deps.db.transaction(async (tx) => {
        const inserted = await insertOutboxBatches(
          tx,
          batches.map((messages, batchIndex) => ({
            channel: 'line',
            sourceKey,
            batchIndex,
            conversationKey,
            recipient: to.userId,
            messages,
            retryKey: deriveRetryKey(sourceKey, batchIndex),
          })),
        );
        if (inserted === 0) return;
        const job: ConversationJob = { conversationKey };
        await deps.queue.enqueue(lineQueueName, job, { singletonKey: conversationKey, tx });
      });
    },
  };
}
