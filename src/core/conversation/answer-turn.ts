/** The `answer` route: the knowledge base's grounded answer, with the user's recent questions as context. */
import { toAppError } from '../errors.ts';
import { feedbackNamespace, ratingQuickReplies } from '../feedback/answer-feedback.ts';
import type { OutboundReply, QuickReply } from '../message.ts';
import { answerUnavailableReply } from '../replies/booking-unavailable.ts';
import { menuQuickReply } from '../replies/menu.ts';
import { recentQuestions } from './triage-turn.ts';
import type { TurnContext } from './turn.ts';

/**
 * The grounded answer with its sources. When the corpus does not support an answer, the knowledge base
 * says so and the user is offered a consultation or staff; when it is unavailable, the same offer. In a
 * one-to-one chat the answer can be rated (answer-feedback.ts) unless `offerRating` is false (an answer
 * given in the middle of a booking, whose own question follows).
 */
export async function answerQuestion(
  ctx: TurnContext,
  text: string,
  options: { offerRating?: boolean } = {},
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
  const offer: QuickReply[] =
    (result.grounded && result.partial !== true) || ctx.message.isGroup
      ? []
      : [menuQuickReply('consultation'), menuQuickReply('staff')];
  const rateable =
    options.offerRating !== false &&
    !ctx.message.isGroup &&
    ctx.deps.postbackHandlers?.some((h) => h.namespace === feedbackNamespace) === true;
  const choices = [...offer, ...(rateable ? ratingQuickReplies(ctx.messageId) : [])];
  const replies: OutboundReply[] = [
    { type: 'text', text: result.text, ...(choices.length === 0 ? {} : { quickReplies: choices }) },
  ];
  if (result.citations.length > 0) replies.push({ type: 'sources', citations: result.citations });
  return { replies, grounded: result.grounded, available: true };
}
