/**
 * ChatModel over any OpenAI-compatible /chat/completions endpoint. Structured output uses
 * `response_format: json_schema` (strict); servers without it get the same schema as a forced tool call
 * (`structuredOutput: 'tools'`, or automatically after a 400 on json_schema). The answer is parsed and
 * validated with the request's zod schema; anything else is `model_output_invalid`.
 */
import OpenAI from 'openai';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { ChatModel, StructuredRequest } from '../../core/ports.ts';
import { toModelError } from './openai-errors.ts';

export interface OpenAiChatOptions {
  apiKey: string;
  baseURL?: string | undefined;
  model: string;
  structuredOutput?: 'json_schema' | 'tools';
  /** SDK retries inside the caller's deadline (default 0: the engine falls back to rules instead). */
  maxRetries?: number;
}

export function createOpenAiChatModel(options: OpenAiChatOptions): ChatModel {
  const client = new OpenAI({
    apiKey: options.apiKey,
    baseURL: options.baseURL,
    maxRetries: options.maxRetries ?? 0,
  });
  let mode = options.structuredOutput ?? 'json_schema';

  const call = async <T>(request: StructuredRequest<T>, useMode: 'json_schema' | 'tools'): Promise<T> => {
    const schema = toStrictJsonSchema(request.schema);
    const format =
      useMode === 'json_schema'
        ? {
            response_format: {
              type: 'json_schema' as const,
              json_schema: { name: request.schemaName, schema, strict: true },
            },
          }
        : {
            tools: [
              {
                type: 'function' as const,
                function: { name: request.schemaName, parameters: schema, strict: true },
              },
            ],
            tool_choice: { type: 'function' as const, function: { name: request.schemaName } },
          };
    const completion = await client.chat.completions.create(
      { model: options.model, temperature: 0, messages: request.messages, ...format },
      { timeout: request.timeoutMs, ...(request.signal === undefined ? {} : { signal: request.signal }) },
    );
    const message = completion.choices[0]?.message;
    const toolCall = message?.tool_calls?.[0];
    const raw =
      useMode === 'json_schema'
        ? message?.content
        : toolCall?.type === 'function'
          ? toolCall.function.arguments
          : undefined;
    if (message?.refusal || typeof raw !== 'string') {
      throw new AppError('model_output_invalid', `${request.promptId}: no structured output`);
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new AppError('model_output_invalid', `${request.promptId}: output is not JSON`, { cause: error });
    }
    const parsed = request.schema.safeParse(json);
    if (!parsed.success) {
      throw new AppError(
        'model_output_invalid',
        `${request.promptId}: output does not match ${request.schemaName}`,
        {
          cause: parsed.error,
        },
      );
    }
    return parsed.data;
  };

  return {
    id: `openai:${options.model}`,
    async completeStructured(request) {
      try {
        return await call(request, mode);
      } catch (error) {
        // A server that does not know json_schema answers 400: use a forced tool call from now on.
        if (mode === 'json_schema' && error instanceof OpenAI.BadRequestError) {
          mode = 'tools';
          try {
            return await call(request, mode);
          } catch (retryError) {
            throw toModelError(retryError, request.promptId);
          }
        }
        throw toModelError(error, request.promptId);
      }
    },
  };
}

/** JSON Schema for OpenAI's strict mode: no $schema key; zod objects already forbid extra keys. */
function toStrictJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, { target: 'draft-7' }) as Record<
    string,
    unknown
  >;
  return rest;
}
