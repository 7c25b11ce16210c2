/**
 * The channel-agnostic message vocabulary. Every channel adapter maps its payload to an InboundMessage and
 * renders OutboundReply values its own way (LINE: text + quick replies + Flex; Slack: Block Kit; web: HTML).
 */
import { z } from 'zod';

export const channels = ['line', 'slack', 'web', 'cli'] as const;
export type Channel = (typeof channels)[number];

/** Messages the engine cannot read: it answers them politely and relays only a note to staff. */
export const mediaKinds = ['sticker', 'image', 'audio', 'video', 'file', 'location'] as const;
export type MediaKind = (typeof mediaKinds)[number];

export const inboundKinds = ['text', 'postback', ...mediaKinds, 'follow', 'unfollow'] as const;
export type InboundKind = (typeof inboundKinds)[number];

export const InboundMessage = z.object({
  channel: z.enum(channels),
  /** The platform's user id (LINE userId, Slack user id, web session id). */
  userId: z.string().min(1).max(128),
  /** The conversation on the platform: the user id for 1:1 chats, the group/room id otherwise. */
  conversationId: z.string().min(1).max(128),
  /** Group chats and rooms only get general answers: never a booking or handoff. */
  isGroup: z.boolean().default(false),
  kind: z.enum(inboundKinds),
  text: z.string().max(20_000).optional(),
  /** Postback data and picker parameters (LINE datetime picker, console buttons). */
  postback: z
    .object({ data: z.string().max(300), params: z.record(z.string(), z.string()).optional() })
    .optional(),
  receivedAt: z.date(),
  /** Platform event id used for de-duplication (LINE webhookEventId, Slack event_id, a UUID elsewhere). */
  eventId: z.string().min(1).max(128),
});
export type InboundMessage = z.infer<typeof InboundMessage>;

export const routes = [
  'answer',
  'consultation',
  'visit',
  'handoff',
  'crisis',
  'decline',
  'smalltalk',
] as const;
export type Route = (typeof routes)[number];

export type Urgency = 'normal' | 'urgent';

export interface Citation {
  documentId: string;
  title: string;
  /** The document's own heading/numbering path, e.g. "2 産業保健総合支援センターの取組 > (1) > ア …". */
  section: string;
  url?: string;
  /** The quoted sentence(s) the answer rests on. */
  quote?: string;
}

/** A choice offered to the user. `value` is what the engine receives back (as text or postback data). */
export interface QuickReply {
  label: string;
  /** Sent back as a postback when set; otherwise `text` is sent as if the user typed it. */
  postback?: string;
  text?: string;
  /** A date/time picker instead of a plain button (LINE datetime picker; an input in the console). */
  picker?: { mode: 'date' | 'time' | 'datetime'; min?: string; max?: string };
}

export type OutboundReply =
  | { type: 'text'; text: string; quickReplies?: QuickReply[] }
  | { type: 'sources'; citations: Citation[] }
  | {
      type: 'summary';
      /** A card: a title and label/value rows (booking summaries, booking status). */
      title: string;
      rows: { label: string; value: string }[];
      actions?: QuickReply[];
    };

export interface Decision {
  route: Route;
  handoff: null | { urgency: Urgency };
  /** Which rules or prompt version produced the route: "rules" or e.g. "triage@3". */
  decidedBy: string;
  /** Optional detail a model or rule may add (topic label), never used to downgrade a route. */
  topic?: string;
}
