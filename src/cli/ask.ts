/**
 * `npm run ask`: put questions to the same engine the channels use, from a terminal or a script.
 *
 *   npm run ask -- "質問"                 the reply and its sources, for a person
 *   npm run ask -- --json "質問"          one JSON object
 *   npm run ask -- --jsonl < file         lines {"id":…,"text":…} → one JSON object per line
 *   npm run ask -- --chat                 one conversation, line by line, choices tapped by number
 *   --memory                              an in-memory database instead of the configured one
 *
 * Object (a stable contract): {"id"?, "route", "reply", "citations":[{"title","section","url"?}],
 * "handoff": null | {"urgency":"normal"|"urgent"}}. Every question is its own conversation on the `cli`
 * channel, so one line's handoff never turns the next line into a relay.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { ConversationEngine } from '../core/engine.ts';
import { AppError, isAppError } from '../core/errors.ts';
import type { OutboundReply, Route, Urgency } from '../core/message.ts';
import { formatCitation, runChat } from './ask-chat.ts';

export interface AskArgs {
  mode: 'human' | 'json' | 'jsonl' | 'chat';
  memory: boolean;
  text?: string;
}

export interface AskRecord {
  id?: string;
  route: Route | null;
  reply: string;
  citations: { title: string; section: string; url?: string }[];
  handoff: null | { urgency: Urgency };
}

export const usage = `Usage:
  npm run ask -- "質問"               reply and sources
  npm run ask -- --json "質問"        one JSON object
  npm run ask -- --jsonl < file       {"id","text"} per line → one JSON object per line
  npm run ask -- --chat               one conversation (bookings, handoffs); choices by number
Options: --memory (in-memory database instead of the configured one)`;

export function parseAskArgs(argv: readonly string[]): AskArgs {
  let mode: AskArgs['mode'] = 'human';
  let memory = false;
  const words: string[] = [];
  for (const arg of argv) {
    if (arg === '--json') mode = 'json';
    else if (arg === '--jsonl') mode = 'jsonl';
    else if (arg === '--chat') mode = 'chat';
    else if (arg === '--memory') memory = true;
    else if (arg.startsWith('--')) throw new AppError('bad_request', `unknown option ${arg}\n${usage}`);
    else words.push(arg);
  }
  const text = words.join(' ').trim();
  const readsStdin = mode === 'jsonl' || mode === 'chat';
  if (readsStdin && text !== '')
    throw new AppError('bad_request', `--${mode} reads standard input\n${usage}`);
  if (!readsStdin && text === '') throw new AppError('bad_request', usage);
  return readsStdin ? { mode, memory } : { mode, memory, text };
}

const JsonlLine = z.object({
  id: z.union([z.string(), z.number()]).transform(String).optional(),
  text: z.string().min(1),
});

/** Sends one question through the engine as a new conversation and shapes the result. */
export async function askOne(engine: ConversationEngine, text: string, id?: string): Promise<AskRecord> {
  const conversation = `cli-${randomUUID()}`;
  const result = await engine.handle({
    channel: 'cli',
    userId: conversation,
    conversationId: conversation,
    isGroup: false,
    kind: 'text',
    text,
    receivedAt: new Date(),
    eventId: randomUUID(),
  });
  return {
    ...(id === undefined ? {} : { id }),
    route: result.decision?.route ?? null,
    reply: result.replies
      .map(replyText)
      .filter((t) => t !== '')
      .join('\n\n'),
    citations: result.replies.flatMap((r) =>
      r.type === 'sources'
        ? r.citations.map((c) => ({
            title: c.title,
            section: c.section,
            ...(c.url === undefined ? {} : { url: c.url }),
          }))
        : [],
    ),
    handoff: result.decision?.handoff ?? null,
  };
}

export function formatForPerson(record: AskRecord): string {
  const lines = [`[${record.route ?? '—'}]`, record.reply];
  if (record.citations.length > 0) {
    lines.push('', '出典:', ...record.citations.map(formatCitation));
  }
  if (record.handoff !== null)
    lines.push('', `→ 担当者へ引き継ぎ（${record.handoff.urgency === 'urgent' ? '緊急' : '通常'}）`);
  return lines.join('\n');
}

export interface AskIo {
  stdin: AsyncIterable<string>;
  write(text: string): void;
  error(text: string): void;
  /** Standard input is a terminal (the chat shows a prompt). */
  interactive?: boolean;
}

/** Runs the CLI; returns the process exit code. `open` builds the engine (and what it needs). */
export async function runAsk(
  argv: readonly string[],
  io: AskIo,
  open: (options: { memory: boolean }) => Promise<{ engine: ConversationEngine; close(): Promise<void> }>,
): Promise<number> {
  let args: AskArgs;
  try {
    args = parseAskArgs(argv);
  } catch (error) {
    io.error(`${error instanceof Error ? error.message : String(error)}\n`);
    return 64;
  }
  let opened: Awaited<ReturnType<typeof open>>;
  try {
    opened = await open({ memory: args.memory });
  } catch (error) {
    if (isAppError(error, 'db_locked')) {
      io.error(
        `${error.message}\nIs \`npm start\` running? It owns the embedded database. Use --memory for a throw-away database, or set DATABASE_URL to share PostgreSQL.\n`,
      );
      return 75;
    }
    throw error;
  }
  try {
    if (args.mode === 'chat')
      return await runChat(opened.engine, {
        lines: readLines(io.stdin),
        write: io.write,
        interactive: io.interactive ?? false,
      });
    if (args.mode !== 'jsonl') {
      const record = await askOne(opened.engine, args.text ?? '');
      io.write(`${args.mode === 'json' ? JSON.stringify(record) : formatForPerson(record)}\n`);
      return 0;
    }
    let failures = 0;
    let lineNo = 0;
    for await (const line of readLines(io.stdin)) {
      lineNo++;
      if (line.trim() === '') continue;
      const parsed = JsonlLine.safeParse(safeJson(line));
      if (!parsed.success) {
        failures++;
        io.error(`line ${lineNo}: expected {"id":…,"text":…}\n`);
        continue;
      }
      io.write(`${JSON.stringify(await askOne(opened.engine, parsed.data.text, parsed.data.id))}\n`);
    }
    return failures === 0 ? 0 : 65;
  } finally {
    await opened.close();
  }
}

function replyText(reply: OutboundReply): string {
  if (reply.type === 'text') return reply.text;
  if (reply.type === 'summary')
    return [reply.title, ...reply.rows.map((r) => `${r.label}: ${r.value}`)].join('\n');
  return '';
}

function safeJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    // Reported by the caller as a malformed line; the rest of the file is still answered.
    return undefined;
  }
}

async function* readLines(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += chunk;
    let at = buffer.indexOf('\n');
    while (at >= 0) {
      yield buffer.slice(0, at);
      buffer = buffer.slice(at + 1);
      at = buffer.indexOf('\n');
    }
  }
  if (buffer !== '') yield buffer;
}
