/**
 * Handoff records (migration 003). The engine opens and escalates handoffs inside its turn commit
 * (ConversationStore.commitTurn); this port serves everything after that: announcement retries and the
 * lifecycle that staff drive from Slack (claim, resolve, return to bot, rating). Status changes that end a
 * handoff also put the conversation back in bot mode, in the same transaction.
 */
import type { Channel, Urgency } from '../message.ts';

export const handoffStatuses = ['open', 'claimed', 'resolved', 'returned'] as const;
export type HandoffStatus = (typeof handoffStatuses)[number];

export interface HandoffRecord {
  id: string;
  /** The engine's conversation id (uuid). */
  conversationId: string;
  channel: Channel;
  userId: string;
  route: 'handoff' | 'crisis';
  urgency: Urgency;
  status: HandoffStatus;
  centerId: string | null;
  summary: string;
  claimedBy: string | null;
  createdAt: Date;
  claimedAt: Date | null;
  closedAt: Date | null;
  /** When StaffDesk.announceHandoff last succeeded for the current urgency; null = still to announce. */
  announcedAt: Date | null;
  rating: number | null;
}

export interface HandoffRepository {
  get(id: string): Promise<HandoffRecord | null>;
  /** The open or claimed handoff of a conversation, if any. */
  findActive(conversationId: string): Promise<HandoffRecord | null>;
  /** Handoffs whose announcement has not succeeded yet (created or escalated before `olderThan`). */
  listUnannounced(options: { olderThan: Date; limit: number }): Promise<HandoffRecord[]>;
  markAnnounced(id: string, at: Date): Promise<void>;
  /** open → claimed by `staffId`. Returns null when it was not open (already claimed or closed). */
  claim(id: string, staffId: string, at: Date): Promise<HandoffRecord | null>;
  /** claimed by `fromStaffId` → claimed by `toStaffId`. Null when the owner changed or the case closed. */
  reassign(id: string, fromStaffId: string, toStaffId: string, at: Date): Promise<HandoffRecord | null>;
  /** open|claimed → resolved; the conversation returns to the bot. Null when it was not active. */
  resolve(id: string, at: Date): Promise<HandoffRecord | null>;
  /** open|claimed → returned (ボットに戻す): the bot answers again; the record stays for staff. */
  returnToBot(id: string, at: Date): Promise<HandoffRecord | null>;
  /** The user's 1–5 rating after a resolved handoff; false when there is no such resolved handoff. */
  rate(id: string, rating: number): Promise<boolean>;
}
