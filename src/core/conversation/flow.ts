/**
 * Extension points for multi-turn flows (booking a consultation or a visit) and for postback handlers
 * (ratings, booking actions …). The engine owns the conversation: it runs the safety check before any flow
 * sees a message, persists the flow's state in the conversation row, and handles 「やめる」/「最初から」.
 */
import type { EngineResult } from '../engine.ts';
import type { Channel, InboundMessage, OutboundReply } from '../message.ts';

export interface FlowContext {
  userId: string;
  channel: Channel;
  isGroup: boolean;
  now: Date;
  /** The engine's conversation id (uuid of the conversations row), not the platform's id. */
  conversationId: string;
  /** The platform event id of the message being handled: a stable key for idempotent side effects
   *  (a retried message must not create a second booking). */
  eventId: string;
}

export interface FlowInput {
  text?: string;
  postback?: { data: string; params?: Record<string, string> };
}

export interface FlowStep {
  /** The flow's own state, stored as JSON in the conversation row and given back on the next step. */
  state: unknown;
  replies: OutboundReply[];
  /**
   * active: waiting for the next answer; done/cancelled: the engine clears the flow;
   * not_understood: the input was not an answer. The engine then answers it if triage sees a question
   * and repeats `pendingPrompt(state)`; otherwise it sends `replies` (the flow's own re-ask).
   */
  status: 'active' | 'done' | 'cancelled' | 'not_understood';
}

export interface ConversationFlow {
  /** 'consultation' | 'visit'. Also the postback namespace routed to this flow while it is active. */
  kind: string;
  /** Called when triage routes to `kind` (input is the message that triggered it, maybe with slots). */
  start(input: FlowInput, ctx: FlowContext): Promise<FlowStep>;
  step(state: unknown, input: FlowInput, ctx: FlowContext): Promise<FlowStep>;
  /** The question to repeat after an interruption. */
  pendingPrompt(state: unknown): OutboundReply[];
  /** A text message this long after the flow started leaves it and is routed as usual. */
  expiresAfterMs?: number;
  /**
   * A message the flow does not take (`not_understood`) leaves the flow and is routed as usual, instead of
   * being answered with the flow's question repeated (for a one-question, optional flow).
   */
  letsGo?: boolean;
}

/**
 * Postback data is "<namespace>:<payload>". The engine handles `menu:*` itself, routes the active flow's
 * namespace to the flow, and dispatches any other namespace to the handler registered for it.
 * A handler's result is returned as is (its `decision` is recorded when not null).
 */
export interface PostbackHandler {
  namespace: string;
  handle(message: InboundMessage, payload: string, ctx: FlowContext): Promise<PostbackResult>;
}

/** A handler's result; `flow` opens that flow (registered under `kind`) with the given state. */
export type PostbackResult = EngineResult & { flow?: { kind: string; state: unknown } };

/** Splits "<namespace>:<payload>"; data without a colon is a namespace with an empty payload. */
export function parsePostbackData(data: string): { namespace: string; payload: string } {
  const at = data.indexOf(':');
  return at < 0
    ? { namespace: data, payload: '' }
    : { namespace: data.slice(0, at), payload: data.slice(at + 1) };
}

/**
 * A typed command answered without triage (「予約の確認」). Commands run after the safety check and only
 * when it found nothing, and never inside a flow or a handoff. A command's result is returned as is.
 */
export interface TextCommand {
  name: string;
  matches(text: string): boolean;
  handle(message: InboundMessage, ctx: FlowContext): Promise<EngineResult>;
}
