/**
 * Trains the n-gram safety model (src/core/safety/ngram-classifier.ts) from the project's own labelled
 * messages and writes src/core/safety/safety-model.json. Deterministic: the same data gives the same file
 * byte for byte (tests/unit/safety/safety-model.test.ts rebuilds it and compares).
 *
 * Data: every tests/eval/safety-train/*.jsonl ({text|turns, label: crisis|person|negative}), the triage set
 * (crisis → crisis, handoff → person unless it only asks for a human, the rest → other) and the golden and
 * unanswerable retrieval questions and the answer sets in tests/eval/train/ (→ other, but for requests to
 * talk to staff). Blind batches join safety-train/ only after they were scored.
 *
 * Multinomial logistic regression, AdaGrad, L2, classes weighted by inverse frequency. Thresholds come from
 * five-fold out-of-fold probabilities: the soft tier and the person case where at most `softFalseAlarms`
 * of the messages of other classes would pass, crisis where at most `crisisFalseAlarms` would.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { featureVersion, type SafetyModel } from '../core/safety/ngram-classifier.ts';
import {
  dataHashOf,
  type FitOptions,
  fitRounded,
  type OutOfFold,
  outOfFold,
  serializeModel,
  type TrainingExample,
  thresholdFor,
} from './ngram-training.ts';

export type { OutOfFold };
export { dataHashOf, outOfFold, serializeModel };

export const safetyTrainDir = new URL('../../tests/eval/safety-train/', import.meta.url);
const triagePath = new URL('../../tests/eval/triage.jsonl', import.meta.url);
const questionSets = [
  new URL('../../tests/eval/retrieval-golden.jsonl', import.meta.url),
  new URL('../../tests/eval/unanswerable.jsonl', import.meta.url),
];
const answerTrainDir = new URL('../../tests/eval/train/', import.meta.url);
export const safetyModelPath = new URL('../core/safety/safety-model.json', import.meta.url);

/** Class index: 0 crisis, 1 person, 2 other. */
export type { TrainingExample };

const labelIndex = { crisis: 0, person: 1, negative: 2, other: 2 } as const;

function parseLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function loadTrainingData(): Promise<TrainingExample[]> {
  const examples: TrainingExample[] = [];
  const dir = safetyTrainDir.pathname;
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const row of parseLines(await readFile(join(dir, file), 'utf8'))) {
      const label = labelIndex[row.label as keyof typeof labelIndex];
      if (label === undefined) throw new Error(`${file}: unknown label ${String(row.label)}`);
      const text = Array.isArray(row.turns) ? (row.turns as string[]).join('\n') : String(row.text);
      examples.push({ text, label });
    }
  }
  for (const row of parseLines(await readFile(triagePath, 'utf8'))) {
    const human = typeof row.note === 'string' && /human/u.test(row.note);
    const label = row.route === 'crisis' ? 0 : row.route === 'handoff' && !human ? 1 : 2;
    examples.push({ text: String(row.text), label });
  }
  for (const path of questionSets)
    for (const row of parseLines(await readFile(path, 'utf8')))
      examples.push({ text: String(row.question), label: 2 });
  // Answer sets already used for training: every question is "other" but a `handoff` item, which describes
  // a specific person's health (as written, or relabelled after reading: see its `relabelled` note). Those
  // are left out rather than taught as person cases: they are program questions too, and as person
  // examples they taught the model that 家族 or 社員 in a program question is a case (「家族経営の会社で
  // ストレスチェックは必要ですか」 was escalated).
  const answersDir = answerTrainDir.pathname;
  for (const file of (await readdir(answersDir))
    .filter((f) => f.startsWith('answers-') && f.endsWith('.jsonl'))
    .sort())
    for (const row of parseLines(await readFile(join(answersDir, file), 'utf8')))
      if (row.expect !== 'handoff') examples.push({ text: String(row.question), label: 2 });
  return examples;
}

export interface TrainOptions extends FitOptions {
  softFalseAlarms: number;
  crisisFalseAlarms: number;
}

export const defaultTrainOptions: TrainOptions = {
  epochs: 30,
  learningRate: 0.6,
  // 1e-3 over 1e-4 (compared out of fold on the v4 data): as good on crises and person cases, fewer
  // ordinary messages flagged, and less weight on phrases that happened to occur in a few crises.
  l2: 1e-3,
  minCount: 2,
  softFalseAlarms: 0.03,
  crisisFalseAlarms: 0.005,
};

export function trainSafetyModel(
  examples: readonly TrainingExample[],
  options: TrainOptions = defaultTrainOptions,
): { model: SafetyModel; outOfFold: OutOfFold } {
  const oof = outOfFold(examples, options);
  const crisisOf = (i: number) => oof.probabilities[i]![0];
  const nonCrisis = examples.flatMap((e, i) => (e.label === 0 ? [] : [crisisOf(i)]));
  const others = examples.flatMap((e, i) =>
    e.label === 2 ? [oof.probabilities[i]![0] + oof.probabilities[i]![1]] : [],
  );
  const { bias, weights } = fitRounded(examples, options);
  const model: SafetyModel = {
    featureVersion,
    dataHash: dataHashOf(examples, options),
    bias,
    weights,
    thresholds: {
      crisis: Math.max(0.5, thresholdFor(nonCrisis, options.crisisFalseAlarms)),
      soft: thresholdFor(nonCrisis, options.softFalseAlarms),
      person: Math.max(0.4, thresholdFor(others, options.softFalseAlarms)),
    },
  };
  return { model, outOfFold: oof };
}
