/**
 * Flood control for the engine's answer path. One sender posting far faster than a person types (a stuck
 * client, a script, someone pasting a document line by line) would otherwise cost a model call per line and
 * crowd the queue. A token bucket per sender (burst, then a steady rate) decides; the bucket lives behind
 * this port so every app instance shares it.
 *
 * Safety comes first: a message with a crisis signal is never throttled, and neither are messages in a
 * staff handoff (they go to a person). A throttled sender is told once per interval, politely, and the
 * messages in between are stored but not answered.
 *
 * Two lanes, so a person answering a booking never meets the limit a script does:
 *   - 'typed': a message typed outside a flow, or a question typed in the middle of one (it goes to triage
 *     and the knowledge base, the costly path). Costs 1 in the sender's bucket.
 *   - 'step': a tap (any postback: menu, quick reply, date picker, summary buttons) or a typed answer while
 *     a flow is active. The flow itself runs on rules (only the moderation check, when configured, runs on
 *     every typed message before any throttle, so that a crisis is never missed). Costs `stepCost` in a
 *     bucket of its own, so with the default limiter (burst 20, 20 a minute) a person may take 80 steps
 *     at once and 80 a minute after that: far beyond a person tapping through a ~15-step booking, still a bound on a script. A person who
 *     used up their typed bucket asking questions can still book, and booking never eats into questions.
 *   A typed message in a flow that the flow does not take as an answer is charged to the typed lane as well
 *   before it is triaged, so a script cannot reach the model through an open flow at the step rate.
 */
import type { OutboundReply } from '../message.ts';

export interface RateVerdict {
  allowed: boolean;
  /** Not allowed, and the sender has not been told recently: send the notice with this one. */
  notify: boolean;
}

export interface RateLimiter {
  /** Spends `cost` tokens (default 1) from the bucket `key`, if it holds that many. */
  take(key: string, now: Date, cost?: number): Promise<RateVerdict>;
}

export const floodLanes = ['typed', 'step'] as const;
export type FloodLane = (typeof floodLanes)[number];

/** The bucket of one sender (`channel:userId`) in one lane; forget deletes them all by this. */
export function floodBucketKey(sender: string, lane: FloodLane): string {
  return lane === 'typed' ? sender : `${sender}:${lane}`;
}

/** What one flow step costs, relative to a typed message (in the step lane's own bucket). */
export const stepCost = 0.25;

/** The lane of a message before anything runs (a question inside a flow is charged again later). */
export function floodLaneOf(message: { kind: string }, flowActive: boolean): FloodLane {
  if (message.kind === 'postback') return 'step';
  return flowActive ? 'step' : 'typed';
}

export function throttledReply(): OutboundReply[] {
  return [
    {
      type: 'text',
      text:
        '短い時間にたくさんのメッセージが届いたため、少しのあいだ自動でのお返事を控えています。' +
        '1分ほど時間をおいてから、もう一度お送りください。' +
        '命に関わる緊急のときは、119番（救急）または110番（警察）に連絡してください。',
    },
  ];
}
