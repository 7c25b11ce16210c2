/**
 * Japanese text normalisation shared by ingestion and queries, so both sides of every comparison see the
 * same characters. NFKC folds full-width digits/latin, half-width katakana and the Kangxi radicals block;
 * what it misses are the look-alikes PDF text extraction produces: CJK Radicals Supplement code points
 * (U+2E80–U+2EF3, e.g. ⻑ for 長) and a few punctuation marks (‧ for ・).
 */

/**
 * CJK Radicals Supplement characters that PDF fonts map instead of the ideograph they draw. Only the
 * ones that stand for a whole character are listed; component-only radicals (⺅, ⻌ …) never occur as
 * text and have no single ideograph to become. U+2E9F and U+2EF3 are already handled by NFKC.
 */
const radicalLookAlikes: Record<string, string> = {
  '\u2E8C': '小', // ⺌
  '\u2E8D': '小', // ⺍
  '\u2E97': '心', // ⺗
  '\u2E9C': '日', // ⺜
  '\u2E9D': '月', // ⺝
  '\u2EA0': '民', // ⺠
  '\u2EA2': '水', // ⺢
  '\u2EA9': '王', // ⺩
  '\u2EAB': '目', // ⺫
  '\u2EAC': '示', // ⺬
  '\u2EAE': '竹', // ⺮
  '\u2EAF': '糸', // ⺯
  '\u2EB2': '罒', // ⺲
  '\u2EB6': '羊', // ⺶
  '\u2EB7': '羊', // ⺷
  '\u2EBC': '月', // ⺼
  '\u2EBD': '臼', // ⺽
  '\u2EC1': '虎', // ⻁
  '\u2EC3': '西', // ⻃
  '\u2EC4': '西', // ⻄
  '\u2EC6': '角', // ⻆
  '\u2EC7': '角', // ⻇
  '\u2ECA': '足', // ⻊
  '\u2ED1': '長', // ⻑
  '\u2ED2': '長', // ⻒
  '\u2ED7': '雨', // ⻗
  '\u2ED8': '青', // ⻘
  '\u2EDD': '食', // ⻝
  '\u2EDF': '食', // ⻟
  '\u2EE1': '首', // ⻡
  '\u2EE3': '骨', // ⻣
  '\u2EE4': '鬼', // ⻤
  '\u2EE8': '麦', // ⻨
  '\u2EE9': '黄', // ⻩
  '\u2EEB': '斉', // ⻫
  '\u2EED': '歯', // ⻭
  '\u2EEF': '竜', // ⻯
  '\u2EF1': '亀', // ⻱
  '\u2EF2': '亀', // ⻲
};

/** Punctuation look-alikes: PDF middle dots and bullets that should read as the Japanese ・. */
const punctuationLookAlikes: Record<string, string> = {
  '\u2027': '・', // ‧ HYPHENATION POINT
  '\u00B7': '・', // · MIDDLE DOT
  '\u2219': '・', // ∙ BULLET OPERATOR
  '\u22C5': '・', // ⋅ DOT OPERATOR
};

const lookAlikePattern = new RegExp(
  `[${Object.keys({ ...radicalLookAlikes, ...punctuationLookAlikes }).join('')}]`,
  'gu',
);

/** Zero-width characters and soft hyphens that break matching without being visible. */
const invisiblePattern = /[\u200B-\u200D\u2060\uFEFF\u00AD]/gu;

/** Circled numbers are list markers in Japanese documents; NFKC would turn ① into a bare "1". */
const circledNumbers = /[\u2460-\u2473]/u;

/**
 * NFKC plus the look-alike table, without touching line structure. Circled numbers (①–⑳) are kept
 * because they carry the document's own numbering.
 */
export function normalizeJapanese(text: string): string {
  const folded = text
    .split(/([\u2460-\u2473])/u)
    .map((part) => (circledNumbers.test(part) ? part : part.normalize('NFKC')))
    .join('');
  return folded
    .replace(invisiblePattern, '')
    .replace(lookAlikePattern, (ch) => radicalLookAlikes[ch] ?? punctuationLookAlikes[ch] ?? ch);
}

const cjk = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}ー々〆ヵヶ';
const spaceBetweenCjk = new RegExp(
  `(?<=[${cjk}、。「」『』（）()・])[ \\t]+(?=[${cjk}、。「」『』（）()・])`,
  'gu',
);

/**
 * Removes spaces PDF extraction or line joining leaves between Japanese characters ("産 業 保 健"), and
 * collapses other runs of whitespace. Not for headings with a numbering marker ("ア メンタル…"), whose
 * space separates the marker from the title.
 */
export function tidyJapaneseSpacing(text: string): string {
  return text
    .replace(/[ \t\u3000]+/gu, ' ')
    .replace(spaceBetweenCjk, '')
    .trim();
}

/** Normalises a user's query the same way documents are normalised. */
export function normalizeQuery(text: string): string {
  return tidyJapaneseSpacing(normalizeJapanese(text).replace(/\s+/gu, ' '));
}
