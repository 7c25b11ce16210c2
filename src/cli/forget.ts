/**
 * `npm run forget -- <user id> [--channel line|web|slack] [--dry-run] [--json]`: deletes one person's
 * data (see src/infra/privacy/forget.ts) and prints what was deleted. Idempotent: a second run prints zeros.
 */
import { parseArgs } from 'node:util';
import type { Config } from '../config.ts';
import { AppError } from '../core/errors.ts';
import { openDatabase } from '../infra/db/open-db.ts';
import { type ForgetReport, type ForgetTarget, forgetUser } from '../infra/privacy/forget.ts';

export interface ForgetOptions {
  target: ForgetTarget;
  dryRun: boolean;
  json: boolean;
}

const channels = ['line', 'web', 'slack'] as const;
/** A LINE user id as webhooks carry it; anything else is a typo that would silently delete nothing. */
const lineUserId = /^U[0-9a-f]{32}$/;

export function parseForgetArgs(argv: string[]): ForgetOptions {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw usage(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  const channel = channels.find((c) => c === values.channel);
  if (channel === undefined) throw usage(`--channel must be one of ${channels.join(', ')}`);
  const [userId, ...rest] = positionals;
  if (userId === undefined || rest.length > 0) throw usage('give exactly one user id');
  if (channel === 'line' && !lineUserId.test(userId)) {
    throw usage(`"${userId}" is not a LINE user id (U followed by 32 hex digits)`);
  }
  return { target: { channel, userId }, dryRun: values['dry-run'] ?? false, json: values.json ?? false };
}

function parseOptions(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      channel: { type: 'string', default: 'line' },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
}

function usage(problem: string): AppError {
  return new AppError(
    'bad_request',
    `${problem}\nusage: npm run forget -- <user id> [--channel line|web|slack] [--dry-run] [--json]`,
    { userVisible: true },
  );
}

export async function runForget(config: Config, options: ForgetOptions): Promise<string> {
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  let report: ForgetReport;
  try {
    report = await forgetUser(db, options.target, { dryRun: options.dryRun });
  } finally {
    await db.close();
  }
  return options.json ? JSON.stringify({ ...report, dryRun: options.dryRun }) : formatReport(report, options);
}

export function formatReport(report: ForgetReport, options: ForgetOptions): string {
  const total = Object.values(report.deleted).reduce((a, b) => a + b, 0);
  const verb = options.dryRun ? 'would delete' : 'deleted';
  const lines = [`${options.target.channel} user ${options.target.userId}: ${verb} ${total} rows`];
  for (const [table, n] of Object.entries(report.deleted)) lines.push(`  ${table.padEnd(18)} ${n}`);
  if (report.slackMessages.length > 0) {
    lines.push('Staff posts about this person remain in Slack; delete them there:');
    for (const m of report.slackMessages) lines.push(`  channel ${m.channelId} ts ${m.ts}`);
  }
  if (options.dryRun) lines.push('(dry run: nothing was deleted)');
  return lines.join('\n');
}
