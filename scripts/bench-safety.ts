/**
 * `npm run bench:safety`: what the offline safety detectors (lexicon + n-gram model, detector.ts) cost per
 * message on this machine. Runs every message of the triage set and the safety training data many times
 * and prints the mean and the 50th/95th/99th percentiles of one detection. A benchmark, never a test:
 * the figure goes into docs/decisions/0007-safety-net.md.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { detectSafetySignals } from '../src/core/safety/detector.ts';

const root = new URL('../tests/eval/', import.meta.url).pathname;
const texts: string[] = [];
const take = (line: string) => {
  if (line.trim() === '') return;
  const row = JSON.parse(line) as { text?: string; turns?: string[]; question?: string };
  const text = row.text ?? row.turns?.join('\n') ?? row.question;
  if (text !== undefined) texts.push(text);
};
for (const line of (await readFile(join(root, 'triage.jsonl'), 'utf8')).split('\n')) take(line);
const trainDir = join(root, 'safety-train');
for (const file of await readdir(trainDir).catch(() => [] as string[]))
  for (const line of (await readFile(join(trainDir, file), 'utf8')).split('\n')) take(line);

const rounds = Number(process.env.BENCH_ROUNDS ?? 20);
for (const t of texts.slice(0, 200)) detectSafetySignals(t); // warm-up: JIT and the model's first use
const samples: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const t of texts) {
    const started = process.hrtime.bigint();
    detectSafetySignals(t);
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
}
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
const mean = samples.reduce((s, x) => s + x, 0) / samples.length;
const chars = texts.reduce((s, t) => s + t.length, 0) / texts.length;
process.stdout.write(
  `${texts.length} messages (mean ${chars.toFixed(0)} characters) × ${rounds}: ` +
    `mean ${mean.toFixed(3)} ms, p50 ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms per message\n`,
);
