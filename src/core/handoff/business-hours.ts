/**
 * When a center's staff answer: weekdays within opening hours, never on national holidays
 * (@holiday-jp/holiday_jp) nor in the year-end break 12/29–1/3. Centers may set their own hours in
 * settings/centers.yaml (`business_hours`); `null` means unknown and the desk's default applies, which is
 * only used to say when a reply is likely, never presented as the center's published hours.
 *
 * All arithmetic is in Japan time. Japan has no daylight saving time, so a fixed +09:00 offset is exact
 * and the result does not depend on the server's TZ.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import { z } from 'zod';

const weekdayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
const jstOffsetMs = 9 * 60 * 60 * 1000;
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const BusinessHoursSchema = z
  .object({
    days: z.array(z.enum(weekdayNames)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
    open: clockTime.default('09:00'),
    close: clockTime.default('17:00'),
  })
  .refine((h) => toMinutes(h.open) < toMinutes(h.close), { message: 'open must be before close' });
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

export const defaultBusinessHours: BusinessHours = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  open: '09:00',
  close: '17:00',
};

export type Availability = { open: true } | { open: false; nextOpening: Date };

/** Whether staff are in now, and if not, when they next are (within the next 60 days). */
export function checkAvailability(hours: BusinessHours, now: Date): Availability {
  const local = new Date(now.getTime() + jstOffsetMs);
  const minutesNow = local.getUTCHours() * 60 + local.getUTCMinutes();
  const openAt = toMinutes(hours.open);
  const closeAt = toMinutes(hours.close);
  for (let offset = 0; offset < 60; offset++) {
    const day = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + offset));
    if (!isBusinessDay(hours, day)) continue;
    if (offset === 0 && minutesNow >= closeAt) continue;
    if (offset === 0 && minutesNow >= openAt) return { open: true };
    return { open: false, nextOpening: new Date(day.getTime() + openAt * 60_000 - jstOffsetMs) };
  }
  // Sixty closed days in a row means the hours are misconfigured; the desk then answers as if open.
  return { open: true };
}

/** 「11月25日（水）9:00」 in Japan time, for messages to users and staff. */
export function formatJapaneseDateTime(at: Date): string {
  const local = new Date(at.getTime() + jstOffsetMs);
  const weekday = '日月火水木金土'[local.getUTCDay()];
  const minutes = String(local.getUTCMinutes()).padStart(2, '0');
  return `${local.getUTCMonth() + 1}月${local.getUTCDate()}日（${weekday}）${local.getUTCHours()}:${minutes}`;
}

/** `day` is midnight UTC standing for a Japanese calendar date. */
function isBusinessDay(hours: BusinessHours, day: Date): boolean {
  const weekday = weekdayNames[day.getUTCDay()];
  if (weekday === undefined || !hours.days.includes(weekday)) return false;
  const month = day.getUTCMonth() + 1;
  const date = day.getUTCDate();
  if ((month === 12 && date >= 29) || (month === 1 && date <= 3)) return false;
  return !holidayJp.isHoliday(day.toISOString().slice(0, 10));
}

function toMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
