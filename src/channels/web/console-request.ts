/**
 * Request plumbing shared by the console's user and staff APIs: JSON in (zod-checked, size-limited,
 * same-origin only), JSON out (never cached: it carries personal data).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import { readRawBody } from '../../http/server.ts';
import { securityHeaders } from './console-assets.ts';

const bodyLimitBytes = 32 * 1024;

/**
 * Reads a JSON body. Requiring `application/json` forces a CORS preflight on any cross-site attempt,
 * which the console never answers; an Origin header, when sent, must name this host.
 */
export async function readJsonBody<T>(req: IncomingMessage, schema: z.ZodType<T>): Promise<T> {
  assertSameOrigin(req);
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) throw new AppError('bad_request', 'Expected application/json');
  const raw = await readRawBody(req, bodyLimitBytes);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new AppError('bad_request', 'Body is not JSON', { cause: error });
  }
  return parseWith(schema, parsed);
}

/** zod with a 400 on failure. The issues may quote what the user typed, so only their paths are kept. */
export function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const paths = result.error.issues.map((i) => i.path.join('.') || '(body)').join(', ');
    throw new AppError('bad_request', `Invalid body at ${paths}`);
  }
  return result.data;
}

export function assertSameOrigin(req: IncomingMessage): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch (error) {
    throw new AppError('forbidden', 'Malformed Origin', { cause: error });
  }
  if (host !== req.headers.host) throw new AppError('forbidden', 'Cross-origin console request');
}

export function sendConsoleJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    ...securityHeaders(),
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
    'cache-control': 'no-store',
  });
  res.end(payload);
}

/** The web user is the browser session id the page keeps in localStorage and sends on every call. */
export function readWebUserId(req: IncomingMessage): string {
  const value = req.headers['x-console-user'];
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(value)) {
    throw new AppError('bad_request', 'Missing or malformed X-Console-User');
  }
  return value;
}
