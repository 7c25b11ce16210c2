/**
 * Read side of the knowledge index: BM25 over application-made lexemes (GIN on tsvector) and cosine
 * nearest neighbours (HNSW). Plain SQL that runs unchanged on PGlite and PostgreSQL.
 */
import { z } from 'zod';
import type {
  Bm25Parameters,
  KnowledgeSearchRepository,
  LexicalHit,
  StoredChunk,
  TermStatistics,
  VectorHit,
  WeightedTerm,
} from '../../core/knowledge/ports.ts';
import { isLexemeSafe } from '../../core/knowledge/tokenizer.ts';
import { type Queryable, toVectorLiteral } from './db.ts';

const ChunkRow = z.object({
  id: z.string(),
  document_id: z.string(),
  title: z.string(),
  section: z.string(),
  content: z.string(),
  kind: z.enum(['official', 'guide', 'center']),
  url: z.string().nullable(),
  needs_verification: z.boolean(),
  lexemes: z.string(),
  score: z.coerce.number(),
});
type ChunkRow = z.infer<typeof ChunkRow>;

/**
 * Lexemes come back as one space-separated string: a chunk has hundreds of them, and parsing a text[]
 * literal (quoting, escapes) per row cost more CPU per turn than anything else in the query. Stored
 * lexemes never contain a space (the index splits them on spaces, knowledge-index-repo.ts). With a
 * `lexemesAmong` list (parameter `$among`), only those of the chunk's lexemes come back.
 */
function chunkColumns(among: string | undefined): string {
  const lexemes =
    among === undefined
      ? 'tsvector_to_array(t.terms)'
      : `ARRAY(SELECT l FROM unnest(tsvector_to_array(t.terms)) AS l WHERE l = ANY(${among}::text[]))`;
  return `c.id, c.document_id, d.title, c.section, c.content, d.kind, COALESCE(c.source_url, d.sources->>0) AS url,
  d.needs_verification, array_to_string(${lexemes}, ' ') AS lexemes`;
}

/** A chunk with its document and its lexemes, for the few rows a search returns. */
const chunkJoins = `JOIN knowledge_chunks c ON c.id = t.chunk_id JOIN knowledge_documents d ON d.id = c.document_id`;

function toChunk(row: ChunkRow): StoredChunk {
  return {
    chunkId: row.id,
    documentId: row.document_id,
    title: row.title,
    section: row.section,
    content: row.content,
    kind: row.kind,
    ...(row.url === null ? {} : { url: row.url }),
    needsVerification: row.needs_verification,
    lexemes: row.lexemes === '' ? [] : row.lexemes.split(' '),
  };
}

/** A lexeme as a one-term tsquery literal; tokens never contain quotes or operators (isLexemeSafe). */
function toTsqueryLiteral(term: string): string {
  return `'${term}'`;
}

export function createKnowledgeSearchRepository(db: Queryable): KnowledgeSearchRepository {
  return {
    async readTermStatistics(terms): Promise<TermStatistics> {
      const safe = [...new Set(terms.filter(isLexemeSafe))];
      // One statement, not two: each round trip costs the server process more CPU than the rows do.
      // One row per term found; `(SELECT 1)` keeps a row (terms null) when none is.
      const result = await db.query<{
        chunk_count: number | null;
        token_total: string | null;
        term: string | null;
        df: number | null;
      }>(
        `SELECT i.chunk_count, i.token_total, k.term, k.df
         FROM (SELECT 1) AS one
         LEFT JOIN knowledge_index i ON i.id = 1
         LEFT JOIN knowledge_terms k ON k.term = ANY($1::text[])`,
        [safe],
      );
      const chunkCount = Number(result.rows[0]?.chunk_count ?? 0);
      const tokenTotal = Number(result.rows[0]?.token_total ?? 0);
      const found = result.rows.filter((r) => r.term !== null);
      return {
        chunkCount,
        averageTokens: chunkCount === 0 ? 1 : tokenTotal / chunkCount,
        documentFrequency: new Map(found.map((r) => [r.term!, Number(r.df)])),
      };
    },

    async searchByTerms(
      terms: readonly WeightedTerm[],
      limit: number,
      bm25: Bm25Parameters,
      lexemesAmong?: readonly string[],
    ): Promise<LexicalHit[]> {
      const usable = terms.filter((t) => isLexemeSafe(t.term) && t.weight > 0);
      if (usable.length === 0) return [];
      // Term-at-a-time: one GIN lookup per query term, summed per chunk, then BM25's length normalisation.
      const result = await db.query(
        // MATERIALIZED: cast each tsquery once; inlined, the cast ran again for every row the index matched.
        `WITH q AS MATERIALIZED (
           SELECT query::tsquery AS query, weight FROM unnest($1::text[], $2::float8[]) AS q(query, weight)
         ), best AS (
           SELECT t.chunk_id,
             sum(q.weight) * ($3::float8 + 1)
               / (1 + $3::float8 * (1 - $4::float8 + $4::float8 * max(t.token_count) / $5::float8)) AS score
           FROM q JOIN knowledge_chunk_terms t ON t.terms @@ q.query
           GROUP BY t.chunk_id
           ORDER BY score DESC, t.chunk_id
           LIMIT $6
         )
         SELECT ${chunkColumns(lexemesAmong === undefined ? undefined : '$7')}, b.score
         FROM best b JOIN knowledge_chunk_terms t ON t.chunk_id = b.chunk_id ${chunkJoins}
         ORDER BY b.score DESC, c.id`,
        [
          usable.map((t) => toTsqueryLiteral(t.term)),
          usable.map((t) => t.weight),
          bm25.k1,
          bm25.b,
          Math.max(bm25.averageTokens, 1),
          limit,
          ...(lexemesAmong === undefined ? [] : [lexemesAmong]),
        ],
      );
      return result.rows.map((raw) => {
        const row = ChunkRow.parse(raw);
        return { ...toChunk(row), score: row.score };
      });
    },

    async searchByVector(
      vector: readonly number[],
      limit: number,
      lexemesAmong?: readonly string[],
    ): Promise<VectorHit[]> {
      // Nearest first on the chunks table alone, so the HNSW index serves the ORDER BY … LIMIT.
      const result = await db.query(
        `WITH nearest AS (
           SELECT id, embedding <=> $1::vector AS distance
           FROM knowledge_chunks
           ORDER BY embedding <=> $1::vector
           LIMIT $2
         )
         SELECT ${chunkColumns(lexemesAmong === undefined ? undefined : '$3')}, 1 - n.distance AS score
         FROM nearest n JOIN knowledge_chunk_terms t ON t.chunk_id = n.id ${chunkJoins}
         ORDER BY n.distance, c.id`,
        [toVectorLiteral(roundVector(vector)), limit, ...(lexemesAmong === undefined ? [] : [lexemesAmong])],
      );
      return result.rows.map((raw) => {
        const row = ChunkRow.parse(raw);
        return { ...toChunk(row), similarity: row.score };
      });
    },
  };
}

/** float4 is what pgvector stores; printing 17 digits per value only makes the statement larger. */
export function roundVector(vector: readonly number[]): number[] {
  return vector.map((v) => Math.round(v * 1e7) / 1e7);
}
