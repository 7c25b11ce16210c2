/**
 * Running the active multi-turn flow. The safety signals were computed before this runs: a crisis or
 * person case leaves the flow and is routed as usual. A question in the middle is answered and the
 * flow's pending question repeated.
 */
import { type Decision, routes } from '../message.ts';
import { flowCancelledReply } from '../replies/booking-unavailable.ts';
import { answerQuestion } from './answer-turn.ts';
import { detectControlWord } from './control-words.ts';
import type { FlowInput } from './flow.ts';
import type { ConversationState } from './state.ts';
import { throttleTurn } from './throttle-turn.ts';
import { triageTurn } from './triage-turn.ts';
import type { TurnContext, TurnPlan } from './turn.ts';

export type FlowOutcome = { kind: 'plan'; plan: TurnPlan } | { kind: 'route'; state: ConversationState };

export async function startFlow(
  ctx: TurnContext,
  kind: string,
  input: FlowInput,
): Promise<{ replies: TurnPlan['replies']; flow: ConversationState['flow'] } | null> {
  const flow = ctx.deps.flows?.find((f) => f.kind === kind);
  if (flow === undefined) return null;
  const step = await flow.start(input, ctx.flowContext);
  const active = step.status === 'active' || step.status === 'not_understood';
  return {
    replies: step.replies,
    flow: active ? { kind, state: step.state, startedAt: ctx.now.toISOString() } : null,
  };
}

export async function continueFlow(ctx: TurnContext, input: FlowInput): Promise<FlowOutcome> {
  const active = ctx.state.flow!;
  const left: ConversationState = { ...ctx.state, flow: null };
  const flow = ctx.deps.flows?.find((f) => f.kind === active.kind);
  if (flow === undefined) return { kind: 'route', state: left };
  const decision = flowDecision(active.kind);
  const text = input.text;

  if (text !== undefined) {
    if (ctx.signals.crisis || ctx.signals.personCase || ctx.signals.humanRequest)
      return { kind: 'route', state: left };
    const age = ctx.now.getTime() - Date.parse(active.startedAt);
    if (flow.expiresAfterMs !== undefined && age > flow.expiresAfterMs) return { kind: 'route', state: left };
    const control = detectControlWord(text);
    if (control === 'cancel') {
      return { kind: 'plan', plan: { decision, replies: [flowCancelledReply()], state: left } };
    }
    if (control === 'restart') {
      const restarted = await startFlow(ctx, active.kind, {});
      return {
        kind: 'plan',
        plan: {
          decision,
          replies: restarted?.replies ?? [],
          state: { ...left, flow: restarted?.flow ?? null },
        },
      };
    }
  }

  const step = await flow.step(active.state, input, ctx.flowContext);
  if (step.status === 'not_understood' && text !== undefined && flow.letsGo === true)
    return { kind: 'route', state: left };
  const keep: ConversationState = { ...ctx.state, flow: { ...active, state: step.state } };
  if (step.status === 'not_understood' && text !== undefined) {
    // Not an answer but perhaps a question: the costly path, so it counts as a typed message (throttle.ts).
    // Throttled, the user still gets the flow's own re-ask.
    const throttled = await throttleTurn(ctx, 'typed');
    if (throttled !== null) {
      const replies = [...throttled.replies, ...step.replies];
      return { kind: 'plan', plan: { ...throttled, replies, state: keep } };
    }
    const triage = await triageTurn(ctx, text);
    if (triage.route === 'crisis' || triage.route === 'handoff') return { kind: 'route', state: left };
    if (triage.route === 'answer') {
      const answered = await answerQuestion(ctx, text, { offerRating: false });
      const answerDecision: Decision = { route: 'answer', handoff: null, decidedBy: triage.decidedBy };
      if (triage.topic !== undefined) answerDecision.topic = triage.topic;
      return {
        kind: 'plan',
        plan: {
          decision: answerDecision,
          grounded: answered.grounded,
          replies: [...answered.replies, ...flow.pendingPrompt(step.state)],
          state: keep,
        },
      };
    }
  }
  const done = step.status === 'done' || step.status === 'cancelled';
  return { kind: 'plan', plan: { decision, replies: step.replies, state: done ? left : keep } };
}

function flowDecision(kind: string): Decision | null {
  const route = routes.find((r) => r === kind);
  return route === undefined ? null : { route, handoff: null, decidedBy: 'rules', topic: 'flow' };
}
