/**
 * Flood control for the engine's answer path. One sender posting far faster than a person types (a stuck
 * client, a script, someone pasting a document line by line) would otherwise cost a model call per line and
 * crowd the queue. A token bucket per sender (burst, then a steady rate) decides; the bucket lives behind
 * this port so every app instance shares it.
 *
 * Safety comes first: a message with a crisis signal is never throttled, and neither are messages in a
 * staff handoff (they go to a person). A throttled sender is told once per interval, politely, and the
 * messages in between are stored but not answered.
 */
import type { OutboundReply } from '../message.ts';

export interface RateVerdict {
  allowed: boolean;
  /** Not allowed, and the sender has not been told recently: send the notice with this one. */
  notify: boolean;
}

export interface RateLimiter {
  take(key: string, now: Date): Promise<RateVerdict>;
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
