/**
 * Reads preferred dates and times from natural Japanese: 「来週火曜の午後」「12月3日 10時」「明後日の朝」
 * 「3日の14時から」「12/3 14:30」「12月3日と4日の午前」. Everything is relative to `now` in Asia/Tokyo.
 * The parser only reads; whether a date is acceptable (business day, not past, not too far) is decided by
 * slot-rules.ts, so the user hears exactly what was understood and why it cannot be booked.
 */
import {
  addDays,
  formatLocalDate,
  parseLocalDate,
  toTokyoDate,
  weekdayIndex,
  weekdayName,
  weekdayOf,
} from './calendar.ts';

export const dayParts = ['morning', 'afternoon', 'evening', 'night', 'anytime'] as const;
export type DayPart = (typeof dayParts)[number];

/** One preferred slot: a civil date in Tokyo, with a start time or a part of the day when given. */
export interface DateWish {
  date: string;
  time?: string;
  part?: DayPart;
}

export type DateParseProblem =
  | { kind: 'invalid_date'; text: string }
  | { kind: 'weekday_mismatch'; date: string; said: string }
  | { kind: 'time_without_date' };

export interface DateParseResult {
  wishes: DateWish[];
  problems: DateParseProblem[];
}

type Token =
  | { kind: 'date'; date: string; time?: string }
  | { kind: 'invalid'; text: string }
  | { kind: 'time'; time: string }
  | { kind: 'part'; part: DayPart }
  | { kind: 'weekday_note'; weekday: string };

/** What earlier tokens of the same message say about later ones. */
interface ReadContext {
  /** The week of the last 「来週火曜」: a weekday named after it in the same breath is in that week too. */
  weekOffset: number | null;
}

interface Rule {
  pattern: RegExp;
  read(m: RegExpExecArray, today: string, context: ReadContext): Token | null;
}

const kanjiDigits: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 全角→半角, 〜 variants, and small kanji numbers before 月/日/時 (「十二月三日」「三時半」). */
export function normalizeDateText(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[〜～~]/g, '〜')
    .replace(/([一二三四五六七八九十]{1,3})(?=[月日時](?![的間中]))/g, (kanji) =>
      String(readKanjiNumber(kanji)),
    );
}

function readKanjiNumber(kanji: string): number {
  const [tens, ones] = kanji.includes('十') ? kanji.split('十') : ['', kanji];
  const tensValue = kanji.includes('十') ? (tens === '' ? 1 : (kanjiDigits[tens!] ?? 0)) : 0;
  return tensValue * 10 + (ones ? (kanjiDigits[ones] ?? 0) : 0);
}

/** 1–6 o'clock without 午前 means the afternoon: nobody books a consultation at 2 a.m. */
function readHour(hour: number, prefix: string | undefined): number | null {
  if (hour > 23) return null;
  if (prefix?.startsWith('午後') || prefix?.startsWith('夜') || prefix?.startsWith('夕方')) {
    return hour < 12 ? hour + 12 : hour;
  }
  if (prefix?.startsWith('午前') || prefix?.startsWith('朝')) return hour === 12 ? 0 : hour;
  return hour >= 1 && hour <= 6 ? hour + 12 : hour;
}

