/**
 * Center answers on the real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set): the
 * approval rules (never the drafter, once only, official sources only), the index holding exactly the
 * approved answers through corpus re-ingestion and an embedder rebuild, withdrawal, and the event log.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/core/errors.ts';
import {
  type CenterAnswerInput,
  type CenterAnswerService,
  createCenterAnswerService,
} from '../../../src/core/feedback/center-answers.ts';
import { createIntlSegmenterTokenizer } from '../../../src/core/knowledge/tokenizer.ts';
import { createCenterAnswerRepository } from '../../../src/infra/db/center-answers.repo.ts';
import type { Db } from '../../../src/infra/db/db.ts';
import { createHashedNgramEmbedder } from '../../../src/infra/llm/hashed-ngram-embedder.ts';
import { createLogger } from '../../../src/infra/logger.ts';
import { createCenterAnswerIndex } from '../../../src/ingest/center-answers.ts';
import { ensureKnowledgeIndex } from '../../../src/ingest/ingest-corpus.ts';
import { openTestDb } from '../../support/db.ts';

const tokenizer = createIntlSegmenterTokenizer();
const alice = { id: 'slack:UALICE', name: 'alice' };
const bob = { id: 'slack:UBOB', name: 'bob' };
const carol = { id: 'web:carol', name: 'carol' };

const draftInput: CenterAnswerInput = {
  centerId: 'tokyo',
  question: '相談のときに手話通訳をお願いできますか',
  answer: '申込の際にお知らせください。センターが手配の可否を確認してご連絡します。',
  topic: '利用方法',
  sourceUrls: ['https://www.tokyos.johas.go.jp/'],
};

const guide = (id: string, body: string) =>
  `---\nid: ${id}\ntitle: ${id}\nkind: guide\nsources: []\nas_of: 2026-11-24\nneeds_verification: false\n---\n# ${id}\n\n${body}\n`;

describe('center answers in the knowledge index', () => {
  let db: Db;
  let dir: string;
  let embedder = createHashedNgramEmbedder();
  let service: CenterAnswerService;

  const centerDocs = async () =>
    (
      await db.query<{ id: string; kind: string; title: string; sources: string[] }>(
        `SELECT id, kind, title, sources FROM knowledge_documents WHERE id LIKE 'center/%' ORDER BY id`,
      )
    ).rows;
  const ingest = () => ensureKnowledgeIndex({ db, embedder, tokenizer, corpusDir: dir });
  const build = () => {
    const index = createCenterAnswerIndex({
      db,
      embedder,
      tokenizer,
      centerName: (id) => (id === 'tokyo' ? '東京産業保健総合支援センター' : '産業保健総合支援センター'),
    });
    service = createCenterAnswerService({
      repo: createCenterAnswerRepository(db),
      index,
      clock: { now: () => new Date() },
      logger: createLogger({ level: 'silent' }),
      newId: randomUUID,
    });
    return index;
  };

  beforeAll(async () => {
    db = await openTestDb();
    dir = await mkdtemp(join(tmpdir(), 'sanpo-center-'));
    await writeFile(join(dir, 'a.md'), guide('a', '地域産業保健センターは無料で利用できます。'));
    await ingest();
    build();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    if (dir !== undefined) await rm(dir, { recursive: true, force: true });
  });

  it('refuses unofficial sources and empty fields, naming the field', async () => {
    const attempt = (input: Partial<CenterAnswerInput>) =>
      service.draft(alice, { ...draftInput, ...input }).then(
        () => undefined,
        (error: unknown) => (isAppError(error, 'bad_request') ? error.details : error),
      );
    expect(await attempt({ sourceUrls: ['https://example.com/'] })).toHaveProperty('sourceUrls');
    expect(await attempt({ sourceUrls: [] })).toHaveProperty('sourceUrls');
    expect(await attempt({ question: '  ' })).toHaveProperty('question');
    expect(await attempt({ answer: '短い' })).toHaveProperty('answer');
    expect((await db.query('SELECT 1 FROM center_answers')).rows).toHaveLength(0);
  });

  it('indexes an answer only once someone other than the drafter approves it', async () => {
    const draft = await service.draft(alice, draftInput);
    expect(await centerDocs()).toEqual([]);
    await expect(service.approve(draft.id, alice)).rejects.toSatisfy((e) => isAppError(e, 'forbidden'));
    // Two staff approving at once: one wins, the other is told it is already done.
    const results = await Promise.allSettled([
      service.approve(draft.id, bob),
      service.approve(draft.id, carol),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.filter((r) => r.status === 'rejected' && isAppError(r.reason, 'conflict'))).toHaveLength(
      1,
    );
    expect(await centerDocs()).toEqual([
      {
        id: `center/${draft.id}`,
        kind: 'center',
        title: '東京産業保健総合支援センターの回答',
        sources: ['https://www.tokyos.johas.go.jp/'],
      },
    ]);
    const chunk = await db.query<{ section: string; content: string; source_url: string }>(
      `SELECT section, content, source_url FROM knowledge_chunks WHERE document_id = $1`,
      [`center/${draft.id}`],
    );
    expect(chunk.rows).toEqual([
      { section: draftInput.question, content: draftInput.answer, source_url: draftInput.sourceUrls[0] },
    ]);
  });

  it('keeps approved answers through corpus changes and an embedder rebuild, and drops withdrawn ones', async () => {
    const [approved] = await service.list('approved');
    await writeFile(join(dir, 'b.md'), guide('b', '衛生委員会は毎月1回以上開催します。'));
    const report = await ingest();
    expect(report.written).toEqual(['b']);
    expect(report.deleted).toEqual([]);
    expect((await centerDocs()).map((d) => d.id)).toEqual([`center/${approved!.id}`]);

    embedder = createHashedNgramEmbedder({ dimension: 256 });
    const index = build();
    expect((await ingest()).rebuilt).toBe(true);
    expect(await centerDocs()).toEqual([]);
    expect(await index.reconcile()).toEqual({ indexed: 1, removed: 0 });
    expect((await centerDocs()).map((d) => d.id)).toEqual([`center/${approved!.id}`]);
    // Nothing changed: nothing is written again.
    expect(await index.reconcile()).toEqual({ indexed: 0, removed: 0 });

    await service.withdraw(approved!.id, carol);
    expect(await centerDocs()).toEqual([]);
    await expect(service.withdraw(approved!.id, carol)).rejects.toSatisfy((e) => isAppError(e, 'conflict'));
    const events = await db.query<{ action: string; actor: string; version: number }>(
      'SELECT action, actor, version FROM center_answer_events WHERE answer_id = $1 ORDER BY id',
      [approved!.id],
    );
    expect(events.rows.map((e) => e.action)).toEqual(['drafted', 'approved', 'withdrawn']);
    expect(events.rows.map((e) => e.version)).toEqual([1, 2, 3]);
    expect((await service.get(approved!.id))?.closedBy?.name).toBe('carol');
  });

  it('lets a draft be sent back, and never indexes it', async () => {
    const draft = await service.draft(bob, { ...draftInput, question: '別の質問です。駐車場はありますか' });
    const rejected = await service.reject(draft.id, alice);
    expect(rejected.status).toBe('rejected');
    await expect(service.approve(draft.id, alice)).rejects.toSatisfy((e) => isAppError(e, 'conflict'));
    expect(await centerDocs()).toEqual([]);
  });
});
