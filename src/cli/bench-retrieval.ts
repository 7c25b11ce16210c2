/**
 * `npm run bench:retrieval`: retrieval latency (p50/p95), ingestion throughput and peak memory at growing
 * index sizes (the real corpus plus synthetic chunks of clustered vocabulary), on PGlite and on PostgreSQL,
 * and a LangChain-tutorial baseline on the golden set. Each configuration runs in its own process
 * (`measureScale`, `measureBaseline`) so peak RSS belongs to that configuration alone. No timings are
 * asserted anywhere; the figures go into README.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { lexicalTokensOf } from '../core/knowledge/query-terms.ts';
import { createRetriever, type Retriever } from '../core/knowledge/retrieve.ts';
import { createDefaultTokenizer } from '../core/knowledge/tokenizer.ts';
import type { Db } from '../infra/db/db.ts';
import { createKnowledgeIndexRepository, vectorIndexSql } from '../infra/db/knowledge-index-repo.ts';
import { createKnowledgeSearchRepository } from '../infra/db/knowledge-search-repo.ts';
import { openDatabase } from '../infra/db/open-db.ts';
import { createHashedNgramEmbedder } from '../infra/llm/hashed-ngram-embedder.ts';
import { chunkBlocks } from '../ingest/chunk-blocks.ts';
import { extractBlocks, readPdfText } from '../ingest/extract-blocks.ts';
import { indexTextOf, ingestCorpus } from '../ingest/ingest-corpus.ts';
import { readCorpus } from '../ingest/read-corpus.ts';
import { buildBaselineIndex, type RawDocument } from './bench/langchain-baseline.ts';
import { generateSyntheticCorpus, topicSourcesOf } from './bench/synthetic-corpus.ts';
import { firstHitRank, GoldenQuestion, goldenSetPath, isHit, readJsonl } from './eval-retrieval.ts';

export type BenchDatabase = { kind: 'pglite' } | { kind: 'postgres'; url: string };

export interface LatencySummary {
  p50: number;
  p95: number;
  recallAt5: number;
}

export interface ScaleResult {
  database: 'pglite' | 'postgres';
  /** Synthetic chunks added to the real corpus. */
  size: number;
  chunks: number;
  /** Embedding + insert, per second, HNSW index dropped during the load. */
  ingestChunksPerSecond: number;
  indexBuildSeconds: number;
  hybrid: LatencySummary;
  peakRssMb: number;
}

export interface BaselineResult {
  database: 'pglite' | 'postgres';
  ours: LatencySummary & { chunks: number };
  baseline: LatencySummary & { chunks: number };
  peakRssMb: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/** Runs `search` for every golden question (twice, after a warm-up) and summarises latency and recall@5. */
async function measureQueries(
  golden: readonly GoldenQuestion[],
  search: (question: GoldenQuestion) => Promise<boolean>,
): Promise<LatencySummary> {
  for (const question of golden.slice(0, 10)) await search(question);
  const times: number[] = [];
  let hits = 0;
  for (let round = 0; round < 2; round++) {
    for (const question of golden) {
      const started = performance.now();
      const hit = await search(question);
      times.push(performance.now() - started);
      if (round === 0 && hit) hits++;
    }
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 0.5), p95: percentile(times, 0.95), recallAt5: hits / golden.length };
}

const oursSearch = (retriever: Retriever) => async (question: GoldenQuestion) => {
  const { passages } = await retriever.retrieve(question.question, { limit: 5 });
  const rank = firstHitRank(question, passages);
  return rank !== undefined && rank <= 5;
};

