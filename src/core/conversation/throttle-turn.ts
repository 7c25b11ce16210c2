/** The flood-control check of one turn (the lanes and their costs are explained in throttle.ts). */
import { type FloodLane, stepCost, throttledReply } from './throttle.ts';
import { rulesDecision, type TurnContext, type TurnPlan } from './turn.ts';

/**
 * Takes from the sender's bucket for `lane`: null when the turn may go on, otherwise the plan of a
 * throttled turn (the notice once per interval, else silence; the state unchanged). Crisis messages are
 * never throttled.
 */
export async function throttleTurn(ctx: TurnContext, lane: FloodLane): Promise<TurnPlan | null> {
  const limiter = ctx.deps.rateLimiter;
  if (limiter === undefined || ctx.signals.crisis) return null;
  const sender = `${ctx.message.channel}:${ctx.message.userId}`;
  const verdict =
    lane === 'typed'
      ? await limiter.take(sender, ctx.now)
      : await limiter.take(`${sender}:step`, ctx.now, stepCost);
  if (verdict.allowed) return null;
  return {
    decision: rulesDecision('smalltalk', 'throttled'),
    replies: verdict.notify ? throttledReply() : [],
    state: ctx.state,
  };
}
