/**
 * corpus → normalise → chunk → embed → idempotent upsert. Unchanged documents (same content hash) are
 * skipped, changed ones replaced, removed ones deleted, each in its own transaction. A corpus hash over
 * all documents and the embedder/tokenizer lets start-up skip the whole walk when nothing changed.
 */

import { centerDocumentPrefix } from '../core/feedback/center-answers.ts';
import { lexicalTokensOf } from '../core/knowledge/query-terms.ts';
import type { Tokenizer } from '../core/knowledge/tokenizer.ts';
import type { Embedder, Logger } from '../core/ports.ts';
import type { Db } from '../infra/db/db.ts';
import {
  createKnowledgeIndexRepository,
  type IndexBuild,
  type IndexedChunk,
} from '../infra/db/knowledge-index-repo.ts';
import { chunkBlocks } from './chunk-blocks.ts';
import { extractBlocks } from './extract-blocks.ts';
import { type CorpusFile, hashCorpus, readCorpus, readCorpusFile } from './read-corpus.ts';

export interface IngestProgress {
  done: number;
  total: number;
  /** The document just handled. */
  documentId: string;
}

export interface IngestOptions {
  db: Db;
  embedder: Embedder;
  tokenizer: Tokenizer;
  corpusDir: string;
  /** One file to add or update; others are left alone (nothing is deleted). */
  onlyFile?: string | undefined;
  logger?: Logger | undefined;
  onProgress?: ((progress: IngestProgress) => void) | undefined;
  signal?: AbortSignal | undefined;
}

export interface IngestReport {
  written: string[];
  unchanged: string[];
  deleted: string[];
  chunks: number;
  /** True when the index was emptied first because the embedder or tokenizer changed. */
  rebuilt: boolean;
  /** True when start-up found nothing to do (see ensureKnowledgeIndex). */
  skipped: boolean;
}

/** What is tokenized and embedded: headings give a short chunk the context its own words lack. */
export function indexTextOf(title: string, section: string, content: string): string {
  return `${title}\n${section}\n${content}`;
}

function buildOf(embedder: Embedder, tokenizer: Tokenizer): IndexBuild {
  return { embedderId: embedder.id, dimension: embedder.dimension, tokenizerId: tokenizer.id };
}

async function indexChunks(file: CorpusFile, options: IngestOptions): Promise<IndexedChunk[]> {
  const chunks = chunkBlocks(await extractBlocks(file));
  const texts = chunks.map((c) => indexTextOf(file.meta.title, c.section, c.content));
  const embeddings =
    texts.length === 0 ? [] : await options.embedder.embed(texts, { signal: options.signal });
  return chunks.map((chunk, i) => ({
    ordinal: chunk.ordinal,
    section: chunk.section,
    content: chunk.content,
    sourceUrl: chunk.sources?.[0],
    tokens: lexicalTokensOf(texts[i]!, options.tokenizer),
    embedding: embeddings[i]!,
  }));
}

async function ingestFiles(
  files: readonly CorpusFile[],
  options: IngestOptions,
  removeOthers: boolean,
): Promise<IngestReport> {
  const repo = createKnowledgeIndexRepository(options.db);
  const build = buildOf(options.embedder, options.tokenizer);
  const rebuilt = await repo.prepare(build);
  const stored = new Map((await repo.listDocuments()).map((d) => [d.id, d.contentHash]));
  const report: IngestReport = {
    written: [],
    unchanged: [],
    deleted: [],
    chunks: 0,
    rebuilt,
    skipped: false,
  };
  let done = 0;
  for (const file of files) {
    options.signal?.throwIfAborted();
    if (stored.get(file.meta.id) === file.contentHash) {
      report.unchanged.push(file.meta.id);
    } else {
      const chunks = await indexChunks(file, options);
      const written = await repo.replaceDocument(
        build,
        {
          id: file.meta.id,
          path: file.relativePath,
          title: file.meta.title,
          kind: file.meta.kind,
          sources: file.meta.sources,
          fiscalYear: file.meta.fiscal_year,
          asOf: file.meta.as_of,
          needsVerification: file.meta.needs_verification,
          contentHash: file.contentHash,
        },
        chunks,
      );
      (written ? report.written : report.unchanged).push(file.meta.id);
      if (written) report.chunks += chunks.length;
    }
    done++;
    options.onProgress?.({ done, total: files.length, documentId: file.meta.id });
  }
  if (removeOthers) {
    const present = new Set(files.map((f) => f.meta.id));
    for (const id of stored.keys()) {
      // Center answers are not files: src/ingest/center-answers.ts keeps them in step with their table.
      if (id.startsWith(centerDocumentPrefix)) continue;
      if (!present.has(id) && (await repo.deleteDocument(id))) report.deleted.push(id);
    }
    await repo.recordCorpusHash(hashCorpus(files, [build.embedderId, build.tokenizerId]));
  }
  options.logger?.info(
    {
      written: report.written.length,
      unchanged: report.unchanged.length,
      deleted: report.deleted.length,
      chunks: report.chunks,
      rebuilt,
    },
    'corpus ingested',
  );
  return report;
}

/** Ingests the whole corpus directory, or only `onlyFile` when given. */
export async function ingestCorpus(options: IngestOptions): Promise<IngestReport> {
  if (options.onlyFile !== undefined) {
    return ingestFiles([await readCorpusFile(options.onlyFile, options.corpusDir)], options, false);
  }
  return ingestFiles(await readCorpus(options.corpusDir), options, true);
}

/**
 * For start-up: ingests only when the corpus, the embedder or the tokenizer changed since the last run.
 * Reading and hashing the files takes milliseconds; PDF parsing and embedding happen only on a change.
 */
export async function ensureKnowledgeIndex(options: Omit<IngestOptions, 'onlyFile'>): Promise<IngestReport> {
  const files = await readCorpus(options.corpusDir);
  const build = buildOf(options.embedder, options.tokenizer);
  const state = await createKnowledgeIndexRepository(options.db).readState();
  const upToDate =
    state.corpusHash === hashCorpus(files, [build.embedderId, build.tokenizerId]) &&
    state.embedderId === build.embedderId &&
    state.dimension === build.dimension &&
    state.tokenizerId === build.tokenizerId;
  if (upToDate) {
    return {
      written: [],
      unchanged: files.map((f) => f.meta.id),
      deleted: [],
      chunks: 0,
      rebuilt: false,
      skipped: true,
    };
  }
  return ingestFiles(files, options, true);
}
