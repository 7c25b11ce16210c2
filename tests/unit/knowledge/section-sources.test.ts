import { describe, expect, it } from 'vitest';
import { isOfficialUrl } from '../../../src/core/knowledge/official-sources.ts';
import { DocumentMeta } from '../../../src/ingest/document-meta.ts';
import { structureMarkdownWithSources } from '../../../src/ingest/structure-markdown.ts';

describe('official sources', () => {
  it('accepts the ministry, its labour bureaus and こころの耳, JOHAS and its centers, e-Gov and JAISH', () => {
    for (const url of [
      'https://www.mhlw.go.jp/stf/seisakunitsuite/bunya/0000092296.html',
      'https://kokoro.mhlw.go.jp/agency/',
      'https://jsite.mhlw.go.jp/tokyo-roudoukyoku/',
      'https://www.johas.go.jp/sangyouhoken/tabid/1251/Default.aspx',
      'https://tokyos.johas.go.jp/center',
      'https://laws.e-gov.go.jp/law/347AC0000000057',
      'https://www.jaish.gr.jp/',
    ])
      expect(isOfficialUrl(url), url).toBe(true);
  });

  it('refuses commercial and private sites, look-alike hosts and other schemes', () => {
    for (const url of [
      'https://www.kaonavi.jp/dictionary/stresscheck/',
      'https://www.wic-net.com/material/document/21271/94',
      'https://mhlw.go.jp.evil.example/',
      'https://notmhlw.go.jp/',
      'ftp://www.mhlw.go.jp/',
      'not a url',
    ])
      expect(isOfficialUrl(url), url).toBe(false);
  });

  it('a document whose metadata lists an unofficial source does not validate', () => {
    const meta = {
      id: 'x',
      title: 'x',
      kind: 'guide',
      as_of: '2026-12-05',
      sources: ['https://www.mhlw.go.jp/a', 'https://blog.example.com/b'],
    };
    const result = DocumentMeta.safeParse(meta);
    expect(result.success).toBe(false);
    expect(DocumentMeta.safeParse({ ...meta, sources: ['https://www.mhlw.go.jp/a'] }).success).toBe(true);
  });
});

describe('section sources in markdown', () => {
  const body = [
    '# 題',
    '',
    '## 衛生委員会の開催頻度',
    '<!-- source: https://www.mhlw.go.jp/eisei -->',
    '毎月1回以上開きます。',
    '',
    '### 記録の保存',
    '記録は3年間保存します。',
    '',
    '## 産業医の選任',
    '50人以上で選任します。',
    '<!-- source: https://www.mhlw.go.jp/sangyoui -->',
    '<!-- source: https://laws.e-gov.go.jp/law/347AC0000000057 -->',
    '',
    '## 出典のない節',
    '本文です。',
  ].join('\n');

  it('gives each block its section’s sources, a subsection its parent’s, wherever in the section they stand', () => {
    const { blocks, sources } = structureMarkdownWithSources(body);
    const byText = new Map(blocks.map((b) => [b.text, b.sources]));
    expect(byText.get('毎月1回以上開きます。')).toEqual(['https://www.mhlw.go.jp/eisei']);
    expect(byText.get('記録は3年間保存します。')).toEqual(['https://www.mhlw.go.jp/eisei']);
    expect(byText.get('50人以上で選任します。')).toEqual([
      'https://www.mhlw.go.jp/sangyoui',
      'https://laws.e-gov.go.jp/law/347AC0000000057',
    ]);
    expect(byText.get('本文です。')).toBeUndefined();
    expect(sources).toHaveLength(3);
  });

  it('never lets the comment into the quoted text', () => {
    const { blocks } = structureMarkdownWithSources(body);
    expect(blocks.some((b) => b.text.includes('source'))).toBe(false);
  });
});
