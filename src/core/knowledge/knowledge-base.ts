/**
 * The knowledge base as the conversation engine sees it: grounded answers with citations, or an honest
 * "not covered" that lets the caller offer staff. Built by createKnowledgeService (./knowledge-service.ts);
 * the composition root wires it with the database in src/composition/create-knowledge-base.ts.
 */
import type { Citation } from '../message.ts';
import type { DocumentKind } from './ports.ts';

export interface GroundedAnswer {
  /** Polite Japanese that quotes the evidence; or the "not covered" message. */
  text: string;
  /** Empty iff grounded === false. */
  citations: Citation[];
  /** False: the corpus does not support an answer, so the caller offers staff. */
  grounded: boolean;
  /** 'extractive' | 'partial' | 'answer@<prompt version>'. */
  answeredBy: string;
  /**
   * The quoted passages touch the question without clearly answering it: the text says so and the caller
   * offers staff as it does for "not covered".
   */
  partial?: boolean;
}

export interface PassageScores {
  /** Reciprocal-rank-fusion score (or the single list's RRF score in lexical/vector-only modes). */
  fused: number;
  /** BM25 score, when the lexical list found the passage. */
  lexical?: number;
  /** Cosine similarity, when the vector list found the passage. */
  vector?: number;
  lexicalRank?: number;
  vectorRank?: number;
  /** IDF-weighted share of the question's content tokens the passage contains (hybrid mode). */
  coverage?: number;
  /** The same share for the passage's innermost heading alone (hybrid mode). */
  heading?: number;
}

export interface Passage {
  /** The chunk id ("<document id>#<ordinal>"). */
  id: string;
  text: string;
  citation: Citation;
  /** 'official' documents, guides written from official sources, or approved center answers. */
  kind: DocumentKind;
  /** The document is marked needs_verification: an answer citing it says to confirm with the center. */
  needsVerification: boolean;
  scores: PassageScores;
}

export interface AnswerOptions {
  /** The user's previous questions in this conversation, most recent last. */
  history?: string[];
  signal?: AbortSignal;
}

export interface KnowledgeBase {
  answer(question: string, options?: AnswerOptions): Promise<GroundedAnswer>;
  search(query: string, limit: number): Promise<Passage[]>;
}
