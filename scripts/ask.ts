/** `npm run ask`: see src/cli/ask.ts. */

import { runAsk } from '../src/cli/ask.ts';
import { openAskEngine } from '../src/cli/ask-engine.ts';
import { parseConfig } from '../src/config.ts';
import type { KnowledgeAnswerer } from '../src/core/conversation/deps.ts';
import { createLogger } from '../src/infra/logger.ts';

const config = parseConfig(process.env);
// Logs go to stderr so --json/--jsonl output stays clean; quiet unless LOG_LEVEL asks for more.
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr });

// The knowledge base's composition (issue 2) plugs in here; until it does, the engine says honestly that
// the corpus does not cover the question and offers staff, as it does for any unsupported question.
const knowledge = async (): Promise<KnowledgeAnswerer> => ({
  answer: async () => ({
    text: '申し訳ありません。このご質問は、手元の公式資料では確認できませんでした。担当者や専門スタッフへのご相談をご利用ください。',
    citations: [],
    grounded: false,
    answeredBy: 'unavailable',
  }),
});

process.stdin.setEncoding('utf8');
const code = await runAsk(
  process.argv.slice(2),
  { stdin: process.stdin, write: (t) => process.stdout.write(t), error: (t) => process.stderr.write(t) },
  (options) => openAskEngine(config, logger, { memory: options.memory, knowledge }),
);
process.exitCode = code;
