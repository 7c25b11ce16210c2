/**
 * How much of a question a passage actually speaks to: the IDF-weighted share of the question's content
 * tokens that the passage contains, after both sides rewrite synonyms to one form. Rare words the
 * question hinges on (駐車場, 合格率) weigh most, so a passage about the right topic that lacks the asked
 * detail scores low — the signal behind "the materials do not cover this".
 */
import { lexicalTokensOf } from './query-terms.ts';
import type { Tokenizer } from './tokenizer.ts';

export interface EvidenceTerms {
  tokens: readonly string[];
  idf: ReadonlyMap<string, number>;
}

/**
 * Passage texts seen recently, per tokenizer, with their lexemes. The same few hundred corpus sentences
 * are judged for question after question, and tokenizing them was the largest CPU cost of an offline
 * answer. Keys are corpus text only (passages, sentences, headings), never a user's message; a changed
 * document is a different key, so ingestion needs no invalidation. Bounded: oldest entries go first.
 */
const lexemeCache = new WeakMap<Tokenizer, Map<string, ReadonlySet<string>>>();
export const lexemeCacheEntries = 4096;

function passageLexemes(text: string, tokenizer: Tokenizer): ReadonlySet<string> {
  let cache = lexemeCache.get(tokenizer);
  if (cache === undefined) {
    cache = new Map();
    lexemeCache.set(tokenizer, cache);
  }
  let lexemes = cache.get(text);
  if (lexemes === undefined) {
    lexemes = new Set(lexicalTokensOf(text, tokenizer));
    if (cache.size >= lexemeCacheEntries) cache.delete(cache.keys().next().value!);
    cache.set(text, lexemes);
  }
  return lexemes;
}

/** Coverage of a passage's text (corpus text only: the lexemes are cached, see passageLexemes). */
export function measureCoverage(text: string, terms: EvidenceTerms, tokenizer: Tokenizer): number {
  return coverageOfLexemes(passageLexemes(text, tokenizer), terms);
}

/** The same over lexemes already made (a chunk's stored terms), without tokenizing again. */
export function coverageOfLexemes(present: ReadonlySet<string>, terms: EvidenceTerms): number {
  if (terms.tokens.length === 0) return 0;
  let total = 0;
  let covered = 0;
  for (const token of terms.tokens) {
    const weight = terms.idf.get(token) ?? 0;
    total += weight;
    if (present.has(token)) covered += weight;
  }
  return total === 0 ? 0 : covered / total;
}
