/**
 * A model may refine a route or raise it, never lower a crisis or handoff (decision 0001), whatever it
 * outputs — including the output of a prompt injection.
 */
import { describe, expect, it } from 'vitest';
import { type Route, routes } from '../../../src/core/message.ts';
import { mergeTriage } from '../../../src/core/triage/merge-triage.ts';
import type { ModelTriageOutput } from '../../../src/core/triage/model-triage.ts';
import type { TriageResult } from '../../../src/core/triage/triage-result.ts';

const model = (route: Route, extra: Partial<ModelTriageOutput> = {}): ModelTriageOutput => ({
  route,
  about_specific_person: false,
  crisis_signs: false,
  urgency: null,
  topic: 'other',
  decline_reason: null,
  ...extra,
});
const rules = (route: Route, extra: Partial<TriageResult> = {}): TriageResult => ({
  route,
  urgency: route === 'crisis' ? 'urgent' : route === 'handoff' ? 'normal' : null,
  decidedBy: 'rules',
  ...extra,
});

describe('mergeTriage', () => {
  it.each(routes)('never turns a rules crisis into %s', (route) => {
    const merged = mergeTriage(rules('crisis'), model(route), 'triage@1');
    expect(merged.route).toBe('crisis');
    expect(merged.urgency).toBe('urgent');
    expect(merged.decidedBy).toBe('rules');
  });

  it.each(routes.filter((r) => r !== 'crisis'))('never turns a rules handoff into %s', (route) => {
    const merged = mergeTriage(rules('handoff', { handoffReason: 'person_case' }), model(route), 'triage@1');
    expect(merged.route).toBe('handoff');
    expect(merged.decidedBy).toBe('rules');
  });

  it('lets the model raise a handoff to a crisis, recording the prompt version', () => {
    const merged = mergeTriage(rules('handoff'), model('answer', { crisis_signs: true }), 'triage@1');
    expect(merged).toMatchObject({ route: 'crisis', urgency: 'urgent', decidedBy: 'triage@1' });
  });

  it('lets the model raise an answer to a handoff when the message is about a specific person', () => {
    const merged = mergeTriage(rules('answer'), model('answer', { about_specific_person: true }), 'triage@1');
    expect(merged).toMatchObject({ route: 'handoff', urgency: 'normal', decidedBy: 'triage@1' });
  });

  it('lets the model add detail (topic, urgency) to a rules handoff without changing its route', () => {
    const merged = mergeTriage(
      rules('handoff', { topic: 'other' }),
      model('smalltalk', { urgency: 'urgent', topic: 'return_to_work' }),
      'triage@1',
    );
    expect(merged).toMatchObject({
      route: 'handoff',
      urgency: 'urgent',
      topic: 'return_to_work',
      decidedBy: 'rules',
    });
  });

  it('lets the model refine among the non-escalated routes', () => {
    expect(mergeTriage(rules('answer'), model('consultation'), 'triage@1')).toMatchObject({
      route: 'consultation',
      decidedBy: 'triage@1',
    });
    expect(
      mergeTriage(rules('smalltalk'), model('decline', { decline_reason: 'medical' }), 'triage@1'),
    ).toMatchObject({
      route: 'decline',
      declineReason: 'medical',
    });
  });

  it('keeps a prompt-injection decline whatever the model says', () => {
    const merged = mergeTriage(rules('decline', { declineReason: 'injection' }), model('answer'), 'triage@1');
    expect(merged).toMatchObject({ route: 'decline', declineReason: 'injection', decidedBy: 'rules' });
  });
});
