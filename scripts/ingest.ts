/**
 * `npm run ingest [path]`: brings the knowledge index up to date with the corpus (CORPUS_DIR, or the
 * directory given). Unchanged documents are skipped, changed ones replaced, removed ones deleted. A file
 * path adds or updates that one document only. The server also does this at start when the corpus changed.
 */
import { stat } from 'node:fs/promises';
import { createProgressBar } from '../src/cli/progress-bar.ts';
import { parseConfig } from '../src/config.ts';
import { isAppError } from '../src/core/errors.ts';
import { createDefaultTokenizer } from '../src/core/knowledge/tokenizer.ts';
import { openDatabase } from '../src/infra/db/open-db.ts';
import { createEmbedder } from '../src/infra/llm/create-embedder.ts';
import { createLogger } from '../src/infra/logger.ts';
import { ingestCorpus } from '../src/ingest/ingest-corpus.ts';

const config = parseConfig(process.env);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr });
const target = process.argv[2] ?? config.CORPUS_DIR;

try {
  const isFile = (await stat(target)).isFile();
  const db = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
  try {
    const embedder = await createEmbedder(config);
    const progress = createProgressBar(process.stderr, 'ingest');
    const started = performance.now();
    const report = await ingestCorpus({
      db,
      embedder,
      tokenizer: createDefaultTokenizer(),
      corpusDir: isFile ? config.CORPUS_DIR : target,
      onlyFile: isFile ? target : undefined,
      logger,
      onProgress: (p) => progress.update(p.done, p.total, p.documentId),
    });
    progress.finish();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `${report.written.length} written (${report.chunks} chunks), ${report.unchanged.length} unchanged, ` +
        `${report.deleted.length} deleted${report.rebuilt ? ', index (re)built for this embedder and tokenizer' : ''} ` +
        `in ${seconds} s [${embedder.id}, ${db.kind}]`,
    );
    for (const id of report.written) console.log(`  + ${id}`);
    for (const id of report.deleted) console.log(`  - ${id}`);
  } finally {
    await db.close();
  }
} catch (error) {
  const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
  if (!isAppError(error) && !missing) throw error;
  console.error(missing ? `No such file or directory: ${target}` : (error as Error).message);
  process.exitCode = 1;
}
