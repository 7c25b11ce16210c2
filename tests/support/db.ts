/**
 * Test databases. Without TEST_DATABASE_URL every test runs on an in-memory PGlite. With it (CI sets it),
 * each call creates a fresh schema-isolated database on the real PostgreSQL server, so tests never see
 * each other's rows, and drops it on close.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Db } from '../../src/infra/db/db.ts';
import { openDatabase } from '../../src/infra/db/open-db.ts';

export const testDatabaseUrl = process.env.TEST_DATABASE_URL;
export const testDbKind: 'pglite' | 'postgres' = testDatabaseUrl ? 'postgres' : 'pglite';

export async function openTestDb(): Promise<Db> {
  const url = await createTestDatabaseUrl();
  if (url === undefined) return openDatabase({});
  const db = await openDatabase({ databaseUrl: url });
  return {
    ...db,
    async close() {
      await db.close();
      await dropTestDatabase(url);
    },
  };
}

/**
 * The URL of a fresh database on the real server (for child processes); undefined on PGlite. `adminUrl`:
 * the server to make it on (default TEST_DATABASE_URL; the load benchmark also takes DATABASE_URL).
 */
export async function createTestDatabaseUrl(
  adminUrl: string | undefined = testDatabaseUrl,
): Promise<string | undefined> {
  if (!adminUrl) return undefined;
  const name = `sanpo_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(adminUrl, (admin) => admin.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Drops a database made by createTestDatabaseUrl; nothing on PGlite (undefined). */
export async function dropTestDatabase(
  url: string | undefined,
  adminUrl: string | undefined = testDatabaseUrl,
): Promise<void> {
  if (url === undefined || !adminUrl) return;
  const name = new URL(url).pathname.slice(1);
  await withAdmin(adminUrl, (admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

async function withAdmin<T>(adminUrl: string, fn: (admin: pg.Client) => Promise<T>): Promise<T> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.end();
  }
}
