/**
 * Staff posts that never reached Slack keep the user's messages in `slack_posts.body` (the Slack outbox,
 * migration 006b). Retention treats that body as message text: an unposted post older than the message
 * period goes; a recent one waits for Slack; a posted record (no body) follows its case's period.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/infra/db/db.ts';
import { runRetention } from '../../../src/infra/privacy/retention.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';

const day = 86_400_000;
const policy = { messageDays: 90, handoffDays: 1095 };

describe(`retention of unposted Slack posts (${testDbKind})`, () => {
  let db: Db;
  const now = new Date('2026-11-24T03:00:00Z');
  const ids = { old: randomUUID(), recent: randomUUID(), posted: randomUUID() };
  let report: Record<string, number> | null;

  beforeAll(async () => {
    db = await openTestDb();
    const insert = (id: string, status: string, body: unknown, ageDays: number) =>
      db.query(
        `INSERT INTO slack_posts (event_id, kind, subject_id, channel_id, ts, status, body, created_at)
         VALUES ($1, 'relay', $2, 'C0STAFF', $3, $4, $5::jsonb, $6)`,
        [
          id,
          randomUUID(),
          status === 'posted' ? `${ageDays}.000100` : null,
          status,
          body === null ? null : JSON.stringify(body),
          new Date(now.getTime() - ageDays * day),
        ],
      );
    await insert(ids.old, 'pending', { text: 'UNPOSTED-OLD 部下が眠れていない' }, 91);
    await insert(ids.recent, 'pending', { text: 'UNPOSTED-RECENT' }, 1);
    await insert(ids.posted, 'posted', null, 91);
    report = await runRetention(db, policy, now);
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('deletes an unposted post past the message period, with the text in its body', async () => {
    const { rows } = await db.query("SELECT 1 FROM slack_posts WHERE body::text LIKE '%UNPOSTED-OLD%'");
    expect(rows).toEqual([]);
    expect(report?.unposted_slack_posts_deleted).toBe(1);
  });

  it('keeps a recent unposted post for the next attempt, and a posted record for its case', async () => {
    const { rows } = await db.query<{ event_id: string }>(
      'SELECT event_id FROM slack_posts WHERE event_id = ANY($1) ORDER BY event_id',
      [[ids.recent, ids.posted]],
    );
    expect(rows.map((r) => r.event_id).sort()).toEqual([ids.recent, ids.posted].sort());
  });
});
