/**
 * Starts the real app in-process for integration tests of operations, privacy and bad input: a fresh
 * database (a PGlite directory, or a new database on TEST_DATABASE_URL), port 0, and a logger whose every
 * line is captured so tests can assert what never reaches a log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pg from 'pg';
import { type RunningApp, startApp } from '../../../src/app.ts';
import { parseConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { createTestDatabaseUrl, testDatabaseUrl } from '../../support/db.ts';

export interface TestApp {
  app: RunningApp;
  /** Every log line written so far (JSON text, as it would reach stdout). */
  logs: string[];
  close(): Promise<void>;
}

export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
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
  const dir = await mkdtemp(join(tmpdir(), 'sanpo-app-'));
  const databaseUrl = await createTestDatabaseUrl();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'debug',
    PGLITE_DIR: join(dir, 'pglite'),
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    ...env,
  });
  const logger = createLogger({ level: config.LOG_LEVEL, destination });
  const app = await startApp(config, logger);
  return {
    app,
    logs,
    async close() {
      await app.close();
      await rm(dir, { recursive: true, force: true });
      if (databaseUrl !== undefined) await dropDatabase(databaseUrl);
    },
  };
}

async function dropDatabase(url: string): Promise<void> {
  const admin = new pg.Client({ connectionString: testDatabaseUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
  } finally {
    await admin.end();
  }
}
