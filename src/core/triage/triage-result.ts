/** What triage decides for one message, before the route handler turns it into replies. */
import type { Route, Urgency } from '../message.ts';
import type { DeclineReason } from '../replies/decline.ts';
import type { SmalltalkKind } from '../replies/smalltalk.ts';

/** Topic labels: a closed set so a decision row never carries free text. */
export const topics = [
  'mental_health',
  'stress_check',
  'return_to_work',
  'ryoritsu',
  'chemical',
  'health_checkup',
  'long_hours',
  'work_environment',
  'center_services',
  'grant',
  'self_employed',
  'other',
] as const;
export type Topic = (typeof topics)[number];

export interface TriageResult {
  route: Route;
  /** Set for handoff (normal) and crisis (urgent). */
  urgency: Urgency | null;
  /** "rules" or "triage@<prompt version>". */
  decidedBy: string;
  topic?: Topic | undefined;
  declineReason?: DeclineReason | undefined;
  smalltalk?: SmalltalkKind | undefined;
  /** Why a handoff: a person's situation, or the user asked for a person. */
  handoffReason?: 'person_case' | 'human_request' | undefined;
  /**
   * An answer route for a question no domain word placed in the program's scope: the knowledge base is
   * asked anyway (kana-only or misspelt wording), and when it has nothing the reply is the polite
   * off-topic refusal rather than "not covered, shall I call staff".
   */
  outOfDomain?: boolean | undefined;
}

/** crisis > handoff > everything else: the order in which signals may raise a route. */
export function escalationRank(route: Route): number {
  return route === 'crisis' ? 2 : route === 'handoff' ? 1 : 0;
}
