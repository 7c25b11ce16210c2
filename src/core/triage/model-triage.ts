/**
 * Triage by a chat model (only when one is configured), with a zod-validated structured output. The
 * prompt is a versioned file (prompts/triage.md); every decision it makes records `triage@<version>`.
 * The user's text is data inside delimiters: nothing in it can change what the labels mean, and the
 * merge (merge-triage.ts) never lets the model lower a crisis or handoff.
 */
import { z } from 'zod';
import { routes } from '../message.ts';
import type { ChatModel } from '../ports.ts';
import { declineReasons } from '../replies/decline.ts';
import { topics } from './triage-result.ts';

export const ModelTriageOutput = z.object({
  route: z.enum(routes),
  about_specific_person: z.boolean(),
  crisis_signs: z.boolean(),
  urgency: z.enum(['normal', 'urgent']).nullable(),
  topic: z.enum(topics),
  decline_reason: z.enum(declineReasons).nullable(),
});
export type ModelTriageOutput = z.infer<typeof ModelTriageOutput>;

export interface TriagePrompt {
  /** Front matter `version:` of prompts/triage.md. */
  version: string;
  /** The prompt body: the system message. */
  system: string;
}

export interface ModelTriager {
  /** "triage@<version>", recorded as decidedBy. */
  readonly label: string;
  classify(
    text: string,
    options: { history: readonly string[]; timeoutMs: number; signal?: AbortSignal | undefined },
  ): Promise<ModelTriageOutput>;
}

export function createModelTriager(model: ChatModel, prompt: TriagePrompt): ModelTriager {
  const label = `triage@${prompt.version}`;
  return {
    label,
    classify(text, options) {
      const context =
        options.history.length === 0
          ? ''
          : `直前の質問（古い順）:\n${options.history.map((h) => `<previous>${escapeTags(h)}</previous>`).join('\n')}\n\n`;
      return model.completeStructured({
        promptId: label,
        messages: [
          { role: 'system', content: prompt.system },
          { role: 'user', content: `${context}分類するメッセージ:\n<message>${escapeTags(text)}</message>` },
        ],
        schemaName: 'triage',
        schema: ModelTriageOutput,
        timeoutMs: options.timeoutMs,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    },
  };
}

/** A message cannot close our delimiters to smuggle text outside them. */
function escapeTags(text: string): string {
  return text.replace(/</g, '＜').replace(/>/g, '＞');
}