function formatTime(hour: number, minute: number): string | null {
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** A month/day without a year: this year unless that is more than 60 days ago (then next year). */
function resolveMonthDay(month: number, day: number, today: string): string | null {
  const { year } = parseLocalDate(today);
  const thisYear = formatLocalDate(year, month, day);
  if (thisYear === null) return formatLocalDate(year + 1, month, day);
  return thisYear < addDays(today, -60) ? formatLocalDate(year + 1, month, day) : thisYear;
}

/** A day of month alone: this month if still ahead (or today), else next month. */
function resolveDayOfMonth(day: number, today: string): string | null {
  const { year, month, day: todayDay } = parseLocalDate(today);
  if (day >= todayDay) return formatLocalDate(year, month, day);
  return month === 12 ? formatLocalDate(year + 1, 1, day) : formatLocalDate(year, month + 1, day);
}

/** Weeks start on Monday, as in Japanese business usage. */
function resolveWeekday(weekday: number, weekOffset: number | null, today: string): string {
  if (weekOffset === null) {
    const ahead = (weekday - weekdayOf(today) + 7) % 7 || 7;
    return addDays(today, ahead);
  }
  const monday = addDays(today, -((weekdayOf(today) + 6) % 7));
  return addDays(monday, weekOffset * 7 + ((weekday + 6) % 7));
}

const weekOffsets: Record<string, number> = { 今週: 0, 来週: 1, 次週: 1, 翌週: 1, 再来週: 2 };
const relativeDays: Record<string, number> = {
  今日: 0,
  本日: 0,
  きょう: 0,
  明日: 1,
  あした: 1,
  あす: 1,
  明後日: 2,
  あさって: 2,
  明々後日: 3,
  明明後日: 3,
  しあさって: 3,
};
const partWords: [RegExp, DayPart][] = [
  [/午前中|午前|朝/y, 'morning'],
  [/午後|昼過ぎ|昼以降|お昼|昼/y, 'afternoon'],
  [/夕方/y, 'evening'],
  [/夜|晩/y, 'night'],
  [/終日|いつでも|何時でも|時間は問いません|時間指定なし|時間はいつでも/y, 'anytime'],
];

const timePrefix = '(午前|午後|朝の?|夕方の?|夜の?)?';

const rules: Rule[] = [
  {
    pattern: /(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2}))?/y,
    read: (m) => {
      const date = formatLocalDate(Number(m[1]), Number(m[2]), Number(m[3]));
      if (date === null) return { kind: 'invalid', text: m[0] };
      const time = m[4] === undefined ? null : formatTime(Number(m[4]), Number(m[5]));
      return time === null ? { kind: 'date', date } : { kind: 'date', date, time };
    },
  },
  {
    pattern: /(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日/y,
    read: (m, today) => {
      const date =
        m[1] === undefined
          ? resolveMonthDay(Number(m[2]), Number(m[3]), today)
          : formatLocalDate(Number(m[1]), Number(m[2]), Number(m[3]));
      return date === null ? { kind: 'invalid', text: m[0] } : { kind: 'date', date };
    },
  },
  {
    pattern: /(?:(\d{4})\/)?(\d{1,2})\/(\d{1,2})(?![\d/])/y,
    read: (m, today) => {
      const date =
        m[1] === undefined
          ? resolveMonthDay(Number(m[2]), Number(m[3]), today)
          : formatLocalDate(Number(m[1]), Number(m[2]), Number(m[3]));
      return date === null ? { kind: 'invalid', text: m[0] } : { kind: 'date', date };
    },
  },
  {
    pattern: /明々後日|明明後日|しあさって|明後日|あさって|明日|あした|あす|今日|本日|きょう/y,
    read: (m, today) => ({ kind: 'date', date: addDays(today, relativeDays[m[0]]!) }),
  },
  {
    pattern: /(\d{1,2})日後/y,
    read: (m, today) => ({ kind: 'date', date: addDays(today, Number(m[1])) }),
  },
  {
    pattern: /(今週|来週|次週|翌週|再来週)(?:の)?([月火水木金土日])(?:曜日|曜)?/y,
    read: (m, today, context) => {
      context.weekOffset = weekOffsets[m[1]!]!;
      return { kind: 'date', date: resolveWeekday(weekdayIndex(m[2]!), context.weekOffset, today) };
    },
  },
  {
    // 「来週の火曜と木曜」: 木曜 is next week's too; 「次の木曜」 is the next one to come, and so is what follows
    // it (「次の木曜か金曜」).
    pattern: /(今度の|次の)?([月火水木金土日])(?:曜日|曜)/y,
    read: (m, today, context) => {
      if (m[1] !== undefined) context.weekOffset = null;
      return { kind: 'date', date: resolveWeekday(weekdayIndex(m[2]!), context.weekOffset, today) };
    },
  },
  {
    pattern: /[(]([月火水木金土日])(?:曜日?)?[)]/y,
    read: (m) => ({ kind: 'weekday_note', weekday: m[1]! }),
  },
  {
    pattern: /(\d{1,2})日(?![間中後])/y,
    read: (m, today) => {
      const date = resolveDayOfMonth(Number(m[1]), today);
      return date === null ? { kind: 'invalid', text: m[0] } : { kind: 'date', date };
    },
  },
  {
    pattern: new RegExp(`${timePrefix}(\\d{1,2}):(\\d{2})`, 'y'),
    read: (m) => readTimeToken(m[1], Number(m[2]), Number(m[3])),
  },
  {
    pattern: new RegExp(`${timePrefix}(\\d{1,2})時(?:(半)|(\\d{1,2})分)?`, 'y'),
    read: (m) => readTimeToken(m[1], Number(m[2]), m[3] ? 30 : Number(m[4] ?? 0)),
  },
  ...partWords.map(([pattern, part]): Rule => ({ pattern, read: () => ({ kind: 'part', part }) })),
];

