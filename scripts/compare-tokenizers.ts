/**
 * `node --expose-gc scripts/compare-tokenizers.ts [--corpus dir] [names…]`: runs each tokenizer candidate
 * in its own process and prints the comparison table (see src/cli/compare-tokenizers.ts).
 */
import { execFileSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import {
  formatTokenizerTable,
  measureTokenizer,
  type TokenizerMeasurement,
  tokenizerCandidates,
} from '../src/cli/compare-tokenizers.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { corpus: { type: 'string', default: './corpus' }, one: { type: 'string' } },
});

if (values.one !== undefined) {
  process.stdout.write(`${JSON.stringify(await measureTokenizer(values.one, values.corpus))}\n`);
} else {
  const names = positionals.length > 0 ? positionals : Object.keys(tokenizerCandidates);
  const rows: TokenizerMeasurement[] = [];
  for (const name of names) {
    process.stderr.write(`measuring ${name}…\n`);
    const out = execFileSync(
      process.execPath,
      ['--expose-gc', new URL(import.meta.url).pathname, '--one', name, '--corpus', values.corpus],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    rows.push(JSON.parse(out.trim().split('\n').at(-1)!) as TokenizerMeasurement);
  }
  console.log(formatTokenizerTable(rows));
}
