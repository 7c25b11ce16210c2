/**
 * The second safety detector: a linear model over character n-grams, trained by this project on its own
 * labelled messages (`npm run train:safety`, src/cli/train-safety-model.ts; the data is listed in
 * docs/decisions/0007-safety-net.md). Where the lexicon matches phrases, this one weighs every 1–4
 * character piece of the message, so wordings nobody listed still count by what they share with the
 * examples (「もう目が覚めなければいい」 shares 目が覚め and なければ with other wishes not to wake up).
 * It can only escalate: the detector takes the more severe of the two.
 *
 * Three classes: crisis (signs of suicide or danger to life), person (a specific person's mental state),
 * other. The probabilities are compared with thresholds fitted on out-of-fold predictions at training
 * time and stored with the weights.
 */
import { crisisMasks } from './lexicon-crisis-masks.ts';
import { stateMasks } from './lexicon-person-masks.ts';
import { normalizeText } from './normalize.ts';
import { maskSpans } from './pattern.ts';

export const safetyClasses = ['crisis', 'person', 'other'] as const;
export type SafetyClass = (typeof safetyClasses)[number];

export interface SafetyModel {
  /** Changes with the feature set; a model trained for another version is refused. */
  featureVersion: string;
  /** Hash of the training data the weights were fitted on (for the rebuild check). */
  dataHash: string;
  bias: [number, number, number];
  /** Feature → weights per class, in `safetyClasses` order. Features absent here weigh nothing. */
  weights: Record<string, [number, number, number]>;
  thresholds: {
    /** p(crisis) at or above: crisis. */
    crisis: number;
    /** p(crisis) at or above (below `crisis`): the soft tier. */
    soft: number;
    /** p(person) + p(crisis) at or above: a person case. */
    person: number;
  };
}

export const featureVersion = 'char1-4+words-v3-masked';

const latinWord = /[a-z][a-z']+/gu;

/**
 * The message's features with their values: character 1–4-grams of the compact, kana-folded text (and of
 * its romaji reading), and word uni- and bigrams of any latin text, each set scaled to unit length. The
 * lexicon's crisis masks (idioms such as 「死ぬほど」, program words such as 「自殺対策」, 「荷台から飛び降り」)
 * and its state masks (states said in jest, returns to work that went well) are blanked first, to one `_`,
 * so the model never learns from, or reacts to, what the lexicon knows to be harmless: both detectors read
 * the same masked message.
 */
const modelMasks = [...crisisMasks, ...stateMasks];

export function featuresOf(text: string): Map<string, number> {
  const n = normalizeText(text);
  const counts = new Map<string, number>();
  const add = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const raw of [n.compact, n.romaji]) {
    if (raw === '') continue;
    const view = maskSpans(modelMasks, raw).replace(/_+/gu, '_');
    const chars = [...`^${view}$`];
    for (let size = 1; size <= 4; size++) {
      for (let i = 0; i + size <= chars.length; i++) {
        const gram = chars.slice(i, i + size).join('');
        if (gram === '^' || gram === '$') continue;
        add(`c:${gram}`);
      }
    }
  }
  const words = n.spaced.match(latinWord) ?? [];
  words.forEach((w, i) => {
    add(`w:${w}`);
    if (i > 0) add(`w:${words[i - 1]} ${w}`);
  });
  let norm = 0;
  for (const v of counts.values()) norm += v;
  const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  const features = new Map<string, number>();
  for (const [k, v] of counts) features.set(k, Math.sqrt(v) * scale);
  return features;
}

export function softmax(scores: readonly number[]): number[] {
  const max = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - max));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function classScores(
  model: Pick<SafetyModel, 'bias' | 'weights'>,
  features: ReadonlyMap<string, number>,
): [number, number, number] {
  const scores: [number, number, number] = [...model.bias];
  for (const [feature, value] of features) {
    const w = model.weights[feature];
    if (w === undefined) continue;
    scores[0] += w[0] * value;
    scores[1] += w[1] * value;
    scores[2] += w[2] * value;
  }
  return scores;
}

export interface ModelVerdict {
  crisis: boolean;
  soft: boolean;
  person: boolean;
  probabilities: Record<SafetyClass, number>;
}

export function classify(model: SafetyModel, text: string): ModelVerdict {
  const [crisis, person, other] = softmax(classScores(model, featuresOf(text))) as [number, number, number];
  const isCrisis = crisis >= model.thresholds.crisis;
  return {
    crisis: isCrisis,
    soft: !isCrisis && crisis >= model.thresholds.soft,
    person: !isCrisis && person + crisis >= model.thresholds.person,
    probabilities: { crisis, person, other },
  };
}
