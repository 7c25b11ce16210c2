/**
 * Measures Japanese tokenizer candidates for the lexical side of retrieval: quality on the golden set
 * (lexical-only and hybrid recall@1/@5, MRR) and cost (load time, memory, tokenizing speed, index
 * vocabulary). Each candidate runs in a fresh process (`measureTokenizer`) so load time and memory are
 * not disturbed by the others. Results feed docs/decisions/0002-japanese-tokenizer.md.
 */
import { performance } from 'node:perf_hooks';
import { createRetriever } from '../core/knowledge/retrieve.ts';
import {
  characterBigramTokenizer,
  createIntlSegmenterTokenizer,
  scriptBigramTokenizer,
  type Tokenizer,
} from '../core/knowledge/tokenizer.ts';
import type { Embedder } from '../core/ports.ts';
import { createKnowledgeSearchRepository } from '../infra/db/knowledge-search-repo.ts';
import { openDatabase } from '../infra/db/open-db.ts';
import { createHashedNgramEmbedder } from '../infra/llm/hashed-ngram-embedder.ts';
import { chunkBlocks } from '../ingest/chunk-blocks.ts';
import { extractBlocks } from '../ingest/extract-blocks.ts';
import { indexTextOf, ingestCorpus } from '../ingest/ingest-corpus.ts';
import { readCorpus } from '../ingest/read-corpus.ts';
import { createKuromojiTokenizer } from '../ingest/tokenizers/kuromoji-tokenizer.ts';
import { createTinySegmenterTokenizer } from '../ingest/tokenizers/tiny-segmenter-tokenizer.ts';
import { GoldenQuestion, goldenSetPath, measureRetrieval, readJsonl } from './eval-retrieval.ts';

export const tokenizerCandidates: Record<string, () => Tokenizer | Promise<Tokenizer>> = {
  bigram: () => characterBigramTokenizer,
  'script-bigram': () => scriptBigramTokenizer,
  'tiny-segmenter': () => createTinySegmenterTokenizer(),
  'intl-segmenter': () => createIntlSegmenterTokenizer(),
  kuromoji: () => createKuromojiTokenizer(),
};

export interface TokenizerMeasurement {
  name: string;
  id: string;
  loadMs: number;
  /** Resident memory the tokenizer added (after loading and one pass over the corpus), in MB. */
  memoryMb: number;
  /** Characters tokenized per millisecond over the corpus chunks. */
  charsPerMs: number;
  /** Distinct lexemes in the index. */
  vocabulary: number;
  lexical: { recallAt1: number; recallAt5: number; mrr: number };
  hybrid: { recallAt1: number; recallAt5: number; mrr: number };
}

async function corpusTexts(corpusDir: string): Promise<string[]> {
  const texts: string[] = [];
  for (const file of await readCorpus(corpusDir)) {
    for (const chunk of chunkBlocks(await extractBlocks(file))) {
      texts.push(indexTextOf(file.meta.title, chunk.section, chunk.content));
    }
  }
  return texts;
}

export async function measureTokenizer(
  name: string,
  corpusDir: string,
  embedder: Embedder = createHashedNgramEmbedder(),
): Promise<TokenizerMeasurement> {
  const create = tokenizerCandidates[name];
  if (create === undefined) throw new Error(`Unknown tokenizer ${name}`);
  const texts = await corpusTexts(corpusDir);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  const loadStart = performance.now();
  const tokenizer = await create();
  const loadMs = performance.now() - loadStart;
  const tokenizeStart = performance.now();
  let chars = 0;
  for (const text of texts) {
    tokenizer.tokenize(text);
    chars += text.length;
  }
  const charsPerMs = chars / (performance.now() - tokenizeStart);
  globalThis.gc?.();
  const memoryMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

  const db = await openDatabase({});
  try {
    await ingestCorpus({ db, embedder, tokenizer, corpusDir });
    const vocabulary = Number(
      (await db.query<{ n: string }>('SELECT count(*) AS n FROM knowledge_terms')).rows[0]?.n,
    );
    const retriever = createRetriever({
      repository: createKnowledgeSearchRepository(db),
      embedder,
      tokenizer,
    });
    const golden = await readJsonl(goldenSetPath, GoldenQuestion);
    const pick = ({ recallAt1, recallAt5, mrr }: { recallAt1: number; recallAt5: number; mrr: number }) => ({
      recallAt1,
      recallAt5,
      mrr,
    });
    return {
      name,
      id: tokenizer.id,
      loadMs,
      memoryMb,
      charsPerMs,
      vocabulary,
      lexical: pick(await measureRetrieval(retriever, golden, 'lexical')),
      hybrid: pick(await measureRetrieval(retriever, golden, 'hybrid')),
    };
  } finally {
    await db.close();
  }
}

export function formatTokenizerTable(rows: readonly TokenizerMeasurement[]): string {
  const f = (v: number) => v.toFixed(3);
  const lines = [
    '| tokenizer | lexical R@1 | lexical R@5 | lexical MRR | hybrid R@1 | hybrid R@5 | hybrid MRR | load | memory | speed | vocabulary |',
    '|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.name} | ${f(r.lexical.recallAt1)} | ${f(r.lexical.recallAt5)} | ${f(r.lexical.mrr)} | ` +
        `${f(r.hybrid.recallAt1)} | ${f(r.hybrid.recallAt5)} | ${f(r.hybrid.mrr)} | ${r.loadMs.toFixed(0)} ms | ` +
        `${Math.max(0, r.memoryMb).toFixed(0)} MB | ${r.charsPerMs.toFixed(0)} chars/ms | ${r.vocabulary} |`,
    );
  }
  return lines.join('\n');
}
