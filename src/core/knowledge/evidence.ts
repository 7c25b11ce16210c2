/**
 * How much of a question a passage actually speaks to: the IDF-weighted share of the question's content
 * tokens that the passage contains, after both sides rewrite synonyms to one form. Rare words the
 * question hinges on (駐車場, 合格率) weigh most, so a passage about the right topic that lacks the asked
 * detail scores low — the signal behind "the materials do not cover this".
 */
import { lexicalTokensOf } from './query-terms.ts';
import type { AskedForm } from './question-shape.ts';
import { canonicalizeSynonyms } from './synonyms.ts';
import { stemMark, type Tokenizer } from './tokenizer.ts';

export interface EvidenceTerms {
  tokens: readonly string[];
  idf: ReadonlyMap<string, number>;
  /** What form the answer takes (question-shape.ts); empty when the question asks for nothing specific. */
  asks?: readonly AskedForm[] | undefined;
}

/**
 * Passage texts seen recently, per tokenizer, with their lexemes. The same few hundred corpus sentences
 * are judged for question after question, and tokenizing them was the largest CPU cost of an offline
 * answer. Keys are corpus text only (passages, sentences, headings), never a user's message; a changed
 * document is a different key, so ingestion needs no invalidation. Bounded: oldest entries go first.
 */
const lexemeCache = new WeakMap<Tokenizer, Map<string, ReadonlySet<string>>>();
export const lexemeCacheEntries = 4096;

export function passageLexemes(text: string, tokenizer: Tokenizer): ReadonlySet<string> {
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
  return coverageOfLexemes(passageLexemes(text, tokenizer), terms, comparableCorpusText(text));
}

const searchableCache = new Map<string, string>();

/** A corpus text as question tokens are written: synonyms canonical, lowercase (cached like the lexemes). */
export function comparableCorpusText(text: string): string {
  let searchable = searchableCache.get(text);
  if (searchable === undefined) {
    searchable = canonicalizeSynonyms(text.normalize('NFKC')).toLowerCase();
    if (searchableCache.size >= lexemeCacheEntries)
      searchableCache.delete(searchableCache.keys().next().value!);
    searchableCache.set(text, searchable);
  }
  return searchable;
}

const trailingKana = /[\p{Script=Hiragana}ー]+$/u;
const kanjiOrKatakana = /^[\p{Script=Han}\p{Script=Katakana}ー]+$/u;

/**
 * Credit for a question token the passage's lexemes lack, from the passage's text: a stem (tokenizer.ts
 * stemOf) followed by any kana ending counts fully; the whole token inside
 * a longer word (segmenters cut 義務付け and 義務付けられ differently) counts fully; the token's stem
 * without its kana ending (出せる → 出せ… → 受診 in 受診し) counts 0.8 when two characters or more; a
 * long kanji compound whose first two characters appear (健康診断書 → 健康診断) counts 0.4. A conjugated
 * or compounded word is nearly the same evidence; a different word is none.
 */
export function partialCredit(token: string, text: string): number {
  if (token.endsWith(stemMark)) {
    // A stem (頼〜): its kanji starting a word, with any kana ending, is the same word (依頼の is not).
    const stem = token.slice(0, -stemMark.length);
    return new RegExp(`(?<!\\p{Script=Han})${stem}\\p{Script=Hiragana}`, 'u').test(text) ? 1 : 0;
  }
  if (text.includes(token)) return 1;
  const stem = token.replace(trailingKana, '');
  if (stem !== token && [...stem].length >= 2 && text.includes(stem)) return 0.8;
  const chars = [...token];
  if (chars.length >= 3 && kanjiOrKatakana.test(token) && text.includes(chars.slice(0, 2).join('')))
    return 0.4;
  return 0;
}

/**
 * The same over lexemes already made (a chunk's stored terms), without tokenizing again. With the text
 * (comparableCorpusText), a token missing from the lexemes may still earn partial credit.
 */
export function coverageOfLexemes(present: ReadonlySet<string>, terms: EvidenceTerms, text?: string): number {
  if (terms.tokens.length === 0) return 0;
  let total = 0;
  let covered = 0;
  for (const token of terms.tokens) {
    const weight = terms.idf.get(token) ?? 0;
    total += weight;
    if (present.has(token)) covered += weight;
    else if (text !== undefined) covered += weight * partialCredit(token, text);
  }
  return total === 0 ? 0 : covered / total;
}
