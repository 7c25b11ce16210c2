/** `npm run bookings:export` as a real child process against a real database. */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExportArgs, quoteCsvField, renderBookingsCsv } from '../../../src/cli/bookings-export.ts';
import { isAppError } from '../../../src/core/errors.ts';
import { createBookingRepository } from '../../../src/infra/db/booking-repo.ts';
import { openDatabase } from '../../../src/infra/db/open-db.ts';
import { createTestDatabaseUrl } from '../../support/db.ts';
import { loadCenters } from '../../unit/booking/fakes.ts';
import { sampleBooking } from './sample-booking.ts';

const run = promisify(execFile);
const script = new URL('../../../scripts/bookings-export.ts', import.meta.url).pathname;

/** Opening a database and migrating it (in the hook and in each child process) can take over a minute on a loaded 2-core machine. */
const dbHookTimeoutMs = 240_000;
describe('bookings:export', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bookings-export-'));
    const url = await createTestDatabaseUrl();
    env = url ? { DATABASE_URL: url } : { PGLITE_DIR: join(dir, 'db') };
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDir: env.PGLITE_DIR });
    const repo = createBookingRepository(db);
    await repo.create(sampleBooking(), new Date('2026-11-24T01:00:00Z'));
    await repo.create(
      sampleBooking({ requestKey: 'k2', centerId: 'osaka', prefecture: '大阪府' }),
      new Date('2026-11-25T01:00:00Z'),
    );
    // Created on 1 December in Tokyo (30 November in UTC): outside a November export.
    await repo.create(sampleBooking({ requestKey: 'k3' }), new Date('2026-11-30T16:00:00Z'));
    await db.close();
  }, dbHookTimeoutMs);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it(
    'writes the month’s bookings for one center as Excel-friendly CSV',
    async () => {
      const out = join(dir, 'tokyo.csv');
      await run(
        process.execPath,
        [script, '--from', '2026-11-01', '--to', '2026-11-30', '--center', 'tokyo', '--out', out],
        {
          env: { ...process.env, ...env },
        },
      );
      const csv = await readFile(out, 'utf8');
      expect(csv.startsWith('\uFEFF受付番号,種別,状態,申込日時')).toBe(true);
      const lines = csv.slice(1).split('\r\n');
      expect(lines).toHaveLength(3); // header, one booking, the final empty string
      expect(lines[1]).toContain(
        'C-2611-0001,専門的相談,受付中（センターの確認待ち）,2026年11月24日（火）10:00',
      );
      // A summary with a comma and quotes is one quoted field; two preferred dates share one cell.
      expect(lines[1]).toContain('"職場環境改善の進め方, ""集団分析"""');
      expect(lines[1]).toContain('"2026年12月3日（木）10:00〜\n2026年12月4日（金）午後"');
    },
    dbHookTimeoutMs,
  );

  it(
    'prints all centers to stdout without --out',
    async () => {
      const { stdout } = await run(process.execPath, [script, '--from', '2026-11-01', '--to', '2026-11-30'], {
        env: { ...process.env, ...env },
      });
      expect(stdout.match(/C-2611-000\d/g)).toEqual(['C-2611-0001', 'C-2611-0002']);
    },
    dbHookTimeoutMs,
  );

  it(
    'refuses bad arguments with a clear message and exit code 2',
    async () => {
      const error = await run(process.execPath, [script, '--from', '2026-11-31', '--to', '2026-12-01'], {
        env: { ...process.env, ...env },
      }).catch((e: { code: number; stderr: string }) => e);
      expect(error).toMatchObject({ code: 2 });
      expect((error as { stderr: string }).stderr).toContain('--from is not a real date');
    },
    dbHookTimeoutMs,
  );
});

describe('CSV details', () => {
  it('quotes per RFC 4180 and defuses formulas', () => {
    expect(quoteCsvField('plain')).toBe('plain');
    expect(quoteCsvField('a,b')).toBe('"a,b"');
    expect(quoteCsvField('say "hi"')).toBe('"say ""hi"""');
    expect(quoteCsvField('line\nbreak')).toBe('"line\nbreak"');
    expect(quoteCsvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
  });

  it('renders an empty export as a header line', () => {
    expect(renderBookingsCsv([], loadCenters()).split('\r\n')).toHaveLength(2);
  });

  it('validates its arguments', () => {
    expect(parseExportArgs(['--from', '2026-11-01', '--to', '2026-11-30', '--center', 'tokyo'])).toEqual({
      from: '2026-11-01',
      to: '2026-11-30',
      center: 'tokyo',
    });
    for (const argv of [
      ['--from', '2026-11-01'],
      ['--from', '11/01/2026', '--to', '2026-11-30'],
      ['--bogus', 'x'],
    ]) {
      const error = (() => {
        try {
          parseExportArgs(argv);
        } catch (e) {
          return e;
        }
      })();
      expect(isAppError(error, 'bad_request')).toBe(true);
    }
  });
});
