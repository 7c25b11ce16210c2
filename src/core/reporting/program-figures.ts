/**
 * The figures a center reports to the program each month (産業保健活動総合支援事業): consultations and
 * workplace visits requested and accepted, handoffs to staff about a person's mental health, crises, and
 * questions the assistant answered or could not answer from the corpus. Counted from the database by a
 * ProgramFiguresSource; this module only defines them, picks the month and formats the report.
 */

export interface CenterFigures {
  /** null: not tied to a center (questions, handoffs before a center was known). */
  centerId: string | null;
  consultationsRequested: number;
  consultationsAccepted: number;
  visitsRequested: number;
  visitsAccepted: number;
  /** Visits accepted whose topic is メンタルヘルス対策 (the program's 個別訪問支援 target). */
  mentalHealthVisitsAccepted: number;
  mentalHealthHandoffs: number;
  crises: number;
  questionsAnswered: number;
  questionsUnanswered: number;
  /** Answers users rated (「役に立った」/「役に立たなかった」), by the month the rating was first given. */
  answersRated: number;
  answersHelpful: number;
  /** Center answers approved this month (issue 15): a center's own figure. */
  centerAnswersAdded: number;
}

export interface ReportMonth {
  /** 'YYYY-MM'. */
  month: string;
  /** First instant of the month in Japan time. */
  start: Date;
  /** First instant of the next month in Japan time (exclusive). */
  end: Date;
}

export interface ProgramFiguresSource {
  /** One row per center with any activity in [start, end), plus the null center when it has any. */
  countByCenter(period: ReportMonth, centerId?: string): Promise<CenterFigures[]>;
}

export interface ProgramReport {
  month: string;
  centers: CenterFigures[];
  total: CenterFigures;
}

const jstOffsetMs = 9 * 3_600_000;

/** 'YYYY-MM' → the month in Japan time; undefined text → the previous month (what a report is run for). */
export function parseReportMonth(text: string | undefined, now: Date): ReportMonth | undefined {
  let year: number;
  let month: number;
  if (text === undefined || text.trim() === '') {
    const jst = new Date(now.getTime() + jstOffsetMs);
    year = jst.getUTCFullYear();
    month = jst.getUTCMonth(); // 0-based current month = 1-based previous month
    if (month === 0) {
      year -= 1;
      month = 12;
    }
  } else {
    const match = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
    if (match === null) return undefined;
    year = Number(match[1]);
    month = Number(match[2]);
    if (month < 1 || month > 12 || year < 2000 || year > 2100) return undefined;
  }
  const start = new Date(Date.UTC(year, month - 1, 1) - jstOffsetMs);
  const end = new Date(Date.UTC(year, month, 1) - jstOffsetMs);
  return { month: `${year}-${String(month).padStart(2, '0')}`, start, end };
}

export async function buildProgramReport(
  source: ProgramFiguresSource,
  period: ReportMonth,
  centerId?: string,
): Promise<ProgramReport> {
  const centers = await source.countByCenter(period, centerId);
  const total = emptyFigures(null);
  for (const row of centers) {
    for (const key of figureKeys) total[key] += row[key];
  }
  return { month: period.month, centers, total };
}

const figureKeys = [
  'consultationsRequested',
  'consultationsAccepted',
  'visitsRequested',
  'visitsAccepted',
  'mentalHealthVisitsAccepted',
  'mentalHealthHandoffs',
  'crises',
  'questionsAnswered',
  'questionsUnanswered',
  'answersRated',
  'answersHelpful',
  'centerAnswersAdded',
] as const satisfies readonly (keyof CenterFigures)[];

export function emptyFigures(centerId: string | null): CenterFigures {
  return {
    centerId,
    consultationsRequested: 0,
    consultationsAccepted: 0,
    visitsRequested: 0,
    visitsAccepted: 0,
    mentalHealthVisitsAccepted: 0,
    mentalHealthHandoffs: 0,
    crises: 0,
    questionsAnswered: 0,
    questionsUnanswered: 0,
    answersRated: 0,
    answersHelpful: 0,
    centerAnswersAdded: 0,
  };
}

/** The report as staff read it (Slack, terminal). `nameOf` gives a center's Japanese name. */
export function formatProgramReport(
  report: ProgramReport,
  nameOf: (centerId: string | null) => string,
): string {
  const [year, month] = report.month.split('-').map(Number);
  const lines = [`さんぽアシスタント 月次実績 ${year}年${month}月（日本時間で集計）`];
  const section = (title: string, f: CenterFigures, withQuestions: boolean) => {
    lines.push('', `■ ${title}`);
    lines.push(`  専門的相談　申込 ${f.consultationsRequested} 件／承諾 ${f.consultationsAccepted} 件`);
    lines.push(
      `  個別訪問支援　申込 ${f.visitsRequested} 件／承諾 ${f.visitsAccepted} 件` +
        `（うちメンタルヘルス対策 ${f.mentalHealthVisitsAccepted} 件）`,
    );
    lines.push(`  メンタルヘルスの個別相談（担当者へ引き継ぎ） ${f.mentalHealthHandoffs} 件`);
    lines.push(`  危機対応（緊急の引き継ぎ） ${f.crises} 件`);
    lines.push(`  センターの回答の追加（承認済み） ${f.centerAnswersAdded} 件`);
    if (withQuestions) {
      lines.push(
        `  質問への回答 ${f.questionsAnswered} 件／資料では回答できなかった質問 ${f.questionsUnanswered} 件`,
      );
      const share = f.answersRated === 0 ? '' : `、${Math.round((100 * f.answersHelpful) / f.answersRated)}%`;
      lines.push(`  回答への評価 ${f.answersRated} 件（役に立った ${f.answersHelpful} 件${share}）`);
    }
  };
  for (const c of report.centers.filter((c) => c.centerId !== null)) section(nameOf(c.centerId), c, false);
  const unassigned = report.centers.find((c) => c.centerId === null);
  if (unassigned !== undefined && hasCaseFigures(unassigned)) section('センター未特定', unassigned, false);
  section('合計', report.total, true);
  lines.push(
    '',
    '※ 承諾は当月にスタッフが承諾した件数、申込・引き継ぎ・質問は当月に受け付けた件数です。' +
      '質問と回答への評価はセンター別に分けず、合計にだけ載せています。',
  );
  return lines.join('\n');
}

const deskOnlyKeys: readonly (typeof figureKeys)[number][] = [
  'questionsAnswered',
  'questionsUnanswered',
  'answersRated',
  'answersHelpful',
];

function hasCaseFigures(f: CenterFigures): boolean {
  return figureKeys.some((k) => !deskOnlyKeys.includes(k) && f[k] > 0);
}
