/**
 * The answer with a language model: the model writes from the retrieved passages only and names the ones
 * it used. Its output is checked (zod, and every cited id must be a passage it was given); anything wrong
 * — timeout, invalid JSON, an unknown citation — throws, and the caller falls back to the extractive
 * answer. The model may also decline (`supported: false`), which is honoured: no source, no answer.
 */
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { ChatModel } from '../ports.ts';
import { verificationNote } from './answer-texts.ts';
import { type EvidenceTerms, measureCoverage } from './evidence.ts';
import { citationOf, selectSentences } from './extractive-answer.ts';
import type { GroundedAnswer, Passage } from './knowledge-base.ts';
import { echoesPrompt } from './prompt-echo.ts';
import { isEvidenceToken, lexicalTokensOf } from './query-terms.ts';
import type { Tokenizer } from './tokenizer.ts';

export interface AnswerPrompt {
  version: string;
  body: string;
}

export const ModelAnswer = z.object({
  /** False when the passages do not answer the question. */
  supported: z.boolean(),
  /** Polite Japanese, from the passages only. */
  answer: z.string().max(1500),
  /** Ids of the passages the answer rests on ("P1" …). */
  citations: z.array(z.string().max(10)).max(8),
});
export type ModelAnswer = z.infer<typeof ModelAnswer>;

export interface GenerateRequest {
  question: string;
  previousQuestion?: string | undefined;
  passages: readonly Passage[];
  evidence: EvidenceTerms;
  tokenizer: Tokenizer;
  model: ChatModel;
  prompt: AnswerPrompt;
  timeoutMs: number;
  signal?: AbortSignal | undefined;
}

/** Short ids the model cites by; they map back to passages. */
function passageLabel(index: number): string {
  return `P${index + 1}`;
}

/** Tags in user text would let it close our data blocks; full-width brackets read the same to a person. */
function asData(text: string): string {
  return text.replace(/</gu, '＜').replace(/>/gu, '＞');
}

/** Passages and the question as data between tags, so instructions inside them are not followed. */
export function renderAnswerInput(
  question: string,
  passages: readonly Passage[],
  previousQuestion?: string,
): string {
  const blocks = passages.map(
    (p, i) =>
      `<passage id="${passageLabel(i)}">\n出典: ${p.citation.title}${p.citation.section === '' ? '' : ` ／ ${p.citation.section}`}\n${p.text}\n</passage>`,
  );
  return [
    `<passages>\n${blocks.join('\n')}\n</passages>`,
    ...(previousQuestion === undefined ? [] : [`<previous>${asData(previousQuestion)}</previous>`]),
    `<question>${asData(question)}</question>`,
  ].join('\n');
}

export type GeneratedAnswer = GroundedAnswer | { grounded: false; declinedBy: string };

/**
 * The least share of an answer's content words (numbers included) that its cited passages must contain.
 * A model that paraphrases keeps the passages' words; one that adds what they do not say (its own
 * knowledge, a phone number planted in a question) falls below, and the answer falls back to quoting the
 * passages (extractive). Set without a real model to measure against: a refusal costs only the wording.
 */
export const minAnswerSupport = 0.6;

/** Share of the answer's content words found in the cited passages (their titles and sections included). */
export function answerSupport(answer: string, passages: readonly Passage[], tokenizer: Tokenizer): number {
  const tokens = [
    ...new Set(lexicalTokensOf(answer, tokenizer).filter((t) => isEvidenceToken(t) || /\d/u.test(t))),
  ];
  if (tokens.length === 0) return 1;
  const terms: EvidenceTerms = { tokens, idf: new Map(tokens.map((t) => [t, 1])) };
  const sources = passages.map((p) => `${p.citation.title}\n${p.citation.section}\n${p.text}`).join('\n');
  return measureCoverage(sources, terms, tokenizer);
}

export async function generateAnswer(request: GenerateRequest): Promise<GeneratedAnswer> {
  const promptId = `answer@${request.prompt.version}`;
  const output = await request.model.completeStructured({
    promptId,
    messages: [
      { role: 'system', content: request.prompt.body },
      {
        role: 'user',
        content: renderAnswerInput(request.question, request.passages, request.previousQuestion),
      },
    ],
    schemaName: 'grounded_answer',
    schema: ModelAnswer,
    timeoutMs: request.timeoutMs,
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  if (!output.supported) return { grounded: false, declinedBy: promptId };
  if (echoesPrompt(output.answer, request.prompt.body)) {
    throw new AppError('model_output_invalid', `${promptId}: the answer repeats its instructions`);
  }
  const byLabel = new Map(request.passages.map((p, i) => [passageLabel(i), p]));
  const cited = [...new Set(output.citations)].map((id) => byLabel.get(id.trim()));
  if (output.answer.trim() === '' || cited.length === 0 || cited.some((p) => p === undefined)) {
    throw new AppError('model_output_invalid', `${promptId}: no answer or a citation to an unknown passage`);
  }
  const passages = cited as Passage[];
  const support = answerSupport(output.answer, passages, request.tokenizer);
  if (support < minAnswerSupport) {
    throw new AppError('model_output_invalid', `${promptId}: the answer says what its passages do not`, {
      details: { support: Math.round(support * 100) / 100 },
    });
  }
  const citations = passages.map((passage) => {
    const quote = selectSentences([passage], request.evidence, request.tokenizer, {
      maxSentences: 1,
      relativeFloor: 1,
      otherPassageFloor: 1,
      maxChars: 400,
    })[0]?.text;
    return citationOf(passage, quote);
  });
  const note = passages.some((p) => p.needsVerification) ? `\n\n${verificationNote}` : '';
  return { text: `${output.answer.trim()}${note}`, citations, grounded: true, answeredBy: promptId };
}
