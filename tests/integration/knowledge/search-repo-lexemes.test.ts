/**
 * The search repository's read side on the real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
 * set): term statistics from one statement agree with the index tables, and a search told `lexemesAmong`
 * returns exactly those of each hit's lexemes, the same set coverage would see in the full list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createIntlSegmenterTokenizer } from '../../../src/core/knowledge/tokenizer.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createKnowledgeSearchRepository } from '../../../src/infra/db/knowledge-search-repo.ts';
import { createHashedNgramEmbedder } from '../../../src/infra/llm/hashed-ngram-embedder.ts';
import { ingestCorpus } from '../../../src/ingest/ingest-corpus.ts';
import { openTestDb } from '../../support/db.ts';

const corpus = new URL('../../../corpus/', import.meta.url).pathname;
const tokenizer = createIntlSegmenterTokenizer();
const embedder = createHashedNgramEmbedder();

describe('knowledge search repository', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
    await ingestCorpus({ db, embedder, tokenizer, corpusDir: corpus });
  });
  afterAll(async () => {
    await db.close();
  });

  /** Two real lexemes of the index (one frequent, one rare), whatever the tokenizer made of the corpus. */
  async function twoTerms(): Promise<[string, string]> {
    const rows = await db.query<{ term: string }>(
      `(SELECT term FROM knowledge_terms WHERE df > 1 ORDER BY df DESC, term LIMIT 1)
       UNION ALL (SELECT term FROM knowledge_terms WHERE df = 1 ORDER BY term LIMIT 1)`,
    );
    expect(rows.rows).toHaveLength(2);
    return [rows.rows[0]!.term, rows.rows[1]!.term];
  }

  it('reads chunk count, token total and document frequencies in one go', async () => {
    const repo = createKnowledgeSearchRepository(db);
    const [frequent, rare] = await twoTerms();
    const stats = await repo.readTermStatistics([frequent, rare, 'まったく無い語', frequent]);
    const index = await db.query<{ chunk_count: number; token_total: string }>(
      'SELECT chunk_count, token_total FROM knowledge_index WHERE id = 1',
    );
    const terms = await db.query<{ term: string; df: number }>(
      'SELECT term, df FROM knowledge_terms WHERE term = ANY($1::text[])',
      [[frequent, rare]],
    );
    expect(stats.chunkCount).toBe(Number(index.rows[0]!.chunk_count));
    expect(stats.chunkCount).toBeGreaterThan(0);
    expect(stats.averageTokens).toBeCloseTo(Number(index.rows[0]!.token_total) / stats.chunkCount, 9);
    expect([...stats.documentFrequency].sort()).toEqual(terms.rows.map((r) => [r.term, Number(r.df)]).sort());
    expect(stats.documentFrequency.size).toBe(2);

    const none = await repo.readTermStatistics(['まったく無い語']);
    expect(none.chunkCount).toBe(stats.chunkCount);
    expect(none.documentFrequency.size).toBe(0);
  });

  it('returns only the asked-for lexemes of each hit, and all of them without a list', async () => {
    const repo = createKnowledgeSearchRepository(db);
    const [vector] = await embedder.embed(['産業医の面接指導']);
    const full = await repo.searchByVector(vector!, 10);
    const [frequent, rare] = await twoTerms();
    const among = [frequent, rare, ...full[0]!.lexemes!.slice(0, 3), 'まったく無い語'];
    const filtered = await repo.searchByVector(vector!, 10, among);
    expect(filtered.map((h) => h.chunkId)).toEqual(full.map((h) => h.chunkId));
    for (const [i, hit] of filtered.entries()) {
      const all = full[i]!.lexemes!;
      expect(all.length).toBeGreaterThan(among.length);
      expect([...hit.lexemes!].sort()).toEqual([...new Set(among.filter((t) => all.includes(t)))].sort());
    }
    expect(filtered[0]!.lexemes!.length).toBeGreaterThanOrEqual(3);

    const terms = [{ term: frequent, weight: 1 }];
    const bm25 = { k1: 1.2, b: 0.5, averageTokens: 100 };
    const lexical = await repo.searchByTerms(terms, 5, bm25, among);
    const lexicalFull = await repo.searchByTerms(terms, 5, bm25);
    expect(lexical.length).toBeGreaterThan(0);
    expect(lexical.map((h) => [h.chunkId, h.score])).toEqual(lexicalFull.map((h) => [h.chunkId, h.score]));
    for (const hit of lexical) expect(hit.lexemes).toContain(frequent);
    expect((await repo.searchByTerms(terms, 5, bm25, []))[0]!.lexemes).toEqual([]);
  });
});
