/**
 * CPU cost of one offline conversation turn, in isolation from HTTP and queues: safety signals, rule
 * triage and the knowledge base's answer (hybrid retrieval + extractive answer, no model), over the golden
 * questions, on in-memory PGlite or a scratch database on PostgreSQL. Prints ms and CPU ms per question
 * and can write every answer to a file, so an optimisation can be checked to change none of them.
 *
 *   node --cpu-prof scripts/maintenance/profile-answer.ts [--rounds 5] [--postgres URL] [--answers out.json]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openScratchDb } from '../../src/cli/bench-retrieval.ts';
import { GoldenQuestion, goldenSetPath, readJsonl } from '../../src/cli/eval-retrieval.ts';
import { openKnowledgeBase } from '../../src/composition/create-knowledge-base.ts';
import { parseConfig } from '../../src/config.ts';
import { detectSafetySignals } from '../../src/core/safety/detector.ts';
import { triageByRules } from '../../src/core/triage/rules-triage.ts';
import { createLogger } from '../../src/infra/logger.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    postgres: { type: 'string' },
    answers: { type: 'string' },
  },
});
const rounds = Number.parseInt(values.rounds, 10);

const config = parseConfig({ ...process.env, OPENAI_API_KEY: undefined });
const logger = createLogger({ level: 'warn', destination: process.stderr });
const golden = await readJsonl(goldenSetPath, GoldenQuestion);
const { db, drop } = await openScratchDb(
  values.postgres === undefined ? { kind: 'pglite' } : { kind: 'postgres', url: values.postgres },
);
try {
  const { knowledge } = await openKnowledgeBase(config, db, logger);
  const answers: unknown[] = [];
  // One turn as the engine runs it offline; every other question is asked as a follow-up of the one
  // before, so the conversation-context path is exercised too.
  const turn = async (index: number) => {
    const { question } = golden[index]!;
    const signals = detectSafetySignals(question);
    const triage = triageByRules(question, signals, { followUp: index % 2 === 1 });
    const history = index % 2 === 1 ? [golden[index - 1]!.question] : [];
    return { route: triage.route, answer: await knowledge.answer(question, { history }) };
  };
  for (let i = 0; i < golden.length; i++) answers.push(await turn(i)); // warm-up, and the answers
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  for (let r = 0; r < rounds; r++) for (let i = 0; i < golden.length; i++) await turn(i);
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const turns = rounds * golden.length;
  console.log(
    `${db.kind}: ${turns} turns; ${(wallMs / turns).toFixed(2)} ms/question wall, ` +
      `${((cpu.user + cpu.system) / 1000 / turns).toFixed(2)} ms/question CPU (this process)`,
  );
  if (values.answers !== undefined)
    await writeFile(values.answers, `${JSON.stringify(answers, null, 1)}\n`, 'utf8');
} finally {
  await drop();
}
