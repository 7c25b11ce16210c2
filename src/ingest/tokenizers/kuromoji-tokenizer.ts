/**
 * kuromoji (a morphological analyser with the IPADIC dictionary). The best word boundaries and base forms
 * (使えます → 使う), at the cost of loading a ~17 MB compressed dictionary; a candidate in the tokenizer
 * comparison (docs/decisions/0002-japanese-tokenizer.md).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { keepContentWords, type Tokenizer } from '../../core/knowledge/tokenizer.ts';

interface KuromojiToken {
  surface_form: string;
  basic_form: string;
  pos: string;
}
interface KuromojiTokenizer {
  tokenize(text: string): KuromojiToken[];
}
interface KuromojiModule {
  builder(options: { dicPath: string }): {
    build(callback: (error: Error | null, tokenizer: KuromojiTokenizer) => void): void;
  };
}

/** Particles, auxiliary verbs and symbols carry grammar, not topic. */
const skippedPartsOfSpeech = new Set(['助詞', '助動詞', '記号']);

export async function createKuromojiTokenizer(): Promise<Tokenizer> {
  const require = createRequire(import.meta.url);
  const kuromoji = require('kuromoji') as KuromojiModule;
  const dicPath = join(dirname(require.resolve('kuromoji/package.json')), 'dict');
  const analyser = await new Promise<KuromojiTokenizer>((resolve, reject) => {
    kuromoji.builder({ dicPath }).build((error, tokenizer) => (error ? reject(error) : resolve(tokenizer)));
  });
  return {
    id: 'kuromoji-v1',
    tokenize: (text) =>
      keepContentWords(
        analyser
          .tokenize(text)
          .filter((t) => !skippedPartsOfSpeech.has(t.pos))
          .map((t) => (t.basic_form !== '*' && t.basic_form !== '' ? t.basic_form : t.surface_form)),
      ),
  };
}
