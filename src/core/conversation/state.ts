/**
 * What the engine remembers about one conversation between messages, stored as jsonb in
 * conversations.state and validated when read back. It holds no message text: the user's recent questions
 * (for follow-ups) are read from the messages table, whose text column retention can blank.
 */
import { z } from 'zod';
import { routes } from '../message.ts';

export const ConversationState = z.object({
  /** The active multi-turn flow (booking), with the flow's own state as the flow wrote it. */
  flow: z
    .object({ kind: z.string().min(1), state: z.unknown(), startedAt: z.iso.datetime() })
    .nullable()
    .default(null),
  /** The last routed decision, so a short follow-up (「それは無料ですか？」) stays on the same topic. */
  lastRoute: z
    .object({ route: z.enum(routes), at: z.iso.datetime() })
    .nullable()
    .default(null),
  /** When the bot last told a user in handoff mode that staff will reply (to avoid repeating it). */
  handoffNoticeAt: z.iso.datetime().nullable().default(null),
});
export type ConversationState = z.infer<typeof ConversationState>;

export const emptyState = (): ConversationState => ({ flow: null, lastRoute: null, handoffNoticeAt: null });

/** Reads a stored state; anything that no longer validates (an old shape, a hand edit) starts afresh. */
export function readState(raw: unknown): { state: ConversationState; valid: boolean } {
  const parsed = ConversationState.safeParse(raw ?? {});
  return parsed.success ? { state: parsed.data, valid: true } : { state: emptyState(), valid: false };
}
