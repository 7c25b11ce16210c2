/**
 * Write side of the knowledge index, used by ingestion only (the server reads). Each document is replaced
 * or deleted in one transaction that also keeps the BM25 statistics (knowledge_terms, totals) in step;
 * every transaction first locks the single knowledge_index row, so concurrent ingesters take turns and the
 * second one sees the first one's work.
 */
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { DocumentKind } from '../../core/knowledge/ports.ts';
import type { Db, Queryable } from './db.ts';
import { jsonParam, toVectorLiteral } from './db.ts';
import { roundVector } from './knowledge-search-repo.ts';

export interface IndexBuild {
  embedderId: string;
  dimension: number;
  tokenizerId: string;
}

export interface IndexState {
  embedderId: string | null;
  dimension: number | null;
  tokenizerId: string | null;
  corpusHash: string | null;
  chunkCount: number;
}

export interface DocumentRecord {
  id: string;
  path: string;
  title: string;
  kind: DocumentKind;
  sources: string[];
  fiscalYear?: number | undefined;
  asOf?: string | undefined;
  needsVerification: boolean;
  contentHash: string;
}

export interface IndexedChunk {
  ordinal: number;
  section: string;
  content: string;
  /** The section's own official source; the citation falls back to the document's first. */
  sourceUrl?: string | undefined;
  /** Lexemes with repeats (their count is the chunk's length for BM25). */
  tokens: string[];
  embedding: number[];
}

const StateRow = z.object({
  embedder_id: z.string().nullable(),
  dimension: z.number().int().nullable(),
  tokenizer_id: z.string().nullable(),
  corpus_hash: z.string().nullable(),
  chunk_count: z.coerce.number(),
});

/** pgvector's HNSW index takes at most 2,000 dimensions of `vector`; wider models are searched exactly. */
const maxIndexedDimension = 2000;
const insertBatchRows = 200;

/** The index's one state row; `forUpdate` inside a transaction that changes the index. */
async function readIndexState(q: Queryable, forUpdate: boolean): Promise<IndexState> {
  const result = await q.query(
    `SELECT embedder_id, dimension, tokenizer_id, corpus_hash, chunk_count FROM knowledge_index WHERE id = 1${
      forUpdate ? ' FOR UPDATE' : ''
    }`,
  );
  const row = StateRow.parse(result.rows[0]);
  return {
    embedderId: row.embedder_id,
    dimension: row.dimension,
    tokenizerId: row.tokenizer_id,
    corpusHash: row.corpus_hash,
    chunkCount: row.chunk_count,
  };
}

function matches(state: IndexState, build: IndexBuild): boolean {
  return (
    state.embedderId === build.embedderId &&
    state.dimension === build.dimension &&
    state.tokenizerId === build.tokenizerId
  );
}

/** Removes a document's chunks and their share of the statistics; the caller holds the index lock. */
async function removeDocument(tx: Queryable, id: string): Promise<boolean> {
  const documentTerms = `SELECT u.lexeme AS term, count(*) AS n
     FROM knowledge_chunk_terms t, unnest(t.terms) AS u WHERE t.document_id = $1 GROUP BY u.lexeme`;
  // Terms only this document used go first, so no row ever holds df = 0 (the table's CHECK).
  await tx.query(
    `DELETE FROM knowledge_terms t USING (${documentTerms}) d WHERE t.term = d.term AND t.df <= d.n`,
    [id],
  );
  await tx.query(
    `UPDATE knowledge_terms t SET df = t.df - d.n FROM (${documentTerms}) d WHERE t.term = d.term`,
    [id],
  );
  await tx.query(
    `UPDATE knowledge_index SET
       chunk_count = chunk_count - (SELECT count(*) FROM knowledge_chunk_terms WHERE document_id = $1),
       token_total = token_total - (SELECT coalesce(sum(token_count), 0) FROM knowledge_chunk_terms WHERE document_id = $1),
       updated_at = now()
     WHERE id = 1`,
    [id],
  );
  const deleted = await tx.query('DELETE FROM knowledge_documents WHERE id = $1', [id]);
  return deleted.rowCount > 0;
}

async function insertChunks(
  tx: Queryable,
  documentId: string,
  chunks: readonly IndexedChunk[],
): Promise<void> {
  for (let start = 0; start < chunks.length; start += insertBatchRows) {
    const batch = chunks.slice(start, start + insertBatchRows);
    const ordinals = batch.map((c) => c.ordinal);
    await tx.query(
      `INSERT INTO knowledge_chunks (id, document_id, ordinal, section, content, embedding, source_url)
       SELECT $1 || '#' || u.ordinal, $1, u.ordinal, u.section, u.content, u.embedding::vector, u.source_url
       FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS u(ordinal, section, content, embedding, source_url)`,
      [
        documentId,
        ordinals,
        batch.map((c) => c.section),
        batch.map((c) => c.content),
        batch.map((c) => toVectorLiteral(roundVector(c.embedding))),
        batch.map((c) => c.sourceUrl ?? null),
      ],
    );
    await tx.query(
      `INSERT INTO knowledge_chunk_terms (chunk_id, document_id, token_count, terms)
       SELECT $1 || '#' || u.ordinal, $1, u.token_count, array_to_tsvector(string_to_array(u.lexemes, ' '))
       FROM unnest($2::int[], $3::int[], $4::text[]) AS u(ordinal, token_count, lexemes)`,
      [
        documentId,
        ordinals,
        batch.map((c) => c.tokens.length),
        // Distinct lexemes: array_to_tsvector rejects duplicates on older servers.
        batch.map((c) => [...new Set(c.tokens)].join(' ')),
      ],
    );
  }
  await tx.query(
    `INSERT INTO knowledge_terms (term, df)
     SELECT u.lexeme, count(*) FROM knowledge_chunk_terms t, unnest(t.terms) AS u
     WHERE t.document_id = $1 GROUP BY u.lexeme
     ON CONFLICT (term) DO UPDATE SET df = knowledge_terms.df + excluded.df`,
    [documentId],
  );
  await tx.query(
    'UPDATE knowledge_index SET chunk_count = chunk_count + $1, token_total = token_total + $2, updated_at = now() WHERE id = 1',
    [chunks.length, chunks.reduce((sum, c) => sum + c.tokens.length, 0)],
  );
}

