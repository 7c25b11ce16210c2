/** A named lexicon pattern. Sources are written naturally (katakana, small kana) and folded like input. */
import { foldKana } from './normalize.ts';

export interface Pattern {
  id: string;
  re: RegExp;
}

/** Words a mask's span may never cover: a sign inside a broad mask (「退職します…死のうと思っています…お世話になりました」)
 *  must stay visible to the crisis patterns. */
export const crisisWords: readonly string[] = [
  '死',
  'しに',
  'しぬ',
  '消え',
  'きえ',
  'この世',
  'いなく',
  '生き',
  '命',
  '終わり',
  'おわり',
  '遺書',
  '楽に',
  '永眠',
  '眠りたい',
  '眠りにつ',
  '自殺',
  '飛び',
  '首',
  'さよならします',
];

/** One character of a tempered span: any character that does not start a crisis word or one of `extra`. */
export function spanChar(...extra: string[]): string {
  return `(?:(?!${[...crisisWords, ...extra].join('|')}).)`;
}

export function pattern(id: string, source: string): Pattern {
  return { id, re: new RegExp(foldKana(source), 'u') };
}

/** Latin-script patterns (English) match the spaced, lower-cased text on word boundaries. */
export function englishPattern(id: string, source: string): Pattern {
  return { id, re: new RegExp(`\\b(?:${source})\\b`, 'u') };
}

export function firstMatch(patterns: readonly Pattern[], text: string): string | undefined {
  if (text === '') return undefined;
  return patterns.find((p) => p.re.test(text))?.id;
}

export function allMatches(patterns: readonly Pattern[], text: string): string[] {
  if (text === '') return [];
  return patterns.filter((p) => p.re.test(text)).map((p) => p.id);
}

/** Blanks out spans (idioms such as 「死ぬほど忙しい」) so later patterns cannot match inside them. */
export function maskSpans(patterns: readonly Pattern[], text: string): string {
  let out = text;
  for (const p of patterns) out = out.replace(new RegExp(p.re.source, 'gu'), (m) => '_'.repeat(m.length));
  return out;
}

/** Alternatives, one per line in the lexicon files, joined into one regular expression source. */
export function anyOf(...alternatives: string[]): string {
  return alternatives.join('|');
}
