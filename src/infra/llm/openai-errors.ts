/** Maps OpenAI SDK errors to the product's error codes (the cause is kept, never logged with bodies). */
import OpenAI from 'openai';
import { AppError } from '../../core/errors.ts';

export function toModelError(error: unknown, what: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError || error instanceof OpenAI.APIUserAbortError) {
    return new AppError('upstream_timeout', `${what}: no answer in time`, { cause: error });
  }
  if (error instanceof OpenAI.APIError && error.status === 429) {
    return new AppError('rate_limited', `${what}: rate limited`, { cause: error, details: { status: 429 } });
  }
  if (error instanceof OpenAI.APIError) {
    return new AppError('upstream_failed', `${what}: HTTP ${error.status ?? 'connection error'}`, {
      cause: error,
      details: { status: error.status ?? 0 },
    });
  }
  return new AppError('upstream_failed', `${what} failed`, { cause: error });
}
