/**
 * `npm run eval:blind [-- --failures] [files…]`: the blind sets in tests/eval/blind/ through the real
 * engine, offline unless OPENAI_API_KEY is set (see src/cli/eval-blind.ts). Without files, every set there;
 * safety files of one batch (safety-b1-positive.jsonl, safety-b1-negative.jsonl) are reported together.
 */
import { readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { openAskEngine } from '../src/cli/ask-engine.ts';
import {
  BlindAnswerItem,
  BlindSafetyItem,
  formatAnswerReport,
  formatSafetyReport,
  readItems,
  runAnswerSet,
  runSafetySet,
} from '../src/cli/eval-blind.ts';
import { openKnowledgeBase } from '../src/composition/create-knowledge-base.ts';
import { parseConfig } from '../src/config.ts';
import { softSafetyMarker } from '../src/core/replies/soft-safety.ts';
import { createLogger } from '../src/infra/logger.ts';

const args = process.argv.slice(2);
const showFailures = args.includes('--failures');
/** With --verbose, each failure also shows the question and the start of the reply. */
const verbose = args.includes('--verbose');
const blindDir = new URL('../tests/eval/blind/', import.meta.url).pathname;
const files = args.filter((a) => !a.startsWith('--'));
const chosen =
  files.length > 0
    ? files
    : (await readdir(blindDir))
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
        .map((f) => join(blindDir, f));

const config = parseConfig(process.env);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'error', destination: process.stderr });
const opened = await openAskEngine(config, logger, {
  memory: true,
  knowledge: async (db) => (await openKnowledgeBase(config, db, logger)).knowledge,
});
try {
  const batches = new Map<string, string[]>();
  for (const file of chosen) {
    const name = basename(file, '.jsonl');
    if (name.startsWith('answers-')) {
      const report = await runAnswerSet(
        opened.engine,
        name,
        await readItems(file, BlindAnswerItem),
        softSafetyMarker,
      );
      process.stdout.write(`${formatAnswerReport(report)}\n\n`);
      if (showFailures)
        process.stdout.write(
          `${report.failures
            .map(
              (f) =>
                `${f.id} ${f.verdict} ${f.route ?? '—'}` +
                (verbose ? `\n  Q: ${f.question}\n  A: ${f.reply.replace(/\s+/gu, ' ').slice(0, 300)}` : ''),
            )
            .join('\n')}\n\n`,
        );
    } else if (name.startsWith('safety-')) {
      const batch = name.split('-').slice(0, 2).join('-');
      batches.set(batch, [...(batches.get(batch) ?? []), file]);
    }
  }
  for (const [batch, batchFiles] of batches) {
    const items = (await Promise.all(batchFiles.map((f) => readItems(f, BlindSafetyItem)))).flat();
    const report = await runSafetySet(opened.engine, batch, items, softSafetyMarker);
    process.stdout.write(`${formatSafetyReport(report)}\n\n`);
    if (showFailures)
      process.stdout.write(
        `crisis missed: ${report.crisis.missed.join(' ')}\nperson missed: ${report.person.missed.join(' ')}\nfalse alarms: ${report.negative.falseAlarms.join(' ')}\n\n`,
      );
  }
} finally {
  await opened.close();
}
