/**
 * Messages while a person handles the conversation: every message is recorded and relayed to the staff
 * thread; the bot says at most a brief notice while nobody has claimed the case. A crisis signal still
 * gets the crisis reply at once, and raises the handoff to crisis/urgent.
 */
import { summarizeHandoff } from '../handoff/open-handoff.ts';
import { buildCrisisReply } from '../replies/crisis.ts';
import { handoffWaitingReply } from '../replies/handoff-notice.ts';
import { isUnreadableKind, unreadableReply } from '../replies/smalltalk.ts';
import type { TurnContext, TurnPlan } from './turn.ts';

const noticeIntervalMs = 10 * 60_000;

/** Null when the conversation is not really in a handoff any more (the bot then answers). */
export async function handoffTurn(ctx: TurnContext): Promise<TurnPlan | null> {
  const handoff = await ctx.deps.handoffs.findActive(ctx.conversation.id);
  if (handoff === null) return null;
  const relayToHandoffId = ctx.text === undefined ? undefined : handoff.id;

  if (ctx.signals.crisis) {
    const alreadyUrgent = handoff.route === 'crisis' && handoff.urgency === 'urgent';
    return {
      decision: {
        route: 'crisis',
        handoff: { urgency: 'urgent' },
        decidedBy: 'rules',
        topic: 'mental_health',
      },
      replies: [buildCrisisReply(ctx.deps.hotlines, { immediate: ctx.signals.immediate, staff: 'alerted' })],
      state: ctx.state,
      escalateHandoff: alreadyUrgent
        ? undefined
        : { id: handoff.id, summary: summarizeHandoff('crisis', ctx.signals.subject, undefined) },
      relayToHandoffId,
    };
  }

  const lastNotice = ctx.state.handoffNoticeAt === null ? 0 : Date.parse(ctx.state.handoffNoticeAt);
  const notify = handoff.status === 'open' && ctx.now.getTime() - lastNotice >= noticeIntervalMs;
  // Staff see only a note for media, so the user learns it did not reach them (a sticker needs no reply).
  const kind = ctx.message.kind;
  const unreadable = isUnreadableKind(kind) ? unreadableReply(kind, { handoff: true }) : [];
  return {
    decision: null,
    replies: [...unreadable, ...(notify ? [handoffWaitingReply()] : [])],
    state: notify ? { ...ctx.state, handoffNoticeAt: ctx.now.toISOString() } : ctx.state,
    relayToHandoffId,
  };
}
