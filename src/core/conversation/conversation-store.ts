/**
 * Persistence port for conversations, messages and decisions (migration 003). One inbound event is
 * claimed once (unique (channel, event_id)); a turn's outcome is committed in one transaction.
 */

import type { Channel, Decision, InboundKind, OutboundReply, Urgency } from '../message.ts';
import type { StaffMessageLine } from '../staff-desk.ts';
import type { ConversationState } from './state.ts';

export interface ConversationRecord {
  id: string;
  channel: Channel;
  /** The platform's conversation id (user id for 1:1, group/room id otherwise). */
  externalId: string;
  isGroup: boolean;
  mode: 'bot' | 'handoff';
  /** The open or claimed handoff while mode is 'handoff'. */
  activeHandoffId: string | null;
  /** Raw jsonb; the engine validates it with readState. */
  state: unknown;
  /** Optimistic concurrency: commitTurn fails with `conflict` when another turn committed first. */
  version: number;
}

export interface InboundRecord {
  channel: Channel;
  userId: string;
  conversationId: string;
  isGroup: boolean;
  kind: InboundKind;
  /** Text as the user wrote it (or a note such as 「（スタンプが送られました）」); the only column holding it. */
  text: string | null;
  eventId: string;
  receivedAt: Date;
}

export type ClaimResult =
  /**
   * The event was handled before. `replies` are what that turn answered (stored with it), so a channel can
   * finish a delivery a crash interrupted between the engine's commit and its own outbox.
   */
  | { status: 'duplicate'; replies?: OutboundReply[] }
  /** Another attempt holds the event and its lease has not run out: try again later (never "handled"). */
  | { status: 'in_progress' }
  | { status: 'claimed'; messageId: string; conversation: ConversationRecord };

export interface NewHandoff {
  id: string;
  route: 'handoff' | 'crisis';
  urgency: Urgency;
  centerId: string | null;
  /** A rule- or model-made label for staff (never the user's words). */
  summary: string;
  /**
   * Staff are told, but the conversation stays with the bot (the soft safety tier): no handoff mode, so
   * the user keeps getting answers while staff decide whether to reach out from the thread.
   */
  watch?: boolean | undefined;
}

export interface HandoffEscalation {
  id: string;
  summary: string;
  /** Default crisis/urgent. */
  route?: 'handoff' | 'crisis' | undefined;
  urgency?: Urgency | undefined;
  /** The handoff was a watch: the conversation now goes to staff (handoff mode). */
  takeOver?: boolean | undefined;
}

export interface TurnOutcome {
  conversationId: string;
  expectedVersion: number;
  inboundMessageId: string;
  decision: (Decision & { grounded?: boolean | undefined }) | null;
  replies: OutboundReply[];
  state: ConversationState;
  /** Open a handoff and put the conversation in handoff mode (unless it is a watch handoff). */
  openHandoff?: NewHandoff | undefined;
  /**
   * Raise the active handoff (a crisis while a handoff is open), or take over a watch handoff when the
   * turn needs a person (a crisis or person case after a soft-signal turn).
   */
  escalateHandoff?: HandoffEscalation | undefined;
  /** Mark the inbound message for relay to this handoff's staff thread (delivered after commit). */
  relayToHandoffId?: string | undefined;
}

export interface PendingRelay {
  messageId: string;
  handoffId: string;
  line: StaffMessageLine;
}

export interface ConversationStore {
  /**
   * Records the inbound event and claims it for processing. A repeat of a handled event is a duplicate;
   * so is one another worker is processing now (claimed less than `leaseMs` ago). An event whose earlier
   * processing died before committing is claimed again, so nothing accepted is lost.
   */
  claimInbound(message: InboundRecord, options: { now: Date; leaseMs: number }): Promise<ClaimResult>;
  /** Gives a claimed event back (the turn failed before committing) so a retry can process it now. */
  releaseClaim(messageId: string): Promise<void>;
  /** Commits the turn atomically; throws AppError('conflict') when the conversation changed meanwhile. */
  commitTurn(outcome: TurnOutcome, now: Date): Promise<void>;
  /** The user's recent text messages routed to `answer` (oldest first), for follow-up questions. */
  recentQuestions(conversationId: string, options: { since: Date; limit: number }): Promise<string[]>;
  /** Recent lines of the conversation (user and bot, oldest first) for a staff announcement. */
  recentLines(conversationId: string, limit: number): Promise<StaffMessageLine[]>;
  /** Follow/unfollow. */
  setUserActive(channel: Channel, userId: string, active: boolean, now: Date): Promise<void>;
  /** Inbound messages marked for relay whose delivery to staff has not been confirmed. */
  listPendingRelays(options: { olderThan: Date; limit: number }): Promise<PendingRelay[]>;
  markRelayed(messageId: string, at: Date): Promise<void>;
}
