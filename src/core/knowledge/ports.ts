/**
 * What the knowledge base needs from storage. The SQL adapter (src/infra/db/knowledge-search-repo.ts)
 * runs the same statements on PGlite and PostgreSQL; unit tests use an in-memory fake.
 */

/**
 * 'official': an official document as published; 'guide': written by the project from official pages;
 * 'center': an answer a center's staff wrote and a second staff member approved (issue 15).
 */
export type DocumentKind = 'official' | 'guide' | 'center';

/** A stored chunk with what a citation needs. */
export interface StoredChunk {
  /** "<document id>#<ordinal>": stable while the document is unchanged. */
  chunkId: string;
  documentId: string;
  title: string;
  section: string;
  content: string;
  kind: DocumentKind;
  /** The official page of the chunk's section, else the document's first source, when there is one. */
  url?: string;
  needsVerification: boolean;
  /**
   * The chunk's indexed lexemes (title, section and text, synonyms canonical), when the store returns
   * them: evidence checks then need not tokenize the passage again. Only those among `lexemesAmong`
   * when the search was given that list.
   */
  lexemes?: readonly string[];
}

export interface VectorHit extends StoredChunk {
  /** Cosine similarity to the query, 1 = same direction. */
  similarity: number;
}

export interface WeightedTerm {
  term: string;
  /** The term's contribution when a chunk contains it (query weight × IDF). */
  weight: number;
}

export interface LexicalHit extends StoredChunk {
  /** BM25 with binary term frequency: the matched weight scaled by the chunk's length. */
  score: number;
}

export interface TermStatistics {
  chunkCount: number;
  averageTokens: number;
  /** Chunks containing each asked-for term; a term missing from the map occurs nowhere. */
  documentFrequency: Map<string, number>;
}

export interface Bm25Parameters {
  k1: number;
  b: number;
  averageTokens: number;
}

/**
 * `lexemesAmong`: return only these of each hit's lexemes (the question's evidence tokens, all a coverage
 * check looks up); a chunk has hundreds, and reading them all back cost more CPU than the search.
 */
export interface KnowledgeSearchRepository {
  readTermStatistics(terms: readonly string[]): Promise<TermStatistics>;
  searchByTerms(
    terms: readonly WeightedTerm[],
    limit: number,
    bm25: Bm25Parameters,
    lexemesAmong?: readonly string[],
  ): Promise<LexicalHit[]>;
  searchByVector(
    vector: readonly number[],
    limit: number,
    lexemesAmong?: readonly string[],
  ): Promise<VectorHit[]>;
}
