/**
 * An OpenAI-compatible HTTP fake for tests (real HTTP on 127.0.0.1, random port). It answers
 * /v1/chat/completions (response_format json_schema and forced tool calls), /v1/moderations and
 * /v1/embeddings (float and base64, deterministic vectors) from scripts: a queue of canned responses or a
 * function of the request, with failure modes (malformed JSON, a hang that never answers, 500, 429).
 * Every request is recorded so tests can assert what was sent.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';

/** What one scripted chat call answers. `json` goes where the request asked for it (content or tool). */
export type ChatReply =
  | { kind: 'json'; value: unknown }
  | { kind: 'content'; content: string }
  | { kind: 'refusal'; refusal: string }
  | { kind: 'error'; status: 400 | 401 | 429 | 500 | 503; message?: string; retryAfterSeconds?: number }
  | { kind: 'hang' };

export type ModerationReply =
  | { kind: 'categories'; flagged: string[] }
  | { kind: 'error'; status: 429 | 500 }
  | { kind: 'hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** A script: replies taken in order, then the fallback (a reply, or a function of the request body). */
export interface Script<R, B> {
  enqueue(...replies: R[]): void;
  fallback: R | ((body: B) => R);
}

export const ChatRequest = z.object({
  model: z.string().min(1),
  messages: z
    .array(
      z.object({ role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']), content: z.unknown() }),
    )
    .min(1),
  response_format: z
    .object({
      type: z.enum(['text', 'json_object', 'json_schema']),
      json_schema: z
        .object({
          name: z.string(),
          schema: z.record(z.string(), z.unknown()),
          strict: z.boolean().optional(),
        })
        .optional(),
    })
    .optional(),
  tools: z
    .array(
      z.object({
        type: z.literal('function'),
        function: z.object({ name: z.string(), parameters: z.unknown() }),
      }),
    )
    .optional(),
  tool_choice: z.unknown().optional(),
  temperature: z.number().optional(),
});
export type ChatRequest = z.infer<typeof ChatRequest>;

const ModerationRequest = z.object({
  input: z.union([z.string(), z.array(z.string())]),
  model: z.string().optional(),
});
const EmbeddingRequest = z.object({
  input: z.union([z.string(), z.array(z.string())]),
  model: z.string().min(1),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
});

export interface OpenAiFake {
  /** Base URL for the SDK (`…/v1`). */
  baseURL: string;
  requests: RecordedRequest[];
  chat: Script<ChatReply, ChatRequest>;
  moderation: Script<ModerationReply, z.infer<typeof ModerationRequest>>;
  /** Embedding vector length (default 64). */
  embeddingDimension: number;
  /** How long each kind of call takes before it is answered (ms; default 0), as a real server would. */
  latencyMs: { chat: number; embeddings: number; moderation: number };
  close(): Promise<void>;
}

function createScript<R, B>(fallback: R | ((body: B) => R)): Script<R, B> & { next(body: B): R } {
  const queue: R[] = [];
  const script = {
    fallback,
    enqueue: (...replies: R[]) => {
      queue.push(...replies);
    },
    next(body: B): R {
      const queued = queue.shift();
      if (queued !== undefined) return queued;
      return typeof script.fallback === 'function' ? (script.fallback as (b: B) => R)(body) : script.fallback;
    },
  };
  return script;
}

export async function startOpenAiFake(options: { embeddingDimension?: number } = {}): Promise<OpenAiFake> {
  const requests: RecordedRequest[] = [];
  const chat = createScript<ChatReply, ChatRequest>({
    kind: 'error',
    status: 500,
    message: 'no scripted reply',
  });
  const moderation = createScript<ModerationReply, z.infer<typeof ModerationRequest>>({
    kind: 'categories',
    flagged: [],
  });
  const fake = { embeddingDimension: options.embeddingDimension ?? 64 };
  const latencyMs = { chat: 0, embeddings: 0, moderation: 0 };
  let counter = 0;

  const server = createServer((req, res) => {
    void readJson(req).then(async (body) => {
      const path = (req.url ?? '').replace(/\?.*$/, '');
      requests.push({ method: req.method ?? '', path, headers: req.headers, body });
      const kind = path.endsWith('/chat/completions')
        ? 'chat'
        : path.endsWith('/embeddings')
          ? 'embeddings'
          : 'moderation';
      if (latencyMs[kind] > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs[kind]));
      if (req.method !== 'POST') return sendError(res, 404, 'not found');
      if (!/^Bearer .+/.test(req.headers.authorization ?? '')) return sendError(res, 401, 'missing API key');
      if (path === '/v1/chat/completions') return answerChat(res, body);
      if (path === '/v1/moderations') return answerModeration(res, body);
      if (path === '/v1/embeddings') return answerEmbeddings(res, body);
      return sendError(res, 404, `unknown path ${path}`);
    });
  });

  function answerChat(res: ServerResponse, raw: unknown) {
    const parsed = ChatRequest.safeParse(raw);
    if (!parsed.success) return sendError(res, 400, `invalid request: ${parsed.error.issues[0]?.message}`);
    const request = parsed.data;
    const reply = chat.next(request);
    if (reply.kind === 'hang') return;
    if (reply.kind === 'error')
      return sendError(res, reply.status, reply.message ?? 'scripted error', reply.retryAfterSeconds);
    const wantsTool = request.tools !== undefined && request.tools.length > 0;
    const content =
      reply.kind === 'json' ? JSON.stringify(reply.value) : reply.kind === 'content' ? reply.content : null;
    const toolName = request.tools?.[0]?.function.name ?? 'tool';
    const message =
      reply.kind === 'refusal'
        ? { role: 'assistant', content: null, refusal: reply.refusal }
        : wantsTool
          ? {
              role: 'assistant',
              content: null,
              refusal: null,
              tool_calls: [
                {
                  id: `call_${++counter}`,
                  type: 'function',
                  function: { name: toolName, arguments: content },
                },
              ],
            }
          : { role: 'assistant', content, refusal: null };
    sendJson(res, 200, {
      id: `chatcmpl-${++counter}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: request.model,
      choices: [{ index: 0, message, finish_reason: wantsTool ? 'tool_calls' : 'stop', logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  }

  function answerModeration(res: ServerResponse, raw: unknown) {
    const parsed = ModerationRequest.safeParse(raw);
    if (!parsed.success) return sendError(res, 400, 'invalid moderation request');
    const reply = moderation.next(parsed.data);
    if (reply.kind === 'hang') return;
    if (reply.kind === 'error') return sendError(res, reply.status, 'scripted error');
    const inputs = Array.isArray(parsed.data.input) ? parsed.data.input : [parsed.data.input];
    const all = [
      'harassment',
      'hate',
      'self-harm',
      'self-harm/intent',
      'self-harm/instructions',
      'sexual',
      'violence',
    ];
    sendJson(res, 200, {
      id: `modr-${++counter}`,
      model: parsed.data.model ?? 'omni-moderation-latest',
      results: inputs.map(() => ({
        flagged: reply.flagged.length > 0,
        categories: Object.fromEntries(all.map((c) => [c, reply.flagged.includes(c)])),
        category_scores: Object.fromEntries(all.map((c) => [c, reply.flagged.includes(c) ? 0.99 : 0.01])),
        category_applied_input_types: Object.fromEntries(all.map((c) => [c, ['text']])),
      })),
    });
  }

  function answerEmbeddings(res: ServerResponse, raw: unknown) {
    const parsed = EmbeddingRequest.safeParse(raw);
    if (!parsed.success) return sendError(res, 400, 'invalid embeddings request');
    const inputs = Array.isArray(parsed.data.input) ? parsed.data.input : [parsed.data.input];
    const dimension = parsed.data.dimensions ?? fake.embeddingDimension;
    sendJson(res, 200, {
      object: 'list',
      model: parsed.data.model,
      data: inputs.map((text, index) => {
        const vector = deterministicVector(text, dimension);
        const embedding =
          parsed.data.encoding_format === 'base64'
            ? Buffer.from(new Float32Array(vector).buffer).toString('base64')
            : vector;
        return { object: 'embedding', index, embedding };
      }),
      usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    chat,
    moderation,
    latencyMs,
    get embeddingDimension() {
      return fake.embeddingDimension;
    },
    set embeddingDimension(value: number) {
      fake.embeddingDimension = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A unit vector derived from the text's hash: equal texts give equal vectors, any dimension. */
export function deterministicVector(text: string, dimension: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimension; block++) {
    const digest = createHash('sha256').update(`${block}:${text}`).digest();
    for (let i = 0; i + 1 < digest.length && values.length < dimension; i += 2) {
      values.push((digest.readUInt16BE(i) / 65535) * 2 - 1);
    }
  }
  const norm = Math.hypot(...values) || 1;
  return values.map((v) => v / norm);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch {
    // A body that is not JSON is recorded as text; the endpoint answers 400 for it.
    return text;
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res: ServerResponse, status: number, message: string, retryAfterSeconds?: number): void {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (retryAfterSeconds !== undefined) headers['retry-after'] = String(retryAfterSeconds);
  res.writeHead(status, headers);
  res.end(
    JSON.stringify({
      error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', code: null },
    }),
  );
}
