import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../core/errors.ts';
import type { Db } from './db.ts';

const migrationsDir = new URL('./migrations/', import.meta.url);
/** An arbitrary constant: instances starting together take turns applying migrations. */
const migrationLockKey = 724_150_001;

/**
 * Applies src/infra/db/migrations/NNN_*.sql in name order, each once, each in its own transaction.
 * The same files serve PGlite and PostgreSQL. Returns the names applied now.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((name) => name.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.transaction(async (tx) => {
    // The lock comes before everything, the bookkeeping table included: two instances starting on a fresh
    // database would otherwise both run CREATE TABLE IF NOT EXISTS, and the loser fails on pg_type's unique
    // index (IF NOT EXISTS does not make concurrent creation safe).
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey]);
    await tx.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ name: string }>('SELECT name FROM schema_migrations')).rows.map((r) => r.name),
    );
    for (const name of files) {
      if (done.has(name)) continue;
      const sql = await readFile(join(migrationsDir.pathname, name), 'utf8');
      try {
        await tx.exec(sql);
      } catch (error) {
        throw new AppError('migration_failed', `Migration ${name} failed`, {
          cause: error,
          details: { name },
        });
      }
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      applied.push(name);
    }
  });
  return applied;
}
