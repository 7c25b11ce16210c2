/**
 * `npm run bookings:export -- --from YYYY-MM-DD --to YYYY-MM-DD [--center tokyo] [--out file.csv]`:
 * the bookings created in a date range (Tokyo dates, both days included) as CSV for the center's records.
 * RFC 4180 quoting, CRLF line ends, UTF-8 with a BOM so Excel opens the Japanese correctly.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Config } from '../config.ts';
import {
  fieldLabels,
  formatHeadcount,
  kindLabels,
  specialInsuranceLabels,
} from '../core/booking/booking-types.ts';
import { formatInstant, statusLabels } from '../core/booking/booking-view.ts';
import { addDays, formatLocalDate, fromTokyo } from '../core/booking/calendar.ts';
import type { Booking, CenterDirectory } from '../core/booking/ports.ts';
import { describeDesk } from '../core/booking/routing.ts';
import { formatWish } from '../core/booking/slot-rules.ts';
import { AppError } from '../core/errors.ts';
import { createBookingRepository } from '../infra/db/booking-repo.ts';
import { openDatabase } from '../infra/db/open-db.ts';
import { loadCenterDirectory } from '../infra/settings/centers.ts';

export interface ExportOptions {
  from: string;
  to: string;
  center?: string | undefined;
  out?: string | undefined;
}

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must look like 2026-11-01')
  .refine((value) => {
    const [y, m, d] = value.split('-').map(Number) as [number, number, number];
    return formatLocalDate(y, m, d) === value;
  }, 'is not a real date');

const ExportArgs = z
  .object({
    from: localDate,
    to: localDate,
    center: z
      .string()
      .regex(/^[a-z]+$/, 'must be a center id such as tokyo')
      .optional(),
    out: z.string().min(1).optional(),
  })
  .refine((args) => args.from <= args.to, { message: 'must not be before --from', path: ['to'] });

/** Throws AppError('bad_request') naming the flag, e.g. "--from must look like 2026-11-01". */
export function parseExportArgs(argv: string[]): ExportOptions {
  let values: Record<string, unknown>;
  try {
    values = parseArgs({
      args: argv,
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        center: { type: 'string' },
        out: { type: 'string' },
      },
    }).values;
  } catch (error) {
    throw new AppError('bad_request', `${(error as Error).message}\n${usage}`, {
      cause: error,
      userVisible: true,
    });
  }
  const parsed = ExportArgs.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const flag = `--${String(issue.path[0] ?? 'from')}`;
    const message = issue.code === 'invalid_type' ? 'is required' : issue.message;
    throw new AppError('bad_request', `${flag} ${message}\n${usage}`, { userVisible: true });
  }
  return parsed.data;
}

const usage =
  'Usage: npm run bookings:export -- --from YYYY-MM-DD --to YYYY-MM-DD [--center tokyo] [--out file.csv]';

const headers = [
  '受付番号',
  '種別',
  '状態',
  '申込日時',
  'センター',
  '窓口',
  '担当者の確認が必要',
  fieldLabels.topic,
  fieldLabels.method,
  fieldLabels.purpose,
  fieldLabels.prefecture,
  fieldLabels.organisation,
  '業種',
  fieldLabels.address,
  fieldLabels.headcount,
  fieldLabels.role,
  fieldLabels.specialInsurance,
  fieldLabels.name,
  '電話番号',
  'メールアドレス',
  fieldLabels.dates,
  fieldLabels.summary,
  '個人情報の同意日時',
  '同意した説明文',
  '判断した担当者',
  '判断日時',
  '提案した日時',
  '確定した日時',
  '担当者メモ',
  '取消日時',
];

/** RFC 4180: quote a field holding a comma, quote or line break; double the quotes inside. */
export function quoteCsvField(value: string): string {
  // A cell starting with = + - @ is a formula to Excel: a leading apostrophe keeps it text (OWASP).
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Formatting against a reference year no booking has makes every date in the file carry its year. */
const withYear = new Date(0);

export function renderBookingsCsv(bookings: readonly Booking[], centers: CenterDirectory): string {
  const at = (instant: Date | null) => (instant ? formatInstant(instant, withYear) : '');
  const lines = [headers.map(quoteCsvField).join(',')];
  for (const b of bookings) {
    const center = centers.byId(b.centerId);
    const row = [
      b.reference,
      kindLabels[b.kind],
      statusLabels[b.status],
      at(b.createdAt),
      center?.name ?? b.centerId,
      center ? describeDesk(center, b.desk) : b.desk,
      b.needsStaffReview ? 'はい' : '',
      b.topic,
      b.method ?? '',
      b.purpose ?? '',
      b.prefecture,
      b.organisation ?? '',
      b.industry ?? '',
      b.address ?? '',
      b.headcount ? formatHeadcount(b.headcount) : '',
      b.role ?? '',
      b.specialInsurance ? specialInsuranceLabels[b.specialInsurance] : '',
      b.contactName,
      b.contact.kind === 'phone' ? b.contact.value : '',
      b.contact.kind === 'email' ? b.contact.value : '',
      b.preferredDates.map((wish) => formatWish(wish, withYear)).join('\n'),
      b.summary,
      at(b.consentAt),
      b.consentNotice,
      b.decidedBy?.name ?? '',
      at(b.decidedAt),
      b.proposedDates.map((d) => at(d)).join('\n'),
      at(b.scheduledAt),
      b.staffNote ?? '',
      at(b.cancelledAt),
    ];
    lines.push(row.map(quoteCsvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Opens the configured database and returns the CSV (and writes it when --out is given). */
export async function runBookingsExport(
  config: Config,
  options: ExportOptions,
): Promise<{ csv: string; count: number }> {
  const centers = await loadCenterDirectory(join(config.SETTINGS_DIR, 'centers.yaml'));
  if (options.center !== undefined && centers.byId(options.center) === undefined) {
    throw new AppError('bad_request', `--center "${options.center}" is not in settings/centers.yaml`, {
      userVisible: true,
    });
  }
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  let bookings: Booking[];
  try {
    bookings = await createBookingRepository(db).listCreatedBetween(
      fromTokyo(options.from),
      fromTokyo(addDays(options.to, 1)),
      options.center,
    );
  } finally {
    await db.close();
  }
  const csv = renderBookingsCsv(bookings, centers);
  if (options.out !== undefined) await writeFile(options.out, csv, 'utf8');
  return { csv, count: bookings.length };
}
