/**
 * The two moments where a SIGKILL used to lose an accepted message (found by tests/chaos/crash.chaos.ts):
 * 1. after the engine claimed the event and before it committed the turn: the retry was told "duplicate"
 *    and the channel sent nothing; now it is told to come back, and is answered once the claim's lease
 *    has run out;
 * 2. after the engine committed and before the channel stored the replies: the retry is a duplicate, and
 *    now carries the committed replies (`committedReplies`), so a channel whose outbox is idempotent per
 *    event can still deliver them.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConversationEngine } from '../../../src/composition/build-engine.ts';
import type { ConversationEngine } from '../../../src/core/engine.ts';
import { isAppError } from '../../../src/core/errors.ts';
import type { InboundMessage } from '../../../src/core/message.ts';
import { createConversationStore } from '../../../src/infra/db/conversations.repo.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { loadCenters, loadHotlines } from '../../../src/infra/settings/load-settings.ts';
import { createFakeKnowledge } from '../../conversations/support/fake-knowledge.ts';
import { createRecordingStaffDesk } from '../../conversations/support/recording-staff-desk.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';

describe(`crash windows in the engine (${testDbKind})`, () => {
  let db: Db;
  let engine: ConversationEngine;
  let now = new Date('2026-11-25T10:00:00+09:00');
  const message = (text: string): InboundMessage => {
    const user = `U${randomBytes(16).toString('hex')}`;
    return {
      channel: 'line',
      userId: user,
      conversationId: user,
      isGroup: false,
      kind: 'text',
      text,
      receivedAt: now,
      eventId: randomBytes(13).toString('hex'),
    };
  };

  beforeAll(async () => {
    db = await openTestDb();
    engine = buildConversationEngine({
      db,
      knowledge: createFakeKnowledge(),
      staffDesk: createRecordingStaffDesk(),
      hotlines: await loadHotlines('settings'),
      centers: (await loadCenters('settings')).list(),
      clock: { now: () => now },
      logger: createLogger({ level: 'silent' }),
    }).engine;
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  it('a turn that died after its claim is retried, not dropped as a duplicate', async () => {
    const m = message('ストレスチェックは何人から必要ですか');
    // What a process killed mid-turn leaves behind: the claim, and no commit.
    const store = createConversationStore(db);
    const claim = await store.claimInbound(
      { ...m, kind: 'text', text: m.text ?? null },
      { now, leaseMs: 20_000 },
    );
    expect(claim.status).toBe('claimed');
    // Within the lease the retry is told to come back later (a retryable conflict), never "duplicate".
    const early = await engine.handle(m).then(
      () => 'resolved',
      (e: unknown) => (isAppError(e, 'conflict') ? 'conflict' : String(e)),
    );
    expect(early).toBe('conflict');
    // Once the lease has run out the retry takes the event over and answers it.
    now = new Date(now.getTime() + 21_000);
    const retry = await engine.handle(m);
    expect(retry.duplicate).toBe(false);
    expect(retry.decision?.route).toBe('answer');
    expect(retry.replies.length).toBeGreaterThan(0);
  });

  it('a repeat after the commit is a duplicate that carries the committed replies', async () => {
    const m = message('もう死にたい');
    const first = await engine.handle(m);
    expect(first.decision?.route).toBe('crisis');
    const again = await engine.handle(m);
    expect(again.duplicate).toBe(true);
    expect(again.decision).toBeNull();
    expect(again.replies).toEqual([]);
    expect(again.committedReplies).toEqual(first.replies);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM handoffs WHERE user_id = $1', [m.userId]);
    expect(rows[0]).toEqual({ n: 1 });
  });
});