function readTimeToken(prefix: string | undefined, hour: number, minute: number): Token | null {
  const h = readHour(hour, prefix);
  const time = h === null ? null : formatTime(h, minute);
  return time === null ? null : { kind: 'time', time };
}

function tokenize(text: string, today: string): Token[] {
  const tokens: Token[] = [];
  const context: ReadContext = { weekOffset: null };
  let index = 0;
  while (index < text.length) {
    const previous = text[index - 1] ?? '';
    let advanced = false;
    for (const rule of rules) {
      // A number never starts in the middle of another number (「123日」, phone numbers).
      if (/\d/.test(previous) && /\d/.test(text[index]!)) break;
      rule.pattern.lastIndex = index;
      const match = rule.pattern.exec(text);
      if (match === null) continue;
      const token = rule.read(match, today, context);
      if (token === null) continue;
      // Another kind of date (「12月3日」「明日」) ends the 「来週…」 run.
      if (token.kind === 'date' && !match[0].includes('曜')) context.weekOffset = null;
      tokens.push(token);
      index += match[0].length;
      advanced = true;
      break;
    }
    if (!advanced) index += 1;
  }
  return tokens;
}

/**
 * Turns tokens into wishes: a date opens a wish, a time or part of day fills it, a second time on the same
 * date opens another wish on that date (「3日の10時か14時」), and a time after several bare dates fills
 * them all (「3日と4日の午前」).
 */
export function parseDateWishes(text: string, now: Date): DateParseResult {
  const today = toTokyoDate(now);
  const tokens = tokenize(normalizeDateText(text), today);
  const wishes: DateWish[] = [];
  const problems: DateParseProblem[] = [];
  let untimed: DateWish[] = [];
  let pendingTime: Pick<DateWish, 'time' | 'part'> | null = null;
  let current: DateWish | null = null;

  const applyTime = (slot: Pick<DateWish, 'time' | 'part'>) => {
    for (const wish of untimed) Object.assign(wish, slot);
    untimed = [];
  };

  for (const token of tokens) {
    switch (token.kind) {
      case 'invalid':
        problems.push({ kind: 'invalid_date', text: token.text });
        break;
      case 'weekday_note':
        if (current !== null && weekdayName(current.date) !== token.weekday) {
          problems.push({ kind: 'weekday_mismatch', date: current.date, said: token.weekday });
        }
        break;
      case 'date': {
        current = { date: token.date };
        wishes.push(current);
        if (token.time !== undefined) {
          current.time = token.time;
        } else if (pendingTime !== null) {
          Object.assign(current, pendingTime);
        } else {
          untimed.push(current);
        }
        break;
      }
      case 'time':
      case 'part': {
        const slot = token.kind === 'time' ? { time: token.time } : { part: token.part };
        if (current === null) {
          pendingTime = slot;
        } else if (current.time !== undefined || current.part !== undefined) {
          current = { date: current.date, ...slot };
          wishes.push(current);
        } else {
          applyTime(slot);
        }
        break;
      }
    }
  }
  if (wishes.length === 0 && pendingTime !== null) problems.push({ kind: 'time_without_date' });
  return { wishes: dedupeWishes(wishes), problems };
}

function dedupeWishes(wishes: DateWish[]): DateWish[] {
  const seen = new Set<string>();
  return wishes.filter((wish) => {
    const key = `${wish.date}|${wish.time ?? ''}|${wish.part ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** LINE's datetime picker sends params.datetime 'YYYY-MM-DDTHH:mm' or params.date 'YYYY-MM-DD'. */
export function readPickerParams(params: Record<string, string> | undefined): DateWish | null {
  const datetime = params?.datetime?.match(/^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/);
  if (datetime) {
    const date = formatLocalDate(Number(datetime[1]), Number(datetime[2]), Number(datetime[3]));
    const time = formatTime(Number(datetime[4]), Number(datetime[5]));
    return date === null || time === null ? null : { date, time };
  }
  const dateOnly = params?.date?.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  if (dateOnly) {
    const date = formatLocalDate(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
    return date === null ? null : { date };
  }
  return null;
}
