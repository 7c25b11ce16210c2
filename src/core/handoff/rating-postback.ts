/**
 * The user's answer to 「今回の対応を5段階で評価してください」 after a resolved handoff: postback data
 * `rating:<handoffId>:<1-5>` (buildResolvedNotice). Registered with the engine as a PostbackHandler.
 */
import type { PostbackHandler } from '../conversation/flow.ts';
import { ratingNamespace } from './handoff-replies.ts';
import type { HandoffLifecycle } from './lifecycle.ts';

export function createRatingPostbackHandler(lifecycle: Pick<HandoffLifecycle, 'rate'>): PostbackHandler {
  return {
    namespace: ratingNamespace,
    async handle(_message, payload, ctx) {
      const match = /^([0-9a-f-]{36}):([1-5])$/i.exec(payload);
      const rated =
        match !== null &&
        (await lifecycle.rate(match[1]!, { channel: ctx.channel, userId: ctx.userId }, Number(match[2])));
      const text = rated
        ? '評価をお送りいただき、ありがとうございました。今後の対応に役立てます。'
        : 'この評価は受け付けられませんでした。すでに評価済みか、評価の期限が過ぎている可能性があります。';
      return { decision: null, replies: [{ type: 'text', text }], duplicate: false };
    },
  };
}
