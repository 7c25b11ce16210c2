/**
 * Checks before Bolt sees a request. A cheap one first: Slack signs `v0:{timestamp}:{body}` and a request
 * whose timestamp is more than five minutes from now is a replay. Bolt rejects only old timestamps; this
 * also rejects ones from the future and requests without the header, with 401 and nothing read. Then the
 * body is read here, up to 1 MiB, as for LINE: Bolt's own reader answers 413 but leaves the rest of the
 * body on the keep-alive connection, so the client's next request on it was reset.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isAppError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports.ts';
import { type Handler, readRawBody, sendJson } from '../../http/server.ts';

const maxSkewSeconds = 300;
/** Slack's payloads are kilobytes (a modal's state included). */
export const maxSlackBodyBytes = 1024 * 1024;

export function rejectStaleRequests(clock: Clock, next: Handler): Handler {
  return (req, res) => {
    const header = req.headers['x-slack-request-timestamp'];
    const timestamp = Number(Array.isArray(header) ? header[0] : header);
    const now = clock.now().getTime() / 1000;
    if (!Number.isFinite(timestamp) || Math.abs(now - timestamp) > maxSkewSeconds) {
      req.resume();
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end('{"error":"stale_or_missing_timestamp"}');
      return;
    }
    return next(req, res);
  };
}

/** Reads the body (413 past the limit, the excess drained) and hands Bolt the request already buffered. */
export function bufferBody(next: (req: IncomingMessage, res: ServerResponse) => void): Handler {
  return async (req, res) => {
    let raw: Buffer;
    try {
      raw = await readRawBody(req, maxSlackBodyBytes);
    } catch (error) {
      if (!isAppError(error, 'payload_too_large')) throw error;
      sendJson(res, 413, { error: 'payload_too_large' });
      return;
    }
    // Bolt reads `rawBody` instead of the stream when it is a Buffer (HTTPModuleFunctions.bufferIncomingMessage).
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    next(req, res);
  };
}
