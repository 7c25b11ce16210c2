import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Db, Queryable, QueryResult, Row } from './db.ts';
import { storableParams } from './db.ts';
import { acquireDirectoryLock, type DirectoryLock } from './directory-lock.ts';

/**
 * Opens an embedded PGlite database with pgvector. `dir` undefined means in memory (tests).
 * A data directory has exactly one owner: two processes opening it silently lose writes, so a lock file
 * refuses a second owner with a clear error.
 */
export async function openPgliteDb(dir: string | undefined): Promise<Db> {
  let lock: DirectoryLock | undefined;
  if (dir !== undefined) {
    await mkdir(dir, { recursive: true });
    lock = await acquireDirectoryLock(dir);
  }
  try {
    const pglite = await PGlite.create({
      ...(dir === undefined ? {} : { dataDir: dir }),
      extensions: { vector },
    });
    return wrapPglite(pglite, lock);
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

function wrapPglite(pglite: PGlite, lock: DirectoryLock | undefined): Db {
  const run = async <T extends Row>(
    target: Pick<PGlite, 'query'>,
    sql: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<T>> => {
    const result = await target.query<T>(sql, storableParams(params));
    return { rows: result.rows, rowCount: result.affectedRows ?? 0 };
  };
  return {
    kind: 'pglite',
    handle: { kind: 'pglite', pglite },
    query: (sql, params) => run(pglite, sql, params),
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    transaction: (fn) =>
      pglite.transaction((tx) => {
        const queryable: Queryable = {
          query: (sql, params) => run(tx, sql, params),
          exec: async (sql) => {
            await tx.exec(sql);
          },
        };
        return fn(queryable);
      }),
    close: async () => {
      await pglite.close();
      await lock?.release();
    },
  };
}
