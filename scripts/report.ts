/**
 * `npm run report -- --month YYYY-MM [--center id] [--json]`: monthly program figures (see src/cli/report.ts).
 * With the embedded database, stop the server first (one process owns it) or use `/sanpo report` in Slack.
 */
import { parseReportArgs, runReport } from '../src/cli/report.ts';
import { parseConfig } from '../src/config.ts';
import { isAppError } from '../src/core/errors.ts';

try {
  const output = await runReport(
    parseConfig(process.env),
    parseReportArgs(process.argv.slice(2)),
    new Date(),
  );
  console.log(output);
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exitCode = isAppError(error, 'bad_request') || isAppError(error, 'config_invalid') ? 2 : 1;
}
