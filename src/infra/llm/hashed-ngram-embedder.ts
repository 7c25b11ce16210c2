/**
 * The offline default embedder: character 1–3-grams of normalised text, hashed with a sign bit into a
 * fixed number of dimensions (the "hashing trick"), weighted by log term frequency and L2-normalised.
 * Deterministic, no network, no model download. It captures surface similarity (shared compounds,
 * katakana words, numbers) rather than meaning, so hybrid retrieval pairs it with lexical matching and
 * synonyms; an OpenAI-compatible model replaces it when configured.
 */
import { normalizeJapanese } from '../../core/knowledge/normalize-japanese.ts';
import { splitUnits } from '../../core/knowledge/tokenizer.ts';
import type { Embedder } from '../../core/ports.ts';

/** Weight of an n-gram by its length: single characters say little on their own in Japanese. */
const weightByLength = [0, 0.35, 1, 0.9];
/** Grams made only of hiragana are mostly grammar (です, ます, について); they count less. */
const hiraganaWeight = 0.35;
const hiraganaOnly = /^[\p{Script=Hiragana}ー]+$/u;

/** murmur3's finaliser: spreads FNV's weak low bits over all 32 bits. */
function mix(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b) >>> 0;
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35) >>> 0;
  x ^= x >>> 16;
  return x >>> 0;
}

const fnvOffset = 0x811c9dc5;
const fnvPrime = 0x01000193;

/**
 * Counts the 1–3-grams of units by a 32-bit hash (FNV-1a extended one unit at a time, so no n-gram string
 * is ever built), remembering whether each gram is only hiragana.
 */
function countGrams(text: string): Map<number, { count: number; weight: number }> {
  const counts = new Map<number, { count: number; weight: number }>();
  for (const run of splitUnits(normalizeJapanese(text))) {
    const hiragana = run.map((unit) => hiraganaOnly.test(unit));
    for (let i = 0; i < run.length; i++) {
      let h = fnvOffset;
      let allHiragana = true;
      for (let n = 1; n <= 3 && i + n <= run.length; n++) {
        const unit = run[i + n - 1]!;
        for (let c = 0; c < unit.length; c++) h = Math.imul(h ^ unit.charCodeAt(c), fnvPrime) >>> 0;
        allHiragana &&= hiragana[i + n - 1]!;
        // The length goes into the hash too: "産" as a unigram and as the start of "産業" must differ.
        const key = mix(h ^ Math.imul(n, 0x9e3779b1));
        const entry = counts.get(key);
        if (entry === undefined) {
          counts.set(key, { count: 1, weight: weightByLength[n]! * (allHiragana ? hiraganaWeight : 1) });
        } else {
          entry.count++;
        }
      }
    }
  }
  return counts;
}

export function embedHashedNgrams(text: string, dimension: number): number[] {
  const vector = new Float64Array(dimension);
  for (const [key, { count, weight }] of countGrams(text)) {
    // Low bits pick the dimension, the top bit the sign (independent after mixing).
    const sign = key >>> 31 === 0 ? 1 : -1;
    vector[key % dimension]! += sign * weight * (1 + Math.log(count));
  }
  let norm = 0;
  for (const v of vector) norm += v * v;
  norm = Math.sqrt(norm);
  // An empty text still needs a unit vector: a zero vector has no cosine distance to anything.
  if (norm === 0) return Array.from({ length: dimension }, (_, i) => (i === 0 ? 1 : 0));
  return Array.from(vector, (v) => v / norm);
}

export function createHashedNgramEmbedder(options: { dimension?: number } = {}): Embedder {
  const dimension = options.dimension ?? 512;
  return {
    id: `hashed-ngram-v2-${dimension}`,
    dimension,
    embed: async (texts) => texts.map((text) => embedHashedNgrams(text, dimension)),
  };
}
