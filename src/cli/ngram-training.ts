/**
 * Fitting the project's n-gram classifiers (the safety model, src/cli/train-safety-model.ts, and the
 * booking-request model, src/cli/train-route-model.ts): three-class logistic regression over the features
 * of src/core/safety/ngram-classifier.ts, AdaGrad with L2, classes weighted by inverse frequency, a seeded
 * shuffle so the same data gives the same weights, and five-fold out-of-fold probabilities for thresholds.
 */
import { createHash } from 'node:crypto';
import { classScores, featuresOf, featureVersion, softmax } from '../core/safety/ngram-classifier.ts';

/** One labelled message; what the three classes mean is the model's own. */
export interface TrainingExample {
  text: string;
  label: 0 | 1 | 2;
}

export interface FitOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Features seen in fewer training messages are left out. */
  minCount: number;
}

/** A small seeded generator (mulberry32): the shuffle, and so the weights, never vary between runs. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Prepared {
  features: [string, number][];
  label: 0 | 1 | 2;
}

type Weights = Map<string, [number, number, number]>;

export function fitWeights(
  examples: readonly Prepared[],
  options: FitOptions,
): { bias: [number, number, number]; weights: Weights } {
  const classCounts = [0, 0, 0];
  for (const e of examples) classCounts[e.label]!++;
  const classWeight = classCounts.map((c) => (c === 0 ? 0 : examples.length / (3 * c)));
  const weights: Weights = new Map();
  const grads = new Map<string, [number, number, number]>();
  const bias: [number, number, number] = [0, 0, 0];
  const biasGrad: [number, number, number] = [1e-8, 1e-8, 1e-8];
  const order = examples.map((_, i) => i);
  const random = seeded(20261205);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const index of order) {
      const example = examples[index]!;
      const scores: [number, number, number] = [...bias];
      for (const [f, v] of example.features) {
        const w = weights.get(f);
        if (w === undefined) continue;
        scores[0] += w[0] * v;
        scores[1] += w[1] * v;
        scores[2] += w[2] * v;
      }
      const p = softmax(scores);
      const cw = classWeight[example.label]!;
      for (let k = 0; k < 3; k++) {
        const g = cw * (p[k]! - (k === example.label ? 1 : 0));
        biasGrad[k]! += g * g;
        bias[k]! -= (options.learningRate * g) / Math.sqrt(biasGrad[k]!);
      }
      for (const [f, v] of example.features) {
        let w = weights.get(f);
        let h = grads.get(f);
        if (w === undefined || h === undefined) {
          w = [0, 0, 0];
          h = [1e-8, 1e-8, 1e-8];
          weights.set(f, w);
          grads.set(f, h);
        }
        for (let k = 0; k < 3; k++) {
          const g = cw * (p[k]! - (k === example.label ? 1 : 0)) * v + options.l2 * w[k]!;
          h[k]! += g * g;
          w[k]! -= (options.learningRate * g) / Math.sqrt(h[k]!);
        }
      }
    }
  }
  return { bias, weights };
}

export function prepare(examples: readonly TrainingExample[], vocabulary: ReadonlySet<string>): Prepared[] {
  return examples.map((e) => ({
    features: [...featuresOf(e.text)].filter(([f]) => vocabulary.has(f)),
    label: e.label,
  }));
}

export function vocabularyOf(examples: readonly TrainingExample[], minCount: number): Set<string> {
  const counts = new Map<string, number>();
  for (const e of examples)
    for (const f of featuresOf(e.text).keys()) counts.set(f, (counts.get(f) ?? 0) + 1);
  return new Set([...counts].filter(([, c]) => c >= minCount).map(([f]) => f));
}

/** The lowest threshold that at most `share` of `values` reach (values of the messages that must not pass). */
export function thresholdFor(negatives: readonly number[], share: number): number {
  const sorted = [...negatives].sort((a, b) => b - a);
  const allowed = Math.floor(share * sorted.length);
  const value = sorted[allowed] ?? 0;
  return Math.min(0.99, Number((value + 1e-4).toFixed(4)));
}

export interface OutOfFold {
  /** [p(crisis), p(person), p(other)] per example, from the fold that did not see it. */
  probabilities: [number, number, number][];
}

export function outOfFold(examples: readonly TrainingExample[], options: FitOptions, folds = 5): OutOfFold {
  const probabilities: [number, number, number][] = new Array(examples.length);
  for (let fold = 0; fold < folds; fold++) {
    const train = examples.filter((_, i) => i % folds !== fold);
    const vocabulary = vocabularyOf(train, options.minCount);
    const { bias, weights } = fitWeights(prepare(train, vocabulary), options);
    const model = { bias, weights: Object.fromEntries(weights) };
    examples.forEach((e, i) => {
      if (i % folds !== fold) return;
      probabilities[i] = softmax(classScores(model, featuresOf(e.text))) as [number, number, number];
    });
  }
  return { probabilities };
}

export function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/** The file as written: one feature a line, so a retrain's diff is readable. */
export function serializeModel(model: { weights: Record<string, readonly number[]> }): string {
  const { weights, ...head } = model;
  const lines = Object.entries(weights).map(([f, w]) => `    ${JSON.stringify(f)}: ${JSON.stringify(w)}`);
  const headJson = JSON.stringify(head, null, 2).slice(0, -2);
  return `${headJson},\n  "weights": {\n${lines.join(',\n')}\n  }\n}\n`;
}

/** What a model was fitted on (features, options and every example): the rebuild tests compare it. */
export function dataHashOf(examples: readonly TrainingExample[], options: object): string {
  const hash = createHash('sha256').update(featureVersion).update(JSON.stringify(options));
  for (const e of examples) hash.update(`${e.label}\t${e.text}\n`);
  return hash.digest('hex').slice(0, 16);
}

/** Weights fitted on every example, rounded to four places, features sorted, near-zero ones dropped. */
export function fitRounded(
  examples: readonly TrainingExample[],
  options: FitOptions,
): { bias: [number, number, number]; weights: Record<string, [number, number, number]> } {
  const { bias, weights } = fitWeights(prepare(examples, vocabularyOf(examples, options.minCount)), options);
  const kept: Record<string, [number, number, number]> = {};
  for (const [f, w] of [...weights].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const r: [number, number, number] = [round(w[0]), round(w[1]), round(w[2])];
    if (Math.max(Math.abs(r[0]), Math.abs(r[1]), Math.abs(r[2])) >= 2e-3) kept[f] = r;
  }
  return { bias: [round(bias[0]), round(bias[1]), round(bias[2])], weights: kept };
}
