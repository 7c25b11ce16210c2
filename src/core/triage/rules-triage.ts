/**
 * The offline triage: safety signals first (crisis > handoff), then decline, small talk, visit,
 * consultation, and answer for anything about occupational health. Works without any model.
 */

import type { SmalltalkKind } from '../replies/smalltalk.ts';
import type { SafetySignals } from '../safety/detector.ts';
import { type NormalizedText, normalizeText } from '../safety/normalize.ts';
import type { Pattern } from '../safety/pattern.ts';
import { declinePatterns } from './lexicon-decline.ts';
import { domainPatterns, questionPattern } from './lexicon-domain.ts';
import {
  bookingRequestPatterns,
  consultationPatterns,
  serviceQuestionPatterns,
  smalltalkPatterns,
  toCenterPatterns,
  visitPatterns,
} from './lexicon-routes.ts';
import { learnedBookingRoute } from './route-model.ts';
import { topicOf } from './topic.ts';
import type { TriageResult } from './triage-result.ts';

export interface RulesContext {
  /** The previous message was answered a moment ago: a short question continues that topic. */
  followUp: boolean;
}

export function triageByRules(text: string, signals: SafetySignals, context: RulesContext): TriageResult {
  const n = normalizeText(text);
  const topic = topicOf(n);
  const base = { decidedBy: 'rules', topic } as const;
  if (signals.crisis) return { ...base, route: 'crisis', urgency: 'urgent', topic: 'mental_health' };
  if (signals.personCase)
    return { ...base, route: 'handoff', urgency: 'normal', handoffReason: 'person_case' };
  if (signals.humanRequest)
    return { ...base, route: 'handoff', urgency: 'normal', handoffReason: 'human_request' };

  for (const group of declinePatterns) {
    if (matches(group.patterns, n))
      return { ...base, route: 'decline', urgency: null, declineReason: group.reason };
  }
  const smalltalk = detectSmalltalk(n);
  if (smalltalk !== undefined) return { ...base, route: 'smalltalk', urgency: null, smalltalk };
  // Asking about a visit or a consultation (does it exist, what does it cost) is answered; asking for one
  // starts its booking.
  const asksAbout = matches(serviceQuestionPatterns, n) && !matches(bookingRequestPatterns, n);
  // Asking to bring something to the center (「図面を持ってそちらへ伺って」) is a consultation there, before the
  // visit words in the same message (見ていただける) are read as a visit to the workplace.
  if (matches(toCenterPatterns, n) && matches(bookingRequestPatterns, n))
    return { ...base, route: 'consultation', urgency: null };
  if (!asksAbout && matches(visitPatterns, n)) return { ...base, route: 'visit', urgency: null };
  if (!asksAbout && matches(consultationPatterns, n))
    return { ...base, route: 'consultation', urgency: null };
  // The lexicon found no request: the model may still read one (route-model.ts).
  if (!asksAbout) {
    const learned = learnedBookingRoute(text);
    if (learned !== undefined) return { ...base, route: learned, urgency: null };
  }

  // A question goes to the knowledge base even when no domain word matched (kana-only or misspelt
  // wording: 「えいせいいいんかい まいつき？」). When the corpus has nothing either, the route handler
  // declines it as off-topic (outOfDomain); a follow-up question keeps the "not covered" offer of staff.
  const isQuestion = questionPattern.re.test(n.spaced);
  if (matches(domainPatterns, n)) return { ...base, route: 'answer', urgency: null };
  if (isQuestion)
    return { ...base, route: 'answer', urgency: null, ...(context.followUp ? {} : { outOfDomain: true }) };
  return { ...base, route: 'smalltalk', urgency: null, smalltalk: 'other' };
}

export function matches(patterns: readonly Pattern[], n: NormalizedText): boolean {
  return patterns.some(
    (p) => p.re.test(n.compact) || (n.romaji !== '' && p.re.test(n.romaji)) || p.re.test(n.spaced),
  );
}

/** Small talk only when nothing substantive is left once greetings and thanks are taken out. */
function detectSmalltalk(n: NormalizedText): SmalltalkKind | undefined {
  let kind: SmalltalkKind | undefined;
  let rest = n.compact;
  let restLatin = n.spaced;
  for (const { kind: k, pattern } of smalltalkPatterns) {
    const global = new RegExp(pattern.re.source, 'gu');
    if (pattern.re.test(n.compact) || pattern.re.test(n.spaced)) kind ??= k;
    rest = rest.replace(global, '');
    restLatin = restLatin.replace(global, '');
  }
  if (kind === undefined) return undefined;
  const remaining: NormalizedText = { compact: rest, spaced: restLatin, romaji: '' };
  if (matches(domainPatterns, remaining)) return undefined;
  const leftover = /[a-z]/u.test(rest) ? restLatin.replace(/[^a-z]/gu, '') : rest;
  return leftover.length <= 12 ? kind : undefined;
}
