/**
 * `node scripts/search.ts [--answer] "質問"`: what the knowledge base retrieves for a question (passages with
 * their lexical, vector, fused and coverage scores), and with --answer the answer it would give. Uses the
 * configured database and embedder and brings the index up to date first, like the server. For debugging.
 */
import { parseArgs } from 'node:util';
import { openKnowledgeBase } from '../src/composition/create-knowledge-base.ts';
import { parseConfig } from '../src/config.ts';
import { openDatabase } from '../src/infra/db/open-db.ts';
import { createLogger } from '../src/infra/logger.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { answer: { type: 'boolean', default: false }, limit: { type: 'string', default: '8' } },
});
const question = positionals.join(' ').trim();
if (question === '') {
  console.error('usage: node scripts/search.ts [--answer] [--limit N] "質問"');
  process.exit(64);
}
const config = parseConfig(process.env);
const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn', destination: process.stderr });
const db = await openDatabase({ databaseUrl: config.DATABASE_URL, pgliteDir: config.PGLITE_DIR });
try {
  const { knowledge } = await openKnowledgeBase(config, db, logger);
  const passages = await knowledge.search(question, Number(values.limit));
  for (const [i, p] of passages.entries()) {
    const s = p.scores;
    console.log(
      `${String(i + 1).padStart(2)}. ${p.id}  fused=${s.fused.toFixed(4)} coverage=${s.coverage?.toFixed(2) ?? '-'} ` +
        `lexical=${s.lexicalRank ?? '-'}:${s.lexical?.toFixed(2) ?? '-'} vector=${s.vectorRank ?? '-'}:${s.vector?.toFixed(3) ?? '-'}`,
    );
    console.log(`    ${p.citation.title} ／ ${p.citation.section}`);
    console.log(`    ${p.text.replace(/\n/gu, ' ').slice(0, 120)}…`);
  }
  if (values.answer) {
    const answer = await knowledge.answer(question);
    console.log(`\n[grounded=${answer.grounded} by ${answer.answeredBy}]\n${answer.text}`);
  }
} finally {
  await db.close();
}
