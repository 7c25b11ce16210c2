/**
 * Trains the booking-request model (src/core/triage/route-model.ts) from the project's own labelled
 * messages and writes src/core/triage/route-model.json. Deterministic: the same data gives the same file
 * byte for byte (tests/unit/triage/route-model.test.ts rebuilds it and compares).
 *
 * Data: the answer sets already used for training (tests/eval/train/: booking_consultation → consultation,
 * booking_visit → visit, answers, declines and "not covered" → other; handoffs left out), the triage set
 * (consultation, visit, and answer/decline/small talk as other; crises and handoffs left out), the
 * consultation requests written for the safety model, and the golden and unanswerable questions (other).
 * Blind sets join only after they were scored.
 *
 * Thresholds from five-fold out-of-fold probabilities: a request class where at most `falseRequests` of
 * the messages of the other classes would reach it, so an ordinary question is rarely turned into a form.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { featureVersion } from '../core/safety/ngram-classifier.ts';
import type { RouteModel } from '../core/triage/route-model.ts';
import {
  dataHashOf,
  type FitOptions,
  fitRounded,
  type OutOfFold,
  outOfFold,
  type TrainingExample,
  thresholdFor,
} from './ngram-training.ts';

export { serializeModel } from './ngram-training.ts';

const answerTrainDir = new URL('../../tests/eval/train/', import.meta.url);
const triagePath = new URL('../../tests/eval/triage.jsonl', import.meta.url);
const consultationRequestsPath = new URL(
  '../../tests/eval/safety-train/consultation-requests.jsonl',
  import.meta.url,
);
const questionSets = [
  new URL('../../tests/eval/retrieval-golden.jsonl', import.meta.url),
  new URL('../../tests/eval/unanswerable.jsonl', import.meta.url),
];
export const routeModelPath = new URL('../core/triage/route-model.json', import.meta.url);

/** Class index: 0 consultation, 1 visit, 2 other. */
const expectIndex: Record<string, 0 | 1 | 2 | undefined> = {
  booking_consultation: 0,
  booking_visit: 1,
  answer: 2,
  decline: 2,
  not_covered: 2,
};
const triageIndex: Record<string, 0 | 1 | 2 | undefined> = {
  consultation: 0,
  visit: 1,
  answer: 2,
  decline: 2,
  smalltalk: 2,
};

async function rows(path: URL | string): Promise<Record<string, unknown>[]> {
  return (await readFile(path, 'utf8'))
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export async function loadRouteData(): Promise<TrainingExample[]> {
  const examples: TrainingExample[] = [];
  const dir = answerTrainDir.pathname;
  for (const file of (await readdir(dir))
    .filter((f) => f.startsWith('answers-') && f.endsWith('.jsonl'))
    .sort())
    for (const row of await rows(join(dir, file))) {
      const label = expectIndex[String(row.expect)];
      if (label !== undefined) examples.push({ text: String(row.question), label });
    }
  for (const row of await rows(triagePath)) {
    const label = triageIndex[String(row.route)];
    if (label !== undefined) examples.push({ text: String(row.text), label });
  }
  for (const row of await rows(consultationRequestsPath)) examples.push({ text: String(row.text), label: 0 });
  for (const path of questionSets)
    for (const row of await rows(path)) examples.push({ text: String(row.question), label: 2 });
  return examples;
}

export interface RouteTrainOptions extends FitOptions {
  /** Share of the other classes' messages allowed to reach a request class's threshold, out of fold. */
  falseRequests: number;
}

export const defaultRouteTrainOptions: RouteTrainOptions = {
  epochs: 30,
  learningRate: 0.6,
  l2: 1e-3,
  minCount: 2,
  falseRequests: 0.01,
};

export function routeDataHash(examples: readonly TrainingExample[], options: RouteTrainOptions): string {
  return dataHashOf(examples, options);
}

export function trainRouteModel(
  examples: readonly TrainingExample[],
  options: RouteTrainOptions = defaultRouteTrainOptions,
): { model: RouteModel; outOfFold: OutOfFold } {
  const oof = outOfFold(examples, options);
  const thresholdOf = (k: 0 | 1) =>
    Math.max(
      0.34,
      thresholdFor(
        examples.flatMap((e, i) => (e.label === k ? [] : [oof.probabilities[i]![k]])),
        options.falseRequests,
      ),
    );
  const { bias, weights } = fitRounded(examples, options);
  const model: RouteModel = {
    featureVersion,
    dataHash: routeDataHash(examples, options),
    bias,
    weights,
    thresholds: { consultation: thresholdOf(0), visit: thresholdOf(1) },
  };
  return { model, outOfFold: oof };
}
