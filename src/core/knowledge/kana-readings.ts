/**
 * A question typed in kana on a phone (えいせい委員会, しんりょう, かいしゃ) names the corpus's kanji terms
 * by their reading. Each hiragana run is rewritten, longest reading first, with the corpus's own spelling
 * from kana-readings.json (built from the corpus by `npm run build:readings`, src/cli/build-kana-readings.ts),
 * so retrieval and the evidence check both see 衛生委員会. Only readings of three or more kana and of one
 * clear spelling are in the table; anything else in the run is left as typed.
 */
import table from './kana-readings.json' with { type: 'json' };
import { synonymGroups } from './synonyms.ts';

const readings = table as Record<string, string>;
/** Kana the synonym table already knows (ちさんぽ, けんしん) stay as typed: the table maps them itself. */
const kept = [...new Set(synonymGroups.flat().filter((w) => /^\p{Script=Hiragana}+$/u.test(w)))].sort(
  (a, b) => b.length - a.length,
);
const longest = Math.max(0, ...Object.keys(readings).map((r) => [...r].length));
/**
 * Inside a longer run a reading needs four kana: three-kana readings collide with grammar too often
 * (どういう → どうい = 同意, あいてる → あいて = 相手). A run that is exactly a three-kana reading is the word.
 */
const shortestInRun = 4;
const shortest = 3;

function rewriteRun(run: string): string {
  const chars = [...run];
  let out = '';
  let i = 0;
  while (i < chars.length) {
    const rest = chars.slice(i).join('');
    const alias = kept.find((w) => rest.startsWith(w));
    if (alias !== undefined) {
      out += alias;
      i += [...alias].length;
      continue;
    }
    let matched = false;
    const floor = chars.length === shortest ? shortest : shortestInRun;
    for (let len = Math.min(longest, chars.length - i); len >= floor; len--) {
      const surface = readings[chars.slice(i, i + len).join('')];
      if (surface !== undefined) {
        out += surface;
        i += len;
        matched = true;
        break;
      }
    }
    if (!matched) out += chars[i++];
  }
  return out;
}

/** The text with every hiragana run's known corpus readings in the corpus's spelling. */
export function kanjiForKana(text: string): string {
  return text.replace(/\p{Script=Hiragana}{3,}/gu, rewriteRun);
}
