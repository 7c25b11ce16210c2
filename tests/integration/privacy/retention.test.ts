import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/infra/db/db.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { runRetention, scheduleRetention } from '../../../src/infra/privacy/retention.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';
import { type Footprint, findMarker, seedFootprint } from './seed.ts';

const day = 86_400_000;
const policy = { messageDays: 90, handoffDays: 1095 };
const lineUser = () => `U${randomUUID().replaceAll('-', '')}`;

describe(`retention job (${testDbKind})`, () => {
  let db: Db;
  const now = new Date('2026-11-24T03:00:00Z');
  let pastMessages: Footprint;
  let pastEverything: Footprint;
  let upcoming: Footprint;
  let stillOpen: Footprint;
  let firstReport: Record<string, number> | null;

  beforeAll(async () => {
    db = await openTestDb();
    await seedFootprint(db, {
      userId: lineUser(),
      marker: 'KEEP-RECENT',
      at: new Date(now.getTime() - day),
    });
    pastMessages = await seedFootprint(db, {
      userId: lineUser(),
      marker: 'GONE-100D',
      at: new Date(now.getTime() - 100 * day),
    });
    pastEverything = await seedFootprint(db, {
      userId: lineUser(),
      marker: 'GONE-1200D',
      at: new Date(now.getTime() - 1200 * day),
    });
    // Booked 100 days ago for a visit next week: its contact details are still needed.
    upcoming = await seedFootprint(db, {
      userId: lineUser(),
      marker: 'UPCOMING',
      at: new Date(now.getTime() - 100 * day),
      scheduledAt: new Date(now.getTime() + 7 * day),
    });
    // A handoff nobody closed for years is someone still waiting: never deleted silently.
    stillOpen = await seedFootprint(db, {
      userId: lineUser(),
      marker: 'OPEN-1200D',
      at: new Date(now.getTime() - 1200 * day),
      handoffStatus: 'open',
    });
    await db.query(
      `INSERT INTO web_timeline (user_id, kind, body, idempotency_key, created_at)
       VALUES ('web-session-1', 'user', '{"text": "GONE-WEB"}', $1, $2), ('web-session-1', 'user', '{"text": "KEEP-WEB"}', $3, $4)`,
      [randomUUID(), new Date(now.getTime() - 91 * day), randomUUID(), new Date(now.getTime() - 89 * day)],
    );
    firstReport = await runRetention(db, policy, now);
  });
  afterAll(async () => {
    await db?.close();
  });

  it('clears message text and raw events past the message period everywhere', async () => {
    expect(await findMarker(db, 'GONE-100D')).toEqual({});
    expect(await findMarker(db, 'GONE-1200D')).toEqual({});
    const { rows } = await db.query("SELECT 1 FROM web_timeline WHERE body->>'text' = 'GONE-WEB'");
    expect(rows).toHaveLength(0);
  });

  it('keeps everything newer than the period untouched', async () => {
    expect(await findMarker(db, 'KEEP-RECENT')).toEqual({
      messages: 4,
      conversations: 1,
      bookings: 1,
      booking_events: 1,
      web_staff_events: 1,
      channel_inbox: 2,
      channel_outbox: 1,
    });
    const { rows } = await db.query("SELECT 1 FROM web_timeline WHERE body->>'text' = 'KEEP-WEB'");
    expect(rows).toHaveLength(1);
  });

  it('keeps the rows program figures count: message ids, kinds and dates, decisions, booking kind and status', async () => {
    const messages = await db.query<{ n: number; blank: number }>(
      'SELECT count(*)::int AS n, count(*) FILTER (WHERE text IS NULL)::int AS blank FROM messages WHERE id::text = ANY($1)',
      [[...pastMessages.messageIds, ...pastEverything.messageIds]],
    );
    expect(messages.rows[0]).toEqual({ n: 8, blank: 8 });
    const decisions = await db.query('SELECT route FROM decisions WHERE conversation_id::text = ANY($1)', [
      [pastMessages.conversationId, pastEverything.conversationId],
    ]);
    expect(decisions.rows).toHaveLength(4);
    const booking = await db.query<{
      kind: string;
      status: string;
      prefecture: string;
      contact_value: string;
    }>('SELECT kind, status, prefecture, contact_value FROM bookings WHERE id = $1', [
      pastMessages.bookingId,
    ]);
    expect(booking.rows[0]).toEqual({
      kind: 'consultation',
      status: 'accepted',
      prefecture: '東京都',
      contact_value: '',
    });
  });

  it('deletes closed handoffs and finished bookings only past the handoff period, with their Slack post records', async () => {
    const handoffs = await db.query<{ id: string }>('SELECT id::text AS id FROM handoffs');
    const ids = handoffs.rows.map((r) => r.id);
    expect(ids).toContain(pastMessages.handoffId);
    expect(ids).not.toContain(pastEverything.handoffId);
    expect(ids).toContain(stillOpen.handoffId);
    const bookings = await db.query<{ id: string }>('SELECT id::text AS id FROM bookings');
    expect(bookings.rows.map((r) => r.id)).not.toContain(pastEverything.bookingId);
    const posts = await db.query('SELECT 1 FROM slack_posts WHERE subject_id = ANY($1)', [
      [pastEverything.handoffId, pastEverything.bookingId],
    ]);
    expect(posts.rows).toHaveLength(0);
    const kept = await db.query('SELECT 1 FROM slack_posts WHERE subject_id = ANY($1)', [
      [pastMessages.handoffId, pastMessages.bookingId],
    ]);
    expect(kept.rows).toHaveLength(3);
  });

  it('keeps an upcoming appointment’s contact details until after it took place', async () => {
    const found = await findMarker(db, 'UPCOMING');
    expect(found.bookings).toBe(1);
    expect(found.booking_events).toBe(1);
    expect(found.messages).toBeUndefined();
    const booking = await db.query('SELECT contact_value FROM bookings WHERE id = $1', [upcoming.bookingId]);
    expect(booking.rows).toEqual([{ contact_value: '090-1234-5678' }]);
  });

  it('reports what it changed, and a second run changes nothing', async () => {
    expect(firstReport).not.toBeNull();
    expect(firstReport?.messages_text_cleared).toBe(16);
    expect(firstReport?.handoffs_deleted).toBe(1);
    expect(firstReport?.bookings_deleted).toBe(2);
    expect(firstReport?.web_timeline_deleted).toBe(1);
    const again = await runRetention(db, policy, now);
    expect(again).not.toBeNull();
    expect(Object.values(again ?? {}).every((n) => n === 0)).toBe(true);
  });

  it('runs on its schedule in the app and logs counts only', async () => {
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk: Buffer, _e, done) {
          lines.push(chunk.toString());
          done();
        },
      }),
    });
    await seedFootprint(db, {
      userId: lineUser(),
      marker: 'SCHEDULED',
      at: new Date(Date.now() - 200 * day),
    });
    const schedule = scheduleRetention({ db, policy, logger, firstRunMs: 10, intervalMs: 60_000 });
    const deadline = Date.now() + 20_000;
    while (!lines.some((l) => l.includes('retention run')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await schedule.stop();
    const run = JSON.parse(lines.find((l) => l.includes('retention run')) ?? '{}') as Record<string, unknown>;
    expect(run.msg).toBe('retention run');
    expect(run.messages_text_cleared).toBe(4);
    expect(lines.join('')).not.toContain('SCHEDULED');
    expect(await findMarker(db, 'SCHEDULED')).toEqual({});
  });
});
