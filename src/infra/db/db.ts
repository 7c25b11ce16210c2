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

/**
 * PostgreSQL's text and jsonb hold neither U+0000 nor an unpaired surrogate, though both are valid in
 * JavaScript strings and in JSON: a row carrying one would fail to store on every retry (a LINE
 * redelivery, a Slack retry, a console resend). Both adapters pass every string parameter through
 * `storableText`, and JSON parameters are made with `jsonParam`; the characters become U+FFFD, as a lenient
 * decoder would.
 */
export function storableText(text: string): string {
  return text.replaceAll('\0', '\uFFFD').toWellFormed();
}

/** `value` with every string in it (keys too) made storable. */
export function storable<T>(value: T): T {
  if (typeof value === 'string') return storableText(value) as T;
  if (Array.isArray(value)) return value.map(storable) as T;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [storableText(key), storable(item)]),
    ) as T;
  }
  return value;
}

/** A json/jsonb parameter: JSON.stringify would write U+0000 as an escape PostgreSQL refuses. */
export function jsonParam(value: unknown): string {
  return JSON.stringify(storable(value));
}

/** The adapters' view of a parameter list: strings made storable, everything else as it is. */
export function storableParams(params: readonly unknown[] | undefined): unknown[] | undefined {
  return params?.map((param) => (typeof param === 'string' ? storableText(param) : param));
}

/** pgvector's text input format. */
export function toVectorLiteral(vector: readonly number[]): string {
  return `[${vector.join(',')}]`;
}
