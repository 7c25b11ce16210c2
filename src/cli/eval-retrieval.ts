/**
 * Retrieval quality on the golden set (tests/eval/retrieval-golden.jsonl): recall@1, recall@5 and MRR for
 * lexical-only, vector-only and hybrid retrieval, plus how often the knowledge base answers a question the
 * corpus does not cover (tests/eval/unanswerable.jsonl). Used by `npm run eval` and by the quality-floor
 * test, so both measure the same thing.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type KnowledgeConfig, openKnowledgeBase } from '../composition/create-knowledge-base.ts';
import { partialIntro } from '../core/knowledge/answer-texts.ts';
import type { KnowledgeBase, Passage } from '../core/knowledge/knowledge-base.ts';
import { createRetriever, type RetrievalMode, type Retriever } from '../core/knowledge/retrieve.ts';
import { createDefaultTokenizer } from '../core/knowledge/tokenizer.ts';
import type { Logger } from '../core/ports.ts';
import { createKnowledgeSearchRepository } from '../infra/db/knowledge-search-repo.ts';
import { openDatabase } from '../infra/db/open-db.ts';
import { createEmbedder } from '../infra/llm/create-embedder.ts';

const Target = z.object({ doc: z.string().min(1), section: z.string().min(1) });
export const GoldenQuestion = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  doc: z.string().min(1),
  section: z.string().min(1),
  also_ok: z.array(Target).optional(),
});
export type GoldenQuestion = z.infer<typeof GoldenQuestion>;
export const UnanswerableQuestion = z.object({ id: z.string().min(1), question: z.string().min(1) });
export type UnanswerableQuestion = z.infer<typeof UnanswerableQuestion>;

export const goldenSetPath = new URL('../../tests/eval/retrieval-golden.jsonl', import.meta.url);
export const unanswerableSetPath = new URL('../../tests/eval/unanswerable.jsonl', import.meta.url);

export async function readJsonl<T>(path: URL | string, schema: z.ZodType<T>): Promise<T[]> {
  const lines = (await readFile(path, 'utf8')).split('\n');
  const items: T[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const parsed = schema.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${String(path)}:${i + 1}: ${parsed.error.issues[0]?.message}`);
    items.push(parsed.data);
  });
  return items;
}

/** Section paths are compared without spaces and after NFKC, so "(1) 都道府県…" matches "（１）都道府県…". */
function comparable(text: string): string {
  return text.normalize('NFKC').replace(/\s+/gu, '');
}

/** A hit: a passage of the expected document whose section path contains the expected section. */
export function isHit(question: GoldenQuestion, citation: { documentId: string; section: string }): boolean {
  return [{ doc: question.doc, section: question.section }, ...(question.also_ok ?? [])].some(
    (t) => t.doc === citation.documentId && comparable(citation.section).includes(comparable(t.section)),
  );
}

/** 1-based rank of the first hit, or undefined. */
export function firstHitRank(question: GoldenQuestion, passages: readonly Passage[]): number | undefined {
  const index = passages.findIndex((p) => isHit(question, p.citation));
  return index < 0 ? undefined : index + 1;
}

export interface RetrievalMetrics {
  mode: RetrievalMode;
  questions: number;
  recallAt1: number;
  recallAt5: number;
  /** Mean reciprocal rank over the top 10. */
  mrr: number;
  /** Ids of questions without a hit in the top 5. */
  missesAt5: string[];
}

export const evaluationDepth = 10;

export async function measureRetrieval(
  retriever: Retriever,
  golden: readonly GoldenQuestion[],
  mode: RetrievalMode,
): Promise<RetrievalMetrics> {
  let at1 = 0;
  let at5 = 0;
  let reciprocal = 0;
  const missesAt5: string[] = [];
  for (const question of golden) {
    const { passages } = await retriever.retrieve(question.question, { limit: evaluationDepth, mode });
    const rank = firstHitRank(question, passages);
    if (rank === 1) at1++;
    if (rank !== undefined && rank <= 5) at5++;
    else missesAt5.push(question.id);
    if (rank !== undefined) reciprocal += 1 / rank;
  }
  const n = Math.max(golden.length, 1);
  return {
    mode,
    questions: golden.length,
    recallAt1: at1 / n,
    recallAt5: at5 / n,
    mrr: reciprocal / n,
    missesAt5,
  };
}

export interface AnswerMetrics {
  /**
   * Share of unanswerable questions answered as if the materials answered them (grounded, not partial):
   * lower is better. A partial reply opens by saying the materials do not answer the point.
   */
  falseAnswerRate: number;
  falseAnswers: string[];
  /** Unanswerable questions given a partial reply (related passages, said to be so). */
  partialAnswers: string[];
  /** Partial replies that do not open with that statement (must be none). */
  partialWithoutNotice: string[];
  /** Share of golden questions answered (grounded: true): the price of refusing. */
  goldenAnsweredRate: number;
  /** Grounded answers without a citation (must be none). */
  uncitedGrounded: string[];
}

