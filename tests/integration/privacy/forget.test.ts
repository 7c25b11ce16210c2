/**
 * `npm run forget -- <LINE user id>` as an operator runs it: a child process on a database holding two
 * people's data. One person disappears from every table; the other is untouched; a second run reports zeros.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/infra/db/db.ts';
import { openDatabase } from '../../../src/infra/db/open-db.ts';
import { forgetUser } from '../../../src/infra/privacy/forget.ts';
import { createTestDatabaseUrl, dropTestDatabase, testDbKind } from '../../support/db.ts';
import { type Footprint, findMarker, seedFootprint } from './seed.ts';

const root = new URL('../../../', import.meta.url).pathname;
const lineUser = () => `U${randomUUID().replaceAll('-', '')}`;

describe(`npm run forget (${testDbKind})`, { timeout: 120_000 }, () => {
  let dir: string;
  let databaseUrl: string | undefined;
  let env: Record<string, string>;
  let target: Footprint;
  let bystander: Footprint;

  const openDb = (): Promise<Db> => openDatabase({ databaseUrl, pgliteDir: join(dir, 'pglite') });
  const forget = (...args: string[]) =>
    spawnSync(process.execPath, ['scripts/forget.ts', ...args], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sanpo-forget-'));
    databaseUrl = await createTestDatabaseUrl();
    env = {
      PATH: process.env.PATH ?? '',
      PGLITE_DIR: join(dir, 'pglite'),
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    };
    const db = await openDb();
    try {
      const at = new Date(Date.now() - 3_600_000);
      target = await seedFootprint(db, { userId: lineUser(), marker: 'FORGET-ME', at });
      bystander = await seedFootprint(db, { userId: lineUser(), marker: 'KEEP-ME', at });
    } finally {
      await db.close();
    }
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await dropTestDatabase(databaseUrl);
  });

  it('refuses something that is not a LINE user id, deleting nothing', () => {
    const run = forget('U123');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('is not a LINE user id');
  });

  it('a dry run reports the counts and deletes nothing', async () => {
    const run = forget(target.userId, '--dry-run', '--json');
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { deleted: Record<string, number>; dryRun: boolean };
    expect(report.dryRun).toBe(true);
    expect(report.deleted.messages).toBe(4);
    const db = await openDb();
    try {
      expect(Object.keys(await findMarker(db, 'FORGET-ME')).length).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });

  it('deletes one person from every table, prints the counts and the Slack posts to remove by hand', async () => {
    const run = forget(target.userId);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain(`line user ${target.userId}: deleted`);
    for (const [table, n] of Object.entries({
      messages: 4,
      decisions: 2,
      conversations: 1,
      handoffs: 1,
      bookings: 1,
      booking_events: 1,
      slack_posts: 3,
      web_staff_events: 1,
      channel_inbox: 3,
      channel_outbox: 1,
      channel_users: 1,
      users: 1,
    })) {
      expect(run.stdout).toMatch(new RegExp(`\\n  ${table} +${n}\\n`));
    }
    expect(run.stdout).toContain('delete them there');
    expect(run.stdout.match(/channel C0STAFF ts /g)).toHaveLength(3);

    const db = await openDb();
    try {
      expect(await findMarker(db, 'FORGET-ME')).toEqual({});
      const left = await db.query<{ t: string; n: number }>(
        `SELECT 'users' AS t, count(*)::int AS n FROM users WHERE user_id = $1
         UNION ALL SELECT 'channel_users', count(*)::int FROM channel_users WHERE user_id = $1
         UNION ALL SELECT 'conversations', count(*)::int FROM conversations WHERE external_id = $1
         UNION ALL SELECT 'messages', count(*)::int FROM messages WHERE user_id = $1 OR id::text = ANY($2)
         UNION ALL SELECT 'handoffs', count(*)::int FROM handoffs WHERE user_id = $1
         UNION ALL SELECT 'bookings', count(*)::int FROM bookings WHERE user_id = $1
         UNION ALL SELECT 'inbox', count(*)::int FROM channel_inbox WHERE conversation_key LIKE '%' || $1 || '%'
         UNION ALL SELECT 'outbox', count(*)::int FROM channel_outbox WHERE recipient = $1`,
        [target.userId, target.messageIds],
      );
      expect(left.rows.filter((r) => r.n > 0)).toEqual([]);
      // The other person is untouched.
      expect(await findMarker(db, 'KEEP-ME')).toEqual({
        messages: 4,
        conversations: 1,
        bookings: 1,
        booking_events: 1,
        web_staff_events: 1,
        channel_inbox: 2,
        channel_outbox: 1,
      });
      // The group conversation stays for the others in it; only this person's message went.
      const group = await db.query('SELECT 1 FROM conversations WHERE id = $1', [target.groupConversationId]);
      expect(group.rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  });

  it('is idempotent: a second run deletes nothing and says so', async () => {
    const run = forget(target.userId, '--json');
    expect(run.status, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { deleted: Record<string, number> };
    expect(Object.values(report.deleted).every((n) => n === 0)).toBe(true);
    const db = await openDb();
    try {
      const again = await forgetUser(db, { channel: 'line', userId: target.userId });
      expect(Object.values(again.deleted).reduce((a, b) => a + b, 0)).toBe(0);
      const other = await db.query('SELECT 1 FROM users WHERE user_id = $1', [bystander.userId]);
      expect(other.rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  });
});
