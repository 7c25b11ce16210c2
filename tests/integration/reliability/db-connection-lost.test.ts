/**
 * PostgreSQL drops the app's connections (a restart, a failover, an administrator's pg_terminate_backend)
 * while a transaction holds one between two statements. The process must survive: the transaction fails
 * with the connection error, the broken connection is discarded, and the next query works on a fresh
 * one. Before the fix the checked-out client's 'error' event had no listener and killed the process
 * (found by tests/integration/privacy/secrets-in-logs.test.ts: `npm start` died mid-run). PostgreSQL only:
 * PGlite runs in-process and has no connection to lose.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../../src/infra/db/db.ts';
import { openPostgresDb } from '../../../src/infra/db/postgres-db.ts';
import { createTestDatabaseUrl, dropTestDatabase, testDatabaseUrl } from '../../support/db.ts';

describe.skipIf(!testDatabaseUrl)('a lost PostgreSQL connection inside a transaction', () => {
  let db: Db;
  let url: string;
  const terminateAll = async () => {
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    try {
      const { rows } = await admin.query(
        'SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [new URL(url).pathname.slice(1)],
      );
      return rows.length;
    } finally {
      await admin.end();
    }
  };

  beforeAll(async () => {
    url = (await createTestDatabaseUrl()) ?? '';
    db = await openPostgresDb(url);
  });
  afterAll(async () => {
    await db?.close();
    await dropTestDatabase(url);
  });

  it('fails the transaction, keeps the process alive, and serves the next query', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', onUncaught);
    try {
      const attempt = db.transaction(async (tx) => {
        await tx.query('SELECT 1');
        // Between two statements, the server drops every connection of this database.
        expect(await terminateAll()).toBeGreaterThan(0);
        await new Promise((r) => setTimeout(r, 300));
        await tx.query('SELECT 2');
      });
      await expect(attempt).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);
      const { rows } = await db.query<{ n: number }>('SELECT 3 AS n');
      expect(rows).toEqual([{ n: 3 }]);
      await db.transaction(async (tx) => {
        expect((await tx.query<{ n: number }>('SELECT 4 AS n')).rows).toEqual([{ n: 4 }]);
      });
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });
});
