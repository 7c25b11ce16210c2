/**
 * Mounts the local console on the app's HTTP server: the page at /console/ (and / redirects there), the
 * user API (a web channel adapter over the conversation engine) and the staff API (the same core services
 * Slack uses). Every console request passes the guard first.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ConversationEngine } from '../../core/engine.ts';
import { AppError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports.ts';
import type { HttpServer } from '../../http/server.ts';
import type { WebTimelineRepository } from '../../infra/db/web-timeline-repository.ts';
import { loadConsoleAssets } from './console-assets.ts';
import { createConsoleGuard } from './console-guard.ts';
import { createStaffApi, type StaffApiDeps } from './staff-api.ts';
import { createUserApi } from './user-api.ts';

export const consolePath = '/console';

export interface ConsoleDeps {
  /** CONSOLE_TOKEN; required next to LINE or Slack (config.ts enforces it). */
  token: string | undefined;
  engine: ConversationEngine;
  timeline: WebTimelineRepository;
  staff: Omit<StaffApiDeps, 'clock'>;
  clock: Clock;
}

export async function mountConsole(http: HttpServer, deps: ConsoleDeps): Promise<void> {
  const assets = await loadConsoleAssets();
  const guard = createConsoleGuard({ token: deps.token, cookiePath: consolePath });
  const user = createUserApi({ engine: deps.engine, timeline: deps.timeline, clock: deps.clock });
  const staff = createStaffApi({ ...deps.staff, clock: deps.clock });

  const guarded =
    (handler: (req: IncomingMessage, res: ServerResponse, path: string) => Promise<void> | void) =>
    async (req: IncomingMessage, res: ServerResponse) => {
      if (guard(req, res) === 'handled') return;
      await handler(req, res, (req.url ?? '/').split('?')[0] ?? '/');
    };

  http.route(
    'GET',
    `${consolePath}/api`,
    guarded(async (req, res, path) => {
      const rest = path.slice(`${consolePath}/api/`.length);
      if (rest === 'timeline') return user.getTimeline(req, res);
      if (rest === 'staff') return staff.getState(req, res);
      if (rest === 'staff/report') return staff.getReport(req, res);
      if (rest === 'staff/gaps') return staff.getGaps(req, res);
      throw new AppError('not_found', 'No such console API');
    }),
    { prefix: true },
  );
  http.route(
    'POST',
    `${consolePath}/api`,
    guarded(async (req, res, path) => {
      const rest = path.slice(`${consolePath}/api/`.length);
      if (rest === 'messages') return user.postMessage(req, res);
      const action = /^staff\/(handoffs|bookings|gaps)\/([a-z]+)$/.exec(rest);
      if (action !== null) return staff.postAction(req, res, action[1] ?? '', action[2] ?? '');
      throw new AppError('not_found', 'No such console API');
    }),
    { prefix: true },
  );
  http.route(
    'GET',
    consolePath,
    guarded((req, res, path) => {
      if (path === consolePath) {
        // Relative asset URLs in the page need the trailing slash.
        res.writeHead(308, { location: `${consolePath}/` });
        res.end();
        return;
      }
      const name = path.slice(`${consolePath}/`.length) || 'index.html';
      if (!assets.send(res, name, req.method ?? 'GET'))
        throw new AppError('not_found', 'No such console file');
    }),
    { prefix: true },
  );
  // The console is what a newcomer opens first: the bare address leads there.
  http.route('GET', '/', (req, res) => {
    const query = (req.url ?? '/').split('?')[1];
    res.writeHead(302, { location: `${consolePath}/${query === undefined ? '' : `?${query}`}` });
    res.end();
  });
}
