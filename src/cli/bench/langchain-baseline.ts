/**
 * The baseline the benchmark compares against, built the way LangChain's RAG tutorial does it:
 * RecursiveCharacterTextSplitter with its defaults (separators "\n\n", "\n", " ", ""; 1,000 characters,
 * 200 overlap) over each document's raw text, and vector-only similarity search with the same embedder —
 * no normalisation, no section paths, no lexical side, no synonyms. It lives in its own scratch table.
 * A baseline chunk counts as a hit when any line it covers belongs to the expected section, which favours
 * the baseline (its large chunks cover several sections).
 */
import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';
import { normalizeJapanese } from '../../core/knowledge/normalize-japanese.ts';
import type { Embedder } from '../../core/ports.ts';
import { type Db, toVectorLiteral } from '../../infra/db/db.ts';
import { roundVector } from '../../infra/db/knowledge-search-repo.ts';
import { parseMarker } from '../../ingest/structure-plain-text.ts';

export interface RawDocument {
  id: string;
  format: 'md' | 'txt' | 'pdf';
  /** The text as LangChain's loaders would give it (markdown body, plain text, PDF text). */
  text: string;
}

export interface BaselineHit {
  documentId: string;
  /** Section paths of the lines the chunk covers. */
  sections: string[];
}

/** The section path in force at each line: markdown headings, or the numbering of plain text. */
export function sectionOfEachLine(document: RawDocument): string[] {
  const paths: string[] = [];
  const stack: { level: number; text: string }[] = [];
  for (const raw of document.text.split('\n')) {
    const line = normalizeJapanese(raw).trim();
    const heading = document.format === 'md' ? /^(#{2,6})\s+(.*)$/u.exec(line) : null;
    const marker = document.format === 'md' ? undefined : parseMarker(line);
    const level = heading ? heading[1]!.length : marker?.level;
    if (level !== undefined) {
      while (stack.length > 0 && stack[stack.length - 1]!.level >= level) stack.pop();
      stack.push({ level, text: heading ? heading[2]! : line });
    }
    paths.push(stack.map((s) => s.text).join(' > '));
  }
  return paths;
}

export interface BaselineIndex {
  chunkCount: number;
  search(question: string, limit: number): Promise<BaselineHit[]>;
}

export async function buildBaselineIndex(
  db: Db,
  embedder: Embedder,
  documents: readonly RawDocument[],
): Promise<BaselineIndex> {
  const splitter = new RecursiveCharacterTextSplitter();
  await db.query('DROP TABLE IF EXISTS bench_baseline_chunks');
  await db.query(
    `CREATE TABLE bench_baseline_chunks (
       id serial PRIMARY KEY, document_id text NOT NULL, sections jsonb NOT NULL, embedding vector(${embedder.dimension}) NOT NULL)`,
  );
  let chunkCount = 0;
  for (const document of documents) {
    const lineSections = sectionOfEachLine(document);
    const chunks = await splitter.createDocuments([document.text]);
    const vectors = await embedder.embed(chunks.map((c) => c.pageContent));
    for (const [i, chunk] of chunks.entries()) {
      const lines = (chunk.metadata as { loc?: { lines?: { from: number; to: number } } }).loc?.lines;
      const sections = lines === undefined ? [] : [...new Set(lineSections.slice(lines.from - 1, lines.to))];
      await db.query(
        'INSERT INTO bench_baseline_chunks (document_id, sections, embedding) VALUES ($1, $2::jsonb, $3::vector)',
        [document.id, JSON.stringify(sections), toVectorLiteral(roundVector(vectors[i]!))],
      );
      chunkCount++;
    }
  }
  await db.query('CREATE INDEX ON bench_baseline_chunks USING hnsw (embedding vector_cosine_ops)');
  return {
    chunkCount,
    async search(question, limit) {
      const [vector] = await embedder.embed([question]);
      const result = await db.query<{ document_id: string; sections: string[] }>(
        'SELECT document_id, sections FROM bench_baseline_chunks ORDER BY embedding <=> $1::vector LIMIT $2',
        [toVectorLiteral(roundVector(vector!)), limit],
      );
      return result.rows.map((r) => ({ documentId: r.document_id, sections: r.sections }));
    },
  };
}
