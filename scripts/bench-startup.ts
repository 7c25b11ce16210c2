/**
 * `npm run bench:startup [-- --runs 3]`: how long `npm start` (node src/main.ts) takes to answer /readyz
 * with the embedded PGlite and no model: the first run on an empty data folder (migrations and the corpus
 * ingest) and the following runs on the same folder (nothing changed, so nothing is re-indexed). Each run
 * is a fresh process, stopped with SIGTERM once ready. Prints a table for docs/operations.md; asserts nothing.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const runs = runsArg >= 0 ? Number(args[runsArg + 1]) : 3;
const root = new URL('..', import.meta.url).pathname;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function startOnce(dataDir: string): Promise<number> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    PGLITE_DIR: dataDir,
    LOG_LEVEL: 'warn',
  };
  delete env.DATABASE_URL;
  delete env.OPENAI_API_KEY;
  const started = performance.now();
  const child = spawn(process.execPath, ['src/main.ts'], {
    cwd: root,
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    for (;;) {
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ready) return performance.now() - started;
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${stderr}`);
      if (performance.now() - started > 300_000) throw new Error(`not ready after 300 s:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const dataDir = await mkdtemp(join(tmpdir(), 'sanpo-startup-'));
try {
  const rows: string[] = [];
  for (let i = 0; i < runs; i++) {
    const ms = await startOnce(dataDir);
    const label =
      i === 0 ? 'first run (empty data folder: migrations + ingest)' : `run ${i + 1} (nothing changed)`;
    rows.push(`| ${label} | ${(ms / 1000).toFixed(2)} s |`);
    process.stderr.write(`${label}: ${(ms / 1000).toFixed(2)} s\n`);
  }
  process.stdout.write(`| npm start → /readyz | time |\n|---|---|\n${rows.join('\n')}\n`);
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