export async function measureAnswers(
  knowledgeBase: KnowledgeBase,
  golden: readonly GoldenQuestion[],
  unanswerable: readonly UnanswerableQuestion[],
): Promise<AnswerMetrics> {
  const falseAnswers: string[] = [];
  const partialAnswers: string[] = [];
  const partialWithoutNotice: string[] = [];
  const uncitedGrounded: string[] = [];
  let goldenAnswered = 0;
  for (const item of unanswerable) {
    const answer = await knowledgeBase.answer(item.question);
    if (answer.grounded && answer.partial === true) {
      partialAnswers.push(item.id);
      if (!answer.text.startsWith(partialIntro)) partialWithoutNotice.push(item.id);
    } else if (answer.grounded) falseAnswers.push(item.id);
    if (answer.grounded && answer.citations.length === 0) uncitedGrounded.push(item.id);
  }
  for (const item of golden) {
    const answer = await knowledgeBase.answer(item.question);
    if (answer.grounded) goldenAnswered++;
    if (answer.grounded && answer.citations.length === 0) uncitedGrounded.push(item.id);
  }
  return {
    falseAnswerRate: falseAnswers.length / Math.max(unanswerable.length, 1),
    falseAnswers,
    partialAnswers,
    partialWithoutNotice,
    goldenAnsweredRate: goldenAnswered / Math.max(golden.length, 1),
    uncitedGrounded,
  };
}

export interface EvidenceAssessor {
  assess(question: string): Promise<{ coverage: number }>;
}

export interface CalibrationRow {
  threshold: number;
  falseAnswerRate: number;
  goldenAnsweredRate: number;
}

/** The trade-off behind the evidence threshold: refusals of unanswerable vs answers to golden questions. */
export async function calibrateEvidence(
  assessor: EvidenceAssessor,
  golden: readonly GoldenQuestion[],
  unanswerable: readonly UnanswerableQuestion[],
  thresholds: readonly number[] = [0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8],
): Promise<CalibrationRow[]> {
  const coverages = async (items: readonly { question: string }[]) => {
    const values: number[] = [];
    for (const item of items) values.push((await assessor.assess(item.question)).coverage);
    return values;
  };
  const goldenCoverage = await coverages(golden);
  const unanswerableCoverage = await coverages(unanswerable);
  const share = (values: number[], t: number) =>
    values.filter((v) => v >= t).length / Math.max(values.length, 1);
  return thresholds.map((threshold) => ({
    threshold,
    falseAnswerRate: share(unanswerableCoverage, threshold),
    goldenAnsweredRate: share(goldenCoverage, threshold),
  }));
}

export function formatCalibrationTable(rows: readonly CalibrationRow[]): string {
  const lines = ['| min coverage | unanswerable answered | golden answered |', '|---|---|---|'];
  for (const r of rows) {
    lines.push(
      `| ${r.threshold.toFixed(2)} | ${r.falseAnswerRate.toFixed(3)} | ${r.goldenAnsweredRate.toFixed(3)} |`,
    );
  }
  return lines.join('\n');
}

export function formatRetrievalTable(rows: readonly RetrievalMetrics[]): string {
  const pct = (v: number) => v.toFixed(3);
  const lines = ['| mode | recall@1 | recall@5 | MRR |', '|---|---|---|---|'];
  for (const r of rows)
    lines.push(`| ${r.mode} | ${pct(r.recallAt1)} | ${pct(r.recallAt5)} | ${pct(r.mrr)} |`);
  return lines.join('\n');
}

export interface RetrievalEvalSetup {
  retriever: Retriever;
  knowledge: KnowledgeBase & EvidenceAssessor;
  /** What the figures were measured with, printed above them. */
  description: string;
}

/** Prints the retrieval section of `npm run eval`. Returns the hybrid metrics (for exit codes). */
export async function runRetrievalEval(
  setup: RetrievalEvalSetup,
  write: (text: string) => void,
): Promise<{ hybrid: RetrievalMetrics; answers: AnswerMetrics }> {
  const golden = await readJsonl(goldenSetPath, GoldenQuestion);
  const unanswerable = await readJsonl(unanswerableSetPath, UnanswerableQuestion);
  write(`## Retrieval (${golden.length} golden questions; ${setup.description})\n`);
  const rows: RetrievalMetrics[] = [];
  for (const mode of ['lexical', 'vector', 'hybrid'] as const)
    rows.push(await measureRetrieval(setup.retriever, golden, mode));
  write(formatRetrievalTable(rows));
  const hybrid = rows[2]!;
  write(`\nhybrid misses at 5: ${hybrid.missesAt5.join(' ') || 'none'}\n`);
  const answers = await measureAnswers(setup.knowledge, golden, unanswerable);
  write(`## Answers (${unanswerable.length} unanswerable questions)\n`);
  write(
    `unanswerable answered anyway (false-answer rate): ${answers.falseAnswerRate.toFixed(3)} ` +
      `${answers.falseAnswers.length > 0 ? `(${answers.falseAnswers.join(' ')})` : ''}`,
  );
  write(`golden questions answered (grounded): ${answers.goldenAnsweredRate.toFixed(3)}`);
  write(`grounded answers without a citation: ${answers.uncitedGrounded.length}\n`);
  write('### Evidence threshold trade-off\n');
  write(formatCalibrationTable(await calibrateEvidence(setup.knowledge, golden, unanswerable)));
  return { hybrid, answers };
}

/**
 * An in-memory database with the corpus ingested, and the knowledge base over it, configured like the
 * server (embedder and model path from the environment). The production database is never touched.
 */
export async function openRetrievalEval(
  config: KnowledgeConfig,
  logger: Logger,
): Promise<RetrievalEvalSetup & { close(): Promise<void> }> {
  const db = await openDatabase({});
  try {
    const { knowledge } = await openKnowledgeBase(config, db, logger);
    const embedder = await createEmbedder(config);
    const retriever = createRetriever({
      repository: createKnowledgeSearchRepository(db),
      embedder,
      tokenizer: createDefaultTokenizer(),
    });
    const model = config.OPENAI_API_KEY === undefined ? 'no model' : `model ${config.CHAT_MODEL}`;
    return { retriever, knowledge, description: `${embedder.id}, ${model}`, close: () => db.close() };
  } catch (error) {
    await db.close();
    throw error;
  }
}
