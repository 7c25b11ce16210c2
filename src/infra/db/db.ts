/**
 * One small interface over the two databases the product runs on: an embedded PGlite (with pgvector) for a
 * fresh machine, and PostgreSQL >= 15 with pgvector through `pg` in production. The SQL is the same.
 */
export type Row = Record<string, unknown>;

export interface QueryResult<T extends Row = Row> {
  rows: T[];
  /** Rows changed by INSERT/UPDATE/DELETE. */
  rowCount: number;
}

export interface Queryable {
  query<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction; rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** What other libraries need to share this database (pg-boss): the PGlite instance or the URL. */
  readonly handle: { kind: 'pglite'; pglite: unknown } | { kind: 'postgres'; connectionString: string };
}

/** pgvector's text input format. */
export function toVectorLiteral(vector: readonly number[]): string {
  return `[${vector.join(',')}]`;
}
