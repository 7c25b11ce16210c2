/**
 * The staff side of the console: the queue of handoffs and bookings, the actions on them, and the monthly
 * figures. Each part is present once its core service is wired; an absent part answers 404, and the page
 * says so instead of pretending.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { AppError } from '../../core/errors.ts';
import type { Clock } from '../../core/ports.ts';
import { parseWith, readJsonBody, sendConsoleJson } from './console-request.ts';
import { type ConsoleBookingDeps, listBookingsForConsole, runBookingAction } from './staff-bookings.ts';
import { type ConsoleGapDeps, listGapsForConsole, runGapAction } from './staff-gaps.ts';
import { type ConsoleHandoffDeps, listHandoffsForConsole, runHandoffAction } from './staff-handoffs.ts';
import { buildConsoleReport, type ConsoleReportDeps } from './staff-report.ts';

export interface StaffApiDeps {
  handoffs?: ConsoleHandoffDeps | undefined;
  bookings?: ConsoleBookingDeps | undefined;
  report?: ConsoleReportDeps | undefined;
  /** Knowledge gaps and center answers (issue 15). */
  gaps?: ConsoleGapDeps | undefined;
  clock: Clock;
}

/** The staff member is the browser's staff id, namespaced like Slack's ("slack:U0123"). */
function readStaff(req: IncomingMessage): { id: string; name: string } {
  const value = req.headers['x-console-staff'];
  if (typeof value !== 'string' || !/^[A-Za-z0-9_-]{16,64}$/.test(value)) {
    throw new AppError('bad_request', 'Missing or malformed X-Console-Staff');
  }
  const id = `web:${value.slice(0, 12)}`;
  return { id, name: `コンソール担当者（${id}）` };
}

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);

export function createStaffApi(deps: StaffApiDeps) {
  return {
    async getState(req: IncomingMessage, res: ServerResponse): Promise<void> {
      const staff = readStaff(req);
      const [handoffs, bookings] = await Promise.all([
        deps.handoffs ? listHandoffsForConsole(deps.handoffs, staff) : [],
        deps.bookings ? listBookingsForConsole(deps.bookings, deps.clock.now()) : [],
      ]);
      sendConsoleJson(res, 200, {
        staffId: staff.id,
        features: {
          handoffs: deps.handoffs !== undefined,
          bookings: deps.bookings !== undefined,
          report: deps.report !== undefined,
          gaps: deps.gaps !== undefined,
        },
        handoffs,
        bookings,
      });
    },

    async postAction(req: IncomingMessage, res: ServerResponse, area: string, action: string): Promise<void> {
      const staff = readStaff(req);
      const body = await readJsonBody(req, z.unknown());
      let result: { outcome: string; message: string } | undefined;
      if (area === 'handoffs' && deps.handoffs)
        result = await runHandoffAction(deps.handoffs, staff, action, body);
      if (area === 'bookings' && deps.bookings)
        result = await runBookingAction(deps.bookings, staff, action, body);
      if (area === 'gaps' && deps.gaps) result = await runGapAction(deps.gaps, staff, action, body);
      if (result === undefined) throw new AppError('not_found', `No staff action ${area}/${action}`);
      sendConsoleJson(res, 200, result);
    },

    async getGaps(req: IncomingMessage, res: ServerResponse): Promise<void> {
      readStaff(req);
      if (deps.gaps === undefined) throw new AppError('not_found', 'Knowledge gaps are not wired');
      const url = new URL(req.url ?? '/', 'http://console.invalid');
      const month = parseWith(Month, url.searchParams.get('month'));
      sendConsoleJson(res, 200, await listGapsForConsole(deps.gaps, month, deps.clock.now()));
    },

    async getReport(req: IncomingMessage, res: ServerResponse): Promise<void> {
      readStaff(req);
      if (deps.report === undefined) throw new AppError('not_found', 'Reporting is not wired');
      const url = new URL(req.url ?? '/', 'http://console.invalid');
      const month = parseWith(Month, url.searchParams.get('month'));
      sendConsoleJson(res, 200, await buildConsoleReport(deps.report, month, deps.clock.now()));
    },
  };
}
