/**
 * A KnowledgeSearchRepository over an array, for unit tests of retrieval and answers without a database.
 * Same contract as the SQL adapter: BM25 with binary term frequency over the same lexemes ingestion makes,
 * and cosine similarity over the same embedder.
 */
import type {
  KnowledgeSearchRepository,
  LexicalHit,
  StoredChunk,
  VectorHit,
} from '../../../src/core/knowledge/ports.ts';
import { lexicalTokensOf } from '../../../src/core/knowledge/query-terms.ts';
import type { Tokenizer } from '../../../src/core/knowledge/tokenizer.ts';
import type { Embedder } from '../../../src/core/ports.ts';

export interface FakeDocument {
  id: string;
  title: string;
  kind?: 'official' | 'guide';
  needsVerification?: boolean;
  sections: { section: string; content: string }[];
}

export async function createInMemoryKnowledge(
  documents: readonly FakeDocument[],
  tokenizer: Tokenizer,
  embedder: Embedder,
): Promise<KnowledgeSearchRepository> {
  const chunks: (StoredChunk & { terms: Set<string>; length: number; vector: number[] })[] = [];
  for (const doc of documents) {
    for (const [ordinal, s] of doc.sections.entries()) {
      const text = `${doc.title}\n${s.section}\n${s.content}`;
      const tokens = lexicalTokensOf(text, tokenizer);
      const [vector] = await embedder.embed([text]);
      chunks.push({
        chunkId: `${doc.id}#${ordinal}`,
        documentId: doc.id,
        title: doc.title,
        section: s.section,
        content: s.content,
        kind: doc.kind ?? 'guide',
        needsVerification: doc.needsVerification ?? false,
        terms: new Set(tokens),
        length: tokens.length,
        vector: vector!,
      });
    }
  }
  const strip = ({ terms: _t, length: _l, vector: _v, ...chunk }: (typeof chunks)[number]): StoredChunk =>
    chunk;
  return {
    async readTermStatistics(terms) {
      const documentFrequency = new Map<string, number>();
      for (const term of terms) {
        const df = chunks.filter((c) => c.terms.has(term)).length;
        if (df > 0) documentFrequency.set(term, df);
      }
      const averageTokens = chunks.reduce((sum, c) => sum + c.length, 0) / Math.max(chunks.length, 1);
      return { chunkCount: chunks.length, averageTokens, documentFrequency };
    },
    async searchByTerms(terms, limit, bm25): Promise<LexicalHit[]> {
      return chunks
        .map((c) => {
          const matched = terms.filter((t) => c.terms.has(t.term)).reduce((sum, t) => sum + t.weight, 0);
          const norm =
            (bm25.k1 + 1) / (1 + bm25.k1 * (1 - bm25.b + (bm25.b * c.length) / bm25.averageTokens));
          return { ...strip(c), score: matched * norm };
        })
        .filter((h) => h.score > 0)
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
    },
    async searchByVector(vector, limit): Promise<VectorHit[]> {
      return chunks
        .map((c) => ({ ...strip(c), similarity: c.vector.reduce((sum, v, i) => sum + v * vector[i]!, 0) }))
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, limit);
    },
  };
}

export const silentLogger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child() {
    return silentLogger;
  },
};
