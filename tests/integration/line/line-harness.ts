/**
 * Runs the real app (startApp) against the LINE emulator with a scripted engine, and builds, signs and
 * posts webhook bodies exactly as LINE does (HMAC-SHA256 of the raw bytes, Base64).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLineUserMessenger } from '../../../src/channels/line/user-messenger.ts';
import { type AppOptions, type RunningApp, startApp } from '../../../src/composition/app.ts';
import { parseConfig } from '../../../src/config.ts';
import type { ConversationEngine } from '../../../src/core/engine.ts';
import type { UserMessenger } from '../../../src/core/user-messenger.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { type LineEmulator, type LineEmulatorOptions, startLineEmulator } from '../../fakes/line-emulator.ts';
import { createTestDatabaseUrl, dropTestDatabase } from '../../support/db.ts';
import { createScriptedEngine, type ScriptedEngine } from './scripted-engine.ts';

export const channelSecret = 'test-line-channel-secret-0123456789';
export const accessToken = 'test-channel-access-token';

export interface LineTestApp {
  app: RunningApp;
  line: LineEmulator;
  engine: ScriptedEngine;
  /** A LINE UserMessenger over the running app's database and queue. */
  lineMessenger(): UserMessenger;
  /** POSTs `body` (an object, or exact bytes) signed with the channel secret. */
  post(body: unknown, options?: { signature?: string | null }): Promise<Response>;
  close(): Promise<void>;
}

export async function startLineTestApp(
  options: {
    env?: Record<string, string>;
    emulator?: LineEmulatorOptions;
    /** The engine to run; 'real' runs the app exactly as `npm start` builds it (knowledge base, staff, bookings). */
    engine?: ConversationEngine | 'real';
    app?: AppOptions;
  } = {},
): Promise<LineTestApp> {
  const line = await startLineEmulator({ channelAccessToken: accessToken, ...options.emulator });
  const dir = await mkdtemp(join(tmpdir(), 'sanpo-line-'));
  const databaseUrl = await createTestDatabaseUrl();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'silent',
    PGLITE_DIR: join(dir, 'pglite'),
    LINE_CHANNEL_SECRET: channelSecret,
    LINE_CHANNEL_ACCESS_TOKEN: accessToken,
    LINE_API_BASE_URL: line.url,
    LINE_DATA_API_BASE_URL: line.url,
    LINE_REQUEST_TIMEOUT_MS: '2000',
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    ...options.env,
  });
  const engine = createScriptedEngine();
  const app = await startApp(config, createLogger({ level: config.LOG_LEVEL }), {
    ...(options.engine === 'real' ? {} : { engine: options.engine ?? engine }),
    ...options.app,
  });
  return {
    app,
    line,
    engine,
    lineMessenger: () => {
      if (app.queue === undefined) throw new Error('The app started no job queue');
      return createLineUserMessenger({ db: app.db, queue: app.queue });
    },
    post: (body, postOptions = {}) => postSigned(`${app.url}/webhooks/line`, body, postOptions.signature),
    async close() {
      await app.close();
      await line.close();
      await rm(dir, { recursive: true, force: true });
      await dropTestDatabase(databaseUrl);
    },
  };
}

export function sign(raw: Buffer | string, secret: string = channelSecret): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}

export async function postSigned(
  url: string,
  body: unknown,
  signature?: string | null,
  /** Abort a request the server never answers (LINE itself gives up after a few seconds). */
  timeoutMs?: number,
): Promise<Response> {
  const raw = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const value = signature === undefined ? sign(raw) : signature;
  if (value !== null) headers['x-line-signature'] = value;
  return fetch(url, {
    method: 'POST',
    headers,
    body: new Uint8Array(raw),
    ...(timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(timeoutMs) }),
  });
}

/** A LINE user id (U + 32 hex), as the emulator and LINE expect. */
export function lineUserId(): string {
  return `U${randomBytes(16).toString('hex')}`;
}

export function lineGroupId(): string {
  return `C${randomBytes(16).toString('hex')}`;
}

/** A ULID-shaped webhookEventId. */
export function eventId(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return Array.from(randomBytes(26), (b) => alphabet[b % 32]).join('');
}

export interface EventOptions {
  id?: string;
  userId: string;
  groupId?: string;
  replyToken?: string;
  redelivery?: boolean;
  mode?: 'active' | 'standby';
  timestamp?: number;
}

function common(options: EventOptions, type: string) {
  return {
    type,
    mode: options.mode ?? 'active',
    timestamp: options.timestamp ?? Date.now(),
    source:
      options.groupId === undefined
        ? { type: 'user', userId: options.userId }
        : { type: 'group', groupId: options.groupId, userId: options.userId },
    webhookEventId: options.id ?? eventId(),
    deliveryContext: { isRedelivery: options.redelivery ?? false },
    ...(options.replyToken === undefined ? {} : { replyToken: options.replyToken }),
  };
}

export function textEvent(options: EventOptions & { text: string }) {
  return {
    ...common(options, 'message'),
    message: { type: 'text', id: String(Date.now()), quoteToken: 'q', text: options.text },
  };
}

export function messageEvent(options: EventOptions & { type: string }) {
  return { ...common(options, 'message'), message: { type: options.type, id: String(Date.now()) } };
}

export function postbackEvent(options: EventOptions & { data: string; params?: Record<string, string> }) {
  return {
    ...common(options, 'postback'),
    postback: { data: options.data, ...(options.params === undefined ? {} : { params: options.params }) },
  };
}

export function followEvent(options: EventOptions) {
  return { ...common(options, 'follow'), follow: { isUnblocked: false } };
}

export function unfollowEvent(options: EventOptions) {
  const { replyToken: _unused, ...rest } = options;
  return common(rest, 'unfollow');
}

export function envelope(...events: unknown[]) {
  return { destination: `U${'0'.repeat(32)}`, events };
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 20_000,
  what = 'condition',
) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}`);
}
