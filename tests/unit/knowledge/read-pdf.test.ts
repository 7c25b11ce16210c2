import { describe, expect, it } from 'vitest';
import { readPdfText } from '../../../src/ingest/extract-blocks.ts';
import { structurePlainText } from '../../../src/ingest/structure-plain-text.ts';
import { makeJapanesePdf } from '../../fixtures/knowledge/minimal-pdf.ts';

describe('PDF text (unpdf) through normalisation and structure', () => {
  it('extracts lines, maps radical look-alikes, joins wrapped lines and keeps the numbering', async () => {
    const pdf = makeJapanesePdf([
      [
        '１ 相談の受付',
        '（１）⻑時間労働者への面接指導は、地域産業保健センターで受け付けて',
        'います。申込書は最寄りの窓口に送ってください。',
        'ア 申込みの方法',
      ],
      ['利用申込書をＦＡＸ‧メールで送ります。'],
    ]);
    const text = await readPdfText(pdf);
    expect(text).toContain('⻑時間');
    expect(structurePlainText(text)).toEqual([
      {
        path: ['1 相談の受付', '(1)'],
        text: '長時間労働者への面接指導は、地域産業保健センターで受け付けています。申込書は最寄りの窓口に送ってください。',
      },
      { path: ['1 相談の受付', '(1)', 'ア 申込みの方法'], text: '利用申込書をFAX・メールで送ります。' },
    ]);
  });
});
