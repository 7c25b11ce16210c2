/**
 * Secrets never reach a log line, stderr or an HTTP response. `node src/main.ts` runs as a child process
 * (exactly `npm start`) with a recognisable value in every secret: LINE channel secret and access token,
 * Slack bot token and signing secret, OPENAI_API_KEY, the console token and, on PostgreSQL, the password
 * inside DATABASE_URL. Then things go wrong on every side: the model answers 401/500 or hangs, LINE fails
 * replies and pushes, Slack refuses posts with invalid_auth and 500, webhooks arrive forged, and on
 * PostgreSQL the server kills the app's connections. The captured output (at debug, stricter than
 * production) and every response body must contain none of the secrets. Start-up failures are checked
 * too: an unreachable database and an invalid configuration both name the problem, never the secret.
 */
import { spawnSync } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServerProcess, freePort, type ServerProcess } from '../../chaos/support/server-process.ts';
import { type LineEmulator, startLineEmulator } from '../../fakes/line-emulator.ts';
import { type OpenAiFake, startOpenAiFake } from '../../fakes/openai-server.ts';
import { type SlackEmulator, startSlackEmulator } from '../../fakes/slack-emulator.ts';
import { createTestDatabaseUrl, dropTestDatabase, testDatabaseUrl, testDbKind } from '../../support/db.ts';
import { envelope, lineUserId, textEvent, waitFor } from '../line/line-harness.ts';

const root = new URL('../../../', import.meta.url).pathname;
const tag = randomBytes(4).toString('hex');
const secrets = {
  LINE_CHANNEL_SECRET: `LINESECRET${tag}aa`,
  LINE_CHANNEL_ACCESS_TOKEN: `LINETOKEN${tag}bb`,
  SLACK_BOT_TOKEN: `xoxb-SLACKTOKEN${tag}cc`,
  SLACK_SIGNING_SECRET: `SLACKSIGNING${tag}dd`,
  OPENAI_API_KEY: `sk-OPENAIKEY${tag}ee`,
  CONSOLE_TOKEN: `CONSOLETOKEN${tag}ff`,
};
const dbPassword = `DBPASSWORD${tag}gg`;
const staffChannel = 'C0SECRETSTAFF';

/** Where any secret (or a recognisable part of one) appears in `text`. */
function secretsIn(text: string): string[] {
  const all = [...Object.values(secrets), dbPassword];
  // The distinctive middle of each value too: a log that trimmed or masked a prefix still leaks the rest.
  return all.filter((s) => text.includes(s) || text.includes(s.slice(-14)));
}

