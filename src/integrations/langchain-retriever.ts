/**
 * The knowledge base's Japanese hybrid search as a LangChain retriever, for a center that builds its own
 * chains with LangChain.js: `new SanpoRetriever({ knowledge })` is a `BaseRetriever`, so it works with
 * `.invoke()`, `RunnableSequence`, `createRetrievalChain` and the rest. Each passage becomes a `Document`
 * whose metadata carries what a citation needs (document id, title, section path, the section's official
 * URL) and the retrieval scores.
 *
 * The app never imports this file: `@langchain/core` is a development dependency here, and a project that
 * uses the adapter brings its own (`npm i @langchain/core`).
 */
import type { CallbackManagerForRetrieverRun } from '@langchain/core/callbacks/manager';
import { Document } from '@langchain/core/documents';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { KnowledgeBase, Passage } from '../core/knowledge/knowledge-base.ts';

export interface PassageMetadata {
  chunkId: string;
  documentId: string;
  title: string;
  section: string;
  /** The official page of the quoted section, when the corpus names one. */
  url?: string;
  kind: Passage['kind'];
  needsVerification: boolean;
  scores: Passage['scores'];
}

export interface SanpoRetrieverInput extends BaseRetrieverInput {
  knowledge: Pick<KnowledgeBase, 'search'>;
  /** Passages per query (default 5). */
  k?: number;
}

export class SanpoRetriever extends BaseRetriever<PassageMetadata> {
  override lc_namespace = ['sanpo_assistant', 'retrievers'];

  static override lc_name(): string {
    return 'SanpoRetriever';
  }

  private readonly knowledge: Pick<KnowledgeBase, 'search'>;
  private readonly k: number;

  constructor(fields: SanpoRetrieverInput) {
    super(fields);
    this.knowledge = fields.knowledge;
    this.k = fields.k ?? 5;
  }

  override async _getRelevantDocuments(
    query: string,
    _runManager?: CallbackManagerForRetrieverRun,
  ): Promise<Document<PassageMetadata>[]> {
    const passages = await this.knowledge.search(query, this.k);
    return passages.map(
      (p) =>
        new Document<PassageMetadata>({
          pageContent: p.text,
          id: p.id,
          metadata: {
            chunkId: p.id,
            documentId: p.citation.documentId,
            title: p.citation.title,
            section: p.citation.section,
            ...(p.citation.url === undefined ? {} : { url: p.citation.url }),
            kind: p.kind,
            needsVerification: p.needsVerification,
            scores: p.scores,
          },
        }),
    );
  }
}
