/** `npm run build:readings`: rebuilds src/core/knowledge/kana-readings.json from corpus/ (see src/cli/build-kana-readings.ts). */
import { writeFile } from 'node:fs/promises';
import {
  buildKanaReadings,
  kanaReadingsPath,
  serializeKanaReadings,
} from '../src/cli/build-kana-readings.ts';

const table = await buildKanaReadings(
  process.env.CORPUS_DIR ?? new URL('../corpus/', import.meta.url).pathname,
);
await writeFile(kanaReadingsPath, serializeKanaReadings(table));
process.stdout.write(`${Object.keys(table).length} readings; wrote ${kanaReadingsPath.pathname}\n`);