/** A fresh database for one measurement: in-memory PGlite, or a scratch database on the server. */
/** A throw-away database for a measurement: in-memory PGlite, or one created (and dropped) on the server. */
export async function openScratchDb(target: BenchDatabase): Promise<{ db: Db; drop(): Promise<void> }> {
  if (target.kind === 'pglite') {
    const db = await openDatabase({});
    return { db, drop: () => db.close() };
  }
  const name = `sanpo_bench_${randomBytes(5).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(target.url);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString() });
  return {
    db,
    drop: async () => {
      await db.close();
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** One scale point: real corpus + `size` synthetic chunks; load, index, then query the golden set. */
export async function measureScale(
  target: BenchDatabase,
  size: number,
  corpusDir: string,
): Promise<ScaleResult> {
  const embedder = createHashedNgramEmbedder();
  const tokenizer = createDefaultTokenizer();
  const golden = await readJsonl(goldenSetPath, GoldenQuestion);
  const files = await readCorpus(corpusDir);
  const real = await Promise.all(
    files.map(async (f) => ({ title: f.meta.title, chunks: chunkBlocks(await extractBlocks(f)) })),
  );
  const synthetic = generateSyntheticCorpus(topicSourcesOf(real), size);
  const { db, drop } = await openScratchDb(target);
  try {
    await ingestCorpus({ db, embedder, tokenizer, corpusDir });
    const repo = createKnowledgeIndexRepository(db);
    const build = { embedderId: embedder.id, dimension: embedder.dimension, tokenizerId: tokenizer.id };
    await repo.dropVectorIndex();
    const loadStarted = performance.now();
    for (const document of synthetic) {
      const texts = document.chunks.map((c) => indexTextOf(document.title, c.section, c.content));
      const vectors = await embedder.embed(texts);
      await repo.replaceDocument(
        build,
        {
          id: document.id,
          path: `synthetic/${document.id}`,
          title: document.title,
          kind: 'guide',
          sources: [],
          needsVerification: false,
          contentHash: document.id,
        },
        document.chunks.map((c, i) => ({
          ...c,
          tokens: lexicalTokensOf(texts[i]!, tokenizer),
          embedding: vectors[i]!,
        })),
      );
    }
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const indexStarted = performance.now();
    await db.transaction(async (tx) => {
      // The graph of 100k vectors needs more than the default 64 MB to build in memory.
      await tx.query("SET LOCAL maintenance_work_mem = '1GB'");
      await tx.query(vectorIndexSql(embedder.dimension)!);
    });
    const indexBuildSeconds = (performance.now() - indexStarted) / 1000;
    const retriever = createRetriever({
      repository: createKnowledgeSearchRepository(db),
      embedder,
      tokenizer,
    });
    const hybrid = await measureQueries(golden, oursSearch(retriever));
    const chunks = Number(
      (await db.query<{ n: string }>('SELECT count(*) AS n FROM knowledge_chunks')).rows[0]?.n,
    );
    return {
      database: target.kind,
      size,
      chunks,
      ingestChunksPerSecond: size === 0 ? 0 : size / loadSeconds,
      indexBuildSeconds,
      hybrid,
      peakRssMb: peakRssMb(),
    };
  } finally {
    await drop();
  }
}

async function rawDocuments(corpusDir: string): Promise<RawDocument[]> {
  return Promise.all(
    (await readCorpus(corpusDir)).map(async (f) => ({
      id: f.meta.id,
      format: f.format,
      text:
        f.format === 'md'
          ? (f.body ?? '')
          : f.format === 'pdf'
            ? await readPdfText(f.bytes)
            : new TextDecoder().decode(f.bytes),
    })),
  );
}

/** Ours (hybrid) against the LangChain-tutorial baseline (vector only) on the real corpus and golden set. */
export async function measureBaseline(target: BenchDatabase, corpusDir: string): Promise<BaselineResult> {
  const embedder = createHashedNgramEmbedder();
  const tokenizer = createDefaultTokenizer();
  const golden = await readJsonl(goldenSetPath, GoldenQuestion);
  const { db, drop } = await openScratchDb(target);
  try {
    const report = await ingestCorpus({ db, embedder, tokenizer, corpusDir });
    const retriever = createRetriever({
      repository: createKnowledgeSearchRepository(db),
      embedder,
      tokenizer,
    });
    const ours = await measureQueries(golden, oursSearch(retriever));
    const baselineIndex = await buildBaselineIndex(db, embedder, await rawDocuments(corpusDir));
    const baseline = await measureQueries(golden, async (question) => {
      const hits = await baselineIndex.search(question.question, 5);
      return hits.some((h) =>
        h.sections.some((section) => isHit(question, { documentId: h.documentId, section })),
      );
    });
    return {
      database: target.kind,
      ours: { ...ours, chunks: report.chunks },
      baseline: { ...baseline, chunks: baselineIndex.chunkCount },
      peakRssMb: peakRssMb(),
    };
  } finally {
    await drop();
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

export function formatScaleTable(rows: readonly ScaleResult[]): string {
  const lines = [
    '| database | synthetic chunks | total chunks | ingest (chunks/s) | HNSW build | hybrid p50 | hybrid p95 | recall@5 | peak RSS |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.database} | ${r.size.toLocaleString('en')} | ${r.chunks.toLocaleString('en')} | ${r.ingestChunksPerSecond.toFixed(0)} | ` +
        `${r.indexBuildSeconds.toFixed(1)} s | ${ms(r.hybrid.p50)} | ${ms(r.hybrid.p95)} | ${r.hybrid.recallAt5.toFixed(3)} | ${r.peakRssMb.toFixed(0)} MB |`,
    );
  }
  return lines.join('\n');
}

export function formatBaselineTable(rows: readonly BaselineResult[]): string {
  const lines = ['| database | system | chunks | recall@5 | p50 | p95 |', '|---|---|---|---|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.database} | ours: hybrid, sections, synonyms | ${r.ours.chunks} | ${r.ours.recallAt5.toFixed(3)} | ${ms(r.ours.p50)} | ${ms(r.ours.p95)} |`,
      `| ${r.database} | LangChain tutorial: RecursiveCharacterTextSplitter + vector | ${r.baseline.chunks} | ${r.baseline.recallAt5.toFixed(3)} | ${ms(r.baseline.p50)} | ${ms(r.baseline.p95)} |`,
      `| ${r.database} | ratio ours / baseline | | ${(r.ours.recallAt5 / Math.max(r.baseline.recallAt5, 1e-9)).toFixed(2)}× | ${(r.ours.p50 / r.baseline.p50).toFixed(2)}× | ${(r.ours.p95 / r.baseline.p95).toFixed(2)}× |`,
    );
  }
  return lines.join('\n');
}
