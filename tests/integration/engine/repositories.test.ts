/**
 * The conversation store and handoff repository on the test database (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL): de-duplication by (channel, event id), claims that a dead worker gives back,
 * optimistic turns, and the handoff lifecycle keeping the conversation's mode in step.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationStore, InboundRecord } from '../../../src/core/conversation/conversation-store.ts';
import { emptyState } from '../../../src/core/conversation/state.ts';
import type { HandoffRepository } from '../../../src/core/handoff/handoff-repository.ts';
import { createConversationStore } from '../../../src/infra/db/conversations.repo.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createHandoffRepository } from '../../../src/infra/db/handoffs.repo.ts';
import { openTestDb } from '../../support/db.ts';

const t0 = new Date('2026-11-25T01:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
let counter = 0;

function inbound(
  conversation: string,
  text: string | null = 'こんにちは',
  eventId = `ev-${++counter}`,
): InboundRecord {
  return {
    channel: 'line',
    userId: conversation,
    conversationId: conversation,
    isGroup: false,
    kind: 'text',
    text,
    eventId,
    receivedAt: t0,
  };
}

describe('conversation store and handoff repository', () => {
  let db: Db;
  let store: ConversationStore;
  let handoffs: HandoffRepository;

  beforeAll(async () => {
    db = await openTestDb();
    store = createConversationStore(db);
    handoffs = createHandoffRepository(db);
  });
  afterAll(async () => {
    await db.close();
  });

  async function claim(record: InboundRecord, minutes = 0) {
    const result = await store.claimInbound(record, { now: at(minutes), leaseMs: 120_000 });
    if (result.status !== 'claimed') throw new Error('expected a claim');
    return result;
  }

  it('claims an event once; a repeat waits while it is held, and is a duplicate once handled', async () => {
    const record = inbound('U-dedupe');
    const first = await claim(record);
    // Held under a live lease: "try again later", never "handled" (a crash mid-turn must not lose it).
    expect(await store.claimInbound(record, { now: at(0), leaseMs: 120_000 })).toEqual({
      status: 'in_progress',
    });
    await store.commitTurn(
      {
        conversationId: first.conversation.id,
        expectedVersion: 0,
        inboundMessageId: first.messageId,
        decision: null,
        replies: [],
        state: emptyState(),
      },
      at(0),
    );
    expect(await store.claimInbound(record, { now: at(60), leaseMs: 120_000 })).toMatchObject({
      status: 'duplicate',
    });
  });

  it('lets a retry take over an event whose worker died, or that was given back', async () => {
    const record = inbound('U-lease');
    const first = await claim(record);
    expect((await store.claimInbound(record, { now: at(1), leaseMs: 120_000 })).status).toBe('in_progress');
    const retaken = await claim(record, 3);
    expect(retaken.messageId).toBe(first.messageId);
    await store.releaseClaim(retaken.messageId);
    expect((await claim(record, 3)).messageId).toBe(first.messageId);
  });

  it('refuses a turn when the conversation changed meanwhile', async () => {
    const a = await claim(inbound('U-conflict'));
    const b = await claim(inbound('U-conflict'));
    const turn = (c: typeof a) => ({
      conversationId: c.conversation.id,
      expectedVersion: c.conversation.version,
      inboundMessageId: c.messageId,
      decision: null,
      replies: [],
      state: emptyState(),
    });
    await store.commitTurn(turn(a), at(0));
    await expect(store.commitTurn(turn(b), at(0))).rejects.toMatchObject({ code: 'conflict' });
  });

  it('claims a first message while another transaction creates the same conversation', async () => {
    // On PostgreSQL the claim's insert waits for the other transaction and then finds the row taken, yet the
    // row is newer than the claim statement's snapshot: the claim must read it again, not fail.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let inserted: () => void = () => {};
    const started = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    const other = db.transaction(async (tx) => {
      await tx.query(
        "INSERT INTO conversations (channel, external_id, is_group) VALUES ('line', 'U-race', false)",
      );
      inserted();
      await held;
    });
    await started;
    const claiming = store.claimInbound(inbound('U-race'), { now: at(0), leaseMs: 120_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    release();
    await other;
    const result = await claiming;
    expect(result.status).toBe('claimed');
    const rows = await db.query<{ id: string }>(
      "SELECT id FROM conversations WHERE channel = 'line' AND external_id = 'U-race'",
    );
    expect(rows.rows).toHaveLength(1);
    expect(result.status === 'claimed' && result.conversation.id).toBe(rows.rows[0]?.id);
  });

  it('stores decisions and replies, and gives back the recent questions answered', async () => {
    const q = await claim(inbound('U-history', '地さんぽは何人まで？'));
    await store.commitTurn(
      {
        conversationId: q.conversation.id,
        expectedVersion: q.conversation.version,
        inboundMessageId: q.messageId,
        decision: {
          route: 'answer',
          handoff: null,
          decidedBy: 'rules',
          topic: 'center_services',
          grounded: true,
        },
        replies: [
          { type: 'text', text: '50人未満です。' },
          { type: 'sources', citations: [] },
          { type: 'text', text: '詳しくはお近くのセンターへ。' },
        ],
        state: emptyState(),
      },
      at(0),
    );
    const hi = await claim(inbound('U-history', 'ありがとう'), 1);
    await store.commitTurn(
      {
        conversationId: hi.conversation.id,
        expectedVersion: hi.conversation.version,
        inboundMessageId: hi.messageId,
        decision: { route: 'smalltalk', handoff: null, decidedBy: 'rules' },
        replies: [],
        state: emptyState(),
      },
      at(1),
    );
    expect(await store.recentQuestions(q.conversation.id, { since: at(-30), limit: 3 })).toEqual([
      '地さんぽは何人まで？',
    ]);
    expect(await store.recentQuestions(q.conversation.id, { since: at(10), limit: 3 })).toEqual([]);
    const lines = await store.recentLines(q.conversation.id, 10);
    expect(lines.map((l) => [l.from, l.text])).toEqual([
      ['user', '地さんぽは何人まで？'],
      ['bot', '50人未満です。'],
      ['bot', '詳しくはお近くのセンターへ。'],
      ['user', 'ありがとう'],
    ]);
    // Every reply has its own transcript row, in reply order (sources carry no text).
    const outbound = await db.query<{ kind: string }>(
      "SELECT kind FROM messages WHERE conversation_id = $1 AND direction = 'out' ORDER BY seq",
      [q.conversation.id],
    );
    expect(outbound.rows.map((r) => r.kind)).toEqual(['text', 'sources', 'text']);
    const decision = await db.query<{ grounded: boolean; topic: string }>(
      'SELECT grounded, topic FROM decisions WHERE message_id = $1',
      [q.messageId],
    );
    expect(decision.rows[0]).toEqual({ grounded: true, topic: 'center_services' });
  });

  it('opens a handoff with the turn, and ends it with the conversation back in bot mode', async () => {
    const c = await claim(inbound('U-handoff', '部下が眠れないようです'));
    const id = crypto.randomUUID();
    await store.commitTurn(
      {
        conversationId: c.conversation.id,
        expectedVersion: c.conversation.version,
        inboundMessageId: c.messageId,
        decision: { route: 'handoff', handoff: { urgency: 'normal' }, decidedBy: 'rules' },
        replies: [],
        state: emptyState(),
        openHandoff: {
          id,
          route: 'handoff',
          urgency: 'normal',
          centerId: 'tokyo',
          summary: '部下のメンタルヘルス・心身の不調についての相談',
        },
      },
      at(0),
    );
    const mode = async () =>
      (await db.query<{ mode: string }>('SELECT mode FROM conversations WHERE id = $1', [c.conversation.id]))
        .rows[0]?.mode;
    expect(await mode()).toBe('handoff');
    expect(await handoffs.findActive(c.conversation.id)).toMatchObject({
      id,
      status: 'open',
      centerId: 'tokyo',
      announcedAt: null,
    });
    expect((await handoffs.listUnannounced({ olderThan: at(1), limit: 10 })).map((h) => h.id)).toContain(id);
    await handoffs.markAnnounced(id, at(0));
    expect(await handoffs.claim(id, 'S1', at(2))).toMatchObject({ status: 'claimed', claimedBy: 'S1' });
    expect(await handoffs.claim(id, 'S2', at(3))).toBeNull();

    const relay = await claim(inbound('U-handoff', '補足です'), 4);
    await store.commitTurn(
      {
        conversationId: relay.conversation.id,
        expectedVersion: relay.conversation.version,
        inboundMessageId: relay.messageId,
        decision: null,
        replies: [],
        state: emptyState(),
        relayToHandoffId: id,
      },
      at(4),
    );
    const pending = await store.listPendingRelays({ olderThan: at(5), limit: 10 });
    expect(pending.find((p) => p.messageId === relay.messageId)).toMatchObject({
      handoffId: id,
      line: { from: 'user', text: '補足です' },
    });
    await store.markRelayed(relay.messageId, at(5));
    expect(
      (await store.listPendingRelays({ olderThan: at(6), limit: 10 })).some(
        (p) => p.messageId === relay.messageId,
      ),
    ).toBe(false);

    expect(await handoffs.resolve(id, at(10))).toMatchObject({ status: 'resolved' });
    expect(await mode()).toBe('bot');
    expect(await handoffs.findActive(c.conversation.id)).toBeNull();
    expect(await handoffs.rate(id, 5)).toBe(true);
    expect(await handoffs.rate(id, 9)).toBe(false);
    expect((await handoffs.get(id))?.rating).toBe(5);
  });

  it('escalates a handoff to crisis and asks for a new announcement', async () => {
    const c = await claim(inbound('U-escalate', '担当者と話したい'));
    const id = crypto.randomUUID();
    await store.commitTurn(
      {
        conversationId: c.conversation.id,
        expectedVersion: 0,
        inboundMessageId: c.messageId,
        decision: null,
        replies: [],
        state: emptyState(),
        openHandoff: {
          id,
          route: 'handoff',
          urgency: 'normal',
          centerId: null,
          summary: '担当者との会話を希望',
        },
      },
      at(0),
    );
    await handoffs.markAnnounced(id, at(0));
    const d = await claim(inbound('U-escalate', '死にたい'), 1);
    await store.commitTurn(
      {
        conversationId: d.conversation.id,
        expectedVersion: d.conversation.version,
        inboundMessageId: d.messageId,
        decision: null,
        replies: [],
        state: emptyState(),
        escalateHandoff: { id, summary: '【緊急】' },
      },
      at(1),
    );
    expect(await handoffs.get(id)).toMatchObject({
      route: 'crisis',
      urgency: 'urgent',
      summary: '【緊急】',
      announcedAt: null,
    });
    expect(await handoffs.returnToBot(id, at(2))).toMatchObject({ status: 'returned' });
  });
});
