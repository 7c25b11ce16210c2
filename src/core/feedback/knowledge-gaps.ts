/**
 * The knowledge gaps staff look at (issue 15, part 2): the month's questions the corpus could not answer
 * and the answers users marked 「役に立たなかった」, grouped by topic and by similar wording, with counts,
 * newest group first, each with the sources the reply gave. Only `answer` decisions are ever listed: a
 * person case, a crisis or a hand-off went to staff already and never appears here. Only question text
 * still within retention is shown (a blanked question is not listed).
 */
import type { ReportMonth } from '../reporting/program-figures.ts';
import type { AnswerRating } from './answer-feedback.ts';

export interface GapItem {
  decisionId: string;
  question: string;
  /** The triage topic label (a closed set), when there was one. */
  topic: string | null;
  grounded: boolean;
  rating: AnswerRating | null;
  /** The user's optional line after 「役に立たなかった」 (within retention). */
  comment: string | null;
  /** The sources the reply cited: 「title「section」」. Empty for a "not covered" reply. */
  cited: string[];
  at: Date;
}

const topicLabels: Record<string, string> = {
  mental_health: 'メンタルヘルス対策',
  stress_check: 'ストレスチェック',
  return_to_work: '職場復帰支援',
  ryoritsu: '治療と仕事の両立支援',
  chemical: '化学物質',
  health_checkup: '健康診断',
  long_hours: '長時間労働',
  work_environment: '作業環境・熱中症・腰痛',
  center_services: 'センターのサービス',
  grant: '助成金',
  self_employed: '個人事業主・特別加入',
  other: 'その他',
};

/** A decision's topic label (a closed set of English ids) as staff read it. */
export function topicLabel(topic: string | null): string | null {
  return topic === null ? null : (topicLabels[topic] ?? topic);
}

export interface GapSource {
  /** Leaves out gaps staff dismissed and gaps a center answer (draft or approved) was written for. */
  listGaps(period: ReportMonth): Promise<GapItem[]>;
  /** A gap's question and topic while retention keeps its text (a draft starts from it). */
  gapQuestion(decisionId: string): Promise<{ question: string; topic: string | null } | undefined>;
}

/** 「対応不要」: the gaps are not listed again. Ids that are not answer decisions are ignored. */
export interface GapDismissals {
  dismiss(decisionIds: readonly string[], by: string): Promise<number>;
}

export interface GapGroup {
  topic: string | null;
  /** The newest question of the group, shown for all of them. */
  question: string;
  count: number;
  unanswered: number;
  notHelpful: number;
  newest: Date;
  items: GapItem[];
}

/** Wording as compared: NFKC, lowercase, letters and digits only. */
function comparable(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

function bigrams(text: string): Set<string> {
  const chars = [...comparable(text)];
  const grams = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) grams.add(chars[i]! + chars[i + 1]!);
  if (chars.length === 1) grams.add(chars[0]!);
  return grams;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Two questions are "the same gap" when their character pairs overlap this much (Jaccard). */
export const similarWording = 0.5;

/**
 * Groups items of one topic whose wording is similar (each item joins the first group whose newest
 * question it resembles), newest group first; within a group, newest item first.
 */
export function groupGaps(items: readonly GapItem[]): GapGroup[] {
  const sorted = [...items].sort((a, b) => b.at.getTime() - a.at.getTime());
  const groups: (GapGroup & { grams: Set<string> })[] = [];
  for (const item of sorted) {
    const grams = bigrams(item.question);
    const home = groups.find((g) => g.topic === item.topic && jaccard(g.grams, grams) >= similarWording);
    const group =
      home ??
      (() => {
        const created = {
          topic: item.topic,
          question: item.question,
          count: 0,
          unanswered: 0,
          notHelpful: 0,
          newest: item.at,
          items: [],
          grams,
        };
        groups.push(created);
        return created;
      })();
    group.count++;
    if (!item.grounded) group.unanswered++;
    if (item.rating === 'not_helpful') group.notHelpful++;
    group.items.push(item);
  }
  return groups.map(({ grams: _grams, ...group }) => group);
}

const jst = (d: Date) =>
  new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(5, 16).replace('-', '/').replace('T', ' ');

/** One gap group as staff read it, in plain text (Slack escapes it; the console shows it as text). */
export interface GapSummary {
  question: string;
  /** 「2件（回答できず 1、役に立たなかった 1）」. */
  counts: string;
  /** The newest question's time, Japan time: 「12/06 10:12」. */
  newest: string;
  topic: string | null;
  /** The reply's first three sources (「title「section」」, joined with 、); null for "not covered". */
  sources: string | null;
  comment: string | null;
}

export function describeGap(g: GapGroup): GapSummary {
  const counts = [
    g.unanswered > 0 ? `回答できず ${g.unanswered}` : undefined,
    g.notHelpful > 0 ? `役に立たなかった ${g.notHelpful}` : undefined,
  ].filter((c) => c !== undefined);
  const cited = g.items[0]?.cited ?? [];
  return {
    question: g.question,
    counts: `${g.count}件（${counts.join('、')}）`,
    newest: jst(g.newest),
    topic: topicLabel(g.topic),
    sources: cited.length === 0 ? null : cited.slice(0, 3).join('、'),
    comment: g.items.map((i) => i.comment).find((c) => c !== null) ?? null,
  };
}
