/**
 * Approved center answers in the knowledge index (issue 15): each one a document of kind `center`, id
 * `center/<answer id>`, one chunk whose heading is the question and whose text is the answer, cited with
 * its center's name and its first official source. `reconcile` makes the index hold exactly the approved
 * answers: it runs after every approval or withdrawal and at start-up (after the corpus, whose own
 * ingestion leaves `center/` documents alone). The statement that removes a withdrawn answer commits
 * before the staff member is told, and every instance searches the same tables, so it is gone for all.
 */
import {
  type CenterAnswer,
  type CenterAnswerIndex,
  centerAnswerTitle,
  centerDocumentId,
  centerDocumentPrefix,
} from '../core/feedback/center-answers.ts';
import { lexicalTokensOf } from '../core/knowledge/query-terms.ts';
import type { Tokenizer } from '../core/knowledge/tokenizer.ts';
import type { Embedder, Logger } from '../core/ports.ts';
import { listApprovedCenterAnswers } from '../infra/db/center-answers.repo.ts';
import type { Db } from '../infra/db/db.ts';
import { createKnowledgeIndexRepository } from '../infra/db/knowledge-index-repo.ts';
import { indexTextOf } from './ingest-corpus.ts';
import { hashDocumentContent } from './read-corpus.ts';

export interface CenterAnswerIndexDeps {
  db: Db;
  embedder: Embedder;
  tokenizer: Tokenizer;
  /** A center's Japanese name (settings/centers.yaml); the default desk's when unknown. */
  centerName(centerId: string | null): string;
  logger?: Logger | undefined;
}

function documentOf(answer: CenterAnswer, title: string) {
  return {
    id: centerDocumentId(answer.id),
    path: centerDocumentId(answer.id),
    title,
    kind: 'center' as const,
    sources: answer.sourceUrls,
    asOf: (answer.approvedAt ?? answer.updatedAt).toISOString().slice(0, 10),
    needsVerification: false,
    contentHash: hashDocumentContent(
      title,
      answer.question,
      answer.answer,
      JSON.stringify(answer.sourceUrls),
    ),
  };
}

export function createCenterAnswerIndex(deps: CenterAnswerIndexDeps): CenterAnswerIndex {
  const repo = createKnowledgeIndexRepository(deps.db);
  return {
    async reconcile() {
      const state = await repo.readState();
      const build = {
        embedderId: deps.embedder.id,
        dimension: deps.embedder.dimension,
        tokenizerId: deps.tokenizer.id,
      };
      const approved = await listApprovedCenterAnswers(deps.db);
      const wanted = new Set(approved.map((a) => centerDocumentId(a.id)));
      const stored = new Map(
        (await repo.listDocuments())
          .filter((d) => d.id.startsWith(centerDocumentPrefix))
          .map((d) => [d.id, d.contentHash]),
      );
      let removed = 0;
      // Removals first: a withdrawn answer must leave even when indexing another one fails below.
      for (const id of stored.keys()) {
        if (!wanted.has(id) && (await repo.deleteDocument(id))) removed++;
      }
      let indexed = 0;
      // An index built for another embedder gets its center answers when start-up rebuilds it.
      if (state.embedderId !== build.embedderId || state.tokenizerId !== build.tokenizerId)
        return { indexed, removed };
      for (const answer of approved) {
        const document = documentOf(answer, centerAnswerTitle(deps.centerName(answer.centerId)));
        if (stored.get(document.id) === document.contentHash) continue;
        const text = indexTextOf(document.title, answer.question, answer.answer);
        const [embedding] = await deps.embedder.embed([text]);
        const written = await repo.replaceDocument(build, document, [
          {
            ordinal: 0,
            section: answer.question,
            content: answer.answer,
            sourceUrl: answer.sourceUrls[0],
            tokens: lexicalTokensOf(text, deps.tokenizer),
            embedding: embedding!,
          },
        ]);
        if (written) indexed++;
      }
      if (indexed + removed > 0) deps.logger?.info({ indexed, removed }, 'center answers indexed');
      return { indexed, removed };
    },
  };
}
