import pg from 'pg';
import { AppError } from '../../core/errors.ts';
import type { Db, QueryResult, Row } from './db.ts';
import { storableParams } from './db.ts';

/** Opens a pooled connection to PostgreSQL. Several app instances may share one database. */
export async function openPostgresDb(connectionString: string, options: { max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, connectionTimeoutMillis: 10_000 });
  // An idle client that loses its connection emits 'error' on the pool; without a listener the process dies.
  pool.on('error', () => {});
  try {
    await pool.query('SELECT 1');
  } catch (error) {
    await pool.end();
    throw new AppError('db_unavailable', 'Cannot connect to DATABASE_URL', { cause: error });
  }
  const toResult = <T extends Row>(result: pg.QueryResult): QueryResult<T> => ({
    rows: result.rows as T[],
    rowCount: result.rowCount ?? 0,
  });
  return {
    kind: 'postgres',
    handle: { kind: 'postgres', connectionString },
    query: async <T extends Row>(sql: string, params?: readonly unknown[]) =>
      toResult<T>(await pool.query(sql, storableParams(params))),
    // Without parameters pg uses the simple query protocol, which runs several statements at once.
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      // A checked-out client has no pool listener: if the server drops the connection between two
      // statements (a restart, a failover, pg_terminate_backend), its 'error' event would kill the
      // process. Keep the error; the next statement fails with it and the client is discarded on release.
      let lost: Error | undefined;
      const onError = (error: Error) => {
        lost = error;
      };
      client.on('error', onError);
      try {
        await client.query('BEGIN');
        const value = await fn({
          query: async <T extends Row>(sql: string, params?: readonly unknown[]) =>
            toResult<T>(await client.query(sql, storableParams(params))),
          exec: async (sql: string) => {
            await client.query(sql);
          },
        });
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {});
        throw error;
      } finally {
        client.off('error', onError);
        client.release(lost);
      }
    },
    close: () => pool.end(),
  };
}
