/**
 * Whether the retrieved passages can answer the question: a logistic model over a few measurements of
 * the evidence, trained by `npm run train:answerability` (src/cli/train-answerability.ts) on the
 * training sets, with its two thresholds chosen there. It replaces a single coverage cut-off, which could
 * not tell a long question full of background (most words absent, answer present) from a short one whose
 * one decisive word the corpus never uses (駐車場, 傷病手当金).
 *
 * Three outcomes: `supported` (quote the answer), `partial` (the materials touch the topic but the asked
 * detail is not clearly there: say what they do say, say what they don't, offer staff), `unsupported`
 * (the "not covered" reply).
 */
import type { EvidenceTerms } from './evidence.ts';
import type { Passage } from './knowledge-base.ts';
import { hasAskedForm } from './question-shape.ts';
import { splitSentences } from './sentences.ts';

export const answerabilityFeatureNames = [
  'bestCoverage',
  'topCoverage',
  'unseenShare',
  'largestMissingShare',
  'askedFormFound',
  'askedFormMissing',
  'topVector',
  'evidenceCount',
  'bestHeading',
  'unseenCount',
] as const;

export type AnswerabilityFeatures = Record<(typeof answerabilityFeatureNames)[number], number>;

export interface AnswerabilityModel {
  version: string;
  /** One weight per feature name, in answerabilityFeatureNames order. */
  weights: number[];
  bias: number;
  /** Feature means and deviations the weights were fitted on (inputs are standardised). */
  means: number[];
  deviations: number[];
  /**
   * The embedder whose similarities `topVector` was fitted on. With another embedder (a configured
   * embedding model has its own scale) the feature is unknown and left out.
   */
  vectorFrom?: string | undefined;
  /** Probability at or above which the passages answer the question. */
  supported: number;
  /** Probability at or above which (below `supported`) the reply says what the materials do and don't say. */
  partial: number;
}

export type AnswerabilityVerdict = 'supported' | 'partial' | 'unsupported';

export interface AnswerabilityInput {
  passages: readonly Passage[];
  evidence: EvidenceTerms;
  /** Evidence tokens the corpus never uses. */
  unseen: readonly string[];
  /**
   * Whether the vector search ran (the embedding service may be down). Otherwise the similarity feature
   * is unknown (NaN: the model leaves it out), not zero, which would read as unrelated.
   */
  vectorSearched: boolean;
  /** How many of the top passages are judged. */
  judged: number;
  /** The words of a passage as coverage sees them, for the largest missing token. */
  lexemesOf: (passage: Passage) => ReadonlySet<string>;
}

function askedFormIn(passage: Passage | undefined, evidence: EvidenceTerms): boolean {
  if (passage === undefined) return false;
  const asks = evidence.asks ?? [];
  return splitSentences(passage.text).some((s) => hasAskedForm(s, asks));
}

export function answerabilityFeatures(input: AnswerabilityInput): AnswerabilityFeatures {
  const { evidence } = input;
  const judged = input.passages.slice(0, input.judged);
  const coverageOf = (p: Passage | undefined) => p?.scores.coverage ?? 0;
  const best = judged.reduce<Passage | undefined>(
    (a, p) => (a === undefined || coverageOf(p) > coverageOf(a) ? p : a),
    undefined,
  );
  const weightOf = (t: string) => evidence.idf.get(t) ?? 0;
  const total = evidence.tokens.reduce((sum, t) => sum + weightOf(t), 0);
  const share = (w: number) => (total === 0 ? 0 : w / total);
  const present = best === undefined ? new Set<string>() : input.lexemesOf(best);
  const largestMissing = Math.max(0, ...evidence.tokens.filter((t) => !present.has(t)).map(weightOf));
  const asks = (evidence.asks ?? []).length > 0;
  const formFound = asks && judged.some((p) => askedFormIn(p, evidence));
  return {
    bestCoverage: coverageOf(best),
    topCoverage: coverageOf(judged[0]),
    unseenShare: share(input.unseen.reduce((sum, t) => sum + weightOf(t), 0)),
    largestMissingShare: share(largestMissing),
    askedFormFound: formFound ? 1 : 0,
    askedFormMissing: asks && !formFound ? 1 : 0,
    topVector: input.vectorSearched ? (judged[0]?.scores.vector ?? 0) : Number.NaN,
    evidenceCount: Math.log1p(evidence.tokens.length),
    // A section whose heading (the question it answers) repeats the asked words is about exactly that.
    bestHeading: Math.max(0, ...judged.map((p) => p.scores.heading ?? 0)),
    unseenCount: Math.log1p(input.unseen.length),
  };
}

export function featureVector(features: AnswerabilityFeatures): number[] {
  return answerabilityFeatureNames.map((name) => features[name]);
}

const topVectorIndex = answerabilityFeatureNames.indexOf('topVector');

/**
 * The model's probability that the passages answer the question. `vectorFrom` is the embedder the
 * similarities came from: similarities are on each embedder's own scale, so with another embedder than
 * the model was fitted on, topVector is unknown.
 */
export function answerabilityProbability(
  model: AnswerabilityModel,
  features: AnswerabilityFeatures,
  vectorFrom?: string,
): number {
  const x = featureVector(features);
  if (model.vectorFrom !== undefined && vectorFrom !== undefined && vectorFrom !== model.vectorFrom)
    x[topVectorIndex] = Number.NaN;
  let z = model.bias;
  for (let i = 0; i < x.length; i++) {
    // An unknown feature (NaN) is taken at its training mean: it adds nothing either way.
    if (Number.isNaN(x[i]!)) continue;
    z += model.weights[i]! * ((x[i]! - model.means[i]!) / (model.deviations[i]! || 1));
  }
  return 1 / (1 + Math.exp(-z));
}

export function verdictOf(model: AnswerabilityModel, probability: number): AnswerabilityVerdict {
  if (probability >= model.supported) return 'supported';
  if (probability >= model.partial) return 'partial';
  return 'unsupported';
}
