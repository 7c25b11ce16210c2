import { describe, expect, it } from 'vitest';
import { splitSentences } from '../../../src/core/knowledge/sentences.ts';
import { chunkBlocks } from '../../../src/ingest/chunk-blocks.ts';

describe('splitSentences', () => {
  it('splits after 。！？ with closing brackets, but not inside brackets', () => {
    expect(
      splitSentences('センター（以下「センター」という。）が取り組む。次の文です！「引用です。」と言う。'),
    ).toEqual(['センター（以下「センター」という。）が取り組む。', '次の文です！', '「引用です。」と言う。']);
  });

  it('keeps a trailing fragment without a terminal', () => {
    expect(splitSentences('一文目。二文目の途中')).toEqual(['一文目。', '二文目の途中']);
  });
});

describe('chunkBlocks', () => {
  const sentence = (n: number) => `これは${n}番目の文で、産業保健の支援について説明しています。`;

  it('never splits a sentence and never crosses a heading', () => {
    const long = Array.from({ length: 30 }, (_, i) => sentence(i)).join('');
    const chunks = chunkBlocks([
      { path: ['A'], text: long },
      { path: ['B'], text: '短い節です。' },
    ]);
    const a = chunks.filter((c) => c.section === 'A');
    expect(a.length).toBeGreaterThan(1);
    for (const chunk of a) {
      expect(chunk.content.length).toBeLessThanOrEqual(500);
      expect(chunk.content.endsWith('。')).toBe(true);
    }
    expect(a.map((c) => c.content).join('')).toBe(long);
    expect(chunks.at(-1)).toEqual({ ordinal: chunks.length - 1, section: 'B', content: '短い節です。' });
  });

  it('balances a section into chunks of at least the target size', () => {
    const text = Array.from({ length: 20 }, (_, i) => sentence(i)).join('');
    const sizes = chunkBlocks([{ path: ['A'], text }]).map((c) => c.content.length);
    expect(sizes.length).toBe(2);
    for (const size of sizes) expect(size).toBeGreaterThanOrEqual(200);
  });

  it('keeps a sentence longer than the maximum whole', () => {
    const huge = `${'長い'.repeat(400)}。`;
    expect(chunkBlocks([{ path: [], text: huge }])).toEqual([{ ordinal: 0, section: '', content: huge }]);
  });

  it('separates paragraphs of one section with a line break', () => {
    const chunks = chunkBlocks([
      { path: ['A'], text: '一つ目の段落です。' },
      { path: ['A'], text: '二つ目の段落です。' },
    ]);
    expect(chunks).toEqual([{ ordinal: 0, section: 'A', content: '一つ目の段落です。\n二つ目の段落です。' }]);
  });
});
