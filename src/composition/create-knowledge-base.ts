/**
 * Composition of the knowledge base: the embedder from configuration, the index brought up to date with
 * the corpus (a hash comparison when nothing changed, so start-up stays fast), the SQL repository, and the
 * model path when OPENAI_API_KEY is set. app.ts, the ask CLI, the eval and the tests build it here, so
 * they all answer the same way.
 */
import type { Config } from '../config.ts';
import type { CenterDirectory } from '../core/booking/ports.ts';
import type { CenterAnswerIndex } from '../core/feedback/center-answers.ts';
import type { AnswerPrompt } from '../core/knowledge/generated-answer.ts';
import { createKnowledgeService } from '../core/knowledge/knowledge-service.ts';
import { createRetriever, type RetrievalTuning } from '../core/knowledge/retrieve.ts';
import { createDefaultTokenizer, type Tokenizer } from '../core/knowledge/tokenizer.ts';
import type { ChatModel, Embedder, Logger } from '../core/ports.ts';
import type { Db } from '../infra/db/db.ts';
import { createKnowledgeSearchRepository } from '../infra/db/knowledge-search-repo.ts';
import { createEmbedder } from '../infra/llm/create-embedder.ts';
import { createOpenAiChatModel } from '../infra/llm/openai-chat.ts';
import { loadCenters, loadPrompt } from '../infra/settings/load-settings.ts';
import { createCenterAnswerIndex } from '../ingest/center-answers.ts';
import { ensureKnowledgeIndex, type IngestProgress, type IngestReport } from '../ingest/ingest-corpus.ts';

export type KnowledgeService = ReturnType<typeof createKnowledgeService>;

/** A center answer's citation when it belongs to no prefecture's center (the default desk). */
export const defaultCenterName = '産業保健総合支援センター';

export interface KnowledgeBaseParts {
  db: Db;
  embedder: Embedder;
  logger: Logger;
  /** The model path: answers are generated from prompts/answer.md when set. */
  chatModel?: ChatModel | undefined;
  answerPrompt?: AnswerPrompt | undefined;
  modelTimeoutMs?: number | undefined;
  tokenizer?: Tokenizer | undefined;
  tuning?: Partial<RetrievalTuning> | undefined;
}

/** The knowledge base over an index that is already built (see ensureKnowledgeIndex). */
export function createKnowledgeBase(parts: KnowledgeBaseParts): KnowledgeService {
  const tokenizer = parts.tokenizer ?? createDefaultTokenizer();
  const logger = parts.logger.child({ component: 'knowledge' });
  const retriever = createRetriever({
    logger,
    repository: createKnowledgeSearchRepository(parts.db),
    embedder: parts.embedder,
    tokenizer,
    ...(parts.tuning === undefined ? {} : { tuning: parts.tuning }),
  });
  return createKnowledgeService({
    retriever,
    tokenizer,
    logger,
    chatModel: parts.chatModel,
    answerPrompt: parts.answerPrompt,
    modelTimeoutMs: parts.modelTimeoutMs,
  });
}

export type KnowledgeConfig = Pick<
  Config,
  | 'CORPUS_DIR'
  | 'PROMPTS_DIR'
  | 'OPENAI_API_KEY'
  | 'OPENAI_BASE_URL'
  | 'CHAT_MODEL'
  | 'EMBEDDING_MODEL'
  | 'MODEL_TIMEOUT_MS'
  | 'SETTINGS_DIR'
>;

/**
 * Everything from configuration: ingests the corpus when it (or the embedder/tokenizer) changed since the
 * last run, then builds the knowledge base with the model path when OPENAI_API_KEY is set.
 */
export async function openKnowledgeBase(
  config: KnowledgeConfig,
  db: Db,
  logger: Logger,
  options: {
    onProgress?: (progress: IngestProgress) => void;
    /** settings/centers.yaml when the caller has read it already (the server); read here otherwise. */
    centers?: CenterDirectory | undefined;
  } = {},
): Promise<{ knowledge: KnowledgeService; ingest: IngestReport; centerAnswers: CenterAnswerIndex }> {
  const embedder = await createEmbedder(config);
  const tokenizer = createDefaultTokenizer();
  const ingest = await ensureKnowledgeIndex({
    db,
    embedder,
    tokenizer,
    corpusDir: config.CORPUS_DIR,
    logger,
    onProgress: options.onProgress,
  });
  // Approved center answers back into the index (after a rebuild, or one withdrawn while this was down).
  const centers = options.centers ?? (await loadCenters(config.SETTINGS_DIR));
  const centerAnswers = createCenterAnswerIndex({
    db,
    embedder,
    tokenizer,
    centerName: (id) => (id === null ? undefined : centers.byId(id)?.name) ?? defaultCenterName,
    logger,
  });
  await centerAnswers.reconcile();
  const modelPath =
    config.OPENAI_API_KEY === undefined
      ? {}
      : {
          chatModel: createOpenAiChatModel({
            apiKey: config.OPENAI_API_KEY,
            baseURL: config.OPENAI_BASE_URL,
            model: config.CHAT_MODEL,
          }),
          answerPrompt: await loadPrompt(config.PROMPTS_DIR, 'answer'),
          modelTimeoutMs: config.MODEL_TIMEOUT_MS,
        };
  return {
    knowledge: createKnowledgeBase({ db, embedder, logger, tokenizer, ...modelPath }),
    ingest,
    centerAnswers,
  };
}
