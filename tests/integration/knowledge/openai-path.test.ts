/**
 * The model path against the OpenAI-compatible HTTP fake (tests/fakes/openai-server.ts): embeddings through
 * the SDK's base64 default, an index rebuilt for the new embedder, and generated answers through the real
 * chat adapter — valid, citing an unknown passage, timing out — with the quoted answer as the fallback.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeBase } from '../../../src/composition/create-knowledge-base.ts';
import type { ModelAnswer } from '../../../src/core/knowledge/generated-answer.ts';
import { createDefaultTokenizer } from '../../../src/core/knowledge/tokenizer.ts';
import type { Embedder } from '../../../src/core/ports.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createEmbedder } from '../../../src/infra/llm/create-embedder.ts';
import { createOpenAiChatModel } from '../../../src/infra/llm/openai-chat.ts';
import { ensureKnowledgeIndex } from '../../../src/ingest/ingest-corpus.ts';
import { deterministicVector, type OpenAiFake, startOpenAiFake } from '../../fakes/openai-server.ts';
import { openTestDb } from '../../support/db.ts';
import { silentLogger } from '../../unit/knowledge/in-memory-knowledge.ts';

const corpus = new URL('../../../corpus/', import.meta.url).pathname;
const prompt = { version: 'test-1', body: '資料だけで答えてください。' };

describe('knowledge base with an OpenAI-compatible server', () => {
  let fake: OpenAiFake;
  let db: Db;
  let embedder: Embedder;
  const tokenizer = createDefaultTokenizer();

  beforeAll(async () => {
    fake = await startOpenAiFake({ embeddingDimension: 48 });
    db = await openTestDb();
    embedder = await createEmbedder({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.baseURL,
      EMBEDDING_MODEL: 'local-embedding-model',
      MODEL_TIMEOUT_MS: 2000,
    });
  });
  afterAll(async () => {
    await db.close();
    await fake.close();
  });

  it('learns the dimension once, asks for base64 and decodes it to the server vectors', async () => {
    expect(embedder.id).toBe('openai:local-embedding-model@48');
    const [vector] = await embedder.embed(['地産保の申込み']);
    expect(vector).toHaveLength(48);
    deterministicVector('地産保の申込み', 48).forEach((v, i) => {
      expect(vector![i]).toBeCloseTo(v, 6);
    });
    const sent = fake.requests.filter((r) => r.path === '/v1/embeddings').map((r) => r.body);
    expect(sent.every((b) => (b as { encoding_format?: string }).encoding_format === 'base64')).toBe(true);
  });

  it('indexes the corpus with the model vectors', async () => {
    const report = await ensureKnowledgeIndex({ db, embedder, tokenizer, corpusDir: corpus });
    expect(report.rebuilt).toBe(true);
    const dims = await db.query<{ dims: number }>(
      'SELECT DISTINCT vector_dims(embedding) AS dims FROM knowledge_chunks',
    );
    expect(dims.rows).toEqual([{ dims: 48 }]);
  });

  const knowledgeWithModel = (timeoutMs = 2000) =>
    createKnowledgeBase({
      db,
      embedder,
      tokenizer,
      logger: silentLogger,
      chatModel: createOpenAiChatModel({ apiKey: 'sk-test', baseURL: fake.baseURL, model: 'chat-test' }),
      answerPrompt: prompt,
      modelTimeoutMs: timeoutMs,
    });

  it('returns the generated answer with citations from the retrieved passages', async () => {
    fake.chat.enqueue({
      kind: 'json',
      value: {
        supported: true,
        answer: '地産保のサービスは原則として無料です。',
        citations: ['P1'],
      } satisfies ModelAnswer,
    });
    const answer = await knowledgeWithModel().answer('ちさんぽって無料？');
    expect(answer).toMatchObject({ grounded: true, answeredBy: 'answer@test-1' });
    expect(answer.text).toBe('地産保のサービスは原則として無料です。');
    expect(answer.citations).toHaveLength(1);
    expect(answer.citations[0]!.quote).toBeTruthy();
    const request = fake.requests.filter((r) => r.path === '/v1/chat/completions').at(-1)!.body as {
      messages: { content: string }[];
    };
    expect(request.messages[0]!.content).toBe(prompt.body);
    expect(request.messages[1]!.content).toContain('<question>ちさんぽって無料？</question>');
  });

  it('falls back to the quoted answer when the model cites an unknown passage or times out', async () => {
    fake.chat.enqueue({ kind: 'json', value: { supported: true, answer: '有料です。', citations: ['P42'] } });
    const badCitation = await knowledgeWithModel().answer('ちさんぽって無料？');
    expect(badCitation).toMatchObject({ grounded: true, answeredBy: 'extractive' });
    expect(badCitation.text).not.toContain('有料です');

    fake.chat.enqueue({ kind: 'hang' });
    const started = Date.now();
    const timedOut = await knowledgeWithModel(300).answer('ちさんぽって無料？');
    expect(timedOut).toMatchObject({ grounded: true, answeredBy: 'extractive' });
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
