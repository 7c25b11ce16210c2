/**
 * Hybrid retrieval: BM25 over the tokenizer's lexemes and cosine similarity over embeddings, fused with
 * reciprocal rank fusion, then the top candidates re-ordered by how much of the question each one
 * covers (evidence.ts). The lexical-only and vector-only modes return the raw lists, for evaluation.
 */
import { isAppError } from '../errors.ts';
import type { Embedder, Logger } from '../ports.ts';
import { comparableCorpusText, coverageOfLexemes, type EvidenceTerms, measureCoverage } from './evidence.ts';
import { fuseRankings } from './fuse-rankings.ts';
import type { Passage } from './knowledge-base.ts';
import type {
  Bm25Parameters,
  KnowledgeSearchRepository,
  LexicalHit,
  StoredChunk,
  VectorHit,
} from './ports.ts';
import {
  contextWeight,
  inverseDocumentFrequency,
  type PreparedQuery,
  prepareQuery,
  weighTerms,
} from './query-terms.ts';
import { askedForms, hasAskedForm } from './question-shape.ts';
import type { Tokenizer } from './tokenizer.ts';

export type RetrievalMode = 'hybrid' | 'lexical' | 'vector';

export interface Retrieval {
  query: PreparedQuery;
  passages: Passage[];
  /** The question's evidence tokens with their IDF (the maximum for tokens the corpus never uses). */
  evidence: EvidenceTerms;
  /** Evidence tokens no chunk contains: a question that hinges on one is about something else. */
  unseen: string[];
  /**
   * The embedder whose similarities the passages carry (its id); undefined when there was no vector search
   * (lexical mode, or the embedding service failed and hybrid search went on lexically).
   */
  vectorFrom: string | undefined;
}

export interface RetrievalTuning {
  /** Candidates each list contributes before fusion. */
  candidatesPerList: number;
  k1: number;
  b: number;
  rrfK: number;
  /** Query terms in more than this share of chunks are not searched (see weighTerms)… */
  maxTermShare: number;
  /** …once the index has this many chunks; below it every term is cheap and all are searched. */
  termShareFromChunks: number;
  /** Fused candidates re-ordered by coverage. */
  rerankDepth: number;
  /** Weight of coverage (0–1) against the fused score scaled to the best one (0–1). */
  coverageWeight: number;
  /**
   * Weight of the section heading's own coverage. Corpus headings are the questions their sections answer
   * (「訪問の依頼のしかたを教えてください」), so a heading that repeats what is asked is the best sign that the
   * section is about exactly that, not a neighbour that mentions the same words in passing.
   */
  headingWeight: number;
  /** Weight of the vector list's votes in the fusion (the lexical list's are 1). */
  vectorWeight: number;
  /**
   * Weight of a passage having the form of answer the question asks for (question-shape.ts): 「何人から」
   * prefers the passage that states a headcount over its neighbours on the same topic.
   */
  askedFormWeight: number;
}

/** Chosen on the golden set (`npm run eval`); see README "Retrieval quality and speed". */
export const defaultRetrievalTuning: RetrievalTuning = {
  candidatesPerList: 30,
  k1: 1.2,
  b: 0.5,
  rrfK: 60,
  maxTermShare: 0.3,
  termShareFromChunks: 1000,
  rerankDepth: 20,
  coverageWeight: 0.5,
  headingWeight: 0.5,
  vectorWeight: 1,
  askedFormWeight: 0.15,
};

export interface RetrieverDeps {
  repository: KnowledgeSearchRepository;
  embedder: Embedder;
  tokenizer: Tokenizer;
  tuning?: Partial<RetrievalTuning>;
  /** Told when the embedding service fails and a hybrid search falls back to lexical matching. */
  logger?: Logger;
}

export interface RetrieveOptions {
  limit: number;
  mode?: RetrievalMode;
  signal?: AbortSignal | undefined;
  /**
   * prepareQuery(question, tokenizer) when the caller already made it; used only if `tokenizer` is this
   * retriever's, so the question is not tokenized twice and the result cannot differ.
   */
  prepared?: { query: PreparedQuery; tokenizer: Tokenizer } | undefined;
}

export interface Retriever {
  retrieve(question: string, options: RetrieveOptions): Promise<Retrieval>;
}

function toPassage(chunk: StoredChunk, scores: Passage['scores']): Passage {
  return {
    id: chunk.chunkId,
    text: chunk.content,
    citation: {
      documentId: chunk.documentId,
      title: chunk.title,
      section: chunk.section,
      ...(chunk.url === undefined ? {} : { url: chunk.url }),
    },
    kind: chunk.kind,
    needsVerification: chunk.needsVerification,
    scores,
  };
}

/** The text a passage is judged on: its headings carry context its sentences leave implicit. */
export function evidenceTextOf(passage: Passage): string {
  return `${passage.citation.title}\n${passage.citation.section}\n${passage.text}`;
}

/** The innermost heading of a passage's section path: the question that section answers. */
export function headingOf(passage: Passage): string {
  return passage.citation.section.split(' > ').at(-1) ?? '';
}

/** Coverage of the question by the passage's innermost heading alone (see RetrievalTuning.headingWeight). */
export function headingCoverage(passage: Passage, evidence: EvidenceTerms, tokenizer: Tokenizer): number {
  const heading = headingOf(passage);
  return heading === '' ? 0 : measureCoverage(heading, evidence, tokenizer);
}

