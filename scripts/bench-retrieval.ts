/**
 * `npm run bench:retrieval [-- --sizes 1000,10000,100000] [--postgres URL] [--no-pglite]`
 * Retrieval latency, ingestion throughput and peak memory at each size, on PGlite and on PostgreSQL (the
 * server of --postgres, BENCH_DATABASE_URL or TEST_DATABASE_URL; a scratch database is created and
 * dropped there), and the LangChain-tutorial baseline. Each measurement runs in its own process.
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  type BaselineResult,
  type BenchDatabase,
  formatBaselineTable,
  formatScaleTable,
  measureBaseline,
  measureScale,
  type ScaleResult,
} from '../src/cli/bench-retrieval.ts';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    corpus: { type: 'string', default: process.env.CORPUS_DIR ?? './corpus' },
    postgres: { type: 'string' },
    'no-pglite': { type: 'boolean', default: false },
    one: { type: 'string' },
  },
});

type Job =
  | { what: 'baseline'; target: BenchDatabase }
  | { what: 'scale'; target: BenchDatabase; size: number };

if (values.one !== undefined) {
  const job = JSON.parse(values.one) as Job;
  const result =
    job.what === 'baseline'
      ? await measureBaseline(job.target, values.corpus)
      : await measureScale(job.target, job.size, values.corpus);
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const sizes = values.sizes.split(',').map((s) => Number.parseInt(s.trim(), 10));
  if (sizes.some((s) => !Number.isInteger(s) || s < 0))
    throw new Error(`--sizes: not a list of counts: ${values.sizes}`);
  const postgresUrl = values.postgres ?? process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const targets: BenchDatabase[] = [
    ...(values['no-pglite'] ? [] : [{ kind: 'pglite' as const }]),
    ...(postgresUrl === undefined ? [] : [{ kind: 'postgres' as const, url: postgresUrl }]),
  ];
  const run = <T>(job: Job): T => {
    const label = job.what === 'baseline' ? 'baseline' : `${job.size} chunks`;
    process.stderr.write(`${job.target.kind}: ${label}…\n`);
    const out = execFileSync(
      process.execPath,
      [
        '--expose-gc',
        new URL(import.meta.url).pathname,
        '--one',
        JSON.stringify(job),
        '--corpus',
        values.corpus,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 20 },
    );
    return JSON.parse(out.trim().split('\n').at(-1)!) as T;
  };
  const baselines: BaselineResult[] = [];
  const scales: ScaleResult[] = [];
  for (const target of targets) {
    baselines.push(run<BaselineResult>({ what: 'baseline', target }));
    for (const size of sizes) scales.push(run<ScaleResult>({ what: 'scale', target, size }));
  }
  console.log('## Golden set: ours vs the LangChain RAG tutorial baseline (same embedder)\n');
  console.log(formatBaselineTable(baselines));
  console.log('\n## Scale: real corpus + synthetic chunks (hashed n-gram embedder, 512 dims)\n');
  console.log(formatScaleTable(scales));
  if (postgresUrl === undefined)
    console.log('\n(PostgreSQL skipped: pass --postgres URL or set TEST_DATABASE_URL.)');
}
