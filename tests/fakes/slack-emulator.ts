/**
 * A Slack Web API emulator for tests: real HTTP on 127.0.0.1 with a random port. Point Bolt or a WebClient
 * at `apiUrl` (it keeps the trailing slash: WebClient concatenates `${slackApiUrl}${method}`).
 *
 * Every call is recorded and checked against the official OpenAPI spec in tests/fixtures/specs/slack (required
 * parameters and their types, the token) plus the Block Kit limits the spec does not cover. A request that
 * breaks them gets `{ ok: false, error: 'invalid_arguments' }` and lands in `violations`, which tests assert
 * to be empty. 429 with `Retry-After` and platform errors are injected with `failNext`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { asArray, asObject, checkAgainstSpec, checkBlocks, loadSpec } from './slack-openapi.ts';
import { createSlackSocketMode, type SlackSocketMode } from './slack-socket.ts';

export interface RecordedCall {
  method: string;
  params: Record<string, unknown>;
  at: Date;
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: unknown[];
  threadTs?: string;
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  /** Every version the message had, oldest first (chat.update appends). */
  history: { text: string; blocks: unknown[] }[];
}

export type InjectedFailure = { status: 429; retryAfter: number } | { error: string } | { status: 500 };

export interface SlackEmulator {
  readonly origin: string;
  /** The Web API base with its trailing slash, for `clientOptions.slackApiUrl`. */
  readonly apiUrl: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly teamId: string;
  readonly calls: RecordedCall[];
  readonly violations: string[];
  readonly messages: StoredMessage[];
  readonly ephemerals: { channel: string; user: string; text: string; threadTs?: string }[];
  readonly openedViews: { triggerId: string; view: Record<string, unknown> }[];
  readonly homeViews: Map<string, Record<string, unknown>>;
  /** Bodies POSTed to response URLs this emulator handed out. */
  readonly responses: { id: string; body: Record<string, unknown> }[];
  /** Socket Mode: `apps.connections.open` (app-level token) and the WebSocket it hands out. */
  readonly socketMode: SlackSocketMode;
  setChannelMembers(channel: string, users: string[]): void;
  /** The next `times` calls to `method` fail as given, before any other checks. */
  failNext(method: string, failure: InjectedFailure, times?: number): void;
  createResponseUrl(): string;
  createTriggerId(): string;
  callsTo(method: string): RecordedCall[];
  /** A message posted by the app in `channel` (and thread), newest last. */
  messagesIn(channel: string, threadTs?: string): StoredMessage[];
  /** Polls `probe` until it returns a value other than undefined/false. */
  waitFor<T>(probe: () => T | undefined | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

export async function startSlackEmulator(
  options: { botUserId?: string; botId?: string; teamId?: string } = {},
): Promise<SlackEmulator> {
  const spec = loadSpec();
  const botUserId = options.botUserId ?? 'UBOT00001';
  const botId = options.botId ?? 'BBOT00001';
  const teamId = options.teamId ?? 'T00000001';
  const calls: RecordedCall[] = [];
  const violations: string[] = [];
  const messages: StoredMessage[] = [];
  const ephemerals: SlackEmulator['ephemerals'] = [];
  const openedViews: SlackEmulator['openedViews'] = [];
  const homeViews = new Map<string, Record<string, unknown>>();
  const responses: SlackEmulator['responses'] = [];
  const members = new Map<string, string[]>();
  const failures = new Map<string, { failure: InjectedFailure; times: number }>();
  const responseUrls = new Set<string>();
  let counter = 0;
  let origin = '';
  const socketMode = createSlackSocketMode(() => origin);

  const nextTs = () => {
    counter += 1;
    return `${Math.floor(Date.now() / 1000)}.${String(counter).padStart(6, '0')}`;
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      violations.push(`emulator crashed: ${String(error)}`);
      send(res, 500, { ok: false, error: 'internal_error' });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', origin);
    const raw = await readBody(req);
    if (url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      if (!responseUrls.has(id) || req.method !== 'POST') return send(res, 404, { ok: false });
      responses.push({ id, body: JSON.parse(raw || '{}') as Record<string, unknown> });
      return send(res, 200, { ok: true });
    }
    if (!url.pathname.startsWith('/api/')) return send(res, 404, { ok: false, error: 'unknown_path' });
    const method = url.pathname.slice('/api/'.length);
    const params = parseParams(req, raw, url);
    calls.push({ method, params, at: new Date() });

    const injected = failures.get(method);
    // Not in the Web API spec file we check against (its app-level token is not a bot token): checked here.
    if (method === 'apps.connections.open' && (injected === undefined || injected.times === 0)) {
      if (!/^Bearer xapp-/.test(req.headers.authorization ?? '')) {
        violations.push('apps.connections.open: needs the app-level token (xapp-…)');
        return send(res, 200, { ok: false, error: 'invalid_auth' });
      }
      return send(res, 200, { ok: true, url: socketMode.openConnectionUrl() });
    }
    if (injected !== undefined && injected.times > 0) {
      injected.times -= 1;
      const f = injected.failure;
      if ('error' in f) return send(res, 200, { ok: false, error: f.error });
      if (f.status === 429) {
        res.setHeader('retry-after', String(f.retryAfter));
        return send(res, 429, { ok: false, error: 'ratelimited' });
      }
      return send(res, 500, { ok: false, error: 'internal_error' });
    }

    const problems = checkAgainstSpec(spec, method, params, req.headers.authorization);
    problems.push(...checkBlocks(method, params));
    if (problems.length > 0) {
      violations.push(...problems.map((p) => `${method}: ${p}`));
      return send(res, 200, { ok: false, error: 'invalid_arguments', problems });
    }
    return send(res, 200, respond(method, params));
  }

  function respond(method: string, p: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case 'auth.test':
        return {
          ok: true,
          url: 'https://sanpo-test.slack.com/',
          team: 'さんぽテスト',
          user: 'sanpo-assistant',
          team_id: teamId,
          user_id: botUserId,
          bot_id: botId,
        };
      case 'chat.postMessage': {
        const message: StoredMessage = {
          channel: String(p.channel),
          ts: nextTs(),
          text: String(p.text ?? ''),
          blocks: asArray(p.blocks),
          history: [],
          ...(p.thread_ts === undefined ? {} : { threadTs: String(p.thread_ts) }),
          ...(p.metadata === undefined
            ? {}
            : { metadata: asObject(p.metadata) as StoredMessage['metadata'] }),
        };
        message.history.push({ text: message.text, blocks: message.blocks });
        messages.push(message);
        return {
          ok: true,
          channel: message.channel,
          ts: message.ts,
          message: { type: 'message', text: message.text, ts: message.ts, bot_id: botId, user: botUserId },
        };
      }
      case 'chat.update': {
        const message = messages.find((m) => m.channel === p.channel && m.ts === p.ts);
        if (message === undefined) return { ok: false, error: 'message_not_found' };
        if (p.text !== undefined) message.text = String(p.text);
        if (p.blocks !== undefined) message.blocks = asArray(p.blocks);
        message.history.push({ text: message.text, blocks: message.blocks });
        return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
      }
      case 'chat.postEphemeral': {
        ephemerals.push({
          channel: String(p.channel),
          user: String(p.user),
          text: String(p.text ?? ''),
          ...(p.thread_ts === undefined ? {} : { threadTs: String(p.thread_ts) }),
        });
        return { ok: true, message_ts: nextTs() };
      }
      case 'conversations.members': {
        const list = members.get(String(p.channel));
        if (list === undefined) return { ok: false, error: 'channel_not_found' };
        const limit = Number(p.limit ?? 100);
        const start = Number(p.cursor ?? 0);
        const page = list.slice(start, start + limit);
        const next = start + limit < list.length ? String(start + limit) : '';
        return { ok: true, members: page, response_metadata: { next_cursor: next } };
      }
      case 'conversations.history': {
        const oldest = Number(p.oldest ?? 0);
        const latest = p.latest === undefined ? Number.POSITIVE_INFINITY : Number(p.latest);
        const inclusive = p.inclusive === 'true' || p.inclusive === true;
        const found = messages
          .filter(
            (m) =>
              m.channel === p.channel &&
              m.threadTs === undefined &&
              Number(m.ts) >= oldest &&
              (inclusive ? Number(m.ts) <= latest : Number(m.ts) < latest),
          )
          .reverse()
          .slice(0, Number(p.limit ?? 100))
          .map((m) => toApiMessage(m, p.include_all_metadata === 'true'));
        return { ok: true, messages: found, has_more: false };
      }
      case 'conversations.replies': {
        const found = messages
          .filter((m) => m.channel === p.channel && (m.ts === p.ts || m.threadTs === p.ts))
          .map((m) => toApiMessage(m, p.include_all_metadata === 'true'));
        return { ok: true, messages: found, has_more: false };
      }
      case 'views.open': {
        const view = asObject(p.view);
        openedViews.push({ triggerId: String(p.trigger_id), view });
        return { ok: true, view: { id: `V${counter++}`, ...view } };
      }
      case 'views.publish': {
        const view = asObject(p.view);
        homeViews.set(String(p.user_id), view);
        return { ok: true, view: { id: `V${counter++}`, ...view } };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  function toApiMessage(m: StoredMessage, withMetadata: boolean): Record<string, unknown> {
    return {
      type: 'message',
      ts: m.ts,
      text: m.text,
      blocks: m.blocks,
      bot_id: botId,
      user: botUserId,
      ...(m.threadTs === undefined ? {} : { thread_ts: m.threadTs }),
      ...(withMetadata && m.metadata !== undefined ? { metadata: m.metadata } : {}),
    };
  }

  server.on('upgrade', (req, socket) => {
    if ((req.url ?? '').startsWith('/socket/')) socketMode.handleUpgrade(req, socket);
    else socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    origin,
    apiUrl: `${origin}/api/`,
    botUserId,
    botId,
    teamId,
    calls,
    violations,
    messages,
    ephemerals,
    openedViews,
    homeViews,
    responses,
    socketMode,
    setChannelMembers: (channel, users) => members.set(channel, [...users]),
    failNext: (method, failure, times = 1) => failures.set(method, { failure, times }),
    createResponseUrl() {
      const id = `R${++counter}`;
      responseUrls.add(id);
      return `${origin}/response/${id}`;
    },
    createTriggerId: () => `${++counter}.${Date.now()}.trigger`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messagesIn: (channel, threadTs) =>
      messages.filter((m) => m.channel === channel && m.threadTs === threadTs),
    async waitFor(probe, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const value = probe();
        if (value !== undefined && value !== false) return value as never;
        if (Date.now() > deadline) throw new Error('slack emulator: condition not met in time');
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    close: () =>
      new Promise((resolve) => {
        socketMode.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Parameters may come form-encoded, as JSON or in the query string; Slack accepts all three. */
function parseParams(req: IncomingMessage, raw: string, url: URL): Record<string, unknown> {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim();
  if (type === 'application/json' && raw !== '') Object.assign(params, JSON.parse(raw));
  else if (type === 'application/x-www-form-urlencoded')
    Object.assign(params, Object.fromEntries(new URLSearchParams(raw)));
  return params;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(payload);
}
