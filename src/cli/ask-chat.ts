/**
 * `npm run ask -- --chat`: one conversation in a terminal, to walk through multi-turn flows (a booking, a
 * handoff) without LINE or the console. Each reply prints with its choices numbered; typing a number taps
 * that choice (a postback, as a LINE button sends one), and `N 2026-12-03T10:00` answers a date picker.
 * `/quit` or the end of input stops. Pushes (staff decisions) go nowhere from a terminal: see the console.
 */
import { randomUUID } from 'node:crypto';
import type { ConversationEngine } from '../core/engine.ts';
import type { Citation, InboundMessage, OutboundReply, QuickReply } from '../core/message.ts';

export interface ChatIo {
  lines: AsyncIterable<string>;
  write(text: string): void;
  /** True on a terminal: show a prompt before each line. */
  interactive: boolean;
}

type Input =
  | { kind: 'text'; text: string }
  | { kind: 'postback'; data: string; params?: Record<string, string> }
  | { kind: 'problem'; message: string };

export async function runChat(engine: ConversationEngine, io: ChatIo): Promise<number> {
  const conversation = `cli-chat-${randomUUID()}`;
  let choices: QuickReply[] = [];
  io.write('1つの会話として続けて入力できます。番号で選択肢を選び、/quit で終わります。\n');
  if (io.interactive) io.write('> ');
  for await (const line of io.lines) {
    const typed = line.trim();
    if (typed === '/quit') break;
    if (typed !== '') {
      const input = readInput(typed, choices);
      if (input.kind === 'problem') {
        io.write(`${input.message}\n`);
      } else {
        const result = await engine.handle(toMessage(conversation, input));
        const route = result.decision?.route;
        io.write(`${route === undefined ? '' : `[${route}]\n`}${formatReplies(result.replies)}\n`);
        choices = choicesOf(result.replies);
        if (choices.length > 0) io.write(`${formatChoices(choices)}\n`);
      }
    }
    if (io.interactive) io.write('> ');
  }
  return 0;
}

/** A number taps the choice with that number; anything else is typed text. */
export function readInput(typed: string, choices: readonly QuickReply[]): Input {
  const tap = /^(\d{1,2})(?:\s+(\S+))?$/.exec(typed);
  const choice = tap === null ? undefined : choices[Number(tap[1]) - 1];
  if (tap === null || choice === undefined) return { kind: 'text', text: typed };
  const value = tap[2];
  if (choice.picker !== undefined) {
    if (value === undefined)
      return {
        kind: 'problem',
        message: `「${choice.label}」は日時の入力です。例: ${tap[1]} ${pickerExample[choice.picker.mode]}`,
      };
    return {
      kind: 'postback',
      data: choice.postback ?? '',
      params: { [choice.picker.mode]: value },
    };
  }
  if (choice.postback !== undefined) return { kind: 'postback', data: choice.postback };
  return { kind: 'text', text: choice.text ?? choice.label };
}

const pickerExample = { date: '2026-12-03', time: '10:00', datetime: '2026-12-03T10:00' } as const;

function toMessage(conversation: string, input: Exclude<Input, { kind: 'problem' }>): InboundMessage {
  const base = {
    channel: 'cli' as const,
    userId: conversation,
    conversationId: conversation,
    isGroup: false,
    receivedAt: new Date(),
    eventId: randomUUID(),
  };
  if (input.kind === 'text') return { ...base, kind: 'text', text: input.text };
  return {
    ...base,
    kind: 'postback',
    postback: input.params === undefined ? { data: input.data } : { data: input.data, params: input.params },
  };
}

function choicesOf(replies: readonly OutboundReply[]): QuickReply[] {
  return replies.flatMap((r) => {
    if (r.type === 'text') return r.quickReplies ?? [];
    if (r.type === 'summary') return r.actions ?? [];
    return [];
  });
}

/** One source line, as both terminal views print it. */
export function formatCitation(c: Pick<Citation, 'title' | 'section' | 'url'>): string {
  return `・${c.title} — ${c.section}${c.url ? ` (${c.url})` : ''}`;
}

function formatReplies(replies: readonly OutboundReply[]): string {
  return replies
    .map((r) => {
      if (r.type === 'text') return r.text;
      if (r.type === 'summary')
        return [`【${r.title}】`, ...r.rows.map((row) => `  ${row.label}: ${row.value}`)].join('\n');
      return ['出典:', ...r.citations.map(formatCitation)].join('\n');
    })
    .join('\n\n');
}

function formatChoices(choices: readonly QuickReply[]): string {
  return choices
    .map((c, i) => `  [${i + 1}] ${c.label}${c.picker === undefined ? '' : '（日時）'}`)
    .join('\n');
}
