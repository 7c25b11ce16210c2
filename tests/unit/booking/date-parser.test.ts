import { describe, expect, it } from 'vitest';
import { parseDateWishes, readPickerParams } from '../../../src/core/booking/date-parser.ts';

// Tuesday 2026-11-24, 10:00 in Tokyo (01:00 UTC): the parser must not depend on the machine's TZ.
const now = new Date('2026-11-24T01:00:00Z');
const parse = (text: string) => parseDateWishes(text, now);

describe('parseDateWishes', () => {
  it.each([
    ['来週火曜の午後', [{ date: '2026-12-01', part: 'afternoon' }]],
    ['12月3日 10時', [{ date: '2026-12-03', time: '10:00' }]],
    ['明後日の朝', [{ date: '2026-11-26', part: 'morning' }]],
    ['3日の14時から', [{ date: '2026-12-03', time: '14:00' }]],
    ['火曜日', [{ date: '2026-12-01' }]],
    ['今週金曜の15時', [{ date: '2026-11-27', time: '15:00' }]],
    ['再来週の月曜 10:30', [{ date: '2026-12-07', time: '10:30' }]],
    ['来週の水曜日、午前中', [{ date: '2026-12-02', part: 'morning' }]],
    ['12/3 14:30', [{ date: '2026-12-03', time: '14:30' }]],
    ['2026-12-03T10:00', [{ date: '2026-12-03', time: '10:00' }]],
    ['2027年1月8日', [{ date: '2027-01-08' }]],
    ['明日の午後2時', [{ date: '2026-11-25', time: '14:00' }]],
    ['明日2時', [{ date: '2026-11-25', time: '14:00' }]],
    ['明日の午前10時', [{ date: '2026-11-25', time: '10:00' }]],
    ['3日後の夕方', [{ date: '2026-11-27', part: 'evening' }]],
    ['しあさって', [{ date: '2026-11-27' }]],
  ])('reads %s', (text, expected) => {
    expect(parse(text)).toEqual({ wishes: expected, problems: [] });
  });

  it('reads full-width digits and spaces', () => {
    expect(parse('１２月３日　１０時３０分').wishes).toEqual([{ date: '2026-12-03', time: '10:30' }]);
  });

  it('reads small kanji numbers and 半', () => {
    expect(parse('十二月三日の三時半').wishes).toEqual([{ date: '2026-12-03', time: '15:30' }]);
  });

  it('puts a month/day that has passed recently in this year, so it can be refused as past', () => {
    expect(parse('11月20日').wishes).toEqual([{ date: '2026-11-20' }]);
  });

  it('puts a month/day long past in the next year', () => {
    expect(parse('1月12日の10時').wishes).toEqual([{ date: '2027-01-12', time: '10:00' }]);
  });

  it('rolls a day of month that has passed to next month', () => {
    expect(parse('20日').wishes).toEqual([{ date: '2026-12-20' }]);
    expect(parse('24日').wishes).toEqual([{ date: '2026-11-24' }]);
  });

  it('reads several dates in one message', () => {
    expect(parse('12月3日10時、12月4日の午後、8日').wishes).toEqual([
      { date: '2026-12-03', time: '10:00' },
      { date: '2026-12-04', part: 'afternoon' },
      { date: '2026-12-08' },
    ]);
  });

  it('keeps 来週 for a weekday named after it in the same breath, until another kind of date', () => {
    expect(parse('来週の火曜と木曜の午前').wishes).toEqual([
      { date: '2026-12-01', part: 'morning' },
      { date: '2026-12-03', part: 'morning' },
    ]);
    expect(parse('再来週の月曜か水曜').wishes).toEqual([{ date: '2026-12-07' }, { date: '2026-12-09' }]);
    expect(parse('来週火曜、12月10日、木曜').wishes).toEqual([
      { date: '2026-12-01' },
      { date: '2026-12-10' },
      { date: '2026-11-26' },
    ]);
    expect(parse('来週火曜と次の木曜').wishes).toEqual([{ date: '2026-12-01' }, { date: '2026-11-26' }]);
    // 「次の」 ends the 来週 run for what follows it too.
    expect(parse('来週火曜、だめなら次の木曜か金曜').wishes).toEqual([
      { date: '2026-12-01' },
      { date: '2026-11-26' },
      { date: '2026-11-27' },
    ]);
  });

  it('gives a trailing time to every bare date before it', () => {
    expect(parse('12月3日と4日の午前').wishes).toEqual([
      { date: '2026-12-03', part: 'morning' },
      { date: '2026-12-04', part: 'morning' },
    ]);
  });

  it('opens a second wish for a second time on the same date', () => {
    expect(parse('3日の10時か14時').wishes).toEqual([
      { date: '2026-12-03', time: '10:00' },
      { date: '2026-12-03', time: '14:00' },
    ]);
  });

  it('applies a time said before the date', () => {
    expect(parse('午後なら来週木曜').wishes).toEqual([{ date: '2026-12-03', part: 'afternoon' }]);
  });

  it('drops repeated wishes', () => {
    expect(parse('12月3日10時 12/3 10:00').wishes).toEqual([{ date: '2026-12-03', time: '10:00' }]);
  });

  it('reports a date that does not exist', () => {
    expect(parse('2月30日').problems).toEqual([{ kind: 'invalid_date', text: '2月30日' }]);
  });

  it('reports a weekday that does not match the date', () => {
    expect(parse('12月3日(金)').problems).toEqual([
      { kind: 'weekday_mismatch', date: '2026-12-03', said: '金' },
    ]);
    expect(parse('12月3日（木）10時').problems).toEqual([]);
  });

  it('reports a time without a date', () => {
    expect(parse('午後でお願いします')).toEqual({ wishes: [], problems: [{ kind: 'time_without_date' }] });
  });

  it.each([
    '03-1234-5678',
    '090-1234-5678',
    '従業員30人です',
    '一日中かかります',
    '一時的に',
    '東京の製造業で人事の山田です',
    'yamada@example.co.jp',
  ])('finds no date in %s', (text) => {
    expect(parse(text).wishes).toEqual([]);
  });
});

describe('readPickerParams', () => {
  it('reads LINE datetime and date picker params', () => {
    expect(readPickerParams({ datetime: '2026-12-03T10:00' })).toEqual({ date: '2026-12-03', time: '10:00' });
    expect(readPickerParams({ date: '2026-12-03' })).toEqual({ date: '2026-12-03' });
  });

  it('rejects malformed params', () => {
    expect(readPickerParams({ datetime: '2026-02-30T10:00' })).toBeNull();
    expect(readPickerParams({ time: '10:00' })).toBeNull();
    expect(readPickerParams(undefined)).toBeNull();
  });
});
