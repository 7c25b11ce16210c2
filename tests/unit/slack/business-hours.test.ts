import { describe, expect, it } from 'vitest';
import {
  BusinessHoursSchema,
  checkAvailability,
  defaultBusinessHours,
  formatJapaneseDateTime,
} from '../../../src/core/handoff/business-hours.ts';

const at = (iso: string) => new Date(iso);

describe('checkAvailability (Japan time, default weekdays 9:00–17:00)', () => {
  it('is open on a weekday afternoon', () => {
    // Tue 2026-11-24 14:00 JST
    expect(checkAvailability(defaultBusinessHours, at('2026-11-24T14:00:00+09:00'))).toEqual({ open: true });
  });

  it('after closing, points to the next morning', () => {
    const result = checkAvailability(defaultBusinessHours, at('2026-11-24T17:00:00+09:00'));
    expect(result).toEqual({ open: false, nextOpening: at('2026-11-25T09:00:00+09:00') });
  });

  it('before opening, points to the same morning', () => {
    const result = checkAvailability(defaultBusinessHours, at('2026-11-25T07:30:00+09:00'));
    expect(result).toEqual({ open: false, nextOpening: at('2026-11-25T09:00:00+09:00') });
  });

  it('skips the weekend', () => {
    // Fri 2026-11-27 18:00 → Mon 11-30 9:00
    const result = checkAvailability(defaultBusinessHours, at('2026-11-27T18:00:00+09:00'));
    expect(result).toEqual({ open: false, nextOpening: at('2026-11-30T09:00:00+09:00') });
  });

  it('skips national holidays: 勤労感謝の日 2026-11-23 (Mon)', () => {
    const result = checkAvailability(defaultBusinessHours, at('2026-11-23T10:00:00+09:00'));
    expect(result).toEqual({ open: false, nextOpening: at('2026-11-24T09:00:00+09:00') });
  });

  it('skips the year-end break 12/29–1/3 and the weekend after it', () => {
    // Mon 2026-12-28 18:00 → 12/29–1/3 closed; 2027-01-04 is a Monday
    const result = checkAvailability(defaultBusinessHours, at('2026-12-28T18:00:00+09:00'));
    expect(result).toEqual({ open: false, nextOpening: at('2027-01-04T09:00:00+09:00') });
  });

  it('does not depend on the server time zone (UTC instant late on a JST weekday)', () => {
    // 2026-11-24T23:30Z = Wed 11-25 08:30 JST
    const result = checkAvailability(defaultBusinessHours, at('2026-11-24T23:30:00Z'));
    expect(result).toEqual({ open: false, nextOpening: at('2026-11-25T09:00:00+09:00') });
  });

  it('follows a center’s own hours', () => {
    const hours = BusinessHoursSchema.parse({ days: ['mon', 'wed'], open: '08:30', close: '12:00' });
    expect(checkAvailability(hours, at('2026-11-24T10:00:00+09:00'))).toEqual({
      open: false,
      nextOpening: at('2026-11-25T08:30:00+09:00'),
    });
  });

  it('rejects hours that close before they open', () => {
    expect(BusinessHoursSchema.safeParse({ open: '17:00', close: '09:00' }).success).toBe(false);
  });
});

describe('formatJapaneseDateTime', () => {
  it('writes month, day, weekday and time in Japan time', () => {
    expect(formatJapaneseDateTime(at('2026-11-25T00:00:00Z'))).toBe('11月25日（水）9:00');
  });
});