describe(`no secret in logs, errors or responses (${testDbKind})`, { timeout: 180_000 }, () => {
  let line: LineEmulator;
  let slack: SlackEmulator;
  let openai: OpenAiFake;
  let server: ServerProcess;
  let dir: string;
  let databaseUrl: string | undefined;
  let env: Record<string, string>;
  const responses: string[] = [];
  let exitCode: number | null = null;

  beforeAll(async () => {
    line = await startLineEmulator({
      channelAccessToken: secrets.LINE_CHANNEL_ACCESS_TOKEN,
      failureRate: 0.3,
    });
    // The first reply fails for sure (then about 30% of calls): the error path runs in every run.
    line.failNext({ path: '/v2/bot/message/reply', status: 500 });
    slack = await startSlackEmulator();
    slack.setChannelMembers(staffChannel, ['USTAFF0001', slack.botUserId]);
    slack.failNext('chat.postMessage', { error: 'invalid_auth' }, 2);
    openai = await startOpenAiFake();
    let call = 0;
    openai.chat.fallback = () => {
      call++;
      if (call % 3 === 0) return { kind: 'hang' };
      return call % 3 === 1
        ? { kind: 'error', status: 401, message: 'Incorrect API key provided.' }
        : { kind: 'error', status: 500 };
    };
    openai.moderation.fallback = { kind: 'error', status: 500 };
    dir = await mkdtemp(join(tmpdir(), 'sanpo-secrets-'));
    databaseUrl = await createTestDatabaseUrl();
    const withPassword = (url: string) => {
      const u = new URL(url);
      u.password = dbPassword;
      return u.toString();
    };
    env = {
      PATH: process.env.PATH ?? '',
      TZ: 'Asia/Tokyo',
      NODE_ENV: 'production',
      LOG_LEVEL: 'debug',
      PGLITE_DIR: join(dir, 'pglite'),
      // Trust authentication on the test server ignores the password; the app still holds it.
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: withPassword(databaseUrl) }),
      ...secrets,
      CONSOLE_ENABLED: 'false',
      LINE_API_BASE_URL: line.url,
      LINE_DATA_API_BASE_URL: line.url,
      LINE_REQUEST_TIMEOUT_MS: '1500',
      SLACK_API_URL: slack.apiUrl,
      SLACK_STAFF_CHANNEL: staffChannel,
      OPENAI_BASE_URL: openai.baseURL,
      MODERATION_ENABLED: 'true',
      MODEL_TIMEOUT_MS: '800',
    };
    server = createServerProcess({ port: await freePort(), env });
    await server.start();

    const record = async (res: Response) => {
      responses.push(`${res.status} ${JSON.stringify([...res.headers])} ${await res.text()}`);
      return res.status;
    };
    const postLine = (body: string, signature: string | null) =>
      fetch(`${server.url}/webhooks/line`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(signature === null ? {} : { 'x-line-signature': signature }),
        },
        body,
      });
    const signLine = (body: string) =>
      createHmac('sha256', secrets.LINE_CHANNEL_SECRET).update(body).digest('base64');

    // Real traffic: a question (the model fails), a handoff (Slack refuses the post), a crisis.
    const users = [lineUserId(), lineUserId(), lineUserId()];
    const texts = ['ストレスチェックは何人から必要ですか', '部下がうつ病で休職しています', 'もう死にたい'];
    for (const [i, user] of users.entries()) {
      const body = JSON.stringify(
        envelope(
          textEvent({
            userId: user,
            text: texts[i] ?? '',
            replyToken: line.issueReplyToken({ to: user, ageMs: i === 0 ? 120_000 : 0 }),
          }),
        ),
      );
      expect(await record(await postLine(body, signLine(body)))).toBe(200);
    }
    // Forged and unsigned webhooks, on both platforms, and the operations endpoints.
    const forged = JSON.stringify(envelope(textEvent({ userId: users[0] ?? '', text: 'x' })));
    await record(await postLine(forged, Buffer.from(secrets.LINE_CHANNEL_SECRET).toString('base64')));
    await record(await postLine(forged, null));
    await record(await postLine('{"events":[', signLine('{"events":[')));
    const now = Math.floor(Date.now() / 1000);
    await record(
      await fetch(`${server.url}/slack/events`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-slack-request-timestamp': String(now),
          'x-slack-signature': `v0=${createHmac('sha256', 'wrong').update(`v0:${now}:{}`).digest('hex')}`,
        },
        body: '{}',
      }),
    );
    for (const path of ['/healthz', '/readyz', '/metrics', '/nothing-here']) {
      await record(await fetch(`${server.url}${path}`));
    }
    // On PostgreSQL, the database drops every connection of the app mid-run.
    if (databaseUrl !== undefined) {
      const admin = new pg.Client({ connectionString: testDatabaseUrl });
      await admin.connect();
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [new URL(databaseUrl).pathname.slice(1)],
      );
      await admin.end();
      const ready = await fetch(`${server.url}/readyz`).catch((error: unknown) => {
        throw new Error(`the server died when the database dropped its connections:\n${server.tail(80)}`, {
          cause: error,
        });
      });
      await record(ready);
    }
    await waitFor(() => users.every((u) => line.deliveriesTo(u).length > 0), 90_000, 'replies');
    await waitFor(() => slack.callsTo('chat.postMessage').length >= 3, 60_000, 'Slack posts retried');
    exitCode = await server.stop();
  }, 300_000);

  afterAll(async () => {
    if (server?.running) await server.kill();
    await line?.close();
    await slack?.close();
    await openai?.close();
    await rm(dir, { recursive: true, force: true });
    await dropTestDatabase(databaseUrl);
  });

  it('drove the failure paths: model, LINE and Slack errors were logged, and it shut down cleanly', () => {
    const output = server.tail(100_000);
    expect(openai.requests.some((r) => r.path === '/v1/chat/completions')).toBe(true);
    expect(openai.requests.some((r) => r.path === '/v1/moderations')).toBe(true);
    expect(line.requests.some((r) => r.status >= 500)).toBe(true);
    expect(slack.callsTo('chat.postMessage').length).toBeGreaterThanOrEqual(3);
    const warnings = output.split('\n').filter((l) => /"level":(40|50|60)/.test(l));
    expect(warnings.length).toBeGreaterThan(0);
    expect(responses.some((r) => r.startsWith('401'))).toBe(true);
    expect(exitCode).toBe(0);
  });

  it('the secrets really were in use (the model, LINE and Slack received them)', () => {
    expect(String(openai.requests[0]?.headers.authorization)).toContain(secrets.OPENAI_API_KEY);
    // The LINE emulator answers 401 to any other token, so a 2xx means LINE's token was sent.
    expect(line.requests.some((r) => r.status >= 200 && r.status < 300)).toBe(true);
    expect(slack.calls.length).toBeGreaterThan(0);
  });

  it('wrote no secret to stdout or stderr', () => {
    const output = server.tail(100_000);
    expect(output.length).toBeGreaterThan(1000);
    expect(secretsIn(output)).toEqual([]);
  });

  it('sent no secret in any response', () => {
    expect(secretsIn(responses.join('\n'))).toEqual([]);
  });

  it('names an unreachable database without its password', () => {
    const run = spawnSync(process.execPath, ['src/main.ts'], {
      cwd: root,
      env: {
        ...env,
        PORT: '0',
        DATABASE_URL: `postgres://sanpo:${dbPassword}@127.0.0.1:1/sanpo`,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).not.toBe(0);
    const output = `${run.stdout}\n${run.stderr}`;
    expect(output).toContain('DATABASE_URL');
    expect(secretsIn(output)).toEqual([]);
  });

  it('names invalid configuration without echoing secret values', () => {
    const run = spawnSync(process.execPath, ['src/main.ts'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        ...secrets,
        SLACK_STAFF_CHANNEL: '',
        LINE_CHANNEL_ACCESS_TOKEN: '',
        DATABASE_URL: `not a url ${dbPassword}`,
        OPENAI_BASE_URL: `also not a url ${secrets.OPENAI_API_KEY}`,
        CONSOLE_ENABLED: 'true',
        CONSOLE_TOKEN: 'short',
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(78);
    expect(run.stderr).toContain('DATABASE_URL');
    expect(run.stderr).toContain('LINE_CHANNEL_ACCESS_TOKEN');
    expect(secretsIn(`${run.stdout}\n${run.stderr}`)).toEqual([]);
  });
});
