/**
 * Triage for one turn: rules always; the model (when configured) refines within its deadline and falls
 * back to the rules on timeout, error or invalid output, so a model outage never loses a message.
 */
import { toAppError } from '../errors.ts';
import type { SafetySignals } from '../safety/detector.ts';
import { mergeTriage } from '../triage/merge-triage.ts';
import { triageByRules } from '../triage/rules-triage.ts';
import type { TriageResult } from '../triage/triage-result.ts';
import { withDeadline } from './deadline.ts';
import type { TurnContext } from './turn.ts';

const followUpWindowMs = 30 * 60_000;
export const defaultModelTimeoutMs = 8000;

/** The previous turn was an answer a moment ago: a short question likely continues it. */
export function isFollowUp(ctx: TurnContext): boolean {
  const last = ctx.state.lastRoute;
  return last?.route === 'answer' && ctx.now.getTime() - Date.parse(last.at) < followUpWindowMs;
}

export async function triageTurn(ctx: TurnContext, text: string): Promise<TriageResult> {
  const followUp = isFollowUp(ctx);
  const rules = triageByRules(text, ctx.signals, { followUp });
  const model = ctx.deps.triageModel;
  // A crisis reply must not wait for a model; nothing a model says could change it.
  if (model === undefined || rules.route === 'crisis') return rules;
  const timeoutMs = ctx.deps.modelTimeoutMs ?? defaultModelTimeoutMs;
  try {
    const history = followUp ? await recentQuestions(ctx) : [];
    const output = await withDeadline(timeoutMs, ctx.signal, (signal) =>
      model.classify(text, { history, timeoutMs, signal }),
    );
    return mergeTriage(rules, output, model.label);
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    ctx.deps.logger.warn(
      { code: toAppError(error).code, messageId: ctx.messageId, fallback: rules.route },
      'model triage failed; the rules decide',
    );
    return rules;
  }
}

/** Adds the moderation endpoint's self-harm signal (escalation only; an outage changes nothing). */
export async function addModerationSignal(ctx: TurnContext, text: string): Promise<SafetySignals> {
  const moderator = ctx.deps.moderator;
  if (moderator === undefined || ctx.signals.crisis) return ctx.signals;
  const timeoutMs = ctx.deps.modelTimeoutMs ?? defaultModelTimeoutMs;
  try {
    const selfHarm = await withDeadline(timeoutMs, ctx.signal, (signal) =>
      moderator.detectSelfHarm(text, { timeoutMs, signal }),
    );
    if (!selfHarm) return ctx.signals;
    return { ...ctx.signals, crisis: true, rules: [...ctx.signals.rules, 'moderation.self_harm'] };
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    ctx.deps.logger.warn({ code: toAppError(error).code, messageId: ctx.messageId }, 'moderation failed');
    return ctx.signals;
  }
}

export async function recentQuestions(ctx: TurnContext): Promise<string[]> {
  return ctx.deps.store.recentQuestions(ctx.conversation.id, {
    since: new Date(ctx.now.getTime() - followUpWindowMs),
    limit: 3,
  });
}
