/**
 * Starts the real app in-process for integration tests of operations, privacy and bad input: a fresh
 * database (a PGlite directory, or a new database on TEST_DATABASE_URL), port 0, optionally LINE pointed at
 * the LINE emulator, and a logger whose every line is captured so tests can assert what never reaches a log.
 */
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { type AppOptions, type RunningApp, startApp } from '../../../src/composition/app.ts';
import { parseConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { type LineEmulator, type LineEmulatorOptions, startLineEmulator } from '../../fakes/line-emulator.ts';
import { createTestDatabaseUrl, dropTestDatabase } from '../../support/db.ts';

/** Distinctive so a test can search logs and responses for it. */
export const lineSecret = 'SECRET-line-channel-7f3a9c21';
export const lineToken = 'SECRET-line-access-token-b81d44e0';

export interface TestApp {
  app: RunningApp;
  /** Every log line written so far (JSON text, as it would reach stdout). */
  logs: string[];
  /** Present when started with `line`. */
  line: LineEmulator | undefined;
  /** POSTs exact bytes (or JSON of an object) to the LINE webhook, signed unless `signature` is given. */
  postLine(
    body: unknown,
    options?: { signature?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string>;
  app?: AppOptions;
  /** Configure LINE against a fresh emulator. */
  line?: LineEmulatorOptions | true;
}

export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const logs: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(
        ...chunk
          .toString('utf8')
          .split('\n')
          .filter((line) => line !== ''),
      );
      done();
    },
  });
  const line =
    options.line === undefined
      ? undefined
      : await startLineEmulator({
          channelAccessToken: lineToken,
          ...(options.line === true ? {} : options.line),
        });
  const dir = await mkdtemp(join(tmpdir(), 'sanpo-app-'));
  const databaseUrl = await createTestDatabaseUrl();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'debug',
    PGLITE_DIR: join(dir, 'pglite'),
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    ...(line === undefined
      ? {}
      : {
          LINE_CHANNEL_SECRET: lineSecret,
          LINE_CHANNEL_ACCESS_TOKEN: lineToken,
          LINE_API_BASE_URL: line.url,
          LINE_DATA_API_BASE_URL: line.url,
          LINE_REQUEST_TIMEOUT_MS: '2000',
        }),
    ...options.env,
  });
  const logger = createLogger({ level: config.LOG_LEVEL, destination });
  const app = await startApp(config, logger, options.app);
  return {
    app,
    logs,
    line,
    postLine(body, postOptions = {}) {
      const raw = Buffer.isBuffer(body)
        ? body
        : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
      const headers: Record<string, string> = { 'content-type': 'application/json', ...postOptions.headers };
      const signature = postOptions.signature === undefined ? signLine(raw) : postOptions.signature;
      if (signature !== null) headers['x-line-signature'] = signature;
      return fetch(`${app.url}/webhooks/line`, { method: 'POST', headers, body: new Uint8Array(raw) });
    },
    async close() {
      await app.close();
      await line?.close();
      await rm(dir, { recursive: true, force: true });
      await dropTestDatabase(databaseUrl);
    },
  };
}

export function signLine(raw: Buffer | string, secret: string = lineSecret): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}
