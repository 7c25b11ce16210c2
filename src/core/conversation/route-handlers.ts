/** Turns a triage result into replies and effects, one handler per route. */
import { type HandoffReason, planHandoff } from '../handoff/open-handoff.ts';
import type { Decision, OutboundReply } from '../message.ts';
import { bookingUnavailableReply } from '../replies/booking-unavailable.ts';
import { buildCrisisReply } from '../replies/crisis.ts';
import { declineReply } from '../replies/decline.ts';
import { groupOneToOneReply, handoffOpenedReply } from '../replies/handoff-notice.ts';
import { smalltalkReply } from '../replies/smalltalk.ts';
import { softSafetyReply } from '../replies/soft-safety.ts';
import type { TriageResult } from '../triage/triage-result.ts';
import { answerQuestion } from './answer-turn.ts';
import { startFlow } from './flow-turn.ts';
import type { TurnContext, TurnPlan } from './turn.ts';

export async function handleRoute(ctx: TurnContext, triage: TriageResult, text: string): Promise<TurnPlan> {
  const plan = await planRoute(ctx, triage, text);
  return ctx.signals.soft ? withSoftSafety(ctx, plan, triage, text) : plan;
}

/**
 * The soft tier (docs/decisions/0007-safety-net.md): the reply the user asked for stays, one gentle line
 * with the verified 24-hour line follows it, and staff get a normal-priority watch handoff. Not in a group
 * (nothing personal is said there), and not when the turn already hands off.
 */
async function withSoftSafety(
  ctx: TurnContext,
  plan: TurnPlan,
  triage: TriageResult,
  text: string,
): Promise<TurnPlan> {
  const route = plan.decision?.route;
  if (ctx.message.isGroup || plan.openHandoff !== undefined || route === 'crisis' || route === 'handoff')
    return plan;
  // Staff already watch this conversation (an earlier soft turn): the line again, no second handoff.
  const watching = (await ctx.deps.handoffs.findActive(ctx.conversation.id)) !== null;
  const watch = watching
    ? undefined
    : await planTurnHandoff(ctx, text, 'soft_signal', { ...triage, urgency: 'normal' });
  return { ...plan, replies: [...plan.replies, softSafetyReply(ctx.deps.hotlines)], openHandoff: watch };
}

async function planRoute(ctx: TurnContext, triage: TriageResult, text: string): Promise<TurnPlan> {
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
      return plan([reply], {
        ...(await handoffChange(ctx, text, 'crisis', triage)),
        state: { ...state, flow: null, handoffNoticeAt: ctx.now.toISOString() },
      });
    }
    case 'handoff': {
      if (isGroup) return plan([groupOneToOneReply('person')]);
      const reason = triage.handoffReason ?? 'person_case';
      decision.handoff = { urgency: triage.urgency ?? 'normal' };
      return plan([handoffOpenedReply(reason)], {
        ...(await handoffChange(ctx, text, reason, triage)),
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
      if (!answered.grounded && triage.outOfDomain === true && answered.available) {
        decision.route = 'decline';
        return plan(declineReply('offtopic', { isGroup }), { grounded: false });
      }
      return plan(answered.replies, { grounded: answered.grounded });
    }
    case 'decline':
      return plan(declineReply(triage.declineReason ?? 'offtopic', { isGroup }));
    case 'smalltalk':
      return plan(smalltalkReply(triage.smalltalk ?? 'other', { isGroup }));
  }
}

/**
 * A new handoff for a crisis or person case, or, when staff already watch the conversation (a soft-signal
 * turn before it, so the conversation is still with the bot), that watch handoff taken over: raised to
 * this turn's route and urgency, announced again, and the conversation goes to staff. A conversation has
 * at most one active handoff.
 */
async function handoffChange(
  ctx: TurnContext,
  text: string,
  reason: HandoffReason,
  triage: TriageResult,
): Promise<Pick<TurnPlan, 'openHandoff' | 'escalateHandoff'>> {
  const planned = (await planTurnHandoff(ctx, text, reason, triage))!;
  const active = await ctx.deps.handoffs.findActive(ctx.conversation.id);
  if (active === null) return { openHandoff: planned };
  const crisis = planned.route === 'crisis' || active.route === 'crisis';
  return {
    escalateHandoff: {
      id: active.id,
      summary: planned.summary,
      route: crisis ? 'crisis' : 'handoff',
      urgency: crisis || active.urgency === 'urgent' ? 'urgent' : planned.urgency,
      takeOver: true,
    },
  };
}

async function planTurnHandoff(
  ctx: TurnContext,
  text: string,
  reason: HandoffReason,
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
    ...(planned.watch === true ? { watch: true } : {}),
  };
}
