/** One message's turn through the engine: what it knows going in and what it plans to commit. */

import type { HandoffReason } from '../handoff/open-handoff.ts';
import type { Decision, InboundMessage, OutboundReply } from '../message.ts';
import type { SafetySignals } from '../safety/detector.ts';
import type { ConversationRecord, HandoffEscalation, NewHandoff } from './conversation-store.ts';
import type { EngineDeps } from './deps.ts';
import type { FlowContext } from './flow.ts';
import type { ConversationState } from './state.ts';

export interface TurnContext {
  deps: EngineDeps;
  message: InboundMessage;
  conversation: ConversationRecord;
  /** The inbound messages row id. */
  messageId: string;
  state: ConversationState;
  /** The user's text, or a note for stickers and media (「（スタンプが送られました）」); undefined for postbacks. */
  text: string | undefined;
  signals: SafetySignals;
  now: Date;
  flowContext: FlowContext;
  signal?: AbortSignal | undefined;
}

export interface TurnPlan {
  decision: Decision | null;
  /** For answers: whether the corpus supported it. */
  grounded?: boolean | undefined;
  replies: OutboundReply[];
  state: ConversationState;
  openHandoff?: (NewHandoff & { reason: HandoffReason }) | undefined;
  escalateHandoff?: HandoffEscalation | undefined;
  relayToHandoffId?: string | undefined;
}

export function rulesDecision(route: Decision['route'], topic?: string): Decision {
  return { route, handoff: null, decidedBy: 'rules', ...(topic === undefined ? {} : { topic }) };
}
