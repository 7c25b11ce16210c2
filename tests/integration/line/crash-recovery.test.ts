/**
 * Crash recovery: the app runs as a child process and is killed with SIGKILL at random moments while
 * signed events stream in and the emulator fails 20% of calls (500/429). Events the server could not
 * take are sent again as LINE would (same id, isRedelivery). At the end every accepted event has exactly
 * one reply, in order per user.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LineEmulator, startLineEmulator } from '../../fakes/line-emulator.ts';
import { createTestDatabaseUrl, testDatabaseUrl } from '../../support/db.ts';
import {
  accessToken,
  channelSecret,
  envelope,
  eventId,
  lineUserId,
  postSigned,
  textEvent,
  waitFor,
} from './line-harness.ts';

const childScript = new URL('./fixtures/line-app-child.ts', import.meta.url).pathname;

// Opt-in (LINE_CRASH_TEST=1 npx vitest run tests/integration/line/crash-recovery.test.ts): on a loaded
// machine four PGlite start-ups take minutes, too long for every `npm test`. `npm run test:chaos` proves
// crash recovery in CI; this test isolates the LINE channel's part of it (see docs/decisions/0003).
describe.runIf(process.env.LINE_CRASH_TEST === '1')('LINE crash recovery', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 120_000);

  it('gives every accepted event exactly one reply across SIGKILL restarts', async () => {
    const line: LineEmulator = await startLineEmulator({
      channelAccessToken: accessToken,
      failureRate: 0.2,
      seed: 7,
    });
    cleanups.push(() => line.close());
    const dir = await mkdtemp(join(tmpdir(), 'sanpo-crash-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const databaseUrl = await createTestDatabaseUrl();
    if (databaseUrl !== undefined) cleanups.push(() => dropTestDatabase(databaseUrl));
    const env = {
      ...process.env,
      NODE_ENV: 'test',
      PORT: '0',
      LOG_LEVEL: 'silent',
      PGLITE_DIR: join(dir, 'pglite'),
      LINE_CHANNEL_SECRET: channelSecret,
      LINE_CHANNEL_ACCESS_TOKEN: accessToken,
      LINE_API_BASE_URL: line.url,
      LINE_DATA_API_BASE_URL: line.url,
      LINE_REQUEST_TIMEOUT_MS: '1000',
      ENGINE_DELAY_MS: '40',
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    };

    let child: ChildProcess | undefined;
    let url = '';
    const startChild = async () => {
      const proc = spawn(process.execPath, [childScript], { env, stdio: ['ignore', 'pipe', 'inherit'] });
      child = proc;
      url = await new Promise<string>((resolve, reject) => {
        let out = '';
        proc.stdout?.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /LISTENING (\S+)/.exec(out);
          if (match?.[1] !== undefined) resolve(match[1]);
        });
        proc.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
      });
    };
    const kill = async () => {
      const proc = child;
      if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    };
    cleanups.push(kill);

    const users = Array.from({ length: 8 }, () => lineUserId());
    const perUser = 6;
    const accepted = new Map<string, string[]>(users.map((u) => [u, []]));
    await startChild();

    // Each user sends in order; a send that fails (the server is down) is repeated as a redelivery.
    const sendAll = async (userId: string, index: number) => {
      for (let i = 0; i < perUser; i++) {
        const text = `crash-${index}-${i}`;
        const id = eventId();
        const replyToken = line.issueReplyToken({ to: userId });
        for (let attempt = 0; ; attempt++) {
          const body = envelope(textEvent({ id, userId, text, replyToken, redelivery: attempt > 0 }));
          const status = await postSigned(`${url}/webhooks/line`, body).then(
            (r) => r.status,
            () => 0,
          );
          if (status === 200) break;
          await new Promise((resolve) => setTimeout(resolve, 300));
        }
        accepted.get(userId)?.push(`echo:${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
      }
    };
    const sending = Promise.all(users.map((u, i) => sendAll(u, i)));
    // Kill and restart three times while events are flowing and being processed.
    for (let round = 0; round < 3; round++) {
      await new Promise((resolve) => setTimeout(resolve, 700 + Math.random() * 1500));
      await kill();
      await startChild();
    }
    await sending;

    const expected = [...accepted.values()].flat().length;
    expect(expected).toBe(users.length * perUser);
    try {
      await waitFor(
        () => users.every((u) => line.textsTo(u).length >= (accepted.get(u)?.length ?? 0)),
        150_000,
        'every accepted event to be answered',
      );
    } catch (error) {
      await kill();
      await describeState(env.PGLITE_DIR, databaseUrl);
      throw error;
    }
    // Give any duplicate a chance to show up before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const wrong = users.filter((u) => line.textsTo(u).length !== accepted.get(u)?.length);
    if (wrong.length > 0) {
      // Explain a failure: what each such user received, and the database's view of their batches.
      await kill();
      for (const userId of wrong) {
        console.log(
          userId,
          JSON.stringify(line.deliveriesTo(userId).map((d) => [d.via, d.messages[0]?.text])),
        );
      }
      await describeState(env.PGLITE_DIR, databaseUrl);
    }
    for (const userId of users) {
      expect(line.textsTo(userId)).toEqual(accepted.get(userId));
    }
    expect(line.violations).toEqual([]);
    await kill();
  }, 300_000);
});

async function describeState(pgliteDir: string, databaseUrl: string | undefined) {
  const { openDatabase } = await import('../../../src/infra/db/open-db.ts');
  const db = await openDatabase({ databaseUrl, pgliteDir });
  try {
    const inbox = await db.query(
      "SELECT conversation_key, state, attempts, not_before, last_error FROM channel_inbox WHERE state <> 'done'",
    );
    const outbox = await db.query(
      "SELECT conversation_key, state, reply_state, attempts, not_before, last_error FROM channel_outbox WHERE state <> 'sent'",
    );
    const jobs = await db.query(
      "SELECT state, singleton_key, retry_count, start_after FROM pgboss.job WHERE name = 'line-conversation' AND state <> 'completed'",
    );
    console.log(JSON.stringify({ inbox: inbox.rows, outbox: outbox.rows, jobs: jobs.rows }, null, 1));
  } finally {
    await db.close();
  }
}

async function dropTestDatabase(url: string) {
  const { default: pg } = await import('pg');
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
