/**
 * Reads booking answers out of one message: 「東京の製造業で従業員30人、人事の山田です。電話で相談したいです」
 * fills prefecture, industry, headcount, role, name and method at once. Two modes per field:
 * - strict (the field was not asked): only unmistakable phrasings count, so a word in passing
 *   (「産業医がいない」) never becomes an answer;
 * - lenient (the field was just asked): the message is taken as the answer to it.
 * Rules only, no model: the same input always gives the same reading, and tests pin it down.
 */
import {
  type BookingDraft,
  type FieldName,
  type Headcount,
  type methods,
  topics,
  visitPurposes,
} from './booking-types.ts';
import { findEmail, findPhone } from './contact.ts';
import { type DateParseProblem, type DateWish, parseDateWishes } from './date-parser.ts';
import type { Center } from './ports.ts';

export interface FieldError {
  field: FieldName;
  message: string;
}

export interface Reading {
  values: Partial<BookingDraft>;
  /** Dates read from the text (not yet checked against business days). */
  dates: DateWish[];
  dateProblems: DateParseProblem[];
  errors: FieldError[];
}

export interface ReadOptions {
  now: Date;
  centers: readonly Center[];
  /** The field just asked, read leniently; null reads everything strictly. */
  awaiting: FieldName | null;
  kind: 'consultation' | 'visit';
}

/** Fields whose answer is free text: the whole message is the answer, nothing else is read from it. */
export const freeTextFields: ReadonlySet<FieldName> = new Set(['organisation', 'name', 'address', 'summary']);

const boundary =
  '(?=担当|の方|として|をして|です|でございます|で[、,。\\s]|[、,。\\s]|$|の[一-龥々ァ-ヶー]{1,8}(?:です|と申します|といいます))';

const roleRules: { pattern: RegExp; role: string; selfEmployed: boolean }[] = [
  {
    pattern: /個人事業主|一人親方|ひとり親方|フリーランス|自営業?/,
    role: '個人事業主・一人親方',
    selfEmployed: true,
  },
  { pattern: /衛生管理者/, role: '衛生管理者', selfEmployed: false },
  { pattern: /衛生推進者/, role: '衛生推進者', selfEmployed: false },
  { pattern: /産業医/, role: '産業医', selfEmployed: false },
  { pattern: /保健師/, role: '保健師', selfEmployed: false },
  { pattern: /看護師|産業看護職/, role: '看護師', selfEmployed: false },
  { pattern: /人事|労務/, role: '人事労務担当者', selfEmployed: false },
  { pattern: /総務/, role: '総務担当者', selfEmployed: false },
  {
    pattern: /社長|代表取締役|代表者|経営者|事業主|オーナー|役員/,
    role: '事業主・経営者',
    selfEmployed: false,
  },
  { pattern: /管理監督者|管理職|課長|部長|係長|店長|工場長|所長/, role: '管理監督者', selfEmployed: false },
];

const topicRules: [RegExp, (typeof topics)[number]][] = [
  [
    /化学物質|リスクアセスメント|SDS|有機溶剤|特化物|ばく露|暴露/i,
    '化学物質・リスクアセスメント対象物健康診断',
  ],
  [/両立|治療と仕事|治療と就労|がん|不妊治療/, '両立支援'],
  [/長時間労働|長時間|残業|過重労働|時間外労働|過労/, '長時間労働'],
  [/健康診断|健診|面接指導|意見聴取|保健指導|高ストレス|健康相談/, '健康診断・面接指導'],
  [
    /メンタル|ストレスチェック|心の健康|こころの健康|ハラスメント|パワハラ|職場復帰|復職|休職/,
    'メンタルヘルス対策',
  ],
  [/作業環境|職場巡視|換気|騒音|粉じん|粉塵|熱中症|照明|腰痛/, '作業環境'],
];

const methodWords: [RegExp, (typeof methods)[number]][] = [
  [/電話/, '電話'],
  [/メール|e-?mail/i, 'メール'],
  [/オンライン|zoom|teams|ウェブ|web|ビデオ/i, 'オンライン'],
  [/面談|来所|窓口|対面|訪問して|直接/, '面談'],
];

