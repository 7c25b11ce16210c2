/**
 * `npm run report -- --month YYYY-MM [--center id] [--json]`: the program's monthly figures for a center
 * or for the whole desk, from the app's database. Without --month: the previous month.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse as parseYaml } from 'yaml';
import type { Config } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { readCenterNames } from '../core/handoff/staff-centers.ts';
import {
  buildProgramReport,
  formatProgramReport,
  type ProgramReport,
  parseReportMonth,
} from '../core/reporting/program-figures.ts';
import { openDatabase } from '../infra/db/open-db.ts';
import { createProgramFiguresRepository } from '../infra/db/program-figures-repository.ts';

export interface ReportOptions {
  month?: string | undefined;
  center?: string | undefined;
  json: boolean;
}

export function parseReportArgs(argv: string[]): ReportOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      month: { type: 'string' },
      center: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  return { month: values.month, center: values.center, json: values.json ?? false };
}

/** Opens the configured database, counts, and returns the report as text or JSON. */
export async function runReport(config: Config, options: ReportOptions, now: Date): Promise<string> {
  const period = parseReportMonth(options.month, now);
  if (period === undefined) {
    throw new AppError('bad_request', `--month must look like 2026-11 (got ${options.month})`, {
      userVisible: true,
    });
  }
  const names = readCenterNames(parseYaml(await readFile(join(config.SETTINGS_DIR, 'centers.yaml'), 'utf8')));
  if (options.center !== undefined && !names.has(options.center)) {
    throw new AppError('bad_request', `Unknown center id "${options.center}" (see settings/centers.yaml)`, {
      userVisible: true,
    });
  }
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  let report: ProgramReport;
  try {
    report = await buildProgramReport(createProgramFiguresRepository(db), period, options.center);
  } finally {
    await db.close();
  }
  if (options.json) {
    return JSON.stringify(
      { ...report, centers: report.centers.map((c) => ({ ...c, name: nameOf(names, c.centerId) })) },
      null,
      2,
    );
  }
  return formatProgramReport(report, (id) => nameOf(names, id));
}

function nameOf(names: Map<string, string>, centerId: string | null): string {
  return centerId === null ? 'センター未特定' : (names.get(centerId) ?? centerId);
}
