/** The flood-control check of one turn (the lanes and their costs are explained in throttle.ts). */
import { type FloodLane, floodBucketKey, stepCost, throttledReply } from './throttle.ts';
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
  const verdict = await limiter.take(floodBucketKey(sender, lane), ctx.now, lane === 'step' ? stepCost : 1);
  if (verdict.allowed) return null;
  return {
    decision: rulesDecision('smalltalk', 'throttled'),
    replies: verdict.notify ? throttledReply() : [],
    state: ctx.state,
  };
}
