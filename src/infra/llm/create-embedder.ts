/**
 * Chooses the embedder from configuration: an OpenAI-compatible model when both OPENAI_API_KEY and
 * EMBEDDING_MODEL are set, otherwise the offline hashed n-gram embedder. The model's dimension must be
 * known before the index is built (it fixes the pgvector column and HNSW index): well-known models are
 * listed, any other model is asked once.
 */
import type { Config } from '../../config.ts';
import type { Embedder } from '../../core/ports.ts';
import { createHashedNgramEmbedder } from './hashed-ngram-embedder.ts';
import { createOpenAiEmbedder, probeEmbeddingDimension } from './openai-embeddings.ts';

const knownDimensions: Record<string, number> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

export type EmbedderConfig = Pick<
  Config,
  'OPENAI_API_KEY' | 'OPENAI_BASE_URL' | 'EMBEDDING_MODEL' | 'MODEL_TIMEOUT_MS'
>;

export async function createEmbedder(config: EmbedderConfig): Promise<Embedder> {
  if (config.OPENAI_API_KEY === undefined || config.EMBEDDING_MODEL === undefined) {
    return createHashedNgramEmbedder();
  }
  const connection = {
    apiKey: config.OPENAI_API_KEY,
    baseURL: config.OPENAI_BASE_URL,
    model: config.EMBEDDING_MODEL,
    timeoutMs: config.MODEL_TIMEOUT_MS,
  };
  const dimension = knownDimensions[config.EMBEDDING_MODEL] ?? (await probeEmbeddingDimension(connection));
  return createOpenAiEmbedder({ ...connection, dimension });
}
