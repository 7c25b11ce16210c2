/**
 * The contract between channels and the conversation engine. A channel maps a platform event to an
 * InboundMessage, calls `handle`, and renders the replies. The engine is channel-agnostic.
 */
import type { Decision, InboundMessage, OutboundReply } from './message.ts';

export interface EngineResult {
  /** The route taken for this message, or null when nothing was routed (duplicate, unfollow, staff relay). */
  decision: Decision | null;
  /** Replies to send now, in order, to the conversation the message came from. May be empty. */
  replies: OutboundReply[];
  /** True when the inbound event id was already handled: the channel must send nothing new. */
  duplicate: boolean;
  /**
   * On a duplicate: what the original turn answered, as committed with it. A channel whose delivery is
   * idempotent per event (LINE's outbox, keyed by event id) may store these again, which completes a
   * delivery that a crash interrupted between the engine's commit and the channel's own write.
   */
  committedReplies?: OutboundReply[];
}

export interface ConversationEngine {
  handle(message: InboundMessage, options?: { signal?: AbortSignal }): Promise<EngineResult>;
}

/** Whether the engine will likely call a model for this message (channels may show a typing indicator). */
export interface SlownessHint {
  mayBeSlow(message: InboundMessage): boolean;
}
