/**
 * Which preferred dates a center can be asked for: business days only (no weekends, national holidays or
 * the 12/29–1/3 closure), from tomorrow, within a horizon, and in daytime. Each refusal carries a reason so
 * the user hears why, in one short sentence.
 */
import {
  addDays,
  addMonths,
  formatJapaneseDate,
  holidayName,
  isYearEndClosure,
  parseLocalDate,
  toTokyoDate,
  weekdayOf,
} from './calendar.ts';
import type { DateParseProblem, DateWish, DayPart } from './date-parser.ts';

export const maxPreferredDates = 3;
export const bookingHorizonMonths = 3;

/**
 * Center hours are not confirmed for any center (facts.md §1-5: 未検証), so without a center's own hours we
 * only refuse what is plainly outside office daytime; staff confirm the real time when they accept.
 */
export const plausibleDaytime = { open: '08:00', close: '18:00' } as const;

export type SlotRefusal =
  | { reason: 'past'; wish: DateWish }
  | { reason: 'today'; wish: DateWish }
  | { reason: 'too_far'; wish: DateWish; limit: string }
  | { reason: 'weekend'; wish: DateWish }
  | { reason: 'closed_day'; wish: DateWish }
  | { reason: 'holiday'; wish: DateWish; name: string }
  | { reason: 'year_end'; wish: DateWish }
  | { reason: 'outside_hours'; wish: DateWish; open: string; close: string };

export interface DaytimeWindow {
  open: string;
  close: string;
  /** The center's working weekdays ('mon' … 'fri') when it publishes them. */
  days?: readonly string[];
}

const dayKeys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

export function checkWish(
  wish: DateWish,
  now: Date,
  hours: DaytimeWindow = plausibleDaytime,
): SlotRefusal | null {
  const today = toTokyoDate(now);
  if (wish.date < today) return { reason: 'past', wish };
  if (wish.date === today) return { reason: 'today', wish };
  const limit = addMonths(today, bookingHorizonMonths);
  if (wish.date > limit) return { reason: 'too_far', wish, limit };
  if (isYearEndClosure(wish.date)) return { reason: 'year_end', wish };
  const weekday = weekdayOf(wish.date);
  if (weekday === 0 || weekday === 6) return { reason: 'weekend', wish };
  if (hours.days !== undefined && !hours.days.includes(dayKeys[weekday]!))
    return { reason: 'closed_day', wish };
  const holiday = holidayName(wish.date);
  if (holiday !== null) return { reason: 'holiday', wish, name: holiday };
  const outside = { reason: 'outside_hours', wish, open: hours.open, close: hours.close } as const;
  if (wish.part === 'night') return outside;
  if (wish.time !== undefined && (wish.time < hours.open || wish.time >= hours.close)) return outside;
  return null;
}

const partLabels: Record<DayPart, string> = {
  morning: '午前',
  afternoon: '午後',
  evening: '夕方',
  night: '夜',
  anytime: '時間指定なし',
};

/** 「12月3日（木）10:00〜」「12月1日（火）午後」; the year only when it is not this year. */
export function formatWish(wish: DateWish, now: Date): string {
  const { year } = parseLocalDate(toTokyoDate(now));
  const date = formatJapaneseDate(wish.date, year);
  if (wish.time !== undefined) return `${date}${wish.time}〜`;
  return `${date}${partLabels[wish.part ?? 'anytime']}`;
}

/** One polite sentence per refusal. */
export function describeRefusal(refusal: SlotRefusal, now: Date): string {
  const { year } = parseLocalDate(toTokyoDate(now));
  const date = formatJapaneseDate(refusal.wish.date, year);
  switch (refusal.reason) {
    case 'past':
      return `${date}は過ぎています。明日以降の日付でお知らせください。`;
    case 'today':
      return '当日のご希望はお受けできません。明日以降の日付でお知らせください。';
    case 'too_far':
      return `${date}は先すぎるため、${formatJapaneseDate(refusal.limit, year)}までの日付でお知らせください。`;
    case 'weekend':
      return `${date}は土日のため、平日でお知らせください。`;
    case 'closed_day':
      return `${date}はセンターの休業日のため、ほかの平日でお知らせください。`;
    case 'holiday':
      return `${date}は祝日（${refusal.name}）のため、ほかの平日でお知らせください。`;
    case 'year_end':
      return `${date}は年末年始（12月29日〜1月3日）のため、ほかの平日でお知らせください。`;
    case 'outside_hours':
      return `${date}${refusal.wish.time ? ` ${refusal.wish.time}` : 'の夜'}は受付時間外です。${refusal.open}〜${refusal.close}の間でお知らせください。`;
  }
}

/** The range the date picker offers: tomorrow to the horizon (LINE's min/max format). */
export function pickerRange(now: Date): { min: string; max: string } {
  const today = toTokyoDate(now);
  return { min: `${addDays(today, 1)}T00:00`, max: `${addMonths(today, bookingHorizonMonths)}T23:59` };
}

/** What the date parser could not take, one sentence each. */
export function describeDateProblems(problems: readonly DateParseProblem[]): string[] {
  return problems.map((problem) => {
    switch (problem.kind) {
      case 'invalid_date':
        return `「${problem.text}」という日付はありません。`;
      case 'weekday_mismatch':
        return `${formatJapaneseDate(problem.date)}です。ご希望の日付と曜日をご確認ください。`;
      default:
        return '日付も一緒に教えてください（例：12月3日の午後）。';
    }
  });
}
