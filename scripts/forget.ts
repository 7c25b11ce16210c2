/**
 * `npm run forget -- <LINE user id> [--channel line|web|slack] [--dry-run] [--json]`: deletes one person's
 * data from every table and prints the counts (see src/cli/forget.ts). With the embedded database, stop the
 * server first (one process owns it).
 */
import { parseForgetArgs, runForget } from '../src/cli/forget.ts';
import { parseConfig } from '../src/config.ts';
import { isAppError } from '../src/core/errors.ts';

try {
  console.log(await runForget(parseConfig(process.env), parseForgetArgs(process.argv.slice(2))));
} catch (error) {
  console.error(isAppError(error) ? error.message : error);
  process.exitCode = isAppError(error, 'bad_request') || isAppError(error, 'config_invalid') ? 2 : 1;
}
