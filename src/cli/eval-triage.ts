/**
 * Triage quality on the labelled set (tests/eval/triage.jsonl): per-route precision and recall, a confusion
 * matrix, and the safety floors — recall of handoff+crisis together, crisis recall, and the share of
 * messages not about a person that were sent to handoff — for the offline rules and, when a model is
 * configured, the model path (rules + model, merged as the engine merges them). `npm run eval` prints it;
 * tests/unit/triage/triage-eval.test.ts asserts the floors on the same numbers.
 *
 * An answer counts as right when it is the label or one of `also_ok`. A fixed 20% of ids (by hash) is
 * reported separately as a hold-out: rules are developed against the other 80% and checked there.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { type Route, routes } from '../core/message.ts';
import { detectSafetySignals } from '../core/safety/detector.ts';
import { mergeTriage } from '../core/triage/merge-triage.ts';
import type { ModelTriager } from '../core/triage/model-triage.ts';
import { triageByRules } from '../core/triage/rules-triage.ts';

export const TriageExample = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  route: z.enum(routes),
  also_ok: z.array(z.enum(routes)).optional(),
  note: z.string().optional(),
});
export type TriageExample = z.infer<typeof TriageExample>;

export const triageSetPath = new URL('../../tests/eval/triage.jsonl', import.meta.url);

export async function readTriageSet(path: URL | string = triageSetPath): Promise<TriageExample[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
  return lines.map((line, i) => {
    const parsed = TriageExample.safeParse(JSON.parse(line));
    if (!parsed.success) throw new Error(`${String(path)} line ${i + 1}: ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  });
}

/** The fixed hold-out: about one id in five, chosen by hash so it never depends on file order. */
export function isHoldout(id: string): boolean {
  return (createHash('sha256').update(id).digest()[0] ?? 0) % 5 === 0;
}

export interface TriageClassifier {
  name: string;
  classify(text: string): Promise<Route>;
}

export function rulesClassifier(): TriageClassifier {
  return {
    name: 'rules (offline)',
    classify: async (text) => triageByRules(text, detectSafetySignals(text), { followUp: false }).route,
  };
}

/** Rules then the model, merged exactly as the engine does; a failed call falls back to the rules. */
export function modelClassifier(
  model: ModelTriager,
  timeoutMs: number,
): TriageClassifier & { failures: number } {
  const classifier = {
    name: `model path (${model.label})`,
    failures: 0,
    async classify(text: string): Promise<Route> {
      const rules = triageByRules(text, detectSafetySignals(text), { followUp: false });
      if (rules.route === 'crisis') return rules.route;
      try {
        const output = await model.classify(text, {
          history: [],
          timeoutMs,
          signal: AbortSignal.timeout(timeoutMs),
        });
        return mergeTriage(rules, output, model.label).route;
      } catch {
        // Counted and reported: the engine answers from the rules in this case too.
        classifier.failures++;
        return rules.route;
      }
    },
  };
  return classifier;
}

export interface RouteFigures {
  route: Route;
  support: number;
  predicted: number;
  precision: number;
  recall: number;
}

export interface TriageReport {
  name: string;
  total: number;
  correct: number;
  perRoute: RouteFigures[];
  /** confusion[gold][predicted]; gold is the prediction when that was acceptable (also_ok). */
  confusion: Record<Route, Record<Route, number>>;
  /** Messages labelled handoff or crisis that were sent to handoff or crisis (or an also_ok route). */
  escalationRecall: number;
  crisisRecall: number;
  /** Messages whose label and also_ok include neither handoff nor crisis, but were sent to handoff. */
  falseHandoffRate: number;
  falseCrisisRate: number;
  misses: { id: string; expected: Route; got: Route }[];
}

