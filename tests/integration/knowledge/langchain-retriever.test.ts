/**
 * The LangChain adapter over the real knowledge base (ingest into PGlite, or PostgreSQL with
 * TEST_DATABASE_URL), run inside a LangChain runnable chain; and the citation URL of each passage is the
 * official page its own section names, not the document's first source.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKnowledgeBase } from '../../../src/composition/create-knowledge-base.ts';
import { createDefaultTokenizer } from '../../../src/core/knowledge/tokenizer.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createHashedNgramEmbedder } from '../../../src/infra/llm/hashed-ngram-embedder.ts';
import { ingestCorpus } from '../../../src/ingest/ingest-corpus.ts';
import { SanpoRetriever } from '../../../src/integrations/langchain-retriever.ts';
import { openTestDb, testDbKind } from '../../support/db.ts';
import { silentLogger } from '../../unit/knowledge/in-memory-knowledge.ts';

const checkupUrl = 'https://www.mhlw.go.jp/example/health-checkup-opinion.html';
const committeeUrl = 'https://jsite.mhlw.go.jp/example-roudoukyoku/committee.html';

const guide = `---
id: sources-test
title: 健康管理のテスト資料
kind: guide
sources:
  - ${checkupUrl}
  - ${committeeUrl}
as_of: 2026-12-05
---
# 健康管理のテスト資料

## 健康診断の結果について医師の意見を聴く期限
<!-- source: ${checkupUrl} -->
事業者は、健康診断で異常の所見があった労働者について、健康診断を受けた日から3か月以内に医師の意見を聴きます。

## 衛生委員会の開催頻度
<!-- source: ${committeeUrl} -->
衛生委員会は毎月1回以上開き、議事の記録を3年間保存します。
`;

describe(`the knowledge base as a LangChain retriever (${testDbKind})`, () => {
  let db: Db;
  let dir: string;
  let retriever: SanpoRetriever;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'sanpo-lc-'));
    await writeFile(join(dir, 'sources-test.md'), guide);
    db = await openTestDb();
    const embedder = createHashedNgramEmbedder();
    const tokenizer = createDefaultTokenizer();
    await ingestCorpus({ db, embedder, tokenizer, corpusDir: dir });
    retriever = new SanpoRetriever({
      knowledge: createKnowledgeBase({ db, embedder, tokenizer, logger: silentLogger }),
      k: 2,
    });
  });
  afterAll(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('returns LangChain documents with the section and its own official URL', async () => {
    const docs = await retriever.invoke('衛生委員会はどのくらいの頻度で開くの？');
    expect(docs[0]?.pageContent).toContain('毎月1回以上');
    expect(docs[0]?.metadata).toMatchObject({
      documentId: 'sources-test',
      section: '衛生委員会の開催頻度',
      url: committeeUrl,
    });
    const checkup = await retriever.invoke('健診の意見聴取はいつまで');
    expect(checkup[0]?.metadata.url).toBe(checkupUrl);
  });

  it('composes with other runnables in a chain', async () => {
    const cite = RunnableLambda.from((docs: Awaited<ReturnType<SanpoRetriever['invoke']>>) =>
      docs.map((d) => `${d.metadata.title}「${d.metadata.section}」 ${d.metadata.url ?? ''}`),
    );
    const chain = RunnableSequence.from([retriever, cite]);
    const lines = await chain.invoke('健康診断のあと医師の意見を聴く期限は？');
    expect(lines[0]).toBe(`健康管理のテスト資料「健康診断の結果について医師の意見を聴く期限」 ${checkupUrl}`);
  });
});
