import { describe, expect, it } from 'vitest';
import {
  buildProgramReport,
  emptyFigures,
  formatProgramReport,
  parseReportMonth,
} from '../../../src/core/reporting/program-figures.ts';

describe('parseReportMonth', () => {
  it('uses Japan-time month boundaries', () => {
    const period = parseReportMonth('2026-11', new Date());
    expect(period?.month).toBe('2026-11');
    expect(period?.start.toISOString()).toBe('2026-10-31T15:00:00.000Z');
    expect(period?.end.toISOString()).toBe('2026-11-30T15:00:00.000Z');
  });

  it('defaults to the previous month, across a year boundary', () => {
    expect(parseReportMonth(undefined, new Date('2027-01-10T03:00:00Z'))?.month).toBe('2026-12');
    // 2026-11-30T16:00Z is already December 1st in Japan
    expect(parseReportMonth('', new Date('2026-11-30T16:00:00Z'))?.month).toBe('2026-11');
  });

  it('refuses what is not a month', () => {
    expect(parseReportMonth('2026-13', new Date())).toBeUndefined();
    expect(parseReportMonth('November', new Date())).toBeUndefined();
  });
});

describe('buildProgramReport and formatProgramReport', () => {
  it('sums centers into a total and writes one section per center', async () => {
    const tokyo = {
      ...emptyFigures('tokyo'),
      consultationsRequested: 3,
      consultationsAccepted: 2,
      crises: 1,
    };
    const osaka = {
      ...emptyFigures('osaka'),
      visitsRequested: 2,
      visitsAccepted: 1,
      mentalHealthVisitsAccepted: 1,
    };
    const questions = { ...emptyFigures(null), questionsAnswered: 40, questionsUnanswered: 6 };
    const period = parseReportMonth('2026-11', new Date())!;
    const report = await buildProgramReport({ countByCenter: async () => [osaka, tokyo, questions] }, period);
    expect(report.total).toMatchObject({
      consultationsRequested: 3,
      consultationsAccepted: 2,
      visitsAccepted: 1,
      mentalHealthVisitsAccepted: 1,
      crises: 1,
      questionsAnswered: 40,
      questionsUnanswered: 6,
    });
    const names: Record<string, string> = {
      tokyo: '東京産業保健総合支援センター',
      osaka: '大阪産業保健総合支援センター',
    };
    const text = formatProgramReport(report, (id) => (id === null ? '' : (names[id] ?? id)));
    expect(text).toContain('2026年11月');
    expect(text).toContain('■ 東京産業保健総合支援センター\n  専門的相談　申込 3 件／承諾 2 件');
    expect(text).toContain('（うちメンタルヘルス対策 1 件）');
    expect(text).toContain('質問への回答 40 件／資料では回答できなかった質問 6 件');
    // Questions alone do not make a 「センター未特定」 section.
    expect(text).not.toContain('センター未特定');
  });
});
