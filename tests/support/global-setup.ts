/**
 * Says in one line, before the run, what this machine leaves out and how to include it: the second run
 * on real PostgreSQL (TEST_DATABASE_URL) and the browser tests (Chromium). Nothing is skipped silently.
 */
import { existsSync } from 'node:fs';

export default function setup(): void {
  const skipped: string[] = [];
  if (process.env.TEST_DATABASE_URL === undefined)
    skipped.push('the PostgreSQL runs (set TEST_DATABASE_URL to a PostgreSQL ≥ 15 with pgvector)');
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const onCi = process.env.CI === 'true' || process.env.CI === '1';
  if (!existsSync(chromium) && !onCi)
    skipped.push(`the browser tests (no Chromium at ${chromium}: bash scripts/ci/install-chromium.sh)`);
  if (skipped.length > 0) console.log(`Skipping ${skipped.join('; and ')}. Everything else runs on PGlite.`);
}
