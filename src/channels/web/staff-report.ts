/**
 * The monthly program figures for the console's staff view: the same counts `/sanpo report` and
 * `npm run report` give (core/reporting), as a table of one row per center plus the total.
 */

import { AppError } from '../../core/errors.ts';
import {
  buildProgramReport,
  type CenterFigures,
  type ProgramFiguresSource,
  parseReportMonth,
} from '../../core/reporting/program-figures.ts';

export interface ConsoleReportDeps {
  source: ProgramFiguresSource;
  centerName(centerId: string | null): string;
}

type FigureKey = Exclude<keyof CenterFigures, 'centerId'>;

const columns: { key: FigureKey; label: string }[] = [
  { key: 'consultationsRequested', label: '専門的相談 申込' },
  { key: 'consultationsAccepted', label: '専門的相談 承諾' },
  { key: 'visitsRequested', label: '個別訪問支援 申込' },
  { key: 'visitsAccepted', label: '個別訪問支援 承諾' },
  { key: 'mentalHealthVisitsAccepted', label: 'うちメンタルヘルス対策' },
  { key: 'mentalHealthHandoffs', label: 'メンタルヘルスの引き継ぎ' },
  { key: 'crises', label: '危機対応' },
  { key: 'questionsAnswered', label: '回答した質問' },
  { key: 'questionsUnanswered', label: '回答できなかった質問' },
  { key: 'answersRated', label: '評価された回答' },
  { key: 'answersHelpful', label: 'うち役に立った' },
  { key: 'centerAnswersAdded', label: 'センターの回答の追加' },
];

const values = (figures: CenterFigures) => Object.fromEntries(columns.map((c) => [c.key, figures[c.key]]));

export async function buildConsoleReport(deps: ConsoleReportDeps, month: string, now: Date) {
  const period = parseReportMonth(month, now);
  if (period === undefined) throw new AppError('bad_request', 'Invalid report month');
  const report = await buildProgramReport(deps.source, period);
  const active = report.centers.filter((c) => columns.some((column) => c[column.key] > 0));
  return {
    month: report.month,
    columns,
    rows:
      active.length === 0
        ? []
        : [
            ...active.map((c) => ({
              centerName: c.centerId === null ? 'センター未特定' : deps.centerName(c.centerId),
              values: values(c),
            })),
            { centerName: '合計', values: values(report.total) },
          ],
    note:
      '承諾は当月にスタッフが承諾した件数、申込・引き継ぎ・質問は当月に受け付けた件数です（日本時間で集計）。' +
      '質問はセンターに結びつかないため「センター未特定」に数えます。',
  };
}