const purposeRules: [RegExp, (typeof visitPurposes)[number]][] = [
  [/メンタル|ストレスチェック|心の健康/, 'メンタルヘルス対策の導入'],
  [/研修|教育|管理監督者|講師|セミナー/, '管理監督者向けの研修'],
  [/両立/, '両立支援の体制づくり'],
  [/巡視|作業環境|職場環境|換気|騒音/, '職場巡視・作業環境の助言'],
  [/保健指導/, '保健指導'],
];

/** Words that end in です but are not names. */
const notNames =
  /^(電話|メール|面談|オンライン|対面|希望|相談|予約|大丈夫|結構|不要|無料|同意|了解|承知|以上|以下|未満|本人|社員|従業員|会社員|担当|担当者|人事|総務|労務|社長|代表|管理職|産業医|保健師|看護師|衛生管理者|個人事業主|一人親方|自営業|会社|事業場|職場|工場|本社|支社|午前|午後|来週|明日|今日|平日|土日)$/;

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

/** An aside rather than an answer: 「ところで地産保って無料ですか？」 */
export function looksLikeAside(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  if (/^(ところで|ちなみに|そういえば|あと、|質問です|質問ですが|聞きたいのですが)/.test(t)) return true;
  return /[?？]$/.test(t) || /(ですか|ますか|でしょうか|のですか|教えて(ください)?)[。.!]?$/.test(t);
}

export function readAnswers(text: string, options: ReadOptions): Reading {
  const reading: Reading = { values: {}, dates: [], dateProblems: [], errors: [] };
  const normalized = text.normalize('NFKC').replace(/\s+/g, ' ').trim();
  const lenient = (field: FieldName) => options.awaiting === field;

  if (options.awaiting !== null && freeTextFields.has(options.awaiting)) {
    readFreeText(options.awaiting, normalized, reading, options.centers);
    return reading;
  }

  let rest = readContact(normalized, reading, lenient('contact'));
  const dateRead = parseDateWishes(rest, options.now);
  reading.dates = dateRead.wishes;
  reading.dateProblems = dateRead.problems;

  const prefecture = matchPrefecture(rest, options.centers, lenient('prefecture'));
  if (prefecture) {
    reading.values.prefecture = prefecture.prefecture;
    rest = rest.replace(prefecture.matched, ' ');
  } else if (lenient('prefecture') && !looksLikeAside(normalized)) {
    reading.errors.push({
      field: 'prefecture',
      message: '都道府県名が読み取れませんでした。「東京都」「大阪府」のように教えてください。',
    });
  }

  const headcount = readHeadcount(rest, lenient('headcount'));
  if (headcount) reading.values.headcount = headcount;

  const role = readRole(rest, lenient('role'));
  if (role) {
    reading.values.role = role.role;
    reading.values.selfEmployed = role.selfEmployed;
  }

  const name = readNameStrict(rest, options.centers);
  if (name) reading.values.name = name;

  if (options.kind === 'consultation') {
    const method = readMethod(rest, lenient('method'));
    if (method) reading.values.method = method;
  }

  const topic = readTopic(rest, lenient('topic'));
  if (topic) reading.values.topic = topic;

  if (options.kind === 'visit' && lenient('purpose')) {
    const purpose = readPurpose(normalized);
    if (purpose) reading.values.purpose = purpose;
  }

  const organisation = readOrganisation(rest);
  if (organisation) reading.values.organisation = organisation;

  const industry = readIndustry(rest);
  if (industry) reading.values.industry = industry;

  if (lenient('specialInsurance')) {
    const answer = readSpecialInsurance(normalized);
    if (answer) reading.values.specialInsurance = answer;
  }
  return reading;
}

