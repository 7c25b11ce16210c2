/**
 * The one error module. Every error the product raises on purpose is an AppError with a code from a
 * closed set; unknown throwables are wrapped at the top of each handler with `toAppError`.
 * `userVisible` says whether `message` may be shown to an end user (it is always Japanese then);
 * otherwise channels show a generic apology and only the code is logged.
 */
export const errorCodes = [
  'config_invalid',
  'db_locked',
  'db_unavailable',
  'migration_failed',
  'bad_request',
  'payload_too_large',
  'signature_invalid',
  'not_found',
  'forbidden',
  'conflict',
  'rate_limited',
  'upstream_failed',
  'upstream_timeout',
  'model_output_invalid',
  'corpus_invalid',
  'internal',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

export interface AppErrorOptions {
  cause?: unknown;
  userVisible?: boolean;
  /** Extra ids that help an operator (never message text or personal data). */
  details?: Record<string, string | number | boolean>;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly userVisible: boolean;
  readonly details: Record<string, string | number | boolean>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.userVisible = options.userVisible ?? false;
    this.details = options.details ?? {};
  }
}

/** Wraps anything thrown into an AppError, keeping the original as `cause`. */
export function toAppError(error: unknown, fallback: ErrorCode = 'internal'): AppError {
  if (error instanceof AppError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AppError(fallback, message, { cause: error });
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
