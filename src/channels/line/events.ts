/**
 * The LINE webhook wire format (tests/fixtures/specs/line/webhook.yml), checked with zod at the boundary, and
 * the mapping of one event to the core's InboundMessage. Only the fields the product uses are read; an
 * event is stored as received, so unknown fields and event types pass through untouched.
 */
import { z } from 'zod';
import type { InboundKind, InboundMessage } from '../../core/message.ts';

/** The envelope: `events` may be empty (LINE's "Verify" button and connectivity checks). */
export const WebhookBody = z.object({
  destination: z.string().min(1).max(64),
  events: z.array(z.record(z.string(), z.unknown())).max(1000),
});

/** Fields every event carries. Anything else is optional here and checked per type below. */
export const EventCommon = z.looseObject({
  type: z.string().min(1).max(64),
  webhookEventId: z.string().min(1).max(128),
  timestamp: z.number().int().nonnegative(),
  mode: z.string().max(32).optional(),
  deliveryContext: z.looseObject({ isRedelivery: z.boolean() }).optional(),
  replyToken: z.string().min(1).max(256).optional(),
  source: z
    .looseObject({
      type: z.string(),
      userId: z.string().min(1).max(128).optional(),
      groupId: z.string().min(1).max(128).optional(),
      roomId: z.string().min(1).max(128).optional(),
    })
    .optional(),
});
export type EventCommon = z.infer<typeof EventCommon>;

const MessageContent = z.looseObject({
  type: z.string(),
  id: z.string().optional(),
  text: z.string().max(20_000).optional(),
});

const PostbackContent = z.looseObject({
  data: z.string().max(300),
  params: z.record(z.string(), z.string()).optional(),
});

/** Event types that are processed; every other type is stored, marked `unsupported` and acknowledged. */
export const processedEventTypes = new Set(['message', 'postback', 'follow', 'unfollow']);

const messageKinds: Record<string, InboundKind> = {
  text: 'text',
  sticker: 'sticker',
  image: 'image',
  audio: 'audio',
  video: 'video',
  file: 'file',
  location: 'location',
};

export interface ChatTarget {
  /** The chat to answer in: the user id in 1:1 chats, the group or room id otherwise. */
  conversationId: string;
  isGroup: boolean;
  userId: string;
}

/** Where an event came from, or null for events without a usable source. */
export function chatOf(event: EventCommon): ChatTarget | null {
  const source = event.source;
  if (source === undefined) return null;
  const groupLike = source.groupId ?? source.roomId;
  if (groupLike !== undefined) {
    // In groups LINE includes the sender only on message events; the group then stands in for them.
    return { conversationId: groupLike, isGroup: true, userId: source.userId ?? groupLike };
  }
  if (source.userId === undefined) return null;
  return { conversationId: source.userId, isGroup: false, userId: source.userId };
}

export function conversationKeyOf(chat: ChatTarget): string {
  return `line:${chat.conversationId}`;
}

/** Maps a stored event to the core's message, or null when the event has nothing for the engine. */
export function toInboundMessage(raw: unknown, receivedAt: Date): InboundMessage | null {
  const event = EventCommon.parse(raw);
  const chat = chatOf(event);
  if (chat === null) return null;
  const base = {
    channel: 'line' as const,
    userId: chat.userId,
    conversationId: chat.conversationId,
    isGroup: chat.isGroup,
    receivedAt,
    eventId: event.webhookEventId,
  };
  switch (event.type) {
    case 'message': {
      const message = MessageContent.parse(event.message);
      const kind = messageKinds[message.type];
      if (kind === undefined) return null;
      return kind === 'text' ? { ...base, kind, text: message.text ?? '' } : { ...base, kind };
    }
    case 'postback': {
      const postback = PostbackContent.parse(event.postback);
      return {
        ...base,
        kind: 'postback',
        postback: {
          data: postback.data,
          ...(postback.params === undefined ? {} : { params: postback.params }),
        },
      };
    }
    case 'follow':
      return { ...base, kind: 'follow' };
    case 'unfollow':
      return { ...base, kind: 'unfollow' };
    default:
      return null;
  }
}