/** Finds and checks a phone number or e-mail address; returns the text with it blanked out. */
function readContact(text: string, reading: Reading, lenient: boolean): string {
  let rest = text;
  const email = findEmail(rest);
  if (email) {
    if (email.check.ok) reading.values.contact = { kind: 'email', value: email.check.value };
    else {
      reading.errors.push({
        field: 'contact',
        message:
          'メールアドレスの形式が正しくないようです。「yamada@example.jp」のような形でもう一度お知らせください。',
      });
    }
    rest = blank(rest, email.index, email.length);
  }
  const phone = findPhone(rest);
  if (phone) {
    if (phone.check.ok) reading.values.contact ??= { kind: 'phone', value: phone.check.value };
    else {
      reading.errors.push({
        field: 'contact',
        message:
          phone.check.reason === 'length'
            ? '電話番号の桁数が合わないようです。市外局番からもう一度お知らせください。'
            : '電話番号として読み取れませんでした。「03-1234-5678」のような形でお知らせください。',
      });
    }
    rest = blank(rest, phone.index, phone.length);
  }
  if (lenient && !email && !phone && !looksLikeAside(text)) {
    // Neither shape was found: a number too short to start with 0 (「1234-5678」) or no contact at all.
    reading.errors.push({
      field: 'contact',
      message: /\d{4}/.test(text)
        ? '電話番号は市外局番から、「03-1234-5678」のような形でお知らせください。'
        : '電話番号かメールアドレスが読み取れませんでした。もう一度お知らせください。',
    });
  }
  return rest;
}

/** Cuts a found contact out (one space stays), so 「電話03-1234-5678で相談」 still reads as 「電話 で相談」. */
function blank(text: string, index: number, length: number): string {
  return `${text.slice(0, index)} ${text.slice(index + length)}`;
}

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

export function readRole(text: string, lenient: boolean): { role: string; selfEmployed: boolean } | null {
  const trimmed = text.trim().replace(/(です|でございます)[。.]?$/, '');
  const choices: Record<string, { role: string; selfEmployed: boolean }> = {
    '事業主・経営者': { role: '事業主・経営者', selfEmployed: false },
    人事労務担当者: { role: '人事労務担当者', selfEmployed: false },
    '衛生管理者・衛生推進者': { role: '衛生管理者・衛生推進者', selfEmployed: false },
    '産業医・保健師など': { role: '産業医・保健師など', selfEmployed: false },
    管理監督者: { role: '管理監督者', selfEmployed: false },
    '個人事業主・一人親方': { role: '個人事業主・一人親方', selfEmployed: true },
  };
  if (choices[trimmed]) return choices[trimmed];
  for (const rule of roleRules) {
    const pattern = lenient ? rule.pattern : new RegExp(`(?:${rule.pattern.source})${boundary}`);
    if (pattern.test(text)) return { role: rule.role, selfEmployed: rule.selfEmployed };
  }
  if (lenient && trimmed.length >= 2 && trimmed.length <= 40 && !looksLikeAside(text)) {
    return { role: trimmed, selfEmployed: false };
  }
  return null;
}

/** 「人事の山田です」「担当の佐藤と申します」: a kanji/katakana name right before です/と申します. */
function readNameStrict(text: string, centers: readonly Center[]): string | null {
  const pattern =
    /(?:^|[、,。\s]|の|は|担当|私|わたし)([一-龥々ァ-ヶー]{1,10}(?: [一-龥々ァ-ヶー]{1,10})?)(?:です|と申します|といいます|と言います)/g;
  for (const match of text.matchAll(pattern)) {
    const candidate = match[1]!;
    if (notNames.test(candidate)) continue;
    if (centers.some((c) => c.prefecture === candidate || c.aliases.includes(candidate))) continue;
    if (/業$|[人名者様]$/.test(candidate)) continue;
    return candidate;
  }
  return null;
}

function readMethod(text: string, lenient: boolean): (typeof methods)[number] | null {
  for (const [pattern, method] of methodWords) {
    if (lenient) {
      if (pattern.test(text)) return method;
      continue;
    }
    const strict = new RegExp(
      `(?:${pattern.source})(?!番号|アドレス) ?(?:で|にて|による|での|を希望|希望|相談|面談|が(?:いい|良い|希望))`,
      pattern.flags,
    );
    if (strict.test(text)) return method;
  }
  return null;
}

