/**
 * The KnowledgeBase: retrieve, judge the evidence, answer. Weak evidence gets the "not covered" reply
 * (grounded: false) and never a guess; otherwise a generated answer when a model is configured, with the
 * extractive answer as the fallback for every model failure.
 */
import { toAppError } from '../errors.ts';
import type { ChatModel, Logger } from '../ports.ts';
import { notCoveredText, partialAnswerText } from './answer-texts.ts';
import {
  type AnswerabilityFeatures,
  type AnswerabilityModel,
  type AnswerabilityVerdict,
  answerabilityFeatures,
  answerabilityProbability,
  verdictOf,
} from './answerability.ts';
import answerabilityModel from './answerability-model.json' with { type: 'json' };
import type { EvidenceTerms } from './evidence.ts';
import { passageLexemes } from './evidence.ts';
import { composeExtractiveAnswer, defaultExtractiveOptions } from './extractive-answer.ts';
import { withConversationContext } from './follow-up.ts';
import { type AnswerPrompt, generateAnswer } from './generated-answer.ts';
import type { AnswerOptions, GroundedAnswer, KnowledgeBase, Passage } from './knowledge-base.ts';
import { prepareQuery } from './query-terms.ts';
import { evidenceTextOf, type Retrieval, type Retriever } from './retrieve.ts';
import type { Tokenizer } from './tokenizer.ts';

export interface EvidencePolicy {
  /** Whether the judged passages answer the question (answerability.ts; trained, thresholds included). */
  model: AnswerabilityModel;
  passagesJudged: number;
  /** Passages quoted or given to the model must cover at least this share of the best coverage. */
  relativeCoverage: number;
}

export const defaultEvidencePolicy: EvidencePolicy = {
  model: answerabilityModel as AnswerabilityModel,
  passagesJudged: 3,
  relativeCoverage: 0.6,
};

export interface KnowledgeServiceDeps {
  retriever: Retriever;
  tokenizer: Tokenizer;
  logger: Logger;
  /** The model path: both or neither. */
  chatModel?: ChatModel | undefined;
  answerPrompt?: AnswerPrompt | undefined;
  modelTimeoutMs?: number | undefined;
  evidence?: Partial<EvidencePolicy> | undefined;
}

/** Passages retrieved per question: enough for the model, few enough to read. */
const passagesRetrieved = 5;

export interface EvidenceJudgement {
  /** Best coverage among the judged passages. */
  coverage: number;
  /** The answerability model's probability that the judged passages answer the question. */
  probability: number;
  verdict: AnswerabilityVerdict;
  /** verdict === 'supported'. */
  supported: boolean;
  features: AnswerabilityFeatures;
  /** The embedder the passages' similarities come from (undefined: no vector search). */
  vectorFrom: string | undefined;
  /** The passages an answer may use, best first. */
  passages: Passage[];
}

export function judgeEvidence(
  retrieval: Pick<Retrieval, 'passages' | 'evidence' | 'unseen' | 'vectorFrom'>,
  policy: EvidencePolicy,
  tokenizer: Tokenizer,
): EvidenceJudgement {
  const judged = retrieval.passages.slice(0, policy.passagesJudged);
  const coverage = Math.max(0, ...judged.map((p) => p.scores.coverage ?? 0));
  const features = answerabilityFeatures({
    passages: retrieval.passages,
    evidence: retrieval.evidence,
    unseen: retrieval.unseen,
    vectorSearched: retrieval.vectorFrom !== undefined,
    judged: policy.passagesJudged,
    lexemesOf: (passage) => passageLexemes(evidenceTextOf(passage), tokenizer),
  });
  const probability = answerabilityProbability(policy.model, features, retrieval.vectorFrom);
  const verdict = verdictOf(policy.model, probability);
  return {
    coverage,
    probability,
    verdict,
    supported: verdict === 'supported',
    features,
    vectorFrom: retrieval.vectorFrom,
    passages: judged.filter((p) => (p.scores.coverage ?? 0) >= coverage * policy.relativeCoverage),
  };
}

