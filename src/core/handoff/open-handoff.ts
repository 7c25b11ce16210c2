/**
 * Opening a handoff: the record the engine commits with the turn, with a summary for staff made from
 * labels (never the user's words), and the center when the conversation named a prefecture.
 */
import type { NewHandoff } from '../conversation/conversation-store.ts';
import type { Urgency } from '../message.ts';
import type { Subject } from '../safety/detector.ts';
import type { Topic } from '../triage/triage-result.ts';
import { type CenterRef, findCenterInText } from './center-match.ts';

const subjectLabels: Record<Subject, string> = {
  self: 'ご本人',
  subordinate: '部下',
  employee: '社員・従業員',
  colleague: '同僚',
  family: '家族',
  boss: '上司',
  other: '関係者',
};

/** Why a handoff opens; `soft_signal` opens a watch handoff (the conversation stays with the bot). */
export type HandoffReason = 'person_case' | 'human_request' | 'crisis' | 'soft_signal';

export interface HandoffPlanInput {
  id: string;
  route: 'handoff' | 'crisis';
  urgency: Urgency;
  reason: HandoffReason;
  subject: Subject | null;
  topic: Topic | undefined;
  /** The user's recent texts (this message included), only to find a prefecture. */
  userTexts: readonly string[];
  centers: readonly CenterRef[];
}

export function planHandoff(input: HandoffPlanInput): NewHandoff & { center: CenterRef | null } {
  let center: CenterRef | null = null;
  for (const text of [...input.userTexts].reverse()) {
    center = findCenterInText(text, input.centers);
    if (center !== null) break;
  }
  return {
    id: input.id,
    route: input.route,
    urgency: input.urgency,
    centerId: center?.id ?? null,
    center,
    summary: summarizeHandoff(input.reason, input.subject, input.topic),
    ...(input.reason === 'soft_signal' ? { watch: true } : {}),
  };
}

export function summarizeHandoff(
  reason: HandoffPlanInput['reason'],
  subject: Subject | null,
  topic: Topic | undefined,
): string {
  const who = subject === null ? '個人' : subjectLabels[subject];
  if (reason === 'crisis') return `【緊急】自殺・自傷・命の危険のおそれ（${who}について）`;
  if (reason === 'human_request') return '担当者との会話を希望';
  if (reason === 'soft_signal')
    return `【見守り】強いつらさ・疲れの訴え（${who}について）。ボットは回答を続けています。必要に応じて連絡をご検討ください`;
  if (topic === 'return_to_work') return `${who}の休職・復職についての相談`;
  if (topic === 'ryoritsu') return `${who}の治療と仕事の両立（メンタルヘルス）についての相談`;
  if (topic === 'stress_check') return `${who}のストレスチェック結果・面接指導についての相談`;
  return `${who}のメンタルヘルス・心身の不調についての相談`;
}
