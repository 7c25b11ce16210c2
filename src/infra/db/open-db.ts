import type { Db } from './db.ts';
import { migrate } from './migrate.ts';
import { openPgliteDb } from './pglite-db.ts';
import { openPostgresDb } from './postgres-db.ts';

export interface OpenDbOptions {
  /** PostgreSQL when set; otherwise the embedded PGlite database. */
  databaseUrl?: string | undefined;
  /** PGlite data directory; undefined keeps PGlite in memory. */
  pgliteDir?: string | undefined;
  /** PostgreSQL pool size (default 10). */
  maxConnections?: number | undefined;
}

/** Opens the configured database and applies pending migrations. */
export async function openDatabase(options: OpenDbOptions): Promise<Db> {
  const db =
    options.databaseUrl !== undefined
      ? await openPostgresDb(options.databaseUrl, { max: options.maxConnections })
      : await openPgliteDb(options.pgliteDir);
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
