/**
 * Two app instances on one real PostgreSQL, sharing the queue, as production scales out. LINE's webhooks
 * land on either instance at random; one instance is SIGKILLed mid-way and restarted; LINE fails 20% of
 * calls. Every accepted event gets exactly one reply, and each user's replies arrive in the order the user
 * sent the messages, although consecutive messages were accepted by different instances.
 * Needs TEST_DATABASE_URL (CI sets it); PGlite has one owner per directory, so there is nothing to share.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LineEmulator, startLineEmulator } from '../fakes/line-emulator.ts';
import { createTestDatabaseUrl, dropTestDatabase, testDatabaseUrl } from '../support/db.ts';
import {
  deliveriesFor,
  lineUserId,
  type SentEvent,
  sendTraffic,
  type UserScript,
} from './support/line-traffic.ts';
import { createServerProcess, freePort, type ServerProcess } from './support/server-process.ts';

const secret = 'two-instances-line-secret';
const token = 'two-instances-line-token';

if (!testDatabaseUrl) {
  console.info('two-instances test skipped: set TEST_DATABASE_URL (source scripts/ci/start-postgres.sh)');
}

describe.skipIf(!testDatabaseUrl)('two instances on one PostgreSQL, one queue', () => {
  let line: LineEmulator;
  let servers: ServerProcess[] = [];
  let databaseUrl: string | undefined;
  let scripts: UserScript[];
  let sent: SentEvent[] = [];
  let t0 = 0;
  let settledAt = 0;
  let trafficDoneAt = 0;

  beforeAll(async () => {
    t0 = Date.now();
    const progress = (what: string) => console.info(`[two ${Math.round((Date.now() - t0) / 1000)}s] ${what}`);
    line = await startLineEmulator({ channelAccessToken: token, failureRate: 0.2, seed: 21 });
    databaseUrl = await createTestDatabaseUrl();
    const env = {
      PATH: process.env.PATH ?? '',
      TZ: 'Asia/Tokyo',
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      DATABASE_URL: databaseUrl ?? '',
      LINE_CHANNEL_SECRET: secret,
      LINE_CHANNEL_ACCESS_TOKEN: token,
      LINE_API_BASE_URL: line.url,
      LINE_DATA_API_BASE_URL: line.url,
      LINE_REQUEST_TIMEOUT_MS: '2000',
    };
    servers = [
      createServerProcess({ port: await freePort(), env }),
      createServerProcess({ port: await freePort(), env }),
    ];
    // Both start together: migrations and pg-boss's schema take turns under their advisory locks.
    await Promise.all(servers.map((s) => s.start()));
    progress('both instances started');

    // Numbered questions per user, so the order of the replies can be checked against the order sent.
    scripts = Array.from({ length: 8 }, () => ({
      userId: lineUserId(),
      kind: 'numbered',
      steps: Array.from({ length: 8 }, (_, i) => ({ text: `ストレスチェックについて質問${i + 1}` })),
    }));
    const pick = () => {
      const up = servers.filter((s) => s.running);
      return (up[Math.floor(Math.random() * up.length)] ?? servers[0]!).url;
    };
    // About 8 s of traffic per user; the kill lands in the middle of it.
    const traffic = sendTraffic(scripts, { url: pick, secret, line, thinkMs: 1_000 });
    await new Promise((r) => setTimeout(r, 3_000));
    await servers[0]!.kill();
    progress(`instance A killed; ${line.deliveries.length} deliveries so far`);
    await new Promise((r) => setTimeout(r, 3_000));
    await servers[0]!.start();
    progress('instance A restarted');
    sent = await traffic;
    trafficDoneAt = Date.now();
    progress(`traffic done: ${sent.length} events`);
    const deadline = Date.now() + 180_000;
    while (sent.some((e) => deliveriesFor(line, e).length === 0) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
    }
    settledAt = Date.now();
    progress('settled');
  }, 600_000);

  afterAll(async () => {
    if (sent.length > 0) console.info(summarise());
    for (const s of servers) if (s.running) await s.stop();
    await line?.close();
    await dropTestDatabase(databaseUrl);
  });

  /** One line with the run's figures (README's Reliability section quotes it). */
  function summarise(): string {
    const counts = sent.map((e) => deliveriesFor(line, e).length);
    const outOfOrder = scripts.filter((script) => {
      const positions = sent
        .filter((e) => e.userId === script.userId)
        .sort((a, b) => a.step - b.step)
        .map((e) => {
          const d = deliveriesFor(line, e)[0];
          return d === undefined ? -1 : line.deliveries.indexOf(d);
        });
      return positions.some((p, i) => i > 0 && p < (positions[i - 1] ?? -1));
    }).length;
    return [
      'two-instances summary (postgres):',
      `${sent.length} events sent over 2 instances, ${sent.filter((e) => e.acceptedAt !== undefined).length} accepted`,
      `(${sent.filter((e) => e.attempts > 1).length} redelivered);`,
      `instance A SIGKILLed once (${servers.map((s) => s.starts).join('+')} starts);`,
      `${counts.filter((n) => n === 1).length} replied once, ${counts.filter((n) => n > 1).length} twice or more,`,
      `${counts.filter((n) => n === 0).length} never;`,
      `${outOfOrder} of ${scripts.length} conversations out of order;`,
      `${line.requests.filter((r) => r.status >= 500 || r.status === 429).length} LINE calls failed on purpose;`,
      `every reply delivered ${Math.round((settledAt - trafficDoneAt) / 1000)} s after the last event was accepted`,
    ].join(' ');
  }

  it('spread the traffic over both instances, one of which crashed', () => {
    expect(servers[0]?.starts).toBe(2);
    expect(sent.filter((e) => e.acceptedAt === undefined)).toEqual([]);
    expect(sent.length).toBe(64);
  });

  it('answered every event exactly once', () => {
    const wrong = sent
      .map((e) => ({ user: e.userId.slice(0, 8), step: e.step, n: deliveriesFor(line, e).length }))
      .filter((w) => w.n !== 1);
    expect(wrong).toEqual([]);
    expect(line.violations).toEqual([]);
  });

  it('kept each conversation in order', () => {
    for (const script of scripts) {
      const events = sent.filter((e) => e.userId === script.userId).sort((a, b) => a.step - b.step);
      // Where each event's reply sits in the emulator's arrival order.
      const positions = events.map((e) => {
        const d = deliveriesFor(line, e)[0];
        return d === undefined ? -1 : line.deliveries.indexOf(d);
      });
      expect(positions).toEqual([...positions].sort((a, b) => a - b));
    }
  });
});
