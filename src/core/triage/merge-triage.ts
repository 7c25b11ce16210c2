/**
 * Merging the rules' and the model's triage. The model may refine answer/consultation/visit/decline/
 * smalltalk, add a topic, or raise any route; it can never turn a crisis or handoff into something lower,
 * and never take a prompt-injection decline back (decision 0001). Enforced here, tested in
 * tests/unit/triage/merge-triage.test.ts.
 */
import type { Route } from '../message.ts';
import type { ModelTriageOutput } from './model-triage.ts';
import { escalationRank, type TriageResult } from './triage-result.ts';

export function mergeTriage(rules: TriageResult, model: ModelTriageOutput, label: string): TriageResult {
  const modelRoute: Route = model.crisis_signs
    ? 'crisis'
    : model.about_specific_person && escalationRank(model.route) === 0 && model.route !== 'decline'
      ? 'handoff'
      : model.route;
  const topic = model.topic !== 'other' ? model.topic : rules.topic;

  if (escalationRank(modelRoute) > escalationRank(rules.route)) {
    return {
      route: modelRoute,
      urgency: modelRoute === 'crisis' || model.urgency === 'urgent' ? 'urgent' : 'normal',
      decidedBy: label,
      topic,
      handoffReason: modelRoute === 'handoff' ? 'person_case' : undefined,
    };
  }
  if (escalationRank(rules.route) > 0) {
    // Same rank or lower from the model: the rules' route stands; the model may only add detail.
    const urgency = rules.route === 'handoff' && model.urgency === 'urgent' ? 'urgent' : rules.urgency;
    return { ...rules, urgency, topic };
  }
  if (rules.route === 'decline' && rules.declineReason === 'injection') return { ...rules, topic };
  return {
    route: modelRoute,
    urgency: null,
    decidedBy: label,
    topic,
    declineReason:
      modelRoute === 'decline' ? (model.decline_reason ?? rules.declineReason ?? 'offtopic') : undefined,
    smalltalk: modelRoute === 'smalltalk' ? (rules.smalltalk ?? 'other') : undefined,
  };
}
