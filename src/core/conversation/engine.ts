/**
 * The conversation engine: one channel-agnostic pipeline for every inbound message.
 *
 *   claim (dedupe) → safety detector (always first) → handoff mode: relay to staff
 *   → postback / active flow → triage (rules, then the model if configured) → route handler
 *   → commit (one transaction) → staff deliveries (idempotent, retried when they fail)
 *
 * A turn that fails before its commit gives its claim back, so the channel's queue can retry it and
 * nothing accepted is lost; a repeated event id returns `duplicate: true` and does nothing else.
 */
import type { ConversationEngine, EngineResult, SlownessHint } from '../engine.ts';
import { AppError, toAppError } from '../errors.ts';
import { announceHandoffRecord, relayToStaff } from '../handoff/staff-delivery.ts';
import { InboundMessage } from '../message.ts';
import type { Logger } from '../ports.ts';
import { introReply } from '../replies/menu.ts';
import { isUnreadableKind, unreadableReply, unreadableStaffNote } from '../replies/smalltalk.ts';
import { detectSafetySignals, noSignals } from '../safety/detector.ts';
import type { EngineDeps } from './deps.ts';
import { continueFlow } from './flow-turn.ts';
import { handoffTurn } from './handoff-turn.ts';
import { hasPostbackHandler, postbackTurn } from './postback-turn.ts';
import { handleRoute } from './route-handlers.ts';
import { createKeyedQueue } from './serialize.ts';
import { addSplitMessageSignal } from './split-message.ts';
import { readState } from './state.ts';
import { floodLaneOf } from './throttle.ts';
import { throttleTurn } from './throttle-turn.ts';
import { addModerationSignal, triageTurn } from './triage-turn.ts';
import { rulesDecision, type TurnContext, type TurnPlan } from './turn.ts';

/**
 * How long a claim blocks a retry of the same event. A retry usually follows a crash (the claim's owner is
 * gone), and it must get through before the channel's retries run out (LINE: six attempts over ~25-37 s).
 * Overtaking a live but slow attempt is safe: only one commit per conversation version succeeds, and the
 * other attempt then gets the committed replies back as a duplicate.
 */
const defaultLeaseMs = 20_000;

export function createConversationEngine(deps: EngineDeps): ConversationEngine & SlownessHint {
  const queue = createKeyedQueue();
  return {
    mayBeSlow: (message) => message.kind === 'text',
    handle(raw, options) {
      const parsed = InboundMessage.safeParse(raw);
      if (!parsed.success) {
        return Promise.reject(
          new AppError('bad_request', 'invalid inbound message', { cause: parsed.error }),
        );
      }
      const message = parsed.data;
      return queue.run(`${message.channel}:${message.conversationId}`, () =>
        handleMessage(deps, message, options?.signal),
      );
    },
  };
}

async function handleMessage(
  deps: EngineDeps,
  message: InboundMessage,
  signal: AbortSignal | undefined,
): Promise<EngineResult> {
  const now = deps.clock.now();
  if (message.kind === 'follow' || message.kind === 'unfollow') {
    await deps.store.setUserActive(message.channel, message.userId, message.kind === 'follow', now);
  }
  // Stickers and media are stored, and relayed to staff during a handoff, as a short note.
  const text =
    message.kind === 'text'
      ? (message.text ?? '')
      : isUnreadableKind(message.kind)
        ? unreadableStaffNote(message.kind)
        : undefined;
  const claim = await deps.store.claimInbound(
    {
      channel: message.channel,
      userId: message.userId,
      conversationId: message.conversationId,
      isGroup: message.isGroup,
      kind: message.kind,
      text: text ?? null,
      eventId: message.eventId,
      receivedAt: message.receivedAt,
    },
    { now, leaseMs: deps.claimLeaseMs ?? defaultLeaseMs },
  );
  if (claim.status === 'duplicate') {
    return {
      decision: null,
      replies: [],
      duplicate: true,
      ...(claim.replies === undefined ? {} : { committedReplies: claim.replies }),
    };
  }
  if (claim.status === 'in_progress') {
    // Not handled yet: another attempt holds it, or one died mid-turn and its lease is still running.
    // Retryable, so the channel's queue comes back rather than dropping the message as a duplicate.
    throw new AppError('conflict', 'this event is being handled by another attempt', {
      details: { eventId: message.eventId },
    });
  }

  const log = deps.logger.child({ messageId: claim.messageId, channel: message.channel });
  const { state, valid } = readState(claim.conversation.state);
  if (!valid)
    log.warn({ conversationId: claim.conversation.id }, 'conversation state did not validate; reset');
  const ctx: TurnContext = {
    deps,
    message,
    conversation: claim.conversation,
    messageId: claim.messageId,
    state,
    text,
    signals:
      message.kind === 'text' && text !== undefined
        ? (deps.detectSafety ?? detectSafetySignals)(text)
        : noSignals,
    now,
    flowContext: {
      userId: message.userId,
      channel: message.channel,
      isGroup: message.isGroup,
      now,
      conversationId: claim.conversation.id,
      eventId: message.eventId,
    },
    signal,
  };

  let plan: TurnPlan;
  try {
    plan = await planTurn(ctx);
    await deps.store.commitTurn(
      {
        conversationId: claim.conversation.id,
        expectedVersion: claim.conversation.version,
        inboundMessageId: claim.messageId,
        decision: plan.decision === null ? null : { ...plan.decision, grounded: plan.grounded },
        replies: plan.replies,
        state: plan.state,
        openHandoff: plan.openHandoff,
        escalateHandoff: plan.escalateHandoff,
        relayToHandoffId: plan.relayToHandoffId,
      },
      now,
    );
  } catch (error) {
    await deps.store.releaseClaim(claim.messageId).catch((releaseError: unknown) => {
      log.error(
        { code: toAppError(releaseError).code },
        'could not release the claim; it expires with its lease',
      );
    });
    throw toAppError(error);
  }
  log.info(
    {
      route: plan.decision?.route ?? null,
      decidedBy: plan.decision?.decidedBy ?? null,
      safety: ctx.signals.rules,
      handoff: plan.openHandoff?.id ?? plan.escalateHandoff?.id ?? null,
    },
    'message handled',
  );
  await deliverToStaff(ctx, plan, log);
  return { decision: plan.decision, replies: plan.replies, duplicate: false };
}

