/**
 * Readers for the person and the request: role, name, method, topic, visit purpose and the 特別加入
 * answer, plus the test for an aside (a question rather than an answer). `lenient` is true when the
 * question was just asked (see answer-reader.ts).
 */
import { type BookingDraft, type methods, topics, visitPurposes } from './booking-types.ts';
import type { Center } from './ports.ts';
import { regionalServicePattern } from './routing.ts';

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
  [new RegExp(`健康診断|健診|${regionalServicePattern.source}`), '健康診断・面接指導'],
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

/** An aside rather than an answer: 「ところで地産保って無料ですか？」 */
export function looksLikeAside(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  if (/^(ところで|ちなみに|そういえば|あと、|質問です|質問ですが|聞きたいのですが)/.test(t)) return true;
  return /[?？]$/.test(t) || /(ですか|ますか|でしょうか|のですか|教えて(ください)?)[。.!]?$/.test(t);
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
export function readNameStrict(text: string, centers: readonly Center[]): string | null {
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

export function readMethod(text: string, lenient: boolean): (typeof methods)[number] | null {
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

export function readTopic(text: string, lenient: boolean): (typeof topics)[number] | null {
  const trimmed = text.trim();
  const exact = topics.find((topic) => topic === trimmed);
  if (exact) return exact;
  if (lenient && /^その他/.test(trimmed)) return 'その他';
  for (const [pattern, topic] of topicRules) if (pattern.test(text)) return topic;
  return null;
}

export function readPurpose(text: string): string | null {
  const trimmed = text.trim().replace(/(です|をお願いします|をお願いしたい|をしたい)[。.]?$/, '');
  const exact = visitPurposes.find((purpose) => purpose === trimmed);
  if (exact) return exact;
  for (const [pattern, purpose] of purposeRules) if (pattern.test(text)) return purpose;
  if (looksLikeAside(text) || trimmed.length < 2) return null;
  return trimmed.slice(0, 100);
}

export function readSpecialInsurance(text: string): BookingDraft['specialInsurance'] | null {
  if (/わから|分から|不明|知らない/.test(text)) return 'unknown';
  if (/^(いいえ|いや|no)|(加入|入って)(して)?(い)?ない|未加入|していません|入っていません/i.test(text))
    return 'no';
  if (/^(はい|yes|ええ)|加入して(い|お)|入って(い|ま)|特別加入者です|加入者です/i.test(text)) return 'yes';
  return null;
}
