/**
 * POST /webhooks/line. Reads the raw bytes (no body parser runs before this), checks X-Line-Signature
 * over exactly those bytes with the SDK's timing-safe `validateSignature`, stores every event, and
 * answers 200. Nothing is stored for a bad signature (401), malformed JSON or a body that is not a LINE
 * webhook (400), or a body over the limit (413). The work happens after the response, in the queue: only
 * the insert is on the request path, so the answer stays fast under load.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { validateSignature } from '@line/bot-sdk';
import { ZodError } from 'zod';
import { isAppError } from '../../core/errors.ts';
import type { Logger } from '../../core/ports.ts';
import { type Handler, readRawBody, sendJson } from '../../http/server.ts';
import { WebhookBody } from './events.ts';
import type { AcceptResult } from './inbox.ts';

/** LINE's bodies are a few kB; a generous cap still stops a memory-exhaustion attempt early. */
export const maxWebhookBytes = 1024 * 1024;

export interface WebhookDeps {
  channelSecret: string;
  accept: (events: readonly Record<string, unknown>[]) => Promise<AcceptResult>;
  /** Called after the response with the conversations that got new work. */
  afterAccept: (conversations: readonly string[]) => void;
  logger: Logger;
}

export function createLineWebhookHandler(deps: WebhookDeps): Handler {
  const log = deps.logger.child({ channel: 'line' });
  return async (req: IncomingMessage, res: ServerResponse) => {
    let raw: Buffer;
    try {
      raw = await readRawBody(req, maxWebhookBytes);
    } catch (error) {
      if (!isAppError(error, 'payload_too_large')) throw error;
      log.warn({ code: error.code }, 'LINE webhook refused');
      sendJson(res, 413, { error: 'payload_too_large' });
      return;
    }
    const signature = req.headers['x-line-signature'];
    if (
      typeof signature !== 'string' ||
      !isCanonicalSignature(signature) ||
      !validateSignature(raw, deps.channelSecret, signature)
    ) {
      log.warn({ code: 'signature_invalid', bytes: raw.length }, 'LINE webhook refused');
      sendJson(res, 401, { error: 'signature_invalid' });
      return;
    }
    const body = parseBody(raw);
    if (body === null) {
      log.warn({ code: 'bad_request' }, 'LINE webhook body is not a webhook');
      sendJson(res, 400, { error: 'bad_request' });
      return;
    }
    if (body.events.length === 0) {
      // The console's "Verify" button and connectivity checks.
      sendJson(res, 200, { ok: true });
      return;
    }
    let result: AcceptResult;
    try {
      result = await deps.accept(body.events);
    } catch (error) {
      if (!(error instanceof ZodError)) throw error;
      log.warn({ code: 'bad_request' }, 'LINE webhook event without the common fields');
      sendJson(res, 400, { error: 'bad_request' });
      return;
    }
    sendJson(res, 200, { ok: true });
    log.debug(
      { events: body.events.length, stored: result.stored, duplicates: result.duplicates },
      'LINE webhook',
    );
    deps.afterAccept(result.conversations);
  };
}

/**
 * LINE sends exactly base64(HMAC-SHA256): 43 Base64 characters and one `=`. The SDK decodes the header
 * with Node's lenient decoder, which would also take the true MAC without padding, with URL-safe letters
 * or with junk after it; only the one form LINE sends is accepted.
 */
function isCanonicalSignature(signature: string): boolean {
  return (
    /^[A-Za-z0-9+/]{43}=$/.test(signature) &&
    Buffer.from(signature, 'base64').toString('base64') === signature
  );
}

function parseBody(raw: Buffer): { events: Record<string, unknown>[] } | null {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    // Malformed JSON is answered with 400; the parse error itself carries body text, so it is dropped.
    return null;
  }
  const parsed = WebhookBody.safeParse(json);
  return parsed.success ? parsed.data : null;
}