async function planTurn(ctx: TurnContext): Promise<TurnPlan> {
  const { message } = ctx;
  if (message.kind === 'unfollow') return { decision: null, replies: [], state: ctx.state };
  if (message.kind === 'follow') {
    return {
      decision: rulesDecision('smalltalk', 'follow'),
      replies: [introReply(message)],
      state: ctx.state,
    };
  }
  if (message.kind === 'text' && ctx.text !== undefined) {
    ctx.signals = await addModerationSignal(ctx, ctx.text);
    // Not inside a flow: its short answers (topic, role …) are not a split message.
    if (ctx.conversation.mode === 'bot' && ctx.state.flow === null) {
      ctx.signals = await addSplitMessageSignal(ctx, ctx.text);
    }
  }

  if (ctx.conversation.mode === 'handoff' && !hasPostbackHandler(ctx)) {
    const plan = await handoffTurn(ctx);
    if (plan !== null) return plan;
  }
  // Flood control (throttle.ts): after the safety check and the handoff relay, before anything costly.
  const throttled = await throttleTurn(ctx, floodLaneOf(message, ctx.state.flow !== null));
  if (throttled !== null) return throttled;
  if (message.kind === 'postback') {
    const outcome = await postbackTurn(ctx);
    if (!('kind' in outcome)) return outcome;
    if (outcome.kind === 'plan') return outcome.plan;
    return {
      decision: rulesDecision('smalltalk', 'menu'),
      replies: [introReply(message)],
      state: outcome.state,
    };
  }
  if (isUnreadableKind(message.kind)) {
    // Stickers included: taken as text they read as a greeting and reset the user's view with the intro.
    const pending = ctx.state.flow === null ? [] : pendingPrompt(ctx);
    return {
      decision: rulesDecision('smalltalk', 'media'),
      replies: [...unreadableReply(message.kind, { isGroup: message.isGroup }), ...pending],
      state: ctx.state,
    };
  }
  const text = ctx.text ?? '';
  // A typed command (「予約の確認」) is never taken by a flow that lets go of what it does not need.
  if (ctx.state.flow !== null && letsGoOf(ctx) && ctx.deps.textCommands?.some((c) => c.matches(text)))
    ctx.state = { ...ctx.state, flow: null };
  if (ctx.state.flow !== null) {
    const outcome = await continueFlow(ctx, { text });
    if (outcome.kind === 'plan') return outcome.plan;
    ctx.state = outcome.state;
  }
  const signals = ctx.signals;
  const command = ctx.deps.textCommands?.find((c) => c.matches(text));
  if (command !== undefined && !signals.crisis && !signals.personCase && !signals.humanRequest) {
    const result = await command.handle(message, ctx.flowContext);
    return { decision: result.decision, replies: result.replies, state: ctx.state };
  }
  const triage = await triageTurn(ctx, text);
  return handleRoute(ctx, triage, text);
}

function letsGoOf(ctx: TurnContext): boolean {
  return ctx.deps.flows?.find((f) => f.kind === ctx.state.flow?.kind)?.letsGo === true;
}

function pendingPrompt(ctx: TurnContext): TurnPlan['replies'] {
  const active = ctx.state.flow;
  const flow = ctx.deps.flows?.find((f) => f.kind === active?.kind);
  return active === null || flow === undefined ? [] : flow.pendingPrompt(active.state);
}

/** After the commit: announce new or raised handoffs, relay the user's message to the staff thread. */
async function deliverToStaff(ctx: TurnContext, plan: TurnPlan, log: Logger): Promise<void> {
  const handoffId = plan.openHandoff?.id ?? plan.escalateHandoff?.id;
  if (handoffId !== undefined) {
    try {
      const record = await ctx.deps.handoffs.get(handoffId);
      if (record !== null)
        await announceHandoffRecord(ctx.deps, record, {
          takenOver: plan.escalateHandoff?.takeOver === true,
        });
    } catch (error) {
      log.error({ code: toAppError(error).code, handoffId }, 'handoff announcement failed; will retry');
    }
  }
  if (plan.relayToHandoffId !== undefined && ctx.text !== undefined) {
    try {
      await relayToStaff(ctx.deps, {
        messageId: ctx.messageId,
        handoffId: plan.relayToHandoffId,
        line: { from: 'user', text: ctx.text, at: ctx.message.receivedAt },
      });
    } catch (error) {
      log.error(
        { code: toAppError(error).code, handoffId: plan.relayToHandoffId },
        'relay failed; will retry',
      );
    }
  }
}
