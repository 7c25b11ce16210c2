import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../src/core/errors.ts';
import { type Db, jsonParam, toVectorLiteral } from '../../src/infra/db/db.ts';
import { migrate } from '../../src/infra/db/migrate.ts';
import { openPgliteDb } from '../../src/infra/db/pglite-db.ts';
import { openPostgresDb } from '../../src/infra/db/postgres-db.ts';
import { createTestDatabaseUrl, dropTestDatabase, openTestDb, testDbKind } from '../support/db.ts';

describe(`database (${testDbKind})`, () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('applies migrations once and records them', async () => {
    expect(await migrate(db)).toEqual([]);
    const { rows } = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toContain('001_base.sql');
  });

  // Several app instances share one PostgreSQL and may start at the same moment on an empty database.
  it.runIf(testDbKind === 'postgres')(
    'lets instances starting together migrate a fresh database',
    async () => {
      for (let round = 0; round < 3; round += 1) {
        const url = await createTestDatabaseUrl();
        const instances = await Promise.all(
          Array.from({ length: 4 }, () => openPostgresDb(url as string, { max: 2 })),
        );
        try {
          const applied = await Promise.all(instances.map((instance) => migrate(instance)));
          const all = applied.flat();
          expect(new Set(all).size).toBe(all.length);
          const { rows } = await (instances[0] as Db).query<{ name: string }>(
            'SELECT name FROM schema_migrations ORDER BY name',
          );
          expect(rows.length).toBeGreaterThan(0);
          expect(all.sort()).toEqual(rows.map((r) => r.name));
        } finally {
          await Promise.all(instances.map((instance) => instance.close()));
          await dropTestDatabase(url);
        }
      }
    },
  );

  it('has pgvector >= 0.7 and computes cosine distance', async () => {
    const { rows } = await db.query<{ extversion: string }>(
      "SELECT extversion FROM pg_extension WHERE extname = 'vector'",
    );
    const [major, minor] = (rows[0]?.extversion ?? '0.0').split('.').map(Number);
    expect((major ?? 0) * 100 + (minor ?? 0)).toBeGreaterThanOrEqual(7);
    const distance = await db.query<{ d: number }>('SELECT ($1::vector <=> $2::vector) AS d', [
      toVectorLiteral([1, 0, 0]),
      toVectorLiteral([0, 1, 0]),
    ]);
    expect(Number(distance.rows[0]?.d)).toBeCloseTo(1, 5);
  });

  it('stores U+0000 and unpaired surrogates in text and jsonb as U+FFFD instead of failing', async () => {
    const hostile = 'a\u0000b\uD800c\uDC00d';
    const stored = 'a\uFFFDb\uFFFDc\uFFFDd';
    await db.query('CREATE TABLE storable_probe (t text, j jsonb)');
    await db.query('INSERT INTO storable_probe (t, j) VALUES ($1, $2::jsonb)', [
      hostile,
      jsonParam({ [hostile]: [hostile] }),
    ]);
    await db.transaction((tx) =>
      tx.query('INSERT INTO storable_probe (t, j) VALUES ($1, $2::jsonb)', [hostile, jsonParam(hostile)]),
    );
    const { rows } = await db.query<{ t: string; j: unknown }>('SELECT t, j FROM storable_probe');
    expect(rows).toEqual([
      { t: stored, j: { [stored]: [stored] } },
      { t: stored, j: stored },
    ]);
  });

  it('rolls a failed transaction back', async () => {
    await db.query("DELETE FROM app_meta WHERE key = 'tx-test'");
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO app_meta (key, value) VALUES ('tx-test', '1')");
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const { rows } = await db.query("SELECT 1 FROM app_meta WHERE key = 'tx-test'");
    expect(rows).toHaveLength(0);
  });
});

// Each case creates on-disk PGlite databases (initdb + migrations): seconds each, far more on a loaded machine.
describe('PGlite data directory lock', { timeout: 180_000 }, () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sanpo-lock-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(`${join(dir, 'db')}.lock`, { force: true });
  });

  it('refuses a second owner while the first is open, and allows it after close', async () => {
    const path = join(dir, 'db');
    const first = await openPgliteDb(path);
    const second = await openPgliteDb(path).catch((error: unknown) => error);
    expect(isAppError(second, 'db_locked')).toBe(true);
    await first.close();
    const third = await openPgliteDb(path);
    await third.close();
  });

  it('takes over a lock left by a dead process', async () => {
    const path = join(dir, 'stale');
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    await writeFile(`${path}.lock`, JSON.stringify({ pid: dead.pid, host: '' }));
    const db = await openPgliteDb(path);
    await db.close();
  });
});
