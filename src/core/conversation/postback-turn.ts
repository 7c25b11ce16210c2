/**
 * Postbacks ("<namespace>:<payload>"): the engine's own main menu (`menu:*`), the active flow's
 * namespace, then any handler registered for the namespace.
 */
import { askPromptReply, introReply, type MenuChoice, menuChoices } from '../replies/menu.ts';
import type { TriageResult } from '../triage/triage-result.ts';
import { parsePostbackData } from './flow.ts';
import { continueFlow, type FlowOutcome } from './flow-turn.ts';
import { handleRoute } from './route-handlers.ts';
import { rulesDecision, type TurnContext, type TurnPlan } from './turn.ts';

export function hasPostbackHandler(ctx: TurnContext): boolean {
  const data = ctx.message.postback?.data;
  if (data === undefined) return false;
  const { namespace } = parsePostbackData(data);
  return ctx.deps.postbackHandlers?.some((h) => h.namespace === namespace) ?? false;
}

export async function postbackTurn(ctx: TurnContext): Promise<TurnPlan | FlowOutcome> {
  const postback = ctx.message.postback!;
  const { namespace, payload } = parsePostbackData(postback.data);
  if (namespace === 'menu') return menuTurn(ctx, payload);
  if (ctx.state.flow !== null && ctx.state.flow.kind === namespace) return continueFlow(ctx, { postback });
  const handler = ctx.deps.postbackHandlers?.find((h) => h.namespace === namespace);
  if (handler !== undefined) {
    const result = await handler.handle(ctx.message, payload, ctx.flowContext);
    const opened =
      result.flow !== undefined && ctx.deps.flows?.some((f) => f.kind === result.flow!.kind) === true
        ? { ...ctx.state, flow: { ...result.flow, startedAt: ctx.now.toISOString() } }
        : ctx.state;
    return { decision: result.decision, replies: result.replies, state: opened };
  }
  ctx.deps.logger.info({ namespace, messageId: ctx.messageId }, 'postback without a handler');
  return {
    decision: rulesDecision('smalltalk', 'menu'),
    replies: [
      { type: 'text', text: 'このボタンの受付は終了しています。あらためてお選びください。' },
      introReply({ isGroup: ctx.message.isGroup }),
    ],
    state: ctx.state,
  };
}

async function menuTurn(ctx: TurnContext, payload: string): Promise<TurnPlan> {
  const choice = menuChoices.find((c) => c === payload) as MenuChoice | undefined;
  const base = { decidedBy: 'rules', urgency: null } as const;
  switch (choice) {
    case 'ask':
      return { decision: rulesDecision('smalltalk', 'menu'), replies: [askPromptReply()], state: ctx.state };
    case 'consultation':
    case 'visit':
      return handleRoute(ctx, { ...base, route: choice } satisfies TriageResult, '');
    case 'staff':
      return handleRoute(
        ctx,
        {
          ...base,
          route: 'handoff',
          urgency: 'normal',
          handoffReason: 'human_request',
        } satisfies TriageResult,
        '',
      );
    default:
      return {
        decision: rulesDecision('smalltalk', 'menu'),
        replies: [introReply({ isGroup: ctx.message.isGroup })],
        state: ctx.state,
      };
  }
}
