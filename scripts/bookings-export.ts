/**
 * `npm run bookings:export -- --from YYYY-MM-DD --to YYYY-MM-DD [--center tokyo] [--out file.csv]`
 * (see src/cli/bookings-export.ts). With the embedded database, stop the server first (one process owns it).
 */
import { parseExportArgs, runBookingsExport } from '../src/cli/bookings-export.ts';
import { parseConfig } from '../src/config.ts';
import { isAppError } from '../src/core/errors.ts';

try {
  const options = parseExportArgs(process.argv.slice(2));
  const { csv, count } = await runBookingsExport(parseConfig(process.env), options);
  if (options.out === undefined) process.stdout.write(csv);
  else console.error(`${count} bookings written to ${options.out}`);
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exitCode = isAppError(error, 'bad_request') || isAppError(error, 'config_invalid') ? 2 : 1;
}