function readTopic(text: string, lenient: boolean): (typeof topics)[number] | null {
  const trimmed = text.trim();
  const exact = topics.find((topic) => topic === trimmed);
  if (exact) return exact;
  if (lenient && /^その他/.test(trimmed)) return 'その他';
  for (const [pattern, topic] of topicRules) if (pattern.test(text)) return topic;
  return null;
}

function readPurpose(text: string): string | null {
  const trimmed = text.trim().replace(/(です|をお願いします|をお願いしたい|をしたい)[。.]?$/, '');
  const exact = visitPurposes.find((purpose) => purpose === trimmed);
  if (exact) return exact;
  for (const [pattern, purpose] of purposeRules) if (pattern.test(text)) return purpose;
  if (looksLikeAside(text) || trimmed.length < 2) return null;
  return trimmed.slice(0, 100);
}

function readOrganisation(text: string): string | null {
  const corporate =
    '株式会社|有限会社|合同会社|合資会社|医療法人|社会福祉法人|一般社団法人|一般財団法人|公益社団法人|公益財団法人|\\(株\\)|\\(有\\)';
  const before = new RegExp(`(?:${corporate}) ?[^\\s、。,]{1,30}?(?=の|で|に|は|です|、|。|,|\\s|$)`);
  const after = new RegExp(`[^\\s、。,のはで]{1,30}(?:${corporate})`);
  const match = before.exec(text) ?? after.exec(text);
  return match ? match[0].trim() : null;
}

function readIndustry(text: string): string | null {
  const match = /(?:^|[、,。\s]|の)([一-龥]{1,6}業)(?=で|の|、|,|。|です|を|$)/.exec(text);
  if (!match) return null;
  const industry = match[1]!;
  return industryStopWords.has(industry) ? null : industry;
}

function readSpecialInsurance(text: string): BookingDraft['specialInsurance'] | null {
  if (/わから|分から|不明|知らない/.test(text)) return 'unknown';
  if (/^(いいえ|いや|no)|(加入|入って)(して)?(い)?ない|未加入|していません|入っていません/i.test(text))
    return 'no';
  if (/^(はい|yes|ええ)|加入して(い|お)|入って(い|ま)|特別加入者です|加入者です/i.test(text)) return 'yes';
  return null;
}

function readFreeText(field: FieldName, text: string, reading: Reading, centers: readonly Center[]): void {
  const limits: Partial<Record<FieldName, { min: number; max: number }>> = {
    organisation: { min: 1, max: 100 },
    name: { min: 1, max: 30 },
    address: { min: 4, max: 200 },
    summary: { min: 2, max: 400 },
  };
  const aside = field === 'summary' ? /^(ところで|ちなみに|そういえば)/.test(text) : looksLikeAside(text);
  if (aside) return;
  let value = text;
  if (field === 'name') {
    value = value
      .replace(/^(名前は|氏名は|担当は|担当者は|私は|わたしは)/, '')
      .replace(/(です|と申します|といいます|と言います|でございます)[。.]?$/, '')
      .replace(/(様|さま|さん)$/, '')
      .trim();
    if (/[\d@]/.test(value)) {
      reading.errors.push({ field, message: 'お名前だけを入力してください。' });
      return;
    }
  } else if (field === 'organisation') {
    value = value
      .replace(/^(会社名は|事業場名は|社名は)/, '')
      .replace(/(です|でございます)[。.]?$/, '')
      .trim();
  } else if (field === 'address') {
    value = value
      .replace(/^(住所は|所在地は)/, '')
      .replace(/(です|にあります)[。.]?$/, '')
      .trim();
    const prefecture = matchPrefecture(value, centers, false);
    if (prefecture) reading.values.prefecture = prefecture.prefecture;
  }
  const limit = limits[field]!;
  if (value.length < limit.min) {
    reading.errors.push({ field, message: 'もう少し詳しく教えてください。' });
    return;
  }
  if (value.length > limit.max) {
    reading.errors.push({ field, message: `${limit.max}字以内でお知らせください。` });
    return;
  }
  (reading.values as Record<string, string>)[field] = value;
}
