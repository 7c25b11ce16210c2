/**
 * Composition root for `npm start`: read config once, build the app, shut down cleanly on SIGINT/SIGTERM.
 */

import { startApp } from './composition/app.ts';
import { isConsoleEnabled, parseConfig } from './config.ts';
import { isAppError } from './core/errors.ts';
import { createLogger } from './infra/logger.ts';

const shutdownDeadlineMs = 25_000;

async function main(): Promise<void> {
  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(78);
  }
  const logger = createLogger({ level: config.LOG_LEVEL });
  let app: Awaited<ReturnType<typeof startApp>>;
  try {
    app = await startApp(config, logger);
  } catch (error) {
    if (isAppError(error)) {
      logger.error({ code: error.code, err: error }, 'start-up failed');
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  process.stderr.write(`さんぽアシスタント is running at ${app.url}\n`);
  if (isConsoleEnabled(config)) {
    // The console answers loopback host names only when open; with a token, the first visit carries it once.
    const local = app.url.replace('://127.0.0.1:', '://localhost:');
    const hint = config.CONSOLE_TOKEN === undefined ? '' : ' (first visit: add ?token=<CONSOLE_TOKEN>)';
    process.stderr.write(`Local console (user chat and staff view): ${local}/${hint}\n`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Finish in-flight requests and jobs, then close the database. Anything accepted but unfinished is
    // durable and resumes on the next start, so a hung close may be cut short: orchestrators send SIGKILL
    // after 30 s by default, and exiting on our own first leaves a clear log line.
    const deadline = setTimeout(() => {
      logger.error({ signal, afterMs: shutdownDeadlineMs }, 'shutdown did not finish in time; exiting');
      process.exit(1);
    }, shutdownDeadlineMs);
    deadline.unref();
    try {
      await app.close();
    } catch (error) {
      logger.error({ err: error }, 'shutdown failed');
      process.exit(1);
    }
    logger.info({ signal }, 'shut down');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

await main();
