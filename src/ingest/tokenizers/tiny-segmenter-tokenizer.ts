/**
 * TinySegmenter (Taku Kudo's 25 KB statistical word breaker). No dictionary to load; a candidate in the
 * tokenizer comparison (docs/decisions/0002-japanese-tokenizer.md).
 */
import { createRequire } from 'node:module';
import { keepContentWords, type Tokenizer } from '../../core/knowledge/tokenizer.ts';

interface TinySegmenter {
  segment(text: string): string[];
}

export function createTinySegmenterTokenizer(): Tokenizer {
  // The package is CommonJS without types: load it through require and describe the one method used.
  const Segmenter = createRequire(import.meta.url)('tiny-segmenter') as new () => TinySegmenter;
  const segmenter = new Segmenter();
  return {
    id: 'tiny-segmenter-v1',
    tokenize: (text) => keepContentWords(segmenter.segment(text)),
  };
}
