/**
 * The console mounted on a real HTTP server and a real database, with a scripted ConversationEngine at
 * the port, so the adapter (guard, timeline, rendering as JSON, idempotency) is tested on its own.
 * The full app with the real engine is exercised by the browser tests.
 */

import { mountConsole } from '../../../src/channels/web/mount-console.ts';
import type { ConversationEngine, EngineResult } from '../../../src/core/engine.ts';
import type { InboundMessage, OutboundReply } from '../../../src/core/message.ts';
import type { Logger } from '../../../src/core/ports.ts';
import { createHttpServer } from '../../../src/http/server.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import {
  createWebTimelineRepository,
  type WebTimelineRepository,
} from '../../../src/infra/db/web-timeline-repository.ts';
import { openTestDb } from '../../support/db.ts';

export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

/** Replies to every text with an echo, quick replies and one source; drops repeated event ids. */
export function createScriptedEngine(): ConversationEngine & { received: InboundMessage[] } {
  const seen = new Set<string>();
  const received: InboundMessage[] = [];
  return {
    received,
    async handle(message): Promise<EngineResult> {
      received.push(message);
      if (seen.has(`${message.channel}:${message.eventId}`))
        return { decision: null, replies: [], duplicate: true };
      seen.add(`${message.channel}:${message.eventId}`);
      const replies: OutboundReply[] =
        message.kind === 'follow'
          ? [{ type: 'text', text: '友だち追加ありがとうございます。' }]
          : [
              {
                type: 'text',
                text: `受け付けました：${message.text ?? message.postback?.data ?? ''}`,
                quickReplies: [{ label: '予約する', postback: 'menu:booking' }],
              },
              {
                type: 'sources',
                citations: [
                  { documentId: 'guides/chisanpo', title: '地域産業保健センター', section: '1 概要' },
                ],
              },
            ];
      return { decision: { route: 'answer', handoff: null, decidedBy: 'rules' }, replies, duplicate: false };
    },
  };
}

export interface ConsoleServer {
  url: string;
  db: Db;
  timeline: WebTimelineRepository;
  engine: ReturnType<typeof createScriptedEngine>;
  close(): Promise<void>;
}

export async function startConsoleServer(options: { token?: string } = {}): Promise<ConsoleServer> {
  const db = await openTestDb();
  const timeline = createWebTimelineRepository(db);
  const engine = createScriptedEngine();
  const http = createHttpServer(silentLogger);
  await mountConsole(http, {
    token: options.token,
    engine,
    timeline,
    staff: {},
    clock: { now: () => new Date() },
  });
  const { url } = await http.listen(0, '127.0.0.1');
  return {
    url,
    db,
    timeline,
    engine,
    async close() {
      await http.close();
      await db.close();
    },
  };
}
