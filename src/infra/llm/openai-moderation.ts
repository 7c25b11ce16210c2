/**
 * Moderator over an OpenAI-compatible /moderations endpoint. Only the self-harm categories are read, and
 * only to escalate a message to crisis; the response is validated, and an error is an error (the engine
 * logs it and carries on with the deterministic detector).
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { Moderator } from '../../core/ports.ts';
import { toModelError } from './openai-errors.ts';

const selfHarmCategories = ['self-harm', 'self-harm/intent', 'self-harm/instructions'] as const;

const ModerationResponse = z.object({
  results: z.array(z.object({ categories: z.record(z.string(), z.boolean().nullable().optional()) })).min(1),
});

export interface OpenAiModerationOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model?: string;
}

export function createOpenAiModerator(options: OpenAiModerationOptions): Moderator {
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseURL, maxRetries: 0 });
  return {
    async detectSelfHarm(text, { timeoutMs, signal }) {
      let response: unknown;
      try {
        response = await client.moderations.create(
          { model: options.model ?? 'omni-moderation-latest', input: text },
          { timeout: timeoutMs, ...(signal === undefined ? {} : { signal }) },
        );
      } catch (error) {
        throw toModelError(error, 'moderation');
      }
      const parsed = ModerationResponse.safeParse(response);
      if (!parsed.success)
        throw new AppError('model_output_invalid', 'moderation: unexpected response', {
          cause: parsed.error,
        });
      return parsed.data.results.some((r) => selfHarmCategories.some((c) => r.categories[c] === true));
    },
  };
}