function rerankByCoverage(
  passages: readonly Passage[],
  lexemesById: ReadonlyMap<string, readonly string[] | undefined>,
  evidence: EvidenceTerms,
  tokenizer: Tokenizer,
  tuning: RetrievalTuning,
): Passage[] {
  const best = passages[0]?.scores.fused ?? 1;
  return passages
    .slice(0, tuning.rerankDepth)
    .map((passage) => {
      const lexemes = lexemesById.get(passage.id);
      const coverage =
        lexemes === undefined
          ? measureCoverage(evidenceTextOf(passage), evidence, tokenizer)
          : coverageOfLexemes(new Set(lexemes), evidence, comparableCorpusText(evidenceTextOf(passage)));
      const heading = headingCoverage(passage, evidence, tokenizer);
      const scores = { ...passage.scores, coverage, heading };
      const asks = evidence.asks ?? [];
      const form = asks.length > 0 && hasAskedForm(passage.text, asks) ? 1 : 0;
      return {
        passage: { ...passage, scores },
        order:
          passage.scores.fused / best +
          tuning.coverageWeight * coverage +
          tuning.headingWeight * heading +
          tuning.askedFormWeight * form,
      };
    })
    .sort((a, b) => b.order - a.order)
    .map((s) => s.passage);
}

export function createRetriever(deps: RetrieverDeps): Retriever {
  const tuning = { ...defaultRetrievalTuning, ...deps.tuning };

  const searchByVector = async (
    text: string,
    mode: RetrievalMode,
    signal: AbortSignal | undefined,
    lexemesAmong: readonly string[],
  ): Promise<VectorHit[] | undefined> => {
    let vectors: number[][];
    try {
      vectors = await deps.embedder.embed([text], signal === undefined ? undefined : { signal });
    } catch (error) {
      // An embedding service outage must not silence the knowledge base: hybrid search goes on lexically
      // (the evidence check still applies). Vector-only search has nothing to fall back to.
      if (mode !== 'hybrid' || !isAppError(error) || !error.code.startsWith('upstream_')) throw error;
      deps.logger?.warn(
        { code: error.code, embedder: deps.embedder.id },
        'embedding failed; lexical search only',
      );
      return undefined;
    }
    return deps.repository.searchByVector(vectors[0]!, tuning.candidatesPerList, lexemesAmong);
  };

  return {
    async retrieve(question, { limit, mode = 'hybrid', signal, prepared }) {
      const query =
        prepared?.tokenizer === deps.tokenizer ? prepared.query : prepareQuery(question, deps.tokenizer);
      const stats = await deps.repository.readTermStatistics([...query.tokens, ...query.readingTokens]);
      const bm25: Bm25Parameters = { k1: tuning.k1, b: tuning.b, averageTokens: stats.averageTokens };
      const background = new Set(query.contextTokens);
      const evidence: EvidenceTerms = {
        asks: askedForms(query.text),
        tokens: query.evidenceTokens,
        idf: new Map(
          query.evidenceTokens.map((t) => [
            t,
            inverseDocumentFrequency(stats.chunkCount, stats.documentFrequency.get(t) ?? 0) *
              (background.has(t) ? contextWeight : 1),
          ]),
        ),
      };
      const [lexical, vectorOrNone] = await Promise.all([
        mode === 'vector'
          ? Promise.resolve<LexicalHit[]>([])
          : deps.repository.searchByTerms(
              weighTerms(
                query,
                stats,
                stats.chunkCount >= tuning.termShareFromChunks ? tuning.maxTermShare : 1,
              ),
              tuning.candidatesPerList,
              bm25,
              evidence.tokens,
            ),
        mode === 'lexical'
          ? Promise.resolve<VectorHit[]>([])
          : searchByVector(query.expandedText, mode, signal, evidence.tokens),
      ]);
      const vector = vectorOrNone ?? [];
      const lexicalById = new Map(lexical.map((h) => [h.chunkId, h.score]));
      const vectorById = new Map(vector.map((h) => [h.chunkId, h.similarity]));
      // Only the evidence tokens among each hit's lexemes: all that coverage looks up.
      const lexemesById = new Map([...lexical, ...vector].map((h) => [h.chunkId, h.lexemes]));
      const fused = fuseRankings<StoredChunk>([lexical, vector], (c) => c.chunkId, {
        k: tuning.rrfK,
        weights: [1, tuning.vectorWeight],
      }).map(({ item, fused: score, ranks }) =>
        toPassage(item, {
          fused: score,
          ...(ranks[0] === undefined
            ? {}
            : { lexical: lexicalById.get(item.chunkId)!, lexicalRank: ranks[0] }),
          ...(ranks[1] === undefined ? {} : { vector: vectorById.get(item.chunkId)!, vectorRank: ranks[1] }),
        }),
      );
      const passages =
        mode === 'hybrid'
          ? rerankByCoverage(fused, lexemesById, evidence, deps.tokenizer, tuning)
          : fused.slice(0, limit);
      const unseen = query.evidenceTokens.filter((t) => (stats.documentFrequency.get(t) ?? 0) === 0);
      return {
        query,
        passages: passages.slice(0, limit),
        evidence,
        unseen,
        vectorFrom: vectorOrNone === undefined || mode === 'lexical' ? undefined : deps.embedder.id,
      };
    },
  };
}
