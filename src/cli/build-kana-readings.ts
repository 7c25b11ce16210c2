/**
 * Builds src/core/knowledge/kana-readings.json: the corpus's kanji nouns by their reading in hiragana
 * (衛生委員会 ← えいせいいいんかい), from kuromoji's IPADIC dictionary (a devDependency: only this build
 * needs it, the server reads the JSON). A question typed in kana on a phone (えいせい委員会, しんりょう)
 * is then searched with the corpus's own spelling (src/core/knowledge/kana-readings.ts). Deterministic:
 * the same corpus gives the same file; a test checks the file matches the corpus in the checkout.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { extractBlocks } from '../ingest/extract-blocks.ts';
import { readCorpus } from '../ingest/read-corpus.ts';

interface KuromojiToken {
  surface_form: string;
  pos: string;
  reading?: string;
}

export const kanaReadingsPath = new URL('../core/knowledge/kana-readings.json', import.meta.url);

/** Shorter readings (2 kana) are too often plain grammar: かい, きて, して. */
export const minReadingLength = 3;
const hasKanji = /\p{Script=Han}/u;
const toHiragana = (katakana: string) =>
  katakana.replace(/[\u30a1-\u30f6]/gu, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));

async function kuromojiAnalyser(): Promise<{ tokenize(text: string): KuromojiToken[] }> {
  const require = createRequire(import.meta.url);
  const kuromoji = require('kuromoji') as {
    builder(o: { dicPath: string }): {
      build(cb: (e: Error | null, t: { tokenize(text: string): KuromojiToken[] }) => void): void;
    };
  };
  const dicPath = join(dirname(require.resolve('kuromoji/package.json')), 'dict');
  return new Promise((resolve, reject) =>
    kuromoji.builder({ dicPath }).build((error, t) => (error ? reject(error) : resolve(t))),
  );
}

/** reading → surface, for nouns and runs of nouns written with kanji whose reading is unambiguous. */
export async function buildKanaReadings(corpusDir: string): Promise<Record<string, string>> {
  const analyser = await kuromojiAnalyser();
  const counts = new Map<string, Map<string, number>>();
  const add = (surface: string, reading: string) => {
    if (!hasKanji.test(surface) || [...reading].length < minReadingLength) return;
    if (!/^[\p{Script=Hiragana}ー]+$/u.test(reading)) return;
    // A reading ending like a verb's te-form is typed as one far more often (あいて: 空いて, not 相手).
    if (/[てで]$/u.test(reading)) return;
    const bySurface = counts.get(reading) ?? new Map<string, number>();
    bySurface.set(surface, (bySurface.get(surface) ?? 0) + 1);
    counts.set(reading, bySurface);
  };
  for (const file of await readCorpus(corpusDir)) {
    for (const block of await extractBlocks(file)) {
      const tokens = analyser.tokenize([...block.path, block.text].join('\n').normalize('NFKC'));
      let run: KuromojiToken[] = [];
      const flush = () => {
        // Each noun, and each run of two to four nouns (衛生 + 委員 + 会 → 衛生委員会).
        for (let i = 0; i < run.length; i++) {
          for (let j = i + 1; j <= Math.min(run.length, i + 4); j++) {
            const part = run.slice(i, j);
            if (part.some((t) => t.reading === undefined || t.reading === '*')) continue;
            add(part.map((t) => t.surface_form).join(''), toHiragana(part.map((t) => t.reading!).join('')));
          }
        }
        run = [];
      };
      for (const token of tokens) {
        if (token.pos === '名詞') run.push(token);
        else flush();
      }
      flush();
    }
  }
  const table: Record<string, string> = {};
  for (const reading of [...counts.keys()].sort()) {
    const surfaces = [...counts.get(reading)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const total = surfaces.reduce((n, [, c]) => n + c, 0);
    // One spelling for the reading, or one that clearly dominates (こうせい: 構成 or 厚生 is a guess).
    if (surfaces[0]![1] >= 0.8 * total) table[reading] = surfaces[0]![0];
  }
  return table;
}

/** One entry a line, as biome formats JSON, so the formatter leaves the built file alone. */
export function serializeKanaReadings(table: Record<string, string>): string {
  return `${JSON.stringify(table, null, 2)}\n`;
}
