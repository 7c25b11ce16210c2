/**
 * Sends messages to a user outside a reply: staff relay, booking outcomes, re-engagement after a handoff.
 * Implementations must be idempotent per `idempotencyKey` (LINE: X-Line-Retry-Key via a durable outbox),
 * so a retried job never sends the same message twice.
 */
import type { Channel, OutboundReply } from './message.ts';

export interface UserAddress {
  channel: Channel;
  /** The platform user id (LINE userId, web session id). */
  userId: string;
}

export interface UserMessenger {
  push(to: UserAddress, replies: OutboundReply[], idempotencyKey: string): Promise<void>;
}
