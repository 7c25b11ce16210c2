/**
 * The user side of the console, as a channel adapter: a POST becomes one InboundMessage for the same
 * engine LINE uses, the replies are stored in the web user's timeline and returned as JSON, and the page
 * renders them (speech bubbles, quick replies, source and summary cards, pickers).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ConversationEngine } from '../../core/engine.ts';
import type { InboundMessage } from '../../core/message.ts';
import type { Clock } from '../../core/ports.ts';
import type { TimelineEntry, WebTimelineRepository } from '../../infra/db/web-timeline-repository.ts';
import { readJsonBody, readWebUserId, sendConsoleJson } from './console-request.ts';

/** How much of the timeline a page load or a poll returns; a console chat is short. */
const timelineLimit = 200;

const SendBody = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('text'),
    /** Made by the page per message; a re-send after a network error reuses it, so it is handled once. */
    id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
    text: z.string().trim().min(1).max(2000),
  }),
  z.object({
    kind: z.literal('postback'),
    id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
    data: z.string().min(1).max(300),
    params: z.record(z.string().max(40), z.string().max(100)).optional(),
    /** What the user's bubble shows (the button label or the chosen date), as LINE's displayText does. */
    displayText: z.string().trim().min(1).max(300),
  }),
  z.object({ kind: z.literal('follow'), id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/) }),
]);
type SendBody = z.infer<typeof SendBody>;

export interface UserApiDeps {
  engine: ConversationEngine;
  timeline: WebTimelineRepository;
  clock: Clock;
}

export function createUserApi(deps: UserApiDeps) {
  const { engine, timeline, clock } = deps;

  async function sendTimeline(res: ServerResponse, userId: string, status = 200): Promise<void> {
    const entries = await timeline.listRecent(userId, timelineLimit);
    sendConsoleJson(res, status, { entries: entries.map(toJson) });
  }

  return {
    async getTimeline(req: IncomingMessage, res: ServerResponse): Promise<void> {
      await sendTimeline(res, readWebUserId(req));
    },

    async postMessage(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const userId = readWebUserId(req);
      const body = await readJsonBody(req, SendBody);
      const message = toInbound(body, userId, clock.now());
      const shown =
        body.kind === 'text' ? body.text : body.kind === 'postback' ? body.displayText : undefined;
      // Stored before the engine runs, so the user's words stay on screen even if the engine fails.
      if (shown !== undefined) await timeline.appendUserMessage(userId, shown, `in:${body.id}`);
      const result = await engine.handle(message);
      if (!result.duplicate && result.replies.length > 0) {
        await timeline.appendReplies(userId, 'reply', result.replies, `reply:${body.id}`);
      }
      await sendTimeline(res, userId);
    },
  };
}

function toInbound(body: SendBody, userId: string, now: Date): InboundMessage {
  const base = {
    channel: 'web' as const,
    userId,
    conversationId: userId,
    isGroup: false,
    receivedAt: now,
    eventId: body.id,
  };
  switch (body.kind) {
    case 'text':
      return { ...base, kind: 'text', text: body.text };
    case 'postback':
      return {
        ...base,
        kind: 'postback',
        postback: body.params === undefined ? { data: body.data } : { data: body.data, params: body.params },
      };
    case 'follow':
      return { ...base, kind: 'follow' };
  }
}

function toJson(entry: TimelineEntry) {
  return entry.kind === 'user'
    ? { id: entry.id, kind: entry.kind, text: entry.text, at: entry.at.toISOString() }
    : { id: entry.id, kind: entry.kind, replies: entry.replies, at: entry.at.toISOString() };
}
