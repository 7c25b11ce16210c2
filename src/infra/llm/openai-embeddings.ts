/**
 * Embeddings from any OpenAI-compatible `/embeddings` endpoint. The SDK asks for base64 by default and
 * decodes it; some compatible servers ignore `encoding_format` and send float arrays, and a raw base64
 * string may still come through a proxy, so every shape is accepted, decoded and checked here.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { Embedder } from '../../core/ports.ts';

export interface OpenAiEmbedderOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  timeoutMs: number;
  /** Known or probed width of the model's vectors. */
  dimension: number;
  /** Inputs per request; the API accepts up to 2048, servers differ. */
  batchSize?: number;
}

const EmbeddingResponse = z.object({
  data: z.array(
    z.object({
      index: z.number().int().min(0),
      embedding: z.union([z.array(z.number()), z.instanceof(Float32Array), z.string()]),
    }),
  ),
});

/** Little-endian float32 values, as the API encodes them. */
export function decodeBase64Floats(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 4 !== 0) throw new Error('base64 embedding is not a whole number of float32 values');
  const floats: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) floats.push(bytes.readFloatLE(offset));
  return floats;
}

function toUpstreamError(error: unknown, model: string): AppError {
  if (error instanceof AppError) return error;
  const timedOut = error instanceof OpenAI.APIConnectionTimeoutError;
  return new AppError(
    timedOut ? 'upstream_timeout' : 'upstream_failed',
    `Embedding request failed (${timedOut ? 'timeout' : ((error as Error).message ?? 'error')})`,
    {
      cause: error,
      details: { model, ...(error instanceof OpenAI.APIError ? { status: error.status ?? 0 } : {}) },
    },
  );
}

async function requestEmbeddings(
  client: OpenAI,
  model: string,
  input: string[],
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<number[][]> {
  let raw: unknown;
  try {
    raw = await client.embeddings.create(
      { model, input },
      { timeout: timeoutMs, ...(signal ? { signal } : {}) },
    );
  } catch (error) {
    throw toUpstreamError(error, model);
  }
  const parsed = EmbeddingResponse.safeParse(raw);
  if (!parsed.success || parsed.data.data.length !== input.length) {
    throw new AppError('upstream_failed', 'Embedding response has an unexpected shape', {
      details: { model },
    });
  }
  return [...parsed.data.data]
    .sort((a, b) => a.index - b.index)
    .map((item) =>
      typeof item.embedding === 'string' ? decodeBase64Floats(item.embedding) : Array.from(item.embedding),
    );
}

export function createOpenAiEmbedder(options: OpenAiEmbedderOptions): Embedder {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 2 });
  const batchSize = options.batchSize ?? 64;
  return {
    id: `openai:${options.model}@${options.dimension}`,
    dimension: options.dimension,
    async embed(texts, embedOptions) {
      const vectors: number[][] = [];
      for (let start = 0; start < texts.length; start += batchSize) {
        const batch = texts.slice(start, start + batchSize);
        const got = await requestEmbeddings(
          client,
          options.model,
          batch,
          options.timeoutMs,
          embedOptions?.signal,
        );
        for (const vector of got) {
          if (vector.length !== options.dimension || vector.some((v) => !Number.isFinite(v))) {
            throw new AppError('upstream_failed', 'Embedding has the wrong dimension or non-finite values', {
              details: { model: options.model, expected: options.dimension, got: vector.length },
            });
          }
          vectors.push(vector);
        }
      }
      return vectors;
    },
  };
}

/** Asks the server once for a vector to learn the model's dimension. */
export async function probeEmbeddingDimension(
  options: Omit<OpenAiEmbedderOptions, 'dimension' | 'batchSize'>,
): Promise<number> {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 2 });
  const [vector] = await requestEmbeddings(
    client,
    options.model,
    ['次元の確認'],
    options.timeoutMs,
    undefined,
  );
  if (vector === undefined || vector.length === 0) {
    throw new AppError('upstream_failed', 'The embedding model returned an empty vector', {
      details: { model: options.model },
    });
  }
  return vector.length;
}
