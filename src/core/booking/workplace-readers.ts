/**
 * Readers for the workplace: prefecture, headcount, organisation name and industry. Each takes the text of
 * one message; `lenient` is true when the question was just asked (see answer-reader.ts).
 */
import type { Headcount } from './booking-types.ts';
import type { Center } from './ports.ts';

const industryStopWords = new Set([
  '企業',
  '事業',
  '作業',
  '産業',
  '職業',
  '営業',
  '授業',
  '残業',
  '休業',
  '就業',
  '卒業',
  '失業',
  '操業',
]);

/**
 * Full names (東京都) match anywhere. Kanji aliases (東京) match before a particle or boundary, so
 * 「大阪ガス」 is not 大阪府. Kana and romaji aliases match only as the whole answer (centers.yaml explains).
 */
export function matchPrefecture(
  text: string,
  centers: readonly Center[],
  lenient: boolean,
): { prefecture: string; matched: string } | null {
  let best: { prefecture: string; matched: string; index: number } | null = null;
  for (const center of centers) {
    const index = text.indexOf(center.prefecture);
    if (index >= 0 && (best === null || index < best.index)) {
      best = { prefecture: center.prefecture, matched: center.prefecture, index };
    }
  }
  if (best) return best;
  const whole = text
    .replace(/(です|でお願いします|にあります|在住)?[。.!]?$/, '')
    .trim()
    .toLowerCase();
  for (const center of centers) {
    for (const alias of center.aliases) {
      if (/^[a-zぁ-ゖ]+$/i.test(alias)) {
        if (
          whole === alias.toLowerCase() ||
          (lenient && whole === `${alias}${suffixKana(center.prefecture)}`)
        ) {
          return { prefecture: center.prefecture, matched: text };
        }
        continue;
      }
      const pattern = new RegExp(
        `${alias}(?=の|で|に|は|から|市|区|町|村|郡|、|,|。|\\s|$|です|在住|本社|支社|支店|エリア|方面|県内|都内|府内)`,
      );
      const match = pattern.exec(text);
      if (match && (best === null || match.index < best.index)) {
        best = { prefecture: center.prefecture, matched: alias, index: match.index };
      }
    }
  }
  return best;
}

function suffixKana(prefecture: string): string {
  return { 都: 'と', 府: 'ふ', 県: 'けん' }[prefecture.slice(-1)] ?? '';
}

export function readHeadcount(text: string, lenient: boolean): Headcount | null {
  const qualifier = '(未満|以上|以下|ほど|くらい|ぐらい|程度|前後|弱|強)?';
  const strict = new RegExp(
    `(?:従業員|社員|職員|労働者|スタッフ|従業者|人数|パート[^、。]{0,8}含めて)(?:数)?(?:は|が|:)?(?:約|およそ|だいたい|大体)?(\\d{1,6})(?:人|名)${qualifier}`,
  );
  const scale = new RegExp(
    `(\\d{1,6})(?:人|名)${qualifier}(?:規模|ほどの|くらいの|程度の)?の?(?:会社|事業場|事業所|職場|企業|工場|店舗|法人)`,
  );
  const range = /(\d{1,6})\s*(?:〜|-|から)\s*(\d{1,6})\s*(?:人|名)/;
  const rangeMatch = lenient ? range.exec(text) : null;
  if (rangeMatch) {
    const min = Number(rangeMatch[1]);
    const max = Number(rangeMatch[2]);
    if (min >= 1 && max >= min) return { min, max };
  }
  const match =
    strict.exec(text) ??
    scale.exec(text) ??
    (lenient
      ? /(\d{1,6})\s*(?:人|名)?\s*(未満|以上|以下|ほど|くらい|ぐらい|程度|前後|弱|強)?/.exec(text)
      : null);
  if (!match) return null;
  const count = Number(match[1]);
  if (count < 1) return null;
  switch (match[2]) {
    case '未満':
      return count > 1 ? { min: 1, max: count - 1 } : null;
    case '以下':
      return { min: 1, max: count };
    case '以上':
      return { min: count, max: null };
    default:
      return { min: count, max: count };
  }
}

export function readOrganisation(text: string): string | null {
  const corporate =
    '株式会社|有限会社|合同会社|合資会社|医療法人|社会福祉法人|一般社団法人|一般財団法人|公益社団法人|公益財団法人|\\(株\\)|\\(有\\)';
  const before = new RegExp(`(?:${corporate}) ?[^\\s、。,]{1,30}?(?=の|で|に|は|です|、|。|,|\\s|$)`);
  const after = new RegExp(`[^\\s、。,のはで]{1,30}(?:${corporate})`);
  const match = before.exec(text) ?? after.exec(text);
  return match ? match[0].trim() : null;
}

export function readIndustry(text: string): string | null {
  const match = /(?:^|[、,。\s]|の)([一-龥]{1,6}業)(?=で|の|、|,|。|です|を|$)/.exec(text);
  if (!match) return null;
  const industry = match[1]!;
  return industryStopWords.has(industry) ? null : industry;
}
