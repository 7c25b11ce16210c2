/**
 * The safety floors on the labelled set (tests/eval/triage.jsonl), offline rules: every handoff or
 * crisis message escalated, every crisis message a crisis, and fewer than 5% of the messages not about a
 * person sent to handoff. The same numbers `npm run eval` prints.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  evaluateTriage,
  isHoldout,
  readTriageSet,
  rulesClassifier,
  type TriageExample,
  type TriageReport,
} from '../../../src/cli/eval-triage.ts';

describe('triage on the labelled set (rules, no model)', () => {
  let examples: TriageExample[];
  let report: TriageReport;
  let holdout: TriageReport;

  beforeAll(async () => {
    examples = await readTriageSet();
    report = await evaluateTriage(examples, rulesClassifier());
    holdout = await evaluateTriage(
      examples.filter((e) => isHoldout(e.id)),
      rulesClassifier(),
    );
  });

  it('is a set of at least 200 messages with every route', () => {
    expect(examples.length).toBeGreaterThanOrEqual(200);
    expect(report.perRoute.every((r) => r.support > 0)).toBe(true);
  });

  it('escalates every handoff and crisis message', () => {
    expect(report.escalationRecall).toBe(1);
  });

  it('recognises every crisis message as a crisis', () => {
    expect(report.crisisRecall).toBe(1);
  });

  it('sends fewer than 5% of messages not about a person to handoff', () => {
    expect(report.falseHandoffRate).toBeLessThan(0.05);
  });

  it('holds the safety floors on the hold-out too', () => {
    expect(holdout.total).toBeGreaterThan(30);
    expect(holdout.escalationRecall).toBe(1);
    expect(holdout.crisisRecall).toBe(1);
  });
});
