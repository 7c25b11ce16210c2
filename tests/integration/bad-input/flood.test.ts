/**
 * One user flooding: their messages are throttled politely (one notice, then silence until the bucket
 * refills), everyone else is answered as usual, and a crisis message in the middle of a flood still gets
 * the emergency numbers. The bucket is in the shared database: concurrent takes never overspend it, which is
 * what lets several app instances enforce one limit.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConversationEngine } from '../../../src/composition/build-engine.ts';
import type { ConversationEngine } from '../../../src/core/engine.ts';
import type { InboundMessage, OutboundReply } from '../../../src/core/message.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createDbRateLimiter } from '../../../src/infra/db/rate-limit.repo.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { loadCenters, loadHotlines } from '../../../src/infra/settings/load-settings.ts';
import { createFakeKnowledge } from '../../conversations/support/fake-knowledge.ts';
import { createRecordingStaffDesk } from '../../conversations/support/recording-staff-desk.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';

const userId = () => `U${randomBytes(16).toString('hex')}`;
const texts = (replies: OutboundReply[]) => replies.flatMap((r) => (r.type === 'text' ? [r.text] : []));

describe(`flood control (${testDbKind})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  }, 180_000);
  afterAll(async () => {
    await db?.close();
  });

  describe('the token bucket', () => {
    it('allows the burst, refuses the rest, tells the sender once per interval, refills with time', async () => {
      const limiter = createDbRateLimiter(db, { burst: 5, perMinute: 6, notifyEverySeconds: 60 });
      const key = `line:${userId()}`;
      const t0 = new Date('2026-11-24T10:00:00Z');
      const at = (s: number) => new Date(t0.getTime() + s * 1000);
      const verdicts = [];
      for (let i = 0; i < 8; i++) verdicts.push(await limiter.take(key, at(0)));
      expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, true, true, false, false, false]);
      expect(verdicts.map((v) => v.notify)).toEqual([false, false, false, false, false, true, false, false]);
      // 6 per minute: one token every 10 s.
      expect((await limiter.take(key, at(5))).allowed).toBe(false);
      expect((await limiter.take(key, at(11))).allowed).toBe(true);
      expect((await limiter.take(key, at(12))).allowed).toBe(false);
      // Told again only after the interval (60 s since the first notice).
      expect(await limiter.take(key, at(15))).toEqual({ allowed: false, notify: false });
      const later = [];
      for (let i = 0; i < 6; i++) later.push(await limiter.take(key, at(70)));
      expect(later.map((v) => v.allowed)).toEqual([true, true, true, true, true, false]);
      expect(later[5]?.notify).toBe(true);
    });

    it('never spends a token twice under concurrent takes, and keys are independent', async () => {
      const limiter = createDbRateLimiter(db, { burst: 10, perMinute: 1 });
      const key = `line:${userId()}`;
      const other = `line:${userId()}`;
      const now = new Date();
      const verdicts = await Promise.all(Array.from({ length: 40 }, () => limiter.take(key, now)));
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(10);
      expect(verdicts.filter((v) => v.notify)).toHaveLength(1);
      expect((await limiter.take(other, now)).allowed).toBe(true);
    });
  });

  describe('through the conversation engine', () => {
    let engine: ConversationEngine;
    let knowledgeCalls: () => number;
    let clock: Date;
    let n = 0;
    const send = (from: string, text: string): Promise<{ replies: OutboundReply[]; route?: string }> => {
      const message: InboundMessage = {
        channel: 'line',
        userId: from,
        conversationId: from,
        isGroup: false,
        kind: 'text',
        text,
        receivedAt: clock,
        eventId: `flood-${n++}-${randomBytes(4).toString('hex')}`,
      };
      return engine.handle(message).then((r) => ({ replies: r.replies, route: r.decision?.route }));
    };

    beforeAll(async () => {
      clock = new Date('2026-11-25T10:00:00+09:00');
      const knowledge = createFakeKnowledge();
      knowledgeCalls = () => knowledge.calls.length;
      engine = buildConversationEngine({
        db,
        knowledge,
        staffDesk: createRecordingStaffDesk(),
        hotlines: await loadHotlines('settings'),
        centers: (await loadCenters('settings')).list(),
        clock: { now: () => clock },
        logger: createLogger({ level: 'silent' }),
        rateLimiter: createDbRateLimiter(db, { burst: 10, perMinute: 10 }),
      }).engine;
    });

    it('answers the burst, sends one polite notice, then stays quiet; others are unaffected', async () => {
      const flooder = userId();
      const neighbour = userId();
      const flood: OutboundReply[][] = [];
      const neighbourReplies: OutboundReply[][] = [];
      for (let i = 0; i < 30; i++) {
        flood.push((await send(flooder, `ストレスチェックについて質問${i}`)).replies);
        if (i % 5 === 0)
          neighbourReplies.push((await send(neighbour, 'ストレスチェックは何人から必要ですか')).replies);
      }
      expect(flood.slice(0, 10).every((r) => r.length > 0)).toBe(true);
      expect(texts(flood[10] ?? []).join('')).toContain('少しのあいだ自動でのお返事を控えています');
      expect(flood.slice(11).every((r) => r.length === 0)).toBe(true);
      expect(neighbourReplies).toHaveLength(6);
      expect(neighbourReplies.every((r) => r.length > 0 && !texts(r).join('').includes('控えています'))).toBe(
        true,
      );
      // The model/knowledge path ran for the allowed messages only: 10 + 6.
      expect(knowledgeCalls()).toBe(16);
      // Throttled messages are still stored (nothing accepted is lost), marked by their decision.
      const { rows } = await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM decisions d JOIN messages m ON m.id = d.message_id
          WHERE m.user_id = $1 AND d.topic = 'throttled'`,
        [flooder],
      );
      expect(rows[0]?.n).toBe(20);
    });

    it('still gives a flooding user the emergency numbers for a crisis message', async () => {
      const flooder = userId();
      for (let i = 0; i < 15; i++) await send(flooder, `質問${i}`);
      const crisis = await send(flooder, 'もう死にたい');
      expect(crisis.route).toBe('crisis');
      expect(texts(crisis.replies).join('')).toContain('119');
    });

    it('answers the flooder again once the bucket has refilled', async () => {
      clock = new Date(clock.getTime() + 120_000);
      const flooder = userId();
      for (let i = 0; i < 12; i++) await send(flooder, `質問${i}`);
      clock = new Date(clock.getTime() + 60_000);
      const later = await send(flooder, 'ストレスチェックは何人から必要ですか');
      expect(later.replies.length).toBeGreaterThan(0);
      expect(texts(later.replies).join('')).not.toContain('控えています');
    });
  });
});
