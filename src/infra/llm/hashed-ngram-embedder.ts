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

/** FNV-1a over UTF-16 code units, then a murmur3 finaliser so nearby strings spread over all bits. */
function hashString(text: string, seed: number): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

function countGrams(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const run of splitUnits(normalizeJapanese(text))) {
    for (let n = 1; n <= 3; n++) {
      for (let i = 0; i + n <= run.length; i++) {
        const gram = run.slice(i, i + n).join('');
        const key = `${n}\u0000${gram}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

export function embedHashedNgrams(text: string, dimension: number): number[] {
  const vector = new Float64Array(dimension);
  for (const [key, count] of countGrams(text)) {
    const n = Number(key[0]);
    const gram = key.slice(2);
    let weight = (weightByLength[n] ?? 1) * (1 + Math.log(count));
    if (hiraganaOnly.test(gram)) weight *= hiraganaWeight;
    const h = hashString(key, 0x9747b28c);
    const sign = (hashString(key, 0x5bd1e995) & 1) === 0 ? 1 : -1;
    vector[h % dimension]! += sign * weight;
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
    id: `hashed-ngram-v1-${dimension}`,
    dimension,
    embed: async (texts) => texts.map((text) => embedHashedNgrams(text, dimension)),
  };
}
