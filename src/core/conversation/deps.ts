/** The ports the conversation engine is built from (wired in src/composition/build-engine.ts). */

import type { CenterRef } from '../handoff/center-match.ts';
import type { HandoffRepository } from '../handoff/handoff-repository.ts';
import type { Citation } from '../message.ts';
import type { Clock, Logger, Moderator } from '../ports.ts';
import type { HotlineSettings } from '../replies/hotlines.ts';
import type { SafetySignals } from '../safety/detector.ts';
import type { StaffDesk } from '../staff-desk.ts';
import type { ModelTriager } from '../triage/model-triage.ts';
import type { ConversationStore } from './conversation-store.ts';
import type { ConversationFlow, PostbackHandler, TextCommand } from './flow.ts';
import type { RateLimiter } from './throttle.ts';

/**
 * The knowledge base as the engine uses it (structurally the KnowledgeBase of core/knowledge).
 * `history` is the user's previous questions, most recent last, for follow-ups.
 */
export interface KnowledgeAnswerer {
  answer(
    question: string,
    options?: { history?: string[]; signal?: AbortSignal },
  ): Promise<{
    text: string;
    citations: Citation[];
    grounded: boolean;
    answeredBy: string;
    partial?: boolean;
  }>;
}

export interface EngineDeps {
  store: ConversationStore;
  handoffs: HandoffRepository;
  knowledge: KnowledgeAnswerer;
  staffDesk: StaffDesk;
  hotlines: HotlineSettings;
  centers: readonly CenterRef[];
  clock: Clock;
  logger: Logger;
  /** The model path; absent = rules only. */
  triageModel?: ModelTriager | undefined;
  /** Self-harm moderation; absent = not used. Can only escalate. */
  moderator?: Moderator | undefined;
  /** Deadline of one model call (MODEL_TIMEOUT_MS); past it the rules decide. */
  modelTimeoutMs?: number | undefined;
  flows?: readonly ConversationFlow[] | undefined;
  postbackHandlers?: readonly PostbackHandler[] | undefined;
  textCommands?: readonly TextCommand[] | undefined;
  /** Per-sender flood control (throttle.ts); absent = no limit. Never applied to crisis messages. */
  rateLimiter?: RateLimiter | undefined;
  /** How long a claimed event counts as in progress before a retry may take it over. */
  claimLeaseMs?: number | undefined;
  newId?: (() => string) | undefined;
  /** The safety detectors (default: detectSafetySignals); tests pin a verdict with their own. */
  detectSafety?: ((text: string) => SafetySignals) | undefined;
}
