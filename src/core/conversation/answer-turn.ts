/** The `answer` route: the knowledge base's grounded answer, with the user's recent questions as context. */
import { toAppError } from '../errors.ts';
import type { OutboundReply } from '../message.ts';
import { answerUnavailableReply } from '../replies/booking-unavailable.ts';
import { menuQuickReply } from '../replies/menu.ts';
import { recentQuestions } from './triage-turn.ts';
import type { TurnContext } from './turn.ts';

/**
 * The grounded answer with its sources. When the corpus does not support an answer, the knowledge base
 * says so and the user is offered a consultation or staff; when it is unavailable, the same offer.
 */
export async function answerQuestion(
  ctx: TurnContext,
  text: string,
): Promise<{ replies: OutboundReply[]; grounded: boolean; available: boolean }> {
  const history = await recentQuestions(ctx);
  let result: Awaited<ReturnType<typeof ctx.deps.knowledge.answer>>;
  try {
    result = await ctx.deps.knowledge.answer(text, {
      history,
      ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
    });
  } catch (error) {
    const appError = toAppError(error);
    if (appError.code !== 'upstream_timeout' && appError.code !== 'upstream_failed') throw appError;
    ctx.deps.logger.warn({ code: appError.code, messageId: ctx.messageId }, 'knowledge base unavailable');
    return { replies: [answerUnavailableReply()], grounded: false, available: false };
  }
  const offer =
    (result.grounded && result.partial !== true) || ctx.message.isGroup
      ? undefined
      : [menuQuickReply('consultation'), menuQuickReply('staff')];
  const replies: OutboundReply[] = [
    { type: 'text', text: result.text, ...(offer === undefined ? {} : { quickReplies: offer }) },
  ];
  if (result.citations.length > 0) replies.push({ type: 'sources', citations: result.citations });
  return { replies, grounded: result.grounded, available: true };
}
