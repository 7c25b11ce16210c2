/**
 * Delivers one outbox batch exactly once. The reply token is tried first while it is fresh (it is single
 * use and valid for about a minute); otherwise, or when LINE rejects it, the batch is pushed with its
 * fixed X-Line-Retry-Key, and a 409 for a repeated key means an earlier attempt was accepted: success.
 *
 * A reply call whose outcome is unknown (the worker crashed, or the call timed out) is left 'in_flight'.
 * While the token is still fresh the reply is tried again: success means the first call never landed;
 * "Invalid reply token" on a token that cannot have expired yet means the first call used it, so the batch
 * counts as delivered. Once the token is too old to tell, the call most likely landed (it had been sent)
 * and the batch counts as delivered, except a critical (crisis, urgent) answer, which is pushed: there a
 * duplicate is better than a lost emergency answer (docs/decisions/0005-durable-line-processing.md).
 */
import type { messagingApi } from '@line/bot-sdk';
import { toAppError } from '../../core/errors.ts';
import type { Clock, Logger } from '../../core/ports.ts';
import {
  abandonReply,
  claimReplyAttempt,
  markBatchSent,
  type OutboxBatch,
  releaseReplyClaim,
  setReplyState,
  settleBatchUnsent,
  settleUnknownReply,
} from '../../infra/db/channel-outbox.repo.ts';
import { isChannelUserActive } from '../../infra/db/channel-users.repo.ts';
import type { Queryable } from '../../infra/db/db.ts';
import { isInvalidReplyToken, isRetryableStatus, type LineApi, type LineResponse } from './line-api.ts';

/** LINE documents about a minute; a token older than this is not used for a first attempt. */
export const replyTokenMaxAgeMs = 50_000;
/** An earlier attempt's outcome may still be probed with the token up to this age (inside the minute). */
export const replyProbeMaxAgeMs = 57_000;

export type DeliveryOutcome =
  | { kind: 'sent'; via: 'reply' | 'push' }
  | { kind: 'skipped' }
  /** Try again later (same batch, same retry key). */
  | { kind: 'retry'; code: string }
  /** Another worker is calling for this batch right now, or just settled it: look again shortly. */
  | { kind: 'contended' }
  | { kind: 'failed'; code: string };

export interface DeliveryDeps {
  db: Queryable;
  api: LineApi;
  clock: Clock;
  logger: Logger;
  requestTimeoutMs: number;
}

export async function deliverBatch(batch: OutboxBatch, deps: DeliveryDeps): Promise<DeliveryOutcome> {
  const messages = batch.messages as messagingApi.Message[];
  if (batch.replyToken !== null && batch.replyState !== 'rejected') {
    const outcome = await tryReply(batch, batch.replyToken, messages, deps);
    if (outcome !== 'use_push') return outcome;
  } else if (batch.replyToken === null && batch.sourceKey.startsWith('push:')) {
    // A push long after the conversation (staff reply, booking outcome) to someone who blocked the account
    // would be accepted by LINE and never shown; don't send it.
    if (!(await isChannelUserActive(deps.db, 'line', batch.recipient))) {
      await settleBatchUnsent(deps.db, batch.id, 'skipped', 'user_inactive');
      return { kind: 'skipped' };
    }
  }
  return push(batch, messages, deps);
}

