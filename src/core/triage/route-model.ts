/**
 * The second reader of booking requests, beside the lexicon (lexicon-routes.ts): the same kind of
 * character n-gram model as the safety detector's (src/core/safety/ngram-classifier.ts), trained by this
 * project on its own labelled questions (`npm run train:routes`, src/cli/train-route-model.ts) to tell a
 * request for a specialist's time or for someone to come to the workplace from a question. People ask for
 * both in more ways than any list holds (「一度打ち合わせできるとありがたい」「うちの状況を見ながら話を」).
 * It only adds: the rules decide first, and a message the rules read as a question about a service (does
 * it exist, what does it cost) stays a question.
 */
import { classScores, featuresOf, featureVersion, softmax } from '../safety/ngram-classifier.ts';
import routeModelData from './route-model.json' with { type: 'json' };

export interface RouteModel {
  featureVersion: string;
  dataHash: string;
  /** Class order: consultation, visit, other. */
  bias: [number, number, number];
  weights: Record<string, [number, number, number]>;
  /** Probability at or above which the message is that request (fitted out of fold). */
  thresholds: { consultation: number; visit: number };
}

const routeModel = routeModelData as unknown as RouteModel;
if (routeModel.featureVersion !== featureVersion)
  throw new Error(
    `route-model.json was trained for features ${routeModel.featureVersion}; run npm run train:routes`,
  );

export type LearnedRoute = 'consultation' | 'visit';

/** The booking request the model reads in the message, if it is confident of one. */
export function learnedBookingRoute(text: string, model: RouteModel = routeModel): LearnedRoute | undefined {
  const [consultation, visit] = softmax(classScores(model, featuresOf(text))) as [number, number, number];
  const isConsultation = consultation >= model.thresholds.consultation;
  const isVisit = visit >= model.thresholds.visit;
  if (isConsultation && isVisit) return consultation >= visit ? 'consultation' : 'visit';
  if (isConsultation) return 'consultation';
  if (isVisit) return 'visit';
  return undefined;
}
