/**
 * Text normalisation for the safety detector and rules triage. Users write the same word in kanji, kana,
 * half-width kana, full-width latin, romaji and with typos; every view below folds one of those apart so a
 * single lexicon entry covers them.
 */
import { romajiToHiragana } from './romaji.ts';

export interface NormalizedText {
  /** NFKC, lower-case, katakana → hiragana, small vowels → full size, whitespace collapsed. */
  spaced: string;
  /** `spaced` without spaces and punctuation: what Japanese phrase patterns match against. */
  compact: string;
  /** The message read as romaji, in hiragana and compact, when it reads as romaji; otherwise ''. */
  romaji: string;
}

const punctuation = /[\s、。，．,.!?！？「」『』（）()［］【】…・:：;；"'“”‘’〜~*＊/／♪☆★→]+/gu;

/** Katakana → hiragana and small vowels → full size; leaves kanji, ー and everything else alone. */
export function foldKana(text: string): string {
  let out = '';
  for (const ch of text) {
    let code = ch.codePointAt(0)!;
    if (code >= 0x30a1 && code <= 0x30f6) code -= 0x60;
    const folded = String.fromCodePoint(code);
    out += smallVowels[folded] ?? folded;
  }
  return out;
}

const smallVowels: Record<string, string> = { ぁ: 'あ', ぃ: 'い', ぅ: 'う', ぇ: 'え', ぉ: 'お', ゎ: 'わ' };

export function normalizeText(raw: string): NormalizedText {
  const spaced = foldKana(raw.normalize('NFKC').toLowerCase()).replace(/\s+/gu, ' ').trim();
  const compact = spaced.replace(punctuation, '');
  return { spaced, compact, romaji: readAsRomaji(spaced) };
}

/**
 * Messages written only in latin letters are either English or romaji. A message reads as romaji when
 * most of its words convert to kana with nothing left over (English words rarely do: "the", "want").
 */
function readAsRomaji(spaced: string): string {
  if (/[\u3040-\u30ff\u4e00-\u9fff]/u.test(spaced)) return '';
  const words = spaced.split(/[^a-z']+/u).filter((w) => w.length >= 2);
  if (words.length === 0) return '';
  const converted = words.map((w) => romajiToHiragana(w));
  const ok = converted.filter((c) => c !== null).length;
  if (ok / words.length < 0.7) return '';
  return converted.map((c, i) => c ?? words[i]).join('');
}
