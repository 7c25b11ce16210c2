/**
 * `npm run train:answerability`: refits src/core/knowledge/answerability-model.json from the training sets
 * through the real retrieval over the corpus (see src/cli/train-answerability.ts), and prints how the
 * thresholds split the training questions. Run it after the corpus or the retrieval changes.
 */
import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import {
  answerabilityModelPath,
  defaultFitOptions,
  type Example,
  fitAnswerability,
  loadLabelledQuestions,
} from '../src/cli/train-answerability.ts';
import { openKnowledgeBase } from '../src/composition/create-knowledge-base.ts';
import { parseConfig } from '../src/config.ts';
import { answerabilityProbability } from '../src/core/knowledge/answerability.ts';
import { openDatabase } from '../src/infra/db/open-db.ts';
import { createLogger } from '../src/infra/logger.ts';

const config = parseConfig(process.env);
const logger = createLogger({ level: 'error', destination: process.stderr });
const db = await openDatabase({ databaseUrl: undefined, pgliteDir: undefined });
try {
  const { knowledge } = await openKnowledgeBase(config, db, logger);
  const questions = await loadLabelledQuestions();
  const examples: (Example & { source: string })[] = [];
  const embedders = new Set<string | undefined>();
  for (const q of questions) {
    const judgement = await knowledge.assess(q.question);
    embedders.add(judgement.vectorFrom);
    examples.push({ features: judgement.features, label: q.label(judgement), source: q.source });
  }
  const [vectorFrom, ...others] = embedders;
  if (vectorFrom === undefined || others.length > 0)
    throw new Error(`expected one embedder for every question, got ${[...embedders].join(', ')}`);
  // Named by what it was fitted on, so the same corpus and sets give the same file byte for byte.
  const digest = createHash('sha256')
    .update(JSON.stringify(examples.map((e) => [e.label, e.features])))
    .digest('hex')
    .slice(0, 12);
  const model = fitAnswerability(examples, `answerability-${digest}`, defaultFitOptions, vectorFrom);
  await writeFile(answerabilityModelPath, `${JSON.stringify(model, null, 2)}\n`);
  const bySource = new Map<string, number[]>();
  for (const e of examples) {
    const p = answerabilityProbability(model, e.features, vectorFrom);
    const tally = bySource.get(e.source) ?? [0, 0, 0, 0, 0, 0];
    bySource.set(e.source, tally);
    const band = p >= model.supported ? 0 : p >= model.partial ? 1 : 2;
    tally[e.label === 1 ? band : 3 + band]!++;
  }
  const lines = [`thresholds: supported ${model.supported}, partial ${model.partial}`, ''];
  lines.push(
    '| set | answerable: supported / partial / refused | not answerable: supported / partial / refused |',
  );
  lines.push('|---|---|---|');
  for (const [source, t] of bySource)
    lines.push(`| ${source} | ${t[0]} / ${t[1]} / ${t[2]} | ${t[3]} / ${t[4]} / ${t[5]} |`);
  process.stdout.write(`${lines.join('\n')}\nwrote ${answerabilityModelPath.pathname}\n`);
} finally {
  await db.close();
}
