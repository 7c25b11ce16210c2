import { describe, expect, it } from 'vitest';
import { structureMarkdown } from '../../../src/ingest/structure-markdown.ts';

describe('structureMarkdown', () => {
  it('uses ## and ### headings as the section path, not the # title', () => {
    const blocks = structureMarkdown(
      [
        '# 地域産業保健センターの使い方',
        '',
        '## 対象となる事業場',
        '地産保が支援するのは、労働者が50人未満の',
        '事業場です。',
        '',
        '### 50人の数え方',
        '- パートタイマーも**人数に含めます**。',
        '- 派遣の方も含めます。',
        '',
        '## 費用',
        '[無料](https://example.jp)です。',
      ].join('\n'),
    );
    expect(blocks).toEqual([
      { path: ['対象となる事業場'], text: '地産保が支援するのは、労働者が50人未満の事業場です。' },
      { path: ['対象となる事業場', '50人の数え方'], text: 'パートタイマーも人数に含めます。' },
      { path: ['対象となる事業場', '50人の数え方'], text: '派遣の方も含めます。' },
      { path: ['費用'], text: '無料です。' },
    ]);
  });
});
