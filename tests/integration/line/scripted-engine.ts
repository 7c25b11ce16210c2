/**
 * A small ConversationEngine with scripted behaviour, for the LINE channel's transport tests: it echoes
 * text (so every delivery can be traced back to its event), answers postbacks and non-text kinds, can
 * fail on demand, and remembers event ids like the real engine (a repeat is a duplicate).
 */
import type { ConversationEngine, EngineResult } from '../../../src/core/engine.ts';
import { AppError } from '../../../src/core/errors.ts';
import type { InboundMessage, OutboundReply } from '../../../src/core/message.ts';

export interface ScriptedEngine extends ConversationEngine {
  calls: InboundMessage[];
  /** The next `count` calls throw (a model or database outage). */
  failNext(count: number): void;
  /** Each call waits this long first (a slow model). */
  delayMs: number;
}

export function createScriptedEngine(): ScriptedEngine {
  const seen = new Set<string>();
  let failures = 0;
  const engine: ScriptedEngine = {
    calls: [],
    delayMs: 0,
    failNext(count) {
      failures += count;
    },
    async handle(message) {
      engine.calls.push(message);
      if (engine.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, engine.delayMs));
      if (failures > 0) {
        failures--;
        throw new AppError('upstream_failed', 'scripted engine failure');
      }
      if (seen.has(message.eventId)) return { decision: null, replies: [], duplicate: true };
      seen.add(message.eventId);
      return {
        decision: { route: 'answer', handoff: null, decidedBy: 'script' },
        replies: repliesFor(message),
        duplicate: false,
      } satisfies EngineResult;
    },
  };
  return engine;
}

function repliesFor(message: InboundMessage): OutboundReply[] {
  switch (message.kind) {
    case 'text':
      return textReplies(message.text ?? '');
    case 'postback':
      return [
        {
          type: 'text',
          text: `postback:${message.postback?.data}:${JSON.stringify(message.postback?.params ?? {})}`,
        },
      ];
    case 'follow':
    case 'unfollow':
      return [];
    default:
      return [{ type: 'text', text: `テキストでお送りください（${message.kind}）` }];
  }
}

function textReplies(text: string): OutboundReply[] {
  if (text.startsWith('long:')) {
    // Many sentences, far over LINE's 5,000 units: split into several messages and calls.
    const sentence = `${text}の説明です。これは長い回答の一文です。`;
    return [{ type: 'text', text: sentence.repeat(Math.ceil(32_000 / sentence.length)) }];
  }
  if (text.startsWith('sources:')) {
    return [
      { type: 'text', text: `echo:${text}` },
      {
        type: 'sources',
        citations: [
          {
            documentId: 'd1',
            title: '地域産業保健センターの利用',
            section: '1 対象 > (1) 50人未満',
            url: 'https://www.johas.go.jp/',
          },
          { documentId: 'd2', title: '令和６年度の方向性', section: '2 取組' },
        ],
      },
    ];
  }
  if (text.startsWith('summary:')) {
    return [
      {
        type: 'summary',
        title: 'ご予約内容の確認',
        rows: [
          { label: '内容', value: 'メンタルヘルス対策の相談' },
          { label: '希望日', value: '2026-12-03 10:00' },
        ],
        actions: [
          { label: 'この内容で申し込む', postback: 'booking:confirm' },
          {
            label: '日時を変える',
            postback: 'booking:date',
            picker: { mode: 'datetime', min: '2026-11-25T09:00' },
          },
        ],
      },
    ];
  }
  return [
    {
      type: 'text',
      text: `echo:${text}`,
      quickReplies: [
        { label: '質問する', postback: 'menu:ask' },
        { label: '日付を選ぶ', postback: 'pick:date', picker: { mode: 'date' } },
        { label: 'はい', text: 'はい' },
      ],
    },
  ];
}
