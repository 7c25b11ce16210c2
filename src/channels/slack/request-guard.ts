/**
 * A cheap check before Bolt reads the body: Slack signs `v0:{timestamp}:{body}` and a request whose
 * timestamp is more than five minutes from now is a replay. Bolt rejects only old timestamps; this also
 * rejects ones from the future and requests without the header, with 401 and nothing read.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/ports.ts';
import type { Handler } from '../../http/server.ts';

const maxSkewSeconds = 300;

export function rejectStaleRequests(
  clock: Clock,
  next: (req: IncomingMessage, res: ServerResponse) => void,
): Handler {
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
    next(req, res);
  };
}
