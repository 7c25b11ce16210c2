/**
 * Ingestion on the real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): idempotency,
 * replacement, deletion, rebuild on an embedder change, BM25 statistics kept in step, PDFs, bad metadata.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.ts';
import { createIntlSegmenterTokenizer } from '../../../src/core/knowledge/tokenizer.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createKnowledgeIndexRepository } from '../../../src/infra/db/knowledge-index-repo.ts';
import { createHashedNgramEmbedder } from '../../../src/infra/llm/hashed-ngram-embedder.ts';
import { ensureKnowledgeIndex, ingestCorpus } from '../../../src/ingest/ingest-corpus.ts';
import { makeJapanesePdf } from '../../fixtures/knowledge/minimal-pdf.ts';
import { openTestDb } from '../../support/db.ts';

const corpus = new URL('../../../corpus/', import.meta.url).pathname;
const tokenizer = createIntlSegmenterTokenizer();
const embedder = createHashedNgramEmbedder();

const guide = (id: string, body: string, extra = '') =>
  `---\nid: ${id}\ntitle: ${id} のテスト\nkind: guide\nsources: []\nas_of: 2026-11-24\nneeds_verification: false\n${extra}---\n# ${id}\n\n${body}\n`;

async function termStatsAreConsistent(db: Db): Promise<void> {
  const stored = await db.query<{ term: string; df: number }>(
    'SELECT term, df FROM knowledge_terms ORDER BY term',
  );
  const actual = await db.query<{ term: string; df: string }>(
    'SELECT u.lexeme AS term, count(*) AS df FROM knowledge_chunk_terms t, unnest(t.terms) u GROUP BY u.lexeme ORDER BY u.lexeme',
  );
  expect(stored.rows.map((r) => [r.term, Number(r.df)])).toEqual(
    actual.rows.map((r) => [r.term, Number(r.df)]),
  );
  const totals = await db.query<{
    chunk_count: number;
    token_total: string;
    chunks: string;
    tokens: string | null;
  }>(
    `SELECT i.chunk_count, i.token_total, (SELECT count(*) FROM knowledge_chunks) AS chunks,
            (SELECT sum(token_count) FROM knowledge_chunk_terms) AS tokens
     FROM knowledge_index i`,
  );
  const row = totals.rows[0]!;
  expect(Number(row.chunk_count)).toBe(Number(row.chunks));
  expect(Number(row.token_total)).toBe(Number(row.tokens ?? 0));
}

describe('ingesting the real corpus', () => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
  });

  it('indexes every document once, then skips them all', async () => {
    const first = await ingestCorpus({ db, embedder, tokenizer, corpusDir: corpus });
    expect(first.written).toContain('fy2024-direction');
    expect(first.written.length).toBeGreaterThanOrEqual(10);
    expect(first.rebuilt).toBe(true);
    const second = await ingestCorpus({ db, embedder, tokenizer, corpusDir: corpus });
    expect(second.written).toEqual([]);
    expect(second.unchanged.sort()).toEqual(first.written.sort());
    const atStart = await ensureKnowledgeIndex({ db, embedder, tokenizer, corpusDir: corpus });
    expect(atStart.skipped).toBe(true);
    await termStatsAreConsistent(db);
  });

  it('keeps the official document numbering as section paths', async () => {
    const sections = await db.query<{ section: string }>(
      "SELECT section FROM knowledge_chunks WHERE document_id = 'fy2024-direction' ORDER BY ordinal",
    );
    expect(sections.rows.map((r) => r.section)).toContain(
      '2 産業保健総合支援センターの取組 > (1) > ア メンタルヘルス対策関連の個別訪問支援の強化',
    );
    expect(sections.rows.map((r) => r.section)).toContain(
      '2 産業保健総合支援センターの取組 > (2) 留意事項 > ウ',
    );
  });

  it('stores every chunk with its document, title, section and a vector of the embedder dimension', async () => {
    const bad = await db.query(
      `SELECT c.id FROM knowledge_chunks c JOIN knowledge_documents d ON d.id = c.document_id
       WHERE c.content = '' OR d.title = '' OR vector_dims(c.embedding) <> 512`,
    );
    expect(bad.rows).toEqual([]);
    const index = await db.query<{ indexdef: string }>(
      "SELECT indexdef FROM pg_indexes WHERE indexname = 'knowledge_chunks_embedding_idx'",
    );
    expect(index.rows[0]?.indexdef).toContain('hnsw');
  });
});

describe('ingesting a corpus that changes', () => {
  let db: Db;
  let dir: string;
  beforeAll(async () => {
    db = await openTestDb();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    // One database for the suite (opening PGlite is slow); each test starts from an empty index.
    await db.query('DELETE FROM knowledge_documents');
    await db.query('DELETE FROM knowledge_terms');
    await db.query(
      'UPDATE knowledge_index SET embedder_id = NULL, dimension = NULL, tokenizer_id = NULL, corpus_hash = NULL, chunk_count = 0, token_total = 0',
    );
    dir = await mkdtemp(join(tmpdir(), 'sanpo-corpus-'));
    await writeFile(join(dir, 'a.md'), guide('doc-a', '## 費用\n地産保のサービスは無料です。'));
    await writeFile(join(dir, 'b.md'), guide('doc-b', '## 申込み\n申込書をFAXで送ります。'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('replaces a changed document, deletes a removed one, and keeps BM25 statistics in step', async () => {
    await ingestCorpus({ db, embedder, tokenizer, corpusDir: dir });
    await writeFile(
      join(dir, 'a.md'),
      guide('doc-a', '## 費用\n地産保のサービスは原則として無料です。\n\n## 秘密\n秘密は守られます。'),
    );
    await rm(join(dir, 'b.md'));
    const report = await ingestCorpus({ db, embedder, tokenizer, corpusDir: dir });
    expect(report).toMatchObject({ written: ['doc-a'], deleted: ['doc-b'], unchanged: [], chunks: 2 });
    const rows = await db.query<{ id: string; section: string }>(
      'SELECT id, section FROM knowledge_chunks ORDER BY id',
    );
    expect(rows.rows).toEqual([
      { id: 'doc-a#0', section: '費用' },
      { id: 'doc-a#1', section: '秘密' },
    ]);
    await termStatsAreConsistent(db);
  });

  it('re-embeds everything when the embedder changes, with the new dimension and index', async () => {
    await ingestCorpus({ db, embedder, tokenizer, corpusDir: dir });
    const smaller = createHashedNgramEmbedder({ dimension: 128 });
    expect((await ensureKnowledgeIndex({ db, embedder: smaller, tokenizer, corpusDir: dir })).rebuilt).toBe(
      true,
    );
    const dims = await db.query<{ dims: number }>(
      'SELECT DISTINCT vector_dims(embedding) AS dims FROM knowledge_chunks',
    );
    expect(dims.rows).toEqual([{ dims: 128 }]);
    const state = await createKnowledgeIndexRepository(db).readState();
    expect(state).toMatchObject({ embedderId: 'hashed-ngram-v2-128', dimension: 128, chunkCount: 2 });
  });

  it('ingests a PDF with its sidecar metadata, normalising radical look-alikes', async () => {
    await writeFile(
      join(dir, 'notice.pdf'),
      makeJapanesePdf([['１ 面接指導', '⻑時間労働者への面接指導は地産保で受け付けます。']]),
    );
    await writeFile(
      join(dir, 'notice.meta.yaml'),
      'id: notice\ntitle: お知らせ\nkind: official\nsources: [https://www.johas.go.jp/]\nfiscal_year: 2025\n',
    );
    await ingestCorpus({ db, embedder, tokenizer, corpusDir: dir });
    const rows = await db.query<{ section: string; content: string; url: string }>(
      `SELECT c.section, c.content, d.sources->>0 AS url FROM knowledge_chunks c
       JOIN knowledge_documents d ON d.id = c.document_id WHERE d.id = 'notice'`,
    );
    expect(rows.rows).toEqual([
      {
        section: '1 面接指導',
        content: '長時間労働者への面接指導は地産保で受け付けます。',
        url: 'https://www.johas.go.jp/',
      },
    ]);
  });

  it('adds one file without deleting the others', async () => {
    await ingestCorpus({ db, embedder, tokenizer, corpusDir: dir });
    await writeFile(join(dir, 'c.md'), guide('doc-c', '## 研修\n研修を開いています。'));
    const report = await ingestCorpus({
      db,
      embedder,
      tokenizer,
      corpusDir: dir,
      onlyFile: join(dir, 'c.md'),
    });
    expect(report).toMatchObject({ written: ['doc-c'], deleted: [] });
    expect((await db.query('SELECT id FROM knowledge_documents')).rows).toHaveLength(3);
  });

  it('refuses a document with invalid metadata, naming the file and the field', async () => {
    await writeFile(
      join(dir, 'bad.md'),
      guide('doc-bad', '## x\n本文です。').replace('kind: guide', 'kind: blog'),
    );
    const error = await ingestCorpus({ db, embedder, tokenizer, corpusDir: dir }).catch((e: unknown) => e);
    expect(isAppError(error, 'corpus_invalid')).toBe(true);
    expect((error as Error).message).toMatch(/^bad\.md: invalid metadata: kind/u);
  });

  it('refuses a text file without a sidecar, and a duplicate id', async () => {
    await writeFile(join(dir, 'plain.txt'), '本文です。');
    await expect(ingestCorpus({ db, embedder, tokenizer, corpusDir: dir })).rejects.toThrow(
      /plain\.txt: needs a metadata file plain\.meta\.yaml/u,
    );
    await rm(join(dir, 'plain.txt'));
    await cp(join(dir, 'a.md'), join(dir, 'a-copy.md'));
    await expect(ingestCorpus({ db, embedder, tokenizer, corpusDir: dir })).rejects.toThrow(
      /document id "doc-a" is already used by a(-copy)?\.md/u,
    );
  });
});
