/**
 * Runs `slack.update-case` jobs: redraws a case's parent post after its state changed (claimed, closed,
 * escalated, booking outcome). The post is read back from Slack and only the header, status line and
 * buttons are replaced, so what was posted (summary, messages, booking rows) is never stored here again.
 */
import type { types, webApi } from '@slack/bolt';
import type { BookingService } from '../../core/booking/booking-service.ts';
import { AppError } from '../../core/errors.ts';
import type { HandoffRepository } from '../../core/handoff/handoff-repository.ts';
import type { Logger } from '../../core/ports.ts';
import type { SlackPostsRepository } from '../../infra/db/slack-posts-repository.ts';
import { renderBookingState } from './booking-blocks.ts';
import { caseBlockIds, renderHandoffHeader, renderHandoffState } from './handoff-blocks.ts';
import { SlackUpdateJob } from './slack-staff-desk.ts';

type Block = types.KnownBlock;

export interface SlackUpdaterDeps {
  client: webApi.WebClient;
  posts: SlackPostsRepository;
  handoffs: HandoffRepository;
  bookings: Pick<BookingService, 'get'> | undefined;
  logger: Logger;
}

export function createSlackCaseUpdater(deps: SlackUpdaterDeps) {
  async function run(data: unknown): Promise<void> {
    const job = SlackUpdateJob.parse(data);
    const subjectId = job.kind === 'handoff' ? job.handoffId : job.bookingId;
    const parent = await deps.posts.findParent(job.kind, subjectId);
    if (parent?.status !== 'posted' || parent.ts === null || parent.channelId === null) {
      throw new AppError('conflict', 'The parent post does not exist yet', { details: { subjectId } });
    }
    const where = { channel: parent.channelId, ts: parent.ts };
    let state: Block[];
    let header: Block | undefined;
    if (job.kind === 'handoff') {
      const handoff = await deps.handoffs.get(job.handoffId);
      if (handoff === null) return;
      state = renderHandoffState(handoff);
      header = renderHandoffHeader(handoff);
    } else {
      const booking = await deps.bookings?.get(job.reference);
      if (booking === null || booking === undefined) return;
      state = renderBookingState(booking);
    }
    const history = await deps.client.conversations.history({
      channel: where.channel,
      latest: where.ts,
      inclusive: true,
      limit: 1,
    });
    const message = history.messages?.find((m) => m.ts === where.ts);
    if (message === undefined) {
      deps.logger.warn({ subjectId, kind: job.kind }, 'case post no longer in slack; not redrawn');
      return;
    }
    const blocks = replaceCaseBlocks((message.blocks ?? []) as Block[], state, header);
    await deps.client.chat.update({
      channel: parent.channelId,
      ts: parent.ts,
      text: message.text ?? '',
      blocks,
    });
    deps.logger.info({ subjectId, kind: job.kind }, 'case post redrawn');
  }
  return { run };
}

/** Keeps every posted block except the state ones, which are replaced at the end; swaps the header. */
export function replaceCaseBlocks(blocks: Block[], state: Block[], header?: Block): Block[] {
  const kept = blocks.filter(
    (b) => b.block_id !== caseBlockIds.status && b.block_id !== caseBlockIds.actions,
  );
  if (header !== undefined && kept[0]?.type === 'header') kept[0] = header;
  return [...kept, ...state];
}
