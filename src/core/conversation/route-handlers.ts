/** Turns a triage result into replies and effects, one handler per route. */
import { planHandoff } from '../handoff/open-handoff.ts';
import type { Decision, OutboundReply } from '../message.ts';
import { bookingUnavailableReply } from '../replies/booking-unavailable.ts';
import { buildCrisisReply } from '../replies/crisis.ts';
import { declineReply } from '../replies/decline.ts';
import { groupOneToOneReply, handoffOpenedReply } from '../replies/handoff-notice.ts';
import { smalltalkReply } from '../replies/smalltalk.ts';
import type { TriageResult } from '../triage/triage-result.ts';
import { answerQuestion } from './answer-turn.ts';
import { startFlow } from './flow-turn.ts';
import type { TurnContext, TurnPlan } from './turn.ts';

export async function handleRoute(ctx: TurnContext, triage: TriageResult, text: string): Promise<TurnPlan> {
  const isGroup = ctx.message.isGroup;
  const state = { ...ctx.state, lastRoute: { route: triage.route, at: ctx.now.toISOString() } };
  const decision: Decision = {
    route: triage.route,
    handoff: null,
    decidedBy: triage.decidedBy,
    ...(triage.topic === undefined ? {} : { topic: triage.topic }),
  };
  const plan = (replies: OutboundReply[], extra: Partial<TurnPlan> = {}): TurnPlan => ({
    decision,
    replies,
    state,
    ...extra,
  });

  switch (triage.route) {
    case 'crisis': {
      const reply = buildCrisisReply(ctx.deps.hotlines, {
        immediate: ctx.signals.immediate,
        staff: isGroup ? 'group' : 'alerted',
      });
      if (isGroup) return plan([reply]);
      decision.handoff = { urgency: 'urgent' };
      const openHandoff = await planTurnHandoff(ctx, text, 'crisis', triage);
      return plan([reply], {
        openHandoff,
        state: { ...state, flow: null, handoffNoticeAt: ctx.now.toISOString() },
      });
    }
    case 'handoff': {
      if (isGroup) return plan([groupOneToOneReply('person')]);
      const reason = triage.handoffReason ?? 'person_case';
      decision.handoff = { urgency: triage.urgency ?? 'normal' };
      const openHandoff = await planTurnHandoff(ctx, text, reason, triage);
      return plan([handoffOpenedReply(reason)], {
        openHandoff,
        state: { ...state, flow: null, handoffNoticeAt: ctx.now.toISOString() },
      });
    }
    case 'consultation':
    case 'visit': {
      if (isGroup) return plan([groupOneToOneReply('booking')]);
      const started = await startFlow(ctx, triage.route, { text });
      if (started === null) return plan([bookingUnavailableReply(triage.route)]);
      return { ...plan(started.replies), state: { ...state, flow: started.flow } };
    }
    case 'answer': {
      const answered = await answerQuestion(ctx, text);
      return plan(answered.replies, { grounded: answered.grounded });
    }
    case 'decline':
      return plan(declineReply(triage.declineReason ?? 'offtopic', { isGroup }));
    case 'smalltalk':
      return plan(smalltalkReply(triage.smalltalk ?? 'other', { isGroup }));
  }
}

async function planTurnHandoff(
  ctx: TurnContext,
  text: string,
  reason: 'person_case' | 'human_request' | 'crisis',
  triage: TriageResult,
): Promise<TurnPlan['openHandoff']> {
  const lines = await ctx.deps.store.recentLines(ctx.conversation.id, 10);
  const planned = planHandoff({
    id: ctx.deps.newId?.() ?? crypto.randomUUID(),
    route: reason === 'crisis' ? 'crisis' : 'handoff',
    urgency: reason === 'crisis' ? 'urgent' : (triage.urgency ?? 'normal'),
    reason,
    subject: ctx.signals.subject,
    topic: triage.topic,
    userTexts: [...lines.filter((l) => l.from === 'user').map((l) => l.text), text],
    centers: ctx.deps.centers,
  });
  return {
    id: planned.id,
    route: planned.route,
    urgency: planned.urgency,
    centerId: planned.centerId,
    summary: planned.summary,
    reason,
  };
}
