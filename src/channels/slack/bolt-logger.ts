/**
 * Bolt and the Web API client log through this adapter into our pino logger. Their debug output includes
 * request bodies (message text), so only warnings and errors pass, as a short message without payloads.
 */
import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from '../../core/ports.ts';

export function createBoltLogger(logger: Logger): BoltLogger {
  const log = logger.child({ component: 'slack-sdk' });
  const describe = (args: unknown[]) => {
    const error = args.find((a): a is Error => a instanceof Error);
    const words = args.filter((a): a is string => typeof a === 'string').join(' ');
    // Cut long strings: an SDK message may end with a JSON payload.
    return { sdkMessage: words.slice(0, 200), ...(error === undefined ? {} : { err: error }) };
  };
  return {
    debug: () => {},
    info: () => {},
    warn: (...args: unknown[]) => log.warn(describe(args), 'slack sdk warning'),
    error: (...args: unknown[]) => log.error(describe(args), 'slack sdk error'),
    setLevel: () => {},
    getLevel: () => LogLevel.WARN,
    setName: () => {},
  };
}