export async function evaluateTriage(
  examples: readonly TriageExample[],
  classifier: TriageClassifier,
  name = classifier.name,
): Promise<TriageReport> {
  const confusion = Object.fromEntries(
    routes.map((g) => [g, Object.fromEntries(routes.map((p) => [p, 0]))]),
  ) as Record<Route, Record<Route, number>>;
  const misses: TriageReport['misses'] = [];
  let escalationTotal = 0;
  let escalationHit = 0;
  let crisisTotal = 0;
  let crisisHit = 0;
  let nonPerson = 0;
  let falseHandoff = 0;
  let falseCrisis = 0;
  for (const example of examples) {
    const got = await classifier.classify(example.text);
    const accepted = new Set<Route>([example.route, ...(example.also_ok ?? [])]);
    const gold = accepted.has(got) ? got : example.route;
    confusion[gold][got]++;
    if (!accepted.has(got)) misses.push({ id: example.id, expected: example.route, got });
    if (example.route === 'handoff' || example.route === 'crisis') {
      escalationTotal++;
      if (got === 'handoff' || got === 'crisis' || accepted.has(got)) escalationHit++;
    }
    if (example.route === 'crisis') {
      crisisTotal++;
      if (got === 'crisis') crisisHit++;
    }
    if (!accepted.has('handoff') && !accepted.has('crisis')) {
      nonPerson++;
      if (got === 'handoff') falseHandoff++;
      if (got === 'crisis') falseCrisis++;
    }
  }
  const perRoute = routes.map((route): RouteFigures => {
    const support = routes.reduce((n, p) => n + confusion[route][p], 0);
    const predicted = routes.reduce((n, g) => n + confusion[g][route], 0);
    const hit = confusion[route][route];
    return {
      route,
      support,
      predicted,
      precision: predicted === 0 ? 1 : hit / predicted,
      recall: support === 0 ? 1 : hit / support,
    };
  });
  return {
    name,
    total: examples.length,
    correct: examples.length - misses.length,
    perRoute,
    confusion,
    escalationRecall: escalationTotal === 0 ? 1 : escalationHit / escalationTotal,
    crisisRecall: crisisTotal === 0 ? 1 : crisisHit / crisisTotal,
    falseHandoffRate: nonPerson === 0 ? 0 : falseHandoff / nonPerson,
    falseCrisisRate: nonPerson === 0 ? 0 : falseCrisis / nonPerson,
    misses,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatTriageReport(report: TriageReport): string {
  const lines = [
    `## Triage: ${report.name} — ${report.correct}/${report.total} right (${pct(report.correct / report.total)})`,
    '',
    '| route | support | predicted | precision | recall |',
    '|---|---:|---:|---:|---:|',
    ...report.perRoute.map(
      (r) => `| ${r.route} | ${r.support} | ${r.predicted} | ${pct(r.precision)} | ${pct(r.recall)} |`,
    ),
    '',
    `handoff+crisis recall ${pct(report.escalationRecall)} (floor 100%) · crisis recall ${pct(report.crisisRecall)} ` +
      `(floor 100%) · non-person messages sent to handoff ${pct(report.falseHandoffRate)} (must be < 5%), ` +
      `to crisis ${pct(report.falseCrisisRate)}`,
    '',
    'Confusion (rows: label, columns: predicted)',
    `| | ${routes.join(' | ')} |`,
    `|---|${routes.map(() => '---:').join('|')}|`,
    ...routes.map((g) => `| ${g} | ${routes.map((p) => report.confusion[g][p]).join(' | ')} |`),
  ];
  if (report.misses.length > 0) {
    lines.push('', `Misses: ${report.misses.map((m) => `${m.id} (${m.expected}→${m.got})`).join(', ')}`);
  }
  return lines.join('\n');
}

/** Evaluates each classifier on the whole set and on the hold-out; returns the reports in order. */
export async function runTriageEval(
  classifiers: readonly TriageClassifier[],
  write: (text: string) => void,
  path: URL | string = triageSetPath,
): Promise<TriageReport[]> {
  const examples = await readTriageSet(path);
  const holdout = examples.filter((e) => isHoldout(e.id));
  const reports: TriageReport[] = [];
  for (const classifier of classifiers) {
    const all = await evaluateTriage(examples, classifier);
    const held = await evaluateTriage(holdout, classifier, `${classifier.name}, hold-out ${holdout.length}`);
    write(`${formatTriageReport(all)}\n\n${formatTriageReport(held)}\n`);
    if ('failures' in classifier)
      write(`Model calls that failed (rules answered): ${String(classifier.failures)}\n`);
    reports.push(all, held);
  }
  return reports;
}
