/**
 * The deterministic safety detector. It runs on every text message before anything else — mid-flow and
 * during a handoff too — and its signals can only escalate a route (crisis > handoff > the rest).
 */
import {
  crisisPatterns,
  englishCrisisPatterns,
  englishImmediatePatterns,
  immediatePatterns,
} from './lexicon-crisis.ts';
import { crisisMasks, crisisNegations, englishCrisisMasks } from './lexicon-crisis-masks.ts';
import {
  bodyConditionPatterns,
  conditionPatterns,
  englishPersonPatterns,
  highStressPatterns,
  leavePatterns,
  physicalPatterns,
  statePatterns,
} from './lexicon-person.ts';
import {
  englishResolvedPatterns,
  generalQuestionPatterns,
  genericFramePatterns,
  stateMasks,
} from './lexicon-person-masks.ts';
import {
  englishHumanRequest,
  englishPersonRefs,
  humanRequestPatterns,
  nonPersonMasks,
  personRefs,
  type Subject,
  someoneRequestPatterns,
  specialistNamed,
} from './lexicon-subjects.ts';
import { classify, featureVersion, type SafetyModel } from './ngram-classifier.ts';
import { normalizeText } from './normalize.ts';
import { allMatches, maskSpans, type Pattern } from './pattern.ts';
import trainedModel from './safety-model.json' with { type: 'json' };

const safetyModel = trainedModel as unknown as SafetyModel;
if (safetyModel.featureVersion !== featureVersion) {
  throw new Error(
    `safety-model.json was trained for features ${safetyModel.featureVersion}, not ${featureVersion}: run npm run train:safety`,
  );
}

export type { Subject } from './lexicon-subjects.ts';

export interface SafetySignals {
  /** Signs of suicide, self-harm or danger to life (about anyone). */
  crisis: boolean;
  /** A life is in danger right now: the reply says to call 119/110 first. */
  immediate: boolean;
  /** The message is about a specific person's mental health or wellbeing. */
  personCase: boolean;
  /** The user asks for a human. */
  humanRequest: boolean;
  /**
   * Distress with finality, below the crisis threshold (the n-gram model's soft tier): the reply adds one
   * gentle line with a 24-hour hotline and offers a person; never set together with `crisis`.
   */
  soft: boolean;
  /** Whom the message is about, when known (for the staff summary). */
  subject: Subject | null;
  /** Ids of the lexicon rules that fired: labels for tests and logs, never text. */
  rules: string[];
}

export const noSignals: SafetySignals = {
  crisis: false,
  immediate: false,
  personCase: false,
  humanRequest: false,
  soft: false,
  subject: null,
  rules: [],
};

/** Shorter messages are read by the lexicon only (see detectSafetySignals). */
export const modelMinChars = 4;
const noVerdict = { crisis: false, soft: false, person: false } as const;

const selfReportedStress = /高すとれす(に|と)(なりました|判定されました|出ました)|高すとれすでした/u;

export function detectSafetySignals(text: string): SafetySignals {
  const n = normalizeText(text);
  const views = [n.compact, n.romaji].filter((v) => v !== '');
  const matchAll = (patterns: readonly Pattern[], vs: string[] = views) =>
    unique(vs.flatMap((v) => allMatches(patterns, v)));

  // Crisis: idioms masked first; a negated ideation becomes a person case instead.
  const negations = matchAll(crisisNegations);
  const crisisViews = views.map((v) => maskSpans([...crisisMasks, ...crisisNegations], v));
  const english = maskSpans(englishCrisisMasks, n.spaced);
  const crisisRules = [
    ...matchAll(crisisPatterns, crisisViews),
    ...allMatches(englishCrisisPatterns, english),
  ];
  // The second detector: it can only add to what the lexicon found. Below `modelMinChars` characters a
  // message (「やめる」, 「はい」) carries too little for the model; the lexicon alone reads those.
  const model = [...n.compact].length >= modelMinChars ? classify(safetyModel, text) : noVerdict;
  if (model.crisis) crisisRules.push('model.crisis');
  const crisis = crisisRules.length > 0;
  const immediateRules = crisis
    ? [...matchAll(immediatePatterns, crisisViews), ...allMatches(englishImmediatePatterns, english)]
    : [];

  // Person case.
  const personViews = views.map((v) => maskSpans(nonPersonMasks, v));
  const physical = matchAll(physicalPatterns).length > 0;
  // States and leave read the message with jests, topics and resolved returns to work blanked out.
  const stateViews = views.map((v) => maskSpans(stateMasks, v));
  const states = matchAll(statePatterns, stateViews).filter((id) => !(physical && id === 'state.somatic'));
  const englishStates = allMatches(englishPersonPatterns, n.spaced);
  const refs = personRefs.filter((r) => personViews.some((v) => r.pattern.re.test(v)));
  const englishRefs = allMatches(englishPersonRefs, n.spaced);
  const hasRef = refs.length > 0 || englishRefs.length > 0;
  const generic = matchAll(genericFramePatterns).length > 0;
  const conditions = matchAll(conditionPatterns, stateViews);
  const bodyConditions = matchAll(bodyConditionPatterns, stateViews);
  const leave = matchAll(leavePatterns, stateViews);
  const stress = matchAll(highStressPatterns);

  const personRules: string[] = [...states, ...negations];
  const askedInGeneral = matchAll(generalQuestionPatterns).length > 0;
  if (model.person && !askedInGeneral) personRules.push('model.person');
  const englishResolved = allMatches(englishResolvedPatterns, n.spaced).length > 0;
  if (englishStates.length > 0 && englishRefs.length > 0 && !englishResolved)
    personRules.push(...englishStates);
  if (conditions.length > 0 && hasRef && !generic) personRules.push(...conditions);
  if (bodyConditions.length > 0 && hasRef && !generic) personRules.push(...bodyConditions);
  if (leave.length > 0 && hasRef && !generic && (!physical || conditions.length > 0))
    personRules.push(...leave);
  if (stress.length > 0 && (hasRef || views.some((v) => selfReportedStress.test(v))))
    personRules.push(...stress);

  const someone = views.some((v) => specialistNamed.re.test(v)) ? [] : matchAll(someoneRequestPatterns);
  const humanRules = [
    ...matchAll(humanRequestPatterns),
    ...someone,
    ...allMatches(englishHumanRequest, n.spaced),
  ];
  const subject: Subject | null = refs[0]?.subject ?? (englishRefs.length > 0 ? 'other' : null);

  const soft = !crisis && model.soft;
  return {
    crisis,
    immediate: immediateRules.length > 0,
    personCase: personRules.length > 0,
    humanRequest: humanRules.length > 0,
    soft,
    subject: crisis || personRules.length > 0 ? subject : null,
    rules: unique([
      ...crisisRules,
      ...immediateRules,
      ...personRules,
      ...humanRules,
      ...(soft ? ['model.soft'] : []),
    ]),
  };
}

function unique(ids: string[]): string[] {
  return [...new Set(ids)];
}
