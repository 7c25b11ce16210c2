/**
 * `node scripts/compare-libraries.ts`: the hand-written pieces against the libraries that could replace
 * them, on the same inputs (docs/decisions/0008-libraries.md records the figures and the choice).
 * - romaji → hiragana (src/core/safety/romaji.ts) against wanakana's toHiragana;
 * - Japanese booking dates (src/core/booking/date-parser.ts) against chrono-node's `ja` parser, on the
 *   phrases of tests/unit/booking/date-parser.test.ts with their expected dates;
 * - pgvector literals (toVectorLiteral in src/infra/db/db.ts) against the pgvector package's toSql.
 */
import * as chrono from 'chrono-node';
import pgvector from 'pgvector';
import * as wanakana from 'wanakana';
import { parseDateWishes } from '../src/core/booking/date-parser.ts';
import { romajiToHiragana } from '../src/core/safety/romaji.ts';
import { toVectorLiteral } from '../src/infra/db/db.ts';

const time = (fn: () => void, rounds: number): number => {
  const started = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  return ((performance.now() - started) * 1000) / rounds;
};

// --- romaji: words users type without an IME (safety and triage read them), with the kana meant.
const romaji: [string, string][] = [
  ['shinitai', 'しにたい'],
  ['kieetai', 'きええたい'],
  ['kietai', 'きえたい'],
  ['tsurai', 'つらい'],
  ['genki', 'げんき'],
  ['buka', 'ぶか'],
  ['nemurenai', 'ねむれない'],
  ['gakkou', 'がっこう'],
  ['matcha', 'まっちゃ'],
  ["kon'ya", 'こんや'],
  ['konnichiwa', 'こんにちわ'],
  ['sanpo', 'さんぽ'],
  ['kenshin', 'けんしん'],
  ['sutoresu', 'すとれす'],
  ['jisatsu', 'じさつ'],
  ['zisatu', 'じさつ'],
  ['tyotto', 'ちょっと'],
  ['chotto', 'ちょっと'],
  ['shokuba', 'しょくば'],
  ['fukushoku', 'ふくしょく'],
  ['mou', 'もう'],
  ['genkai', 'げんかい'],
  ['ikitakunai', 'いきたくない'],
  ['yasumitai', 'やすみたい'],
  ['sangyoui', 'さんぎょうい'],
  ['menndan', 'めんだん'],
  ['ippai', 'いっぱい'],
  ['hontou', 'ほんとう'],
  ['utsu', 'うつ'],
  ['kaisha', 'かいしゃ'],
  ['jyoushi', 'じょうし'],
  ['zutto', 'ずっと'],
];
let ownRomaji = 0;
let kanaRomaji = 0;
const romajiDiffs: string[] = [];
for (const [word, kana] of romaji) {
  const own = romajiToHiragana(word);
  const lib = wanakana.toHiragana(word, { passRomaji: false });
  if (own === kana) ownRomaji++;
  if (lib === kana) kanaRomaji++;
  if (own !== lib) romajiDiffs.push(`${word}: own ${own} / wanakana ${lib}`);
}
// Non-romaji words must be refused (null), so English is not read as kana.
const english = ['hello', 'stress', 'check', 'thanks', 'help', 'online'];
const ownRefuses = english.filter((w) => romajiToHiragana(w) === null).length;
const libRefuses = english.filter((w) => /[a-z]/u.test(wanakana.toHiragana(w))).length;
const ownUs =
  time(
    () =>
      romaji.forEach(([w]) => {
        romajiToHiragana(w);
      }),
    2000,
  ) / romaji.length;
const libUs =
  time(
    () =>
      romaji.forEach(([w]) => {
        wanakana.toHiragana(w);
      }),
    2000,
  ) / romaji.length;

// --- dates: the booking test phrases at Tuesday 2026-11-24 10:00 Tokyo.
const now = new Date('2026-11-24T01:00:00Z');
const dates: [string, string][] = [
  ['来週火曜の午後', '2026-12-01'],
  ['12月3日 10時', '2026-12-03'],
  ['明後日の朝', '2026-11-26'],
  ['3日の14時から', '2026-12-03'],
  ['火曜日', '2026-12-01'],
  ['今週金曜の15時', '2026-11-27'],
  ['再来週の月曜 10:30', '2026-12-07'],
  ['来週の水曜日、午前中', '2026-12-02'],
  ['12/3 14:30', '2026-12-03'],
  ['2027年1月8日', '2027-01-08'],
  ['明日の午後2時', '2026-11-25'],
  ['明日2時', '2026-11-25'],
  ['明日の午前10時', '2026-11-25'],
  ['3日後の夕方', '2026-11-27'],
  ['しあさって', '2026-11-27'],
  ['１２月３日　１０時３０分', '2026-12-03'],
  ['十二月三日の三時半', '2026-12-03'],
  ['1月12日の10時', '2027-01-12'],
  ['20日', '2026-12-20'],
];
const tokyoDate = (d: Date) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
let ownDates = 0;
let chronoDates = 0;
const dateDiffs: string[] = [];
for (const [text, expected] of dates) {
  const own = parseDateWishes(text, now).wishes[0]?.date;
  const parsed = chrono.ja.parse(text, { instant: now, timezone: 540 }, { forwardDate: true })[0];
  const lib = parsed === undefined ? undefined : tokyoDate(parsed.start.date());
  if (own === expected) ownDates++;
  if (lib === expected) chronoDates++;
  if (lib !== expected)
    dateDiffs.push(`${text}: expected ${expected}, chrono ${lib ?? '—'}, own ${own ?? '—'}`);
}

// --- vector literals.
const vector = Array.from({ length: 512 }, (_, i) => Math.round(Math.sin(i) * 1e6) / 1e6);
const sameLiteral = toVectorLiteral(vector) === pgvector.toSql(vector);
const ownVec = time(() => toVectorLiteral(vector), 2000);
const libVec = time(() => pgvector.toSql(vector), 2000);

const out = [
  `romaji (${romaji.length} words): own ${ownRomaji}/${romaji.length} right, wanakana ${kanaRomaji}/${romaji.length}; English refused: own ${ownRefuses}/${english.length}, wanakana leaves latin in ${libRefuses}/${english.length}; ${ownUs.toFixed(2)} µs vs ${libUs.toFixed(2)} µs per word`,
  ...romajiDiffs.map((d) => `  ${d}`),
  `dates (${dates.length} booking phrases, first date): own ${ownDates}/${dates.length}, chrono-node ja ${chronoDates}/${dates.length}`,
  ...dateDiffs.map((d) => `  ${d}`),
  `vector literal (512 dims): identical ${sameLiteral}; ${ownVec.toFixed(1)} µs vs ${libVec.toFixed(1)} µs`,
];
process.stdout.write(`${out.join('\n')}\n`);
