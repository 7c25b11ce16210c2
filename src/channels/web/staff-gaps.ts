/**
 * The knowledge-gap loop in the console's staff view (issue 15), the same as in Slack: the month's gaps
 * grouped (knowledge-gaps.ts) with 「回答を作成」 and 「対応不要」, the center answers waiting for a second
 * staff member's approval, and the approved ones that can be withdrawn. The console's staff member is
 * the browser's staff id (`web:…`), so a drafter cannot approve their own answer here either.
 */
import { z } from 'zod';
import { isAppError } from '../../core/errors.ts';
import type { CenterAnswer, CenterAnswerService, StaffMember } from '../../core/feedback/center-answers.ts';
import {
  describeGap,
  type GapDismissals,
  type GapSource,
  groupGaps,
} from '../../core/feedback/knowledge-gaps.ts';
import { parseReportMonth } from '../../core/reporting/program-figures.ts';
import { parseWith } from './console-request.ts';

export interface ConsoleGapDeps {
  gaps: GapSource & GapDismissals;
  answers: CenterAnswerService;
  centers: readonly { id: string; name: string }[];
  centerName(centerId: string | null): string;
}

const answerView = (a: CenterAnswer, centerName: string) => ({
  id: a.id,
  status: a.status,
  centerName,
  question: a.question,
  answer: a.answer,
  topic: a.topic,
  sourceUrls: a.sourceUrls,
  draftedBy: a.draftedBy.id,
  approvedBy: a.approvedBy?.id ?? null,
  updatedAt: a.updatedAt.toISOString(),
});

export async function listGapsForConsole(deps: ConsoleGapDeps, month: string, now: Date) {
  const period = parseReportMonth(month, now);
  if (period === undefined) return { month, groups: [], drafts: [], approved: [], centers: deps.centers };
  const [items, drafts, approved] = await Promise.all([
    deps.gaps.listGaps(period),
    deps.answers.list('draft', 20),
    deps.answers.list('approved', 20),
  ]);
  return {
    month: period.month,
    centers: deps.centers,
    groups: groupGaps(items)
      .slice(0, 30)
      .map((g) => ({
        ...describeGap(g),
        count: g.count,
        unanswered: g.unanswered,
        notHelpful: g.notHelpful,
        decisionId: g.items[0]!.decisionId,
        decisionIds: g.items.map((i) => i.decisionId),
      })),
    drafts: drafts.map((a) => answerView(a, deps.centerName(a.centerId))),
    approved: approved.map((a) => answerView(a, deps.centerName(a.centerId))),
  };
}

const Draft = z.object({
  centerId: z.string().min(1),
  question: z.string().max(1000),
  answer: z.string().max(5000),
  topic: z.string().max(200).nullable().optional(),
  sources: z.string().max(3000),
  gapDecisionId: z.string().nullable().optional(),
});
const ById = z.object({ id: z.string().min(1).max(64) });
const Dismiss = z.object({ decisionIds: z.array(z.string().max(64)).min(1).max(100) });

const outcomes: Record<CenterAnswer['status'], string> = {
  draft: '承認を依頼しました。別の担当者が承認すると、利用者への回答に使われます。',
  approved: '承認しました。この回答は、これから利用者への回答に使われます。',
  rejected: '差し戻しました。この回答は利用者への回答には使われません。',
  withdrawn: '取り下げました。この回答は、いまから利用者への回答に使われません。',
};

/** One action; a refusal the staff member can act on comes back as its outcome, not as an error. */
export async function runGapAction(
  deps: ConsoleGapDeps,
  staff: StaffMember,
  action: string,
  body: unknown,
): Promise<{ outcome: string; message: string; errors?: Record<string, string> } | undefined> {
  try {
    switch (action) {
      case 'draft': {
        const d = parseWith(Draft, body);
        if (!deps.centers.some((c) => c.id === d.centerId))
          return {
            outcome: 'invalid',
            message: 'センターを選んでください。',
            errors: { centerId: 'センターを選んでください。' },
          };
        const answer = await deps.answers.draft(staff, {
          centerId: d.centerId,
          question: d.question,
          answer: d.answer,
          topic: d.topic ?? null,
          sourceUrls: d.sources.split(/[\s,、]+/u).filter((u) => u !== ''),
          gapDecisionId: d.gapDecisionId ?? null,
        });
        return { outcome: answer.status, message: outcomes[answer.status] };
      }
      case 'approve':
      case 'reject':
      case 'withdraw': {
        const { id } = parseWith(ById, body);
        const answer = await deps.answers[action](id, staff);
        return { outcome: answer.status, message: outcomes[answer.status] };
      }
      case 'dismiss': {
        const { decisionIds } = parseWith(Dismiss, body);
        const n = await deps.gaps.dismiss(decisionIds, staff.id);
        return { outcome: 'dismissed', message: `「対応不要」にしました（${n}件）。` };
      }
      default:
        return undefined;
    }
  } catch (error) {
    if (isAppError(error, 'bad_request') && Object.keys(error.details).length > 0)
      return {
        outcome: 'invalid',
        message: Object.values(error.details).map(String).join(' '),
        errors: Object.fromEntries(Object.entries(error.details).map(([k, v]) => [k, String(v)])),
      };
    if (isAppError(error, 'forbidden'))
      return {
        outcome: 'refused',
        message: 'ご自身が作成した回答は承認できません。別の担当者が承認してください。',
      };
    if (isAppError(error, 'conflict') || isAppError(error, 'not_found'))
      return {
        outcome: 'conflict',
        message: 'この回答はすでに対応済みです（承認・差し戻し・取り下げのいずれか）。',
      };
    throw error;
  }
}