export interface KnowledgeIndexRepository {
  readState(): Promise<IndexState>;
  /**
   * Makes the index fit the embedder and tokenizer. When either changed, everything is deleted, the
   * embedding column takes the new dimension and the HNSW index is rebuilt: vectors of two embedders
   * are never mixed. Returns true when the index was reset.
   */
  prepare(build: IndexBuild): Promise<boolean>;
  listDocuments(): Promise<{ id: string; contentHash: string }[]>;
  /** Replaces a document and its chunks unless the stored one already has this content hash. */
  replaceDocument(
    build: IndexBuild,
    document: DocumentRecord,
    chunks: readonly IndexedChunk[],
  ): Promise<boolean>;
  deleteDocument(id: string): Promise<boolean>;
  recordCorpusHash(hash: string): Promise<void>;
  /** Drops and rebuilds the HNSW index (bulk loads build it once at the end instead of row by row). */
  dropVectorIndex(): Promise<void>;
  createVectorIndex(): Promise<void>;
}

export function vectorIndexSql(dimension: number): string | undefined {
  if (dimension > maxIndexedDimension) return undefined;
  return 'CREATE INDEX IF NOT EXISTS knowledge_chunks_embedding_idx ON knowledge_chunks USING hnsw (embedding vector_cosine_ops)';
}

export function createKnowledgeIndexRepository(db: Db): KnowledgeIndexRepository {
  const assertBuild = (state: IndexState, build: IndexBuild) => {
    if (!matches(state, build)) {
      throw new AppError(
        'conflict',
        'The knowledge index was rebuilt for another embedder or tokenizer meanwhile',
        {
          details: { embedder: state.embedderId ?? '', tokenizer: state.tokenizerId ?? '' },
        },
      );
    }
  };
  return {
    readState: () => readIndexState(db, false),

    prepare: (build) =>
      db.transaction(async (tx) => {
        if (matches(await readIndexState(tx, true), build)) return false;
        if (!Number.isInteger(build.dimension) || build.dimension < 1 || build.dimension > 16_000) {
          throw new AppError('internal', `Invalid embedding dimension ${build.dimension}`);
        }
        await tx.query('DELETE FROM knowledge_chunks');
        await tx.query('DELETE FROM knowledge_documents');
        await tx.query('DELETE FROM knowledge_terms');
        await tx.query('DROP INDEX IF EXISTS knowledge_chunks_embedding_idx');
        await tx.query(`ALTER TABLE knowledge_chunks ALTER COLUMN embedding TYPE vector(${build.dimension})`);
        const createIndex = vectorIndexSql(build.dimension);
        if (createIndex !== undefined) await tx.query(createIndex);
        await tx.query(
          `UPDATE knowledge_index SET embedder_id = $1, dimension = $2, tokenizer_id = $3, corpus_hash = NULL,
             chunk_count = 0, token_total = 0, updated_at = now() WHERE id = 1`,
          [build.embedderId, build.dimension, build.tokenizerId],
        );
        return true;
      }),

    listDocuments: async () => {
      const result = await db.query<{ id: string; content_hash: string }>(
        'SELECT id, content_hash FROM knowledge_documents ORDER BY id',
      );
      return result.rows.map((r) => ({ id: r.id, contentHash: r.content_hash }));
    },

    replaceDocument: (build, document, chunks) =>
      db.transaction(async (tx) => {
        assertBuild(await readIndexState(tx, true), build);
        const current = await tx.query<{ content_hash: string }>(
          'SELECT content_hash FROM knowledge_documents WHERE id = $1',
          [document.id],
        );
        if (current.rows[0]?.content_hash === document.contentHash) return false;
        await removeDocument(tx, document.id);
        await tx.query(
          `INSERT INTO knowledge_documents
             (id, path, title, kind, sources, fiscal_year, as_of, needs_verification, content_hash)
           VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7::date, $8, $9)`,
          [
            document.id,
            document.path,
            document.title,
            document.kind,
            jsonParam(document.sources),
            document.fiscalYear ?? null,
            document.asOf ?? null,
            document.needsVerification,
            document.contentHash,
          ],
        );
        await insertChunks(tx, document.id, chunks);
        return true;
      }),

    deleteDocument: (id) =>
      db.transaction(async (tx) => {
        await readIndexState(tx, true);
        return removeDocument(tx, id);
      }),

    recordCorpusHash: async (hash) => {
      await db.query('UPDATE knowledge_index SET corpus_hash = $1, updated_at = now() WHERE id = 1', [hash]);
    },

    dropVectorIndex: async () => {
      await db.query('DROP INDEX IF EXISTS knowledge_chunks_embedding_idx');
    },

    createVectorIndex: async () => {
      const state = StateRow.parse((await db.query('SELECT * FROM knowledge_index WHERE id = 1')).rows[0]);
      const sql = state.dimension === null ? undefined : vectorIndexSql(state.dimension);
      if (sql !== undefined) await db.query(sql);
    },
  };
}
