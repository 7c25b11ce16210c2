/**
 * The per-conversation worker on the test database with the emulator: the loading animation (1:1 chats
 * with a model configured only), giving up on an event with an apology so it still gets one answer,
 * a duplicate that carries the first turn's replies, and events the engine has no use for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultWorkerSettings,
  drainConversation,
  type WorkerDeps,
} from '../../../src/channels/line/conversation-worker.ts';
import { acceptEvents } from '../../../src/channels/line/inbox.ts';
import { createLineApi } from '../../../src/channels/line/line-api.ts';
import type { ConversationEngine } from '../../../src/core/engine.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { type LineEmulator, startLineEmulator } from '../../fakes/line-emulator.ts';
import { openTestDb } from '../../support/db.ts';
import { accessToken, lineGroupId, lineUserId, messageEvent, textEvent } from './line-harness.ts';
import { createScriptedEngine } from './scripted-engine.ts';

describe('LINE conversation worker', () => {
  let db: Db;
  let line: LineEmulator;
  beforeAll(async () => {
    db = await openTestDb();
    line = await startLineEmulator({ channelAccessToken: accessToken });
  });
  afterAll(async () => {
    await line?.close();
    await db?.close();
  });

  function deps(
    engine: ConversationEngine,
    overrides: Partial<WorkerDeps['settings']> = {},
    slow = true,
  ): WorkerDeps {
    return {
      db,
      api: createLineApi({
        apiBaseUrl: line.url,
        dataApiBaseUrl: line.url,
        channelAccessToken: accessToken,
        timeoutMs: 2000,
      }),
      engine,
      slowness: { mayBeSlow: () => slow },
      clock: { now: () => new Date() },
      logger: createLogger({ level: 'silent' }),
      settings: {
        ...defaultWorkerSettings,
        modelConfigured: true,
        loadingSeconds: 10,
        retentionDays: 90,
        requestTimeoutMs: 2000,
        retryBaseMs: 10,
        ...overrides,
      },
      isStopping: () => false,
    };
  }
  const signal = new AbortController().signal;

  /** Accepts `events` as the webhook would and drains the conversation until it is idle. */
  async function run(conversationKey: string, events: Record<string, unknown>[], d: WorkerDeps) {
    await acceptEvents(db, events);
    for (let i = 0; i < 20; i++) {
      const result = await drainConversation(conversationKey, d, signal);
      if (result.kind === 'idle') return;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    throw new Error('conversation did not settle');
  }

  it('shows the loading animation in a 1:1 chat when a model may be slow, never in a group', async () => {
    const userId = lineUserId();
    await run(
      `line:${userId}`,
      [textEvent({ userId, text: '質問', replyToken: line.issueReplyToken({ to: userId }) })],
      deps(createScriptedEngine()),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(line.loadingCalls.filter((c) => c.chatId === userId)).toEqual([
      { chatId: userId, loadingSeconds: 10 },
    ]);

    const groupId = lineGroupId();
    await run(
      `line:${groupId}`,
      [textEvent({ userId, groupId, text: '質問', replyToken: line.issueReplyToken({ to: groupId }) })],
      deps(createScriptedEngine()),
    );
    const quick = lineUserId();
    await run(
      `line:${quick}`,
      [textEvent({ userId: quick, text: '質問' })],
      deps(createScriptedEngine(), {}, false),
    );
    const noModel = lineUserId();
    await run(
      `line:${noModel}`,
      [textEvent({ userId: noModel, text: '質問' })],
      deps(createScriptedEngine(), { modelConfigured: false }),
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(line.loadingCalls.filter((c) => [groupId, quick, noModel].includes(c.chatId))).toEqual([]);
  });

  it('answers an event the engine keeps failing on with one apology, and marks it failed', async () => {
    const userId = lineUserId();
    const engine = createScriptedEngine();
    engine.failNext(100);
    await run(
      `line:${userId}`,
      [textEvent({ userId, text: '障害中', replyToken: line.issueReplyToken({ to: userId }) })],
      deps(engine, { maxEventAttempts: 3 }),
    );
    expect(engine.calls).toHaveLength(3);
    expect(line.textsTo(userId)).toHaveLength(1);
    expect(line.textsTo(userId)[0]).toContain('申し訳ありません');
    expect(line.textsTo(userId)[0]).toContain('119');
    const row = await db.query(
      'SELECT state, last_error, payload FROM channel_inbox WHERE conversation_key = $1',
      [`line:${userId}`],
    );
    expect(row.rows).toEqual([{ state: 'failed', last_error: 'upstream_failed', payload: null }]);
  });

  it('writes the committed replies a duplicate carries (the engine committed, then the worker crashed)', async () => {
    const userId = lineUserId();
    const replay: ConversationEngine = {
      handle: async () => ({
        decision: null,
        replies: [],
        duplicate: true,
        committedReplies: [{ type: 'text', text: '前回の回答' }],
      }),
    };
    await run(
      `line:${userId}`,
      [textEvent({ userId, text: 'x', replyToken: line.issueReplyToken({ to: userId }) })],
      deps(replay),
    );
    expect(line.textsTo(userId)).toEqual(['前回の回答']);
    const silent: ConversationEngine = {
      handle: async () => ({ decision: null, replies: [], duplicate: true }),
    };
    const other = lineUserId();
    await run(`line:${other}`, [textEvent({ userId: other, text: 'x' })], deps(silent));
    expect(line.deliveriesTo(other)).toEqual([]);
  });

  it('acknowledges a message type LINE adds later without calling the engine', async () => {
    const userId = lineUserId();
    const engine = createScriptedEngine();
    await run(`line:${userId}`, [messageEvent({ userId, type: 'hologram' })], deps(engine));
    expect(engine.calls).toEqual([]);
    const row = await db.query('SELECT state FROM channel_inbox WHERE conversation_key = $1', [
      `line:${userId}`,
    ]);
    expect(row.rows).toEqual([{ state: 'done' }]);
  });
});