async function tryReply(
  batch: OutboxBatch,
  replyToken: string,
  messages: messagingApi.Message[],
  deps: DeliveryDeps,
): Promise<DeliveryOutcome | 'use_push'> {
  const log = deps.logger;
  const now = deps.clock.now();
  const age =
    batch.tokenReceivedAt === null
      ? Number.POSITIVE_INFINITY
      : now.getTime() - batch.tokenReceivedAt.getTime();
  // A claim older than the request timeout (plus a margin) belongs to a worker that is gone.
  const staleBefore = new Date(now.getTime() - deps.requestTimeoutMs - 5_000);
  const probing = batch.replyState === 'in_flight';
  if (age >= (probing ? replyProbeMaxAgeMs : replyTokenMaxAgeMs)) {
    if (probing && !batch.critical) {
      // An earlier reply call's outcome is unknown and the token is too old to ask again. The call had
      // been made, so it most likely landed: count it as delivered rather than send a second answer.
      if (!(await settleUnknownReply(deps.db, batch.id, staleBefore))) return { kind: 'contended' };
      log.warn(
        { batchId: batch.id, code: 'reply_outcome_unknown' },
        'reply outcome unknown; counted as delivered',
      );
      return { kind: 'sent', via: 'reply' };
    }
    const previous = await abandonReply(deps.db, batch.id, staleBefore);
    if (previous === null) return { kind: 'contended' };
    if (previous === 'in_flight') {
      log.warn(
        { batchId: batch.id, code: 'reply_outcome_unknown' },
        'reply outcome unknown on a critical answer; pushing',
      );
    }
    return 'use_push';
  }
  const claim = await claimReplyAttempt(deps.db, batch.id, staleBefore);
  if (claim === 'gone' || claim === 'busy') return { kind: 'contended' };
  let response: LineResponse;
  try {
    response = await deps.api.reply({ replyToken, messages });
  } catch (error) {
    // Timed out or the connection broke: the reply may or may not have landed. Stay 'in_flight', and let
    // the next attempt probe with the same token.
    await releaseReplyClaim(deps.db, batch.id);
    return { kind: 'retry', code: toAppError(error, 'upstream_failed').code };
  }
  if (response.status === 200) {
    await markBatchSent(deps.db, batch.id, 'reply', response.requestId);
    return { kind: 'sent', via: 'reply' };
  }
  if (isInvalidReplyToken(response)) {
    if (claim === 'probe') {
      log.info(
        { batchId: batch.id, code: 'reply_token_used' },
        'reply token already used by an earlier attempt',
      );
      await markBatchSent(deps.db, batch.id, 'reply', null);
      return { kind: 'sent', via: 'reply' };
    }
    // Only ours to give up while our claim stands: a probe by another worker may have delivered it.
    if (!(await setReplyState(deps.db, batch.id, 'rejected'))) return { kind: 'contended' };
    return 'use_push';
  }
  if (isRetryableStatus(response.status)) {
    // LINE refused this call (429) or reported its own failure (5xx): the token was not used by it. A
    // first attempt may start over; a probe keeps 'in_flight', because the earlier call's outcome is
    // still unknown, and the next attempt probes again.
    if (claim === 'first') await setReplyState(deps.db, batch.id, 'none');
    else await releaseReplyClaim(deps.db, batch.id);
    return { kind: 'retry', code: `line_${response.status}` };
  }
  // Any other 4xx is a request LINE will never accept (a rendering bug): retrying cannot help.
  log.error(
    { batchId: batch.id, status: response.status, requestId: response.requestId },
    'LINE refused a reply',
  );
  await settleBatchUnsent(deps.db, batch.id, 'failed', `line_${response.status}`);
  return { kind: 'failed', code: `line_${response.status}` };
}

async function push(
  batch: OutboxBatch,
  messages: messagingApi.Message[],
  deps: DeliveryDeps,
): Promise<DeliveryOutcome> {
  let response: LineResponse;
  try {
    response = await deps.api.push({ to: batch.recipient, messages }, batch.retryKey);
  } catch (error) {
    return { kind: 'retry', code: toAppError(error, 'upstream_failed').code };
  }
  if (response.status === 200) {
    await markBatchSent(deps.db, batch.id, 'push', response.requestId);
    return { kind: 'sent', via: 'push' };
  }
  if (response.status === 409) {
    // The same retry key was accepted before (an attempt whose answer we never saw): delivered.
    await markBatchSent(deps.db, batch.id, 'push', response.acceptedRequestId);
    return { kind: 'sent', via: 'push' };
  }
  if (isRetryableStatus(response.status)) return { kind: 'retry', code: `line_${response.status}` };
  deps.logger.error(
    { batchId: batch.id, status: response.status, requestId: response.requestId },
    'LINE refused a push',
  );
  await settleBatchUnsent(deps.db, batch.id, 'failed', `line_${response.status}`);
  return { kind: 'failed', code: `line_${response.status}` };
}
