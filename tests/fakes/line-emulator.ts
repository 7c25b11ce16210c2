/**
 * A LINE Messaging API emulator for tests: real HTTP on 127.0.0.1 (random port), one origin for both
 * api.line.me and api-data.line.me (the SDK and our client drop any path in a base URL).
 *
 * - reply: tokens are issued by the test (`issueReplyToken`) with an age; a used, unknown or expired
 *   token gets 400 "Invalid reply token", as LINE answers.
 * - push: `X-Line-Retry-Key` is remembered for 24 h; a repeat gets 409 with `x-line-accepted-request-id`.
 * - loading animation (202; 400 unless 5–60 s in steps of 5, 1:1 chats only), profile, rich menus.
 * - failures on demand: `failNext` (a scripted queue) and `failureRate` (random 500/429), neither of which
 *   processes the request; `failNext({ delayMs, process: true })` processes it and answers late (a
 *   timeout whose request landed).
 * - every request body is checked against tests/fixtures/specs/line/messaging-api.yml plus the documented
 *   limits the spec leaves out; a violation gets 400 and is kept in `violations` (tests expect none).
 * - every request is recorded; `deliveries` holds the accepted replies and pushes, so tests can count
 *   what each user received.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadLineSpec, type SpecValidator } from './line-openapi.ts';

export interface RecordedRequest {
  method: string;
  path: string;
  retryKey: string | null;
  body: unknown;
  status: number;
  at: number;
}

export interface Delivery {
  via: 'reply' | 'push';
  to: string;
  messages: Array<Record<string, unknown>>;
  requestId: string;
  retryKey: string | null;
  replyToken: string | null;
  at: number;
}

export interface ScriptedFailure {
  /** Only requests whose path starts with this (default: any). */
  path?: string;
  status?: number;
  /** Answer this late (ms). */
  delayMs?: number;
  /** Process the request normally but answer late: with `delayMs`, a timeout whose request landed. */
  process?: boolean;
}

export interface LineEmulatorOptions {
  channelAccessToken?: string;
  /** Share of reply/push/loading calls that fail with 500 or 429 without being processed (0–1). */
  failureRate?: number;
  /** Reply tokens are valid this long after issue (default 60 s). */
  replyTokenTtlMs?: number;
  /** Deterministic failures for a given seed. */
  seed?: number;
}

export interface RichMenuRecord {
  richMenuId: string;
  menu: Record<string, unknown>;
  image: Buffer | null;
}

export interface LineEmulator {
  /** Origin only, e.g. http://127.0.0.1:41234. */
  url: string;
  requests: RecordedRequest[];
  deliveries: Delivery[];
  violations: string[];
  loadingCalls: Array<{ chatId: string; loadingSeconds: number | undefined }>;
  richMenus: Map<string, RichMenuRecord>;
  defaultRichMenuId: string | null;
  issueReplyToken(options: { to: string; ageMs?: number }): string;
  failNext(...failures: ScriptedFailure[]): void;
  setFailureRate(rate: number): void;
  deliveriesTo(to: string): Delivery[];
  /** Texts of every message delivered to `to` (Flex messages as their altText). */
  textsTo(to: string): string[];
  close(): Promise<void>;
}

const retryKeyTtlMs = 24 * 60 * 60 * 1000;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const chatIdPattern = /^[UCR][0-9a-f]{32}$/;
const maxImageBytes = 1024 * 1024;

