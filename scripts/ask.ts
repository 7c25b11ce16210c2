/** `npm run ask`: see src/cli/ask.ts. */

import { runAsk } from '../src/cli/ask.ts';
import { openAskEngine } from '../src/cli/ask-engine.ts';
import { openKnowledgeBase } from '../src/composition/create-knowledge-base.ts';
import { parseConfig } from '../src/config.ts';
import { createLogger } from '../src/infra/logger.ts';

const config = parseConfig(process.env);
// Logs go to stderr so --json/--jsonl output stays clean; quiet unless LOG_LEVEL asks for more.
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr });

process.stdin.setEncoding('utf8');
const code = await runAsk(
  process.argv.slice(2),
  {
    stdin: process.stdin,
    write: (t) => process.stdout.write(t),
    error: (t) => process.stderr.write(t),
    interactive: process.stdin.isTTY === true,
  },
  (options) =>
    openAskEngine(config, logger, {
      memory: options.memory,
      // The same knowledge base as the server; the corpus is indexed first if it changed (always with --memory).
      knowledge: async (db) => (await openKnowledgeBase(config, db, logger)).knowledge,
    }),
);
process.exitCode = code;