function notCovered(): GroundedAnswer {
  return { text: notCoveredText, citations: [], grounded: false, answeredBy: 'extractive' };
}

export function createKnowledgeService(deps: KnowledgeServiceDeps): KnowledgeBase & {
  /** The evidence judgement for a question (evaluation and calibration). */
  assess(question: string, options?: AnswerOptions): Promise<EvidenceJudgement>;
} {
  const policy = { ...defaultEvidencePolicy, ...deps.evidence };
  const modelPath =
    deps.chatModel !== undefined && deps.answerPrompt !== undefined
      ? { model: deps.chatModel, prompt: deps.answerPrompt }
      : undefined;

  const retrieveFor = async (question: string, options: AnswerOptions) => {
    const prepared = prepareQuery(question, deps.tokenizer);
    const searched = withConversationContext(question, options.history, prepared.evidenceTokens.length);
    const retrieval = await deps.retriever.retrieve(searched, {
      limit: passagesRetrieved,
      signal: options.signal,
      // The same text: the retriever reuses the tokens when its tokenizer is this one.
      ...(searched === question ? { prepared: { query: prepared, tokenizer: deps.tokenizer } } : {}),
    });
    return {
      retrieval,
      judgement: judgeEvidence(retrieval, policy, deps.tokenizer),
      followUp: searched !== question,
    };
  };

  const answerWithModel = async (
    question: string,
    options: AnswerOptions,
    passages: Passage[],
    evidence: EvidenceTerms,
  ): Promise<GroundedAnswer | undefined> => {
    if (modelPath === undefined) return undefined;
    try {
      const generated = await generateAnswer({
        question,
        previousQuestion: options.history?.at(-1),
        passages,
        evidence,
        tokenizer: deps.tokenizer,
        model: modelPath.model,
        prompt: modelPath.prompt,
        timeoutMs: deps.modelTimeoutMs ?? 8000,
        signal: options.signal,
      });
      if ('declinedBy' in generated) return { ...notCovered(), answeredBy: generated.declinedBy };
      return generated;
    } catch (error) {
      // A model failure must not cost the user the answer: the extractive one is always available.
      deps.logger.warn(
        { code: toAppError(error).code, prompt: modelPath.prompt.version },
        'answer model failed',
      );
      return undefined;
    }
  };

  return {
    async assess(question, options = {}) {
      return (await retrieveFor(question, options)).judgement;
    },

    async answer(question, options = {}) {
      const { retrieval, judgement, followUp } = await retrieveFor(question, options);
      deps.logger.debug(
        {
          coverage: Number(judgement.coverage.toFixed(3)),
          probability: Number(judgement.probability.toFixed(3)),
          verdict: judgement.verdict,
          followUp,
        },
        'knowledge evidence',
      );
      if (judgement.verdict === 'unsupported') return notCovered();
      if (judgement.verdict === 'partial') {
        // No model here: a model would be asked to answer from passages judged not to answer.
        const partial = composeExtractiveAnswer(judgement.passages, retrieval.evidence, deps.tokenizer, {
          ...defaultExtractiveOptions,
          maxSentences: 2,
        });
        if (partial.citations.length === 0) return notCovered();
        return {
          ...partial,
          text: partialAnswerText(partial.text),
          grounded: true,
          answeredBy: 'partial',
          partial: true,
        };
      }
      // Judged passages only: generating from more would invite the model to use weak evidence. A center
      // answer first in line was approved for this question as written: it is given whole, not rewritten.
      const fromModel =
        judgement.passages[0]?.kind === 'center'
          ? undefined
          : await answerWithModel(question, options, judgement.passages, retrieval.evidence);
      if (fromModel !== undefined) return fromModel;
      const extractive = composeExtractiveAnswer(judgement.passages, retrieval.evidence, deps.tokenizer);
      if (extractive.citations.length === 0) return notCovered();
      return { ...extractive, grounded: true, answeredBy: 'extractive' };
    },

    async search(query, limit) {
      return (await deps.retriever.retrieve(query, { limit })).passages;
    },
  };
}
