/**
 * Lexical tokens for the full-text side of retrieval. Documents and queries are tokenized in the
 * application (not by a PostgreSQL text-search parser), so PGlite and PostgreSQL index exactly the same
 * lexemes whatever their locale, and no extension is needed. The index records the tokenizer id: changing
 * the tokenizer rebuilds the index.
 */
export interface Tokenizer {
  readonly id: string;
  /** Tokens of normalised text, in order, repeats kept. */
  tokenize(text: string): string[];
}

/** Characters that carry meaning: letters and digits of any script, plus the Japanese iteration marks. */
const wordChar = /[\p{L}\p{N}ー々〆ヵヶ]/u;
const asciiAlnum = /[a-z0-9]/;
const hiraganaOnly = /^[\p{Script=Hiragana}ー]+$/u;

/**
 * Splits text into units: a run of ASCII letters/digits is one unit ("50", "pdf"), any other word
 * character is a unit of its own; punctuation and spaces break runs. Lowercases.
 */
export function splitUnits(text: string): string[][] {
  const runs: string[][] = [];
  let run: string[] = [];
  let ascii = '';
  const flushAscii = () => {
    if (ascii !== '') run.push(ascii);
    ascii = '';
  };
  for (const ch of text.toLowerCase()) {
    if (asciiAlnum.test(ch)) {
      ascii += ch;
    } else if (wordChar.test(ch)) {
      flushAscii();
      run.push(ch);
    } else {
      flushAscii();
      if (run.length > 0) runs.push(run);
      run = [];
    }
  }
  flushAscii();
  if (run.length > 0) runs.push(run);
  return runs;
}

/**
 * Overlapping pairs of units ("産業保健" → 産業, 業保, 保健). Needs no dictionary and never misses a
 * compound a segmenter would split differently in the query and the document; a single-unit run is
 * kept whole.
 */
export const characterBigramTokenizer: Tokenizer = {
  id: 'bigram-v1',
  tokenize(text) {
    const tokens: string[] = [];
    for (const run of splitUnits(text)) {
      if (run.length === 1) {
        tokens.push(run[0]!);
        continue;
      }
      for (let i = 0; i + 1 < run.length; i++) tokens.push(run[i]! + run[i + 1]!);
    }
    return tokens;
  },
};

const hiraganaChar = /[\p{Script=Hiragana}]/u;

/**
 * Bigrams within runs of one kind of script: hiragana runs apart from kanji/katakana/latin runs, so the
 * pairs that straddle a particle and a noun (の会, でセ) never appear. A one-character hiragana run (a
 * particle) is dropped; a one-character kanji run ("頼み方" → 頼, 方) is kept whole.
 */
export const scriptBigramTokenizer: Tokenizer = {
  id: 'script-bigram-v1',
  tokenize(text) {
    const tokens: string[] = [];
    for (const run of splitUnits(text)) {
      let segment: string[] = [];
      let segmentIsHiragana = false;
      const flush = () => {
        if (segment.length === 1 && !segmentIsHiragana) tokens.push(segment[0]!);
        for (let i = 0; i + 1 < segment.length; i++) tokens.push(segment[i]! + segment[i + 1]!);
        segment = [];
      };
      for (const unit of run) {
        // ー continues whatever precedes it (ちぇっくー, センター).
        const isHiragana: boolean =
          unit === 'ー' && segment.length > 0 ? segmentIsHiragana : hiraganaChar.test(unit);
        if (segment.length > 0 && isHiragana !== segmentIsHiragana) flush();
        segmentIsHiragana = isHiragana;
        segment.push(unit);
      }
      flush();
    }
    return tokens;
  },
};

/**
 * Cleans the words a segmenter returns: drops punctuation, spaces and one-character hiragana (particles
 * such as の, は, を carry no topic), lowercases. Shared by every word-based tokenizer so the comparison
 * between segmenters is fair.
 */
export function keepContentWords(words: Iterable<string>): string[] {
  const tokens: string[] = [];
  for (const raw of words) {
    const word = raw.trim().toLowerCase();
    if (word === '' || !wordChar.test(word)) continue;
    if (word.length === 1 && hiraganaOnly.test(word)) continue;
    tokens.push(word);
  }
  return tokens;
}

/** Marks a word stem (stemOf): the kanji of an inflected word, whatever its ending. */
export const stemMark = '〜';

const inflected = /^(\p{Script=Han}+)\p{Script=Hiragana}+$/u;
const oneKanji = /^\p{Script=Han}$/u;
const hiraganaSegment = /^\p{Script=Hiragana}+$/u;
/** Hiragana segments after a kanji word that are particles, the copula or counters' company, not an ending. */
const notAnEnding = new Set(
  'の は を が に で と も へ や か な だ ね よ です でし でしょ では には とは から まで より など って ので けど くらい ぐらい ほど だけ ずつ ごと さん しか'.split(
    ' ',
  ),
);

/**
 * One lexeme for the forms of one word, without a dictionary (ICU gives no base forms, and a dictionary
 * analyser costs seconds of load time and hundreds of MB: docs/decisions/0002):
 * - a kanji compound with a kana ending is the compound (申込み → 申込, 受診し → 受診), the noun a suru-verb
 *   or an okurigana spelling is built on;
 * - one kanji with a kana ending is a verb or adjective stem, marked (頼み, 頼める → 頼〜; 入り → 入〜), and so is
 *   one kanji that ICU cut from its ending (頼・め・ます, 入・っ・た: `followedByEnding`). The mark keeps the
 *   stem apart from the same kanji used as a noun (所, 人). Verbs that share a kanji but differ in meaning
 *   (生きる/生まれる) meet as well; their documents rarely compete.
 */
export function stemOf(word: string, followedByEnding = false): string {
  const match = inflected.exec(word);
  if (match !== null) return oneKanji.test(match[1]!) ? match[1]! + stemMark : match[1]!;
  return followedByEnding && oneKanji.test(word) ? word + stemMark : word;
}

/**
 * ICU's dictionary-based word breaker, built into Node: no dependency, no load time, with inflected words
 * reduced to one form (stemOf). ICU's dictionary changes between releases, so its version is part of the id: a
 * Node upgrade that changes word breaks rebuilds the index instead of querying it with different words.
 */
export function createIntlSegmenterTokenizer(icuVersion = runtimeIcuVersion()): Tokenizer {
  const segmenter = new Intl.Segmenter('ja', { granularity: 'word' });
  return {
    id: `intl-segmenter-v2-stems@icu${icuVersion}`,
    tokenize(text) {
      const segments = [...segmenter.segment(text)];
      const words: string[] = [];
      segments.forEach((segment, i) => {
        if (!segment.isWordLike) return;
        const next = segments[i + 1]?.segment ?? '';
        const ending = hiraganaSegment.test(next) && !notAnEnding.has(next);
        words.push(stemOf(segment.segment, ending));
      });
      return keepContentWords(words);
    },
  };
}

function runtimeIcuVersion(): string {
  const versions = (globalThis as { process?: { versions?: { icu?: string } } }).process?.versions;
  return versions?.icu ?? 'unknown';
}

/**
 * The tokenizer the product indexes and searches with, chosen by measurement on the golden set
 * (docs/decisions/0002-japanese-tokenizer.md): Intl.Segmenter ties kuromoji on hybrid recall at no cost.
 */
export function createDefaultTokenizer(): Tokenizer {
  return createIntlSegmenterTokenizer();
}

/** Characters that may not appear unquoted in a tsquery/tsvector lexeme are never produced here. */
export function isLexemeSafe(token: string): boolean {
  return token !== '' && !/[\s'\\:&|!()<>*]/u.test(token);
}
