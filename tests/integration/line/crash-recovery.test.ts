/**
 * Crash recovery: the app runs as a child process and is killed with SIGKILL at random moments while
 * signed events stream in and the emulator fails 20% of calls (500/429). Events the server could not
 * take are sent again as LINE would (same id, isRedelivery). At the end every accepted event has exactly
 * one reply, in order per user.
 *
 * Runs in every `npm test` with TEST_DATABASE_URL (CI), on a scratch database of that server: PostgreSQL
 * starts in well under a second, so four start-ups are cheap. On the embedded PGlite each start-up is an
 * on-disk initdb that took minutes on a loaded machine, so that variant is opt-in:
 *   LINE_CRASH_TEST=1 npx vitest run tests/integration/line/crash-recovery.test.ts
 * Every wait has a limit (start-up, each delivery, the final answers), so a hang fails with what it was
 * waiting for instead of using up CI's time. See docs/decisions/0005-durable-line-processing.md.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type LineEmulator, startLineEmulator } from '../../fakes/line-emulator.ts';
import { createTestDatabaseUrl, dropTestDatabase, testDbKind } from '../../support/db.ts';
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

/**
 * Limits per database. On PostgreSQL a start-up took 6-12 s and a whole run 35-80 s on a 2-core machine
 * under a load average of 12; an on-disk PGlite start-up can take minutes there.
 */
const limits =
  testDbKind === 'postgres'
    ? { startMs: 60_000, deliverMs: 90_000, answersMs: 90_000, testMs: 300_000 }
    : { startMs: 180_000, deliverMs: 240_000, answersMs: 150_000, testMs: 900_000 };
const enabled = testDbKind === 'postgres' || process.env.LINE_CRASH_TEST === '1';

describe.runIf(enabled)(`LINE crash recovery (${testDbKind})`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  }, 120_000);

  it(
    'gives every accepted event exactly one reply, in order, across SIGKILL restarts',
    async () => {
      // A fresh seed each run (printed on failure) so runs cover different failure patterns.
      const seed = Math.floor(Math.random() * 2 ** 31);
      const line: LineEmulator = await startLineEmulator({
        channelAccessToken: accessToken,
        failureRate: 0.2,
        seed,
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
      // When the running app began listening; null while one starts (a slow start-up is not a lost event).
      let readyAt: number | null = null;
      let restartFailed = false;
      const began = Date.now();
      const lifecycle: string[] = [];
      const kill = async () => {
        const proc = child;
        if (proc === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
        const exited = new Promise((resolve) => proc.once('exit', resolve));
        proc.kill('SIGKILL');
        await exited;
      };
      cleanups.push(kill);
      const startChild = async () => {
        const proc = spawn(process.execPath, [childScript], { env, stdio: ['ignore', 'pipe', 'inherit'] });
        child = proc;
        readyAt = null;
        lifecycle.push(`spawn@${Date.now() - began}`);
        let timer: NodeJS.Timeout | undefined;
        try {
          url = await new Promise<string>((resolve, reject) => {
            let out = '';
            proc.stdout?.on('data', (chunk: Buffer) => {
              out += chunk.toString();
              const match = /LISTENING (\S+)/.exec(out);
              if (match?.[1] !== undefined) resolve(match[1]);
            });
            proc.once('exit', (code, signal) =>
              reject(new Error(`the app exited before listening (${code ?? signal})`)),
            );
            timer = setTimeout(
              () => reject(new Error(`the app did not start within ${limits.startMs} ms`)),
              limits.startMs,
            );
          });
        } catch (error) {
          await kill();
          throw error;
        } finally {
          clearTimeout(timer);
        }
        readyAt = Date.now();
        lifecycle.push(`ready@${readyAt - began}`);
      };

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
          const firstTry = Date.now();
          for (let attempt = 0; ; attempt++) {
            const body = envelope(textEvent({ id, userId, text, replyToken, redelivery: attempt > 0 }));
            const outcome = await postSigned(`${url}/webhooks/line`, body, undefined, 5_000).then(
              (r) => String(r.status),
              (error: unknown) => (error instanceof Error ? error.name : 'error'),
            );
            if (outcome === '200') break;
            if (restartFailed) throw new Error(`${text}: stopped, the app could not be restarted`);
            // Counted from the later of the first try and the app being up: LINE keeps redelivering.
            const since = readyAt === null ? Date.now() : Math.max(firstTry, readyAt);
            if (Date.now() - since > limits.deliverMs) {
              throw new Error(
                `${text} was not accepted within ${limits.deliverMs} ms of the app being up (last: ${outcome}; ${lifecycle.join(' ')})`,
              );
            }
            await new Promise((resolve) => setTimeout(resolve, 300));
          }
          accepted.get(userId)?.push(`echo:${text}`);
          await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 150));
        }
      };
      // Kill and restart three times while events are flowing and being processed.
      const restart = async () => {
        try {
          for (let round = 0; round < 3; round++) {
            await new Promise((resolve) => setTimeout(resolve, 700 + Math.random() * 1500));
            await kill();
            lifecycle.push(`kill@${Date.now() - began}`);
            await startChild();
          }
        } catch (error) {
          restartFailed = true;
          throw error;
        }
      };
      const [sent, restarted] = await Promise.allSettled([
        Promise.all(users.map((u, i) => sendAll(u, i))),
        restart(),
      ]);
      if (restarted.status === 'rejected') throw restarted.reason;
      if (sent.status === 'rejected') throw sent.reason;

      try {
        await waitFor(
          () => users.every((u) => line.textsTo(u).length >= (accepted.get(u)?.length ?? 0)),
          limits.answersMs,
          `every accepted event to be answered (emulator seed ${seed})`,
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
        console.log(`emulator seed ${seed}`);
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
      // The failures really happened: retries, not a quiet emulator, carried the run.
      expect(line.requests.some((r) => r.status >= 500 || r.status === 429)).toBe(true);
      await kill();
    },
    limits.testMs,
  );
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
