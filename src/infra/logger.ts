/**
 * The pino logger. Message text, names, phone numbers and e-mail addresses must never reach a log:
 * callers log ids, codes and route labels only, and the redaction list below is a second line of defence
 * for fields that commonly carry text or secrets.
 */
import { pino } from 'pino';
import type { Logger } from '../core/ports.ts';

export const redactedPaths = [
  'text',
  '*.text',
  'message',
  '*.message.text',
  'body',
  '*.body',
  'reply',
  '*.reply',
  'phone',
  '*.phone',
  'email',
  '*.email',
  'contactName',
  '*.contactName',
  'token',
  '*.token',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers["x-line-signature"]',
  'headers["x-slack-signature"]',
  'secret',
  '*.secret',
  'apiKey',
  '*.apiKey',
];

export interface LoggerOptions {
  level: string;
  /** Where to write; defaults to stdout. Tests pass a stream to capture output. */
  destination?: NodeJS.WritableStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      redact: { paths: redactedPaths, censor: '[redacted]' },
      base: { app: 'sanpo-assistant' },
      // Errors are serialised by code and message; causes can carry request bodies, so drop them.
      serializers: { err: serializeError },
    },
    options.destination ?? pino.destination(1),
  ) as unknown as Logger;
}

function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const code = (err as { code?: unknown }).code;
  return { type: err.name, code: typeof code === 'string' ? code : undefined, message: err.message };
}
