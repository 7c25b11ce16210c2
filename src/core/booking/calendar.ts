/**
 * Calendar arithmetic on Japanese local dates. Booking dates are civil dates in Asia/Tokyo written as
 * 'YYYY-MM-DD' strings, so nothing depends on the server's TZ. Japan has no daylight saving time, which
 * makes a fixed +09:00 offset exact.
 */
import holidayJp from '@holiday-jp/holiday_jp';

const jstOffsetMs = 9 * 60 * 60 * 1000;
const weekdayNames = ['日', '月', '火', '水', '木', '金', '土'] as const;

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/** Today's date in Asia/Tokyo. */
export function toTokyoDate(instant: Date): string {
  return new Date(instant.getTime() + jstOffsetMs).toISOString().slice(0, 10);
}

/** Minutes since midnight in Asia/Tokyo. */
export function toTokyoMinutes(instant: Date): number {
  const shifted = new Date(instant.getTime() + jstOffsetMs);
  return shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
}

/** The instant of a Tokyo date and 'HH:MM' time. */
export function fromTokyo(date: string, time = '00:00'): Date {
  return new Date(`${date}T${time}:00+09:00`);
}

export function parseLocalDate(date: string): LocalDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** Null when the parts do not name a real date (2月30日). */
export function formatLocalDate(year: number, month: number, day: number): string | null {
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Same day of month `months` later, clamped to the month's last day (11/30 + 3 months = 2/28). */
export function addMonths(date: string, months: number): string {
  const { year, month, day } = parseLocalDate(date);
  const lastDay = new Date(Date.UTC(year, month - 1 + months + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month - 1 + months, Math.min(day, lastDay))).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: string): number {
  const { year, month, day } = parseLocalDate(date);
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

export function weekdayName(date: string): string {
  return weekdayNames[weekdayOf(date)]!;
}

export function weekdayIndex(name: string): number {
  return weekdayNames.indexOf(name as (typeof weekdayNames)[number]);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** The national holiday's name (振替休日 and 国民の休日 included), or null. */
export function holidayName(date: string): string | null {
  if (!holidayJp.isHoliday(date)) return null;
  const holidays = holidayJp.holidays as unknown as Record<string, { name: string } | undefined>;
  return holidays[date]?.name ?? '祝日';
}

/** 12/29–1/3: the year-end closure common to public offices. */
export function isYearEndClosure(date: string): boolean {
  const { month, day } = parseLocalDate(date);
  return (month === 12 && day >= 29) || (month === 1 && day <= 3);
}

/** 「12月3日（木）」, with the year when it is not the reference year. */
export function formatJapaneseDate(date: string, referenceYear?: number): string {
  const { year, month, day } = parseLocalDate(date);
  const prefix = referenceYear !== undefined && referenceYear !== year ? `${year}年` : '';
  return `${prefix}${month}月${day}日（${weekdayName(date)}）`;
}
