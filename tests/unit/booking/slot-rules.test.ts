import { describe, expect, it } from 'vitest';
import { checkWish, describeRefusal, formatWish, pickerRange } from '../../../src/core/booking/slot-rules.ts';

const now = new Date('2026-11-24T01:00:00Z'); // Tuesday 10:00 in Tokyo

describe('checkWish', () => {
  it('accepts a weekday within the horizon and daytime', () => {
    expect(checkWish({ date: '2026-12-03', time: '10:00' }, now)).toBeNull();
    expect(checkWish({ date: '2026-12-01', part: 'afternoon' }, now)).toBeNull();
    expect(checkWish({ date: '2027-01-04' }, now)).toBeNull();
  });

  it.each([
    [{ date: '2026-11-20' }, 'past'],
    [{ date: '2026-11-24', time: '15:00' }, 'today'],
    [{ date: '2027-03-01' }, 'too_far'],
    [{ date: '2026-11-28' }, 'weekend'],
    [{ date: '2026-11-29' }, 'weekend'],
    [{ date: '2027-01-11' }, 'holiday'],
    [{ date: '2026-12-29' }, 'year_end'],
    [{ date: '2027-01-01' }, 'year_end'],
    [{ date: '2027-01-03' }, 'year_end'],
    [{ date: '2026-12-03', time: '19:00' }, 'outside_hours'],
    [{ date: '2026-12-03', time: '07:30' }, 'outside_hours'],
    [{ date: '2026-12-03', part: 'night' }, 'outside_hours'],
  ] as const)('refuses %o as %s', (wish, reason) => {
    expect(checkWish(wish, now)?.reason).toBe(reason);
  });

  it('names the holiday', () => {
    const refusal = checkWish({ date: '2027-01-11' }, now)!;
    expect(describeRefusal(refusal, now)).toBe(
      '2027年1月11日（月）は祝日（成人の日）のため、ほかの平日でお知らせください。',
    );
  });

  it('explains each refusal in one sentence', () => {
    expect(describeRefusal(checkWish({ date: '2026-11-28' }, now)!, now)).toBe(
      '11月28日（土）は土日のため、平日でお知らせください。',
    );
    expect(describeRefusal(checkWish({ date: '2027-03-01' }, now)!, now)).toContain(
      '2027年2月24日（水）まで',
    );
  });
});

describe('formatWish', () => {
  it('shows the weekday and time or part of day', () => {
    expect(formatWish({ date: '2026-12-03', time: '10:00' }, now)).toBe('12月3日（木）10:00〜');
    expect(formatWish({ date: '2026-12-01', part: 'afternoon' }, now)).toBe('12月1日（火）午後');
    expect(formatWish({ date: '2027-01-08' }, now)).toBe('2027年1月8日（金）時間指定なし');
  });
});

describe('pickerRange', () => {
  it('offers tomorrow to three months ahead', () => {
    expect(pickerRange(now)).toEqual({ min: '2026-11-25T00:00', max: '2027-02-24T23:59' });
  });
});