export async function startLineEmulator(options: LineEmulatorOptions = {}): Promise<LineEmulator> {
  const spec: SpecValidator = await loadLineSpec();
  const token = options.channelAccessToken ?? 'test-channel-access-token';
  const ttl = options.replyTokenTtlMs ?? 60_000;
  let failureRate = options.failureRate ?? 0;
  const random = seededRandom(options.seed ?? Date.now());
  const replyTokens = new Map<string, { to: string; issuedAt: number; used: boolean }>();
  const retryKeys = new Map<string, { requestId: string; at: number; sentMessages: unknown[] }>();
  const scripted: ScriptedFailure[] = [];
  const sockets = new Set<import('node:net').Socket>();

  const state: Omit<LineEmulator, 'url' | 'close'> = {
    requests: [],
    deliveries: [],
    violations: [],
    loadingCalls: [],
    richMenus: new Map(),
    defaultRichMenuId: null,
    issueReplyToken({ to, ageMs = 0 }) {
      const value = randomBytes(16).toString('hex');
      replyTokens.set(value, { to, issuedAt: Date.now() - ageMs, used: false });
      return value;
    },
    failNext(...failures) {
      scripted.push(...failures);
    },
    setFailureRate(rate) {
      failureRate = rate;
    },
    deliveriesTo(to) {
      return state.deliveries.filter((d) => d.to === to);
    },
    textsTo(to) {
      return state
        .deliveriesTo(to)
        .flatMap((d) => d.messages.map((m) => String(m.type === 'text' ? m.text : m.altText)));
    },
  };

  type Answer = { status: number; body: unknown; headers?: Record<string, string> };

  const route = async (req: IncomingMessage, path: string, raw: Buffer): Promise<Answer> => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      return {
        status: 401,
        body: { message: 'Authentication failed due to the following reason: invalid token.' },
      };
    }
    const json = (): unknown => {
      try {
        return JSON.parse(raw.toString('utf8'));
      } catch {
        return undefined;
      }
    };
    const invalid = (schema: string, body: unknown, extra: string[] = []): Answer | null => {
      const errors = [...(body === undefined ? ['$: not JSON'] : spec.validate(schema, body)), ...extra];
      if (errors.length === 0) return null;
      state.violations.push(...errors.map((e) => `${path} ${e}`));
      return {
        status: 400,
        body: { message: 'The request body has errors', details: errors.map((message) => ({ message })) },
      };
    };
    const method = req.method ?? 'GET';
    if (method === 'POST' && path === '/v2/bot/message/reply') {
      const body = json();
      if (req.headers['x-line-retry-key'] !== undefined) {
        state.violations.push(`${path} X-Line-Retry-Key is only for push and friends`);
        return { status: 400, body: { message: 'X-Line-Retry-Key is not supported for this API' } };
      }
      const bad = invalid('ReplyMessageRequest', body, messageLimits(body));
      if (bad !== null) return bad;
      const request = body as { replyToken: string; messages: Array<Record<string, unknown>> };
      const issued = replyTokens.get(request.replyToken);
      if (issued === undefined || issued.used || Date.now() - issued.issuedAt > ttl) {
        return { status: 400, body: { message: 'Invalid reply token' } };
      }
      issued.used = true;
      const requestId = randomUUID();
      state.deliveries.push({
        via: 'reply',
        to: issued.to,
        messages: request.messages,
        requestId,
        retryKey: null,
        replyToken: request.replyToken,
        at: Date.now(),
      });
      return {
        status: 200,
        body: { sentMessages: sentMessages(request.messages) },
        headers: { 'x-line-request-id': requestId },
      };
    }
    if (method === 'POST' && path === '/v2/bot/message/push') {
      const body = json();
      const retryKey = headerValue(req.headers['x-line-retry-key']);
      if (retryKey !== null && !uuidPattern.test(retryKey)) {
        state.violations.push(`${path} X-Line-Retry-Key is not a UUID`);
        return { status: 400, body: { message: 'The value for the X-Line-Retry-Key header is invalid' } };
      }
      const request = body as { to?: unknown; messages?: Array<Record<string, unknown>> };
      const extra =
        typeof request?.to === 'string' && !chatIdPattern.test(request.to) ? ['$.to: not a chat id'] : [];
      const bad = invalid('PushMessageRequest', body, [...messageLimits(body), ...extra]);
      if (bad !== null) return bad;
      const now = Date.now();
      if (retryKey !== null) {
        const seen = retryKeys.get(retryKey);
        if (seen !== undefined && now - seen.at < retryKeyTtlMs) {
          return {
            status: 409,
            body: { message: 'The retry key is already accepted', sentMessages: seen.sentMessages },
            headers: { 'x-line-accepted-request-id': seen.requestId },
          };
        }
      }
      const requestId = randomUUID();
      const messages = request.messages ?? [];
      const sent = sentMessages(messages);
      if (retryKey !== null) retryKeys.set(retryKey, { requestId, at: now, sentMessages: sent });
      state.deliveries.push({
        via: 'push',
        to: String(request.to),
        messages,
        requestId,
        retryKey,
        replyToken: null,
        at: now,
      });
      return { status: 200, body: { sentMessages: sent }, headers: { 'x-line-request-id': requestId } };
    }
    if (method === 'POST' && path === '/v2/bot/chat/loading/start') {
      const body = json() as { chatId?: unknown; loadingSeconds?: unknown } | undefined;
      const extra: string[] = [];
      if (typeof body?.loadingSeconds === 'number' && body.loadingSeconds % 5 !== 0) {
        extra.push('$.loadingSeconds: not a multiple of 5');
      }
      if (typeof body?.chatId === 'string' && !body.chatId.startsWith('U')) {
        extra.push('$.chatId: loading animation is for one-on-one chats only');
      }
      const bad = invalid('ShowLoadingAnimationRequest', body, extra);
      if (bad !== null) return bad;
      state.loadingCalls.push({
        chatId: String(body?.chatId),
        loadingSeconds: typeof body?.loadingSeconds === 'number' ? body.loadingSeconds : undefined,
      });
      return { status: 202, body: {} };
    }
    const profile = /^\/v2\/bot\/profile\/([^/]+)$/.exec(path);
    if (method === 'GET' && profile !== null) {
      const userId = decodeURIComponent(profile[1] ?? '');
      if (!/^U[0-9a-f]{32}$/.test(userId)) return { status: 404, body: { message: 'Not found' } };
      return { status: 200, body: { displayName: 'テスト利用者', userId, language: 'ja' } };
    }
    return routeRichMenu(method, path, raw, req, json, invalid);
  };

  const routeRichMenu = (
    method: string,
    path: string,
    raw: Buffer,
    req: IncomingMessage,
    json: () => unknown,
    invalid: (schema: string, body: unknown, extra?: string[]) => Answer | null,
  ): Answer => {
    if (method === 'POST' && path === '/v2/bot/richmenu') {
      const body = json();
      const bad = invalid('RichMenuRequest', body, richMenuLimits(body));
      if (bad !== null) return bad;
      const richMenuId = `richmenu-${randomBytes(16).toString('hex')}`;
      state.richMenus.set(richMenuId, { richMenuId, menu: body as Record<string, unknown>, image: null });
      return { status: 200, body: { richMenuId } };
    }
    if (method === 'GET' && path === '/v2/bot/richmenu/list') {
      return {
        status: 200,
        body: {
          richmenus: [...state.richMenus.values()].map((r) => ({ richMenuId: r.richMenuId, ...r.menu })),
        },
      };
    }
    const content = /^\/v2\/bot\/richmenu\/([^/]+)\/content$/.exec(path);
    if (method === 'POST' && content !== null) {
      const record = state.richMenus.get(decodeURIComponent(content[1] ?? ''));
      if (record === undefined) return { status: 404, body: { message: 'Not found' } };
      if (record.image !== null) {
        return { status: 400, body: { message: 'An image has already been uploaded to the richmenu' } };
      }
      const type = req.headers['content-type'];
      const size = record.menu.size as { width: number; height: number };
      const dims = pngSize(raw);
      const problems = [
        ...(type === 'image/png' || type === 'image/jpeg'
          ? []
          : ['content-type must be image/png or image/jpeg']),
        ...(raw.length > maxImageBytes ? ['image over 1 MB'] : []),
        ...(dims === null ? ['not a PNG image'] : []),
        ...(dims !== null && (dims.width !== size.width || dims.height !== size.height)
          ? [`image is ${dims.width}x${dims.height}, menu is ${size.width}x${size.height}`]
          : []),
      ];
      if (problems.length > 0) {
        state.violations.push(...problems.map((p) => `${path} ${p}`));
        return { status: 400, body: { message: problems.join('; ') } };
      }
      record.image = raw;
      return { status: 200, body: {} };
    }
    const single = /^\/v2\/bot\/richmenu\/([^/]+)$/.exec(path);
    if (method === 'DELETE' && single !== null) {
      const id = decodeURIComponent(single[1] ?? '');
      if (!state.richMenus.delete(id)) return { status: 404, body: { message: 'Not found' } };
      if (state.defaultRichMenuId === id) state.defaultRichMenuId = null;
      return { status: 200, body: {} };
    }
    const setDefault = /^\/v2\/bot\/user\/all\/richmenu\/([^/]+)$/.exec(path);
    if (method === 'POST' && setDefault !== null) {
      const record = state.richMenus.get(decodeURIComponent(setDefault[1] ?? ''));
      if (record === undefined) return { status: 404, body: { message: 'Not found' } };
      if (record.image === null) {
        return { status: 400, body: { message: 'must upload richmenu image before applying it to user' } };
      }
      state.defaultRichMenuId = record.richMenuId;
      return { status: 200, body: {} };
    }
    if (method === 'GET' && path === '/v2/bot/user/all/richmenu') {
      if (state.defaultRichMenuId === null) return { status: 404, body: { message: 'no default richmenu' } };
      return { status: 200, body: { richMenuId: state.defaultRichMenuId } };
    }
    return { status: 404, body: { message: 'Not found' } };
  };

  const injectable = (path: string) =>
    path === '/v2/bot/message/reply' ||
    path === '/v2/bot/message/push' ||
    path === '/v2/bot/chat/loading/start';

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      retryKey: headerValue(req.headers['x-line-retry-key']),
      body: parseMaybe(raw, req.headers['content-type']),
      status: 0,
      at: Date.now(),
    };
    state.requests.push(record);
    const index = scripted.findIndex((f) => f.path === undefined || path.startsWith(f.path));
    const failure = index >= 0 ? scripted.splice(index, 1)[0] : undefined;
    let answer: Answer;
    if (failure !== undefined && !failure.process) {
      answer = failureAnswer(failure.status ?? 500);
    } else if (failure === undefined && injectable(path) && failureRate > 0 && random() < failureRate) {
      answer = failureAnswer(random() < 0.5 ? 500 : 429);
    } else {
      answer = await route(req, path, raw);
    }
    if (failure?.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, failure.delayMs));
    record.status = answer.status;
    const payload = JSON.stringify(answer.body);
    if (res.destroyed) return;
    res.writeHead(answer.status, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
      'x-line-request-id': answer.headers?.['x-line-request-id'] ?? randomUUID(),
      ...answer.headers,
    });
    res.end(payload);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      state.violations.push(`emulator error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  }) as LineEmulator;
}

/** Limits from LINE's documentation that the OpenAPI spec does not state (LINE Messaging API reference: message and quick-reply limits). */
function messageLimits(body: unknown): string[] {
  const messages = (body as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages)) return [];
  const errors: string[] = [];
  messages.forEach((message: Record<string, unknown>, i) => {
    if (message?.type === 'text' && typeof message.text === 'string') {
      if (message.text.length > 5000) errors.push(`$.messages[${i}].text: over 5000 UTF-16 units`);
      if (message.text.length === 0) errors.push(`$.messages[${i}].text: empty`);
    }
    if (message?.type === 'flex' && typeof message.altText === 'string' && message.altText.length > 1500) {
      errors.push(`$.messages[${i}].altText: over 1500 characters`);
    }
    const items = (message?.quickReply as { items?: Array<{ action?: { label?: unknown } }> } | undefined)
      ?.items;
    items?.forEach((item, j) => {
      const label = item.action?.label;
      if (typeof label !== 'string' || Array.from(label).length > 20 || label.length === 0) {
        errors.push(`$.messages[${i}].quickReply.items[${j}].action.label: 1–20 characters required`);
      }
    });
  });
  return errors;
}

function richMenuLimits(body: unknown): string[] {
  const menu = body as { size?: { width?: number; height?: number }; areas?: Array<Record<string, unknown>> };
  const errors: string[] = [];
  if (menu?.size?.width !== 2500 || (menu.size.height !== 1686 && menu.size.height !== 843)) {
    errors.push('$.size: must be 2500x1686 or 2500x843');
  }
  if (!Array.isArray(menu?.areas) || menu.areas.length === 0 || menu.areas.length > 20) {
    errors.push('$.areas: 1–20 areas required');
  }
  for (const [i, area] of (menu?.areas ?? []).entries()) {
    const b = area.bounds as { x: number; y: number; width: number; height: number } | undefined;
    if (b === undefined) errors.push(`$.areas[${i}].bounds: required`);
    else if (b.x + b.width > (menu.size?.width ?? 0) || b.y + b.height > (menu.size?.height ?? 0)) {
      errors.push(`$.areas[${i}].bounds: outside the menu`);
    }
    if (area.action === undefined) errors.push(`$.areas[${i}].action: required`);
  }
  return errors;
}

function failureAnswer(status: number) {
  return {
    status,
    body: { message: status === 429 ? 'Too many requests' : 'Internal server error' },
  };
}

function sentMessages(messages: unknown[]): Array<{ id: string; quoteToken: string }> {
  return messages.map(() => ({
    id: String(BigInt(`0x${randomBytes(7).toString('hex')}`)),
    quoteToken: randomBytes(12).toString('base64url'),
  }));
}

function headerValue(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

function parseMaybe(raw: Buffer, contentType: string | undefined): unknown {
  if (raw.length === 0) return null;
  if (contentType?.startsWith('application/json') !== true) return { bytes: raw.length };
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return raw.toString('utf8');
  }
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are not a PNG. */
function pngSize(bytes: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(signature)) return null;
  if (bytes.subarray(12, 16).toString('latin1') !== 'IHDR') return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** mulberry32: small, fast and reproducible for a seed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
