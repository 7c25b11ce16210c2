import { describe, expect, it } from 'vitest';
import { parseMarker, structurePlainText } from '../../../src/ingest/structure-plain-text.ts';

/** Hard-wrapped like the FY2024 direction document: blank lines between lines, wraps mid-sentence. */
const seedLike = [
  '令和６年度産業保健活動総合支援事業における方向性 ',
  '',
  '２ 産業保健総合支援センターの取組 ',
  '',
  '（１）上記１を踏まえ、令和６年度に産業保健業務基準において定めるものに加',
  '',
  'え、産業保健総合支援センター（以下「センター」という。）が重点的に',
  '',
  '取り組む事項は以下のとおりとする。 ',
  '',
  'ア メンタルヘルス対策関連の個別訪問支援の強化 ',
  '',
  '第５期中期計画期間においては、従来の数値目標であった専門的相談件',
  '',
  '数が数値目標に定められる予定であることから、計画的に個別訪問を実施す',
  '',
  'る。 ',
  '',
  'エ 両立支援コーディネーター基礎研修修了者を対象とした事例検討会にお',
  '',
  'けるメンタルヘルス関係の強化 ',
  '',
  '　既存の復職支援の手引を基に、メンタルヘルス関係の講義を行うほか、',
  '',
  'メンタルヘルスに係る両立支援の事例を用いて事例検討会を実施する。 ',
  '',
  '（２） 留意事項 ',
  '',
  'ア メンタルヘルス対策関係の産業保健関係者への研修については、令和５年',
  '',
  '度の実施計画以上の回数を実施する。 ',
].join('\n');

describe('structurePlainText', () => {
  const blocks = structurePlainText(seedLike, '令和６年度産業保健活動総合支援事業における方向性');

  it('drops the title line and joins lines broken mid-sentence', () => {
    expect(blocks[0]).toEqual({
      path: ['2 産業保健総合支援センターの取組', '(1)'],
      text: '上記1を踏まえ、令和6年度に産業保健業務基準において定めるものに加え、産業保健総合支援センター(以下「センター」という。)が重点的に取り組む事項は以下のとおりとする。',
    });
  });

  it('keeps the numbering (NFKC) as the section path, with titled headings', () => {
    expect(blocks.map((b) => b.path.join(' > '))).toEqual([
      '2 産業保健総合支援センターの取組 > (1)',
      '2 産業保健総合支援センターの取組 > (1) > ア メンタルヘルス対策関連の個別訪問支援の強化',
      '2 産業保健総合支援センターの取組 > (1) > エ 両立支援コーディネーター基礎研修修了者を対象とした事例検討会におけるメンタルヘルス関係の強化',
      '2 産業保健総合支援センターの取組 > (2) 留意事項 > ア',
    ]);
  });

  it('joins a heading wrapped over two lines and starts a paragraph at an indented line', () => {
    expect(blocks[2]!.text).toBe(
      '既存の復職支援の手引を基に、メンタルヘルス関係の講義を行うほか、メンタルヘルスに係る両立支援の事例を用いて事例検討会を実施する。',
    );
    expect(blocks[1]!.text.endsWith('計画的に個別訪問を実施する。')).toBe(true);
  });

  it('keeps a numbered paragraph under its bare marker', () => {
    expect(blocks[3]!.text).toBe(
      'メンタルヘルス対策関係の産業保健関係者への研修については、令和5年度の実施計画以上の回数を実施する。',
    );
  });
});

describe('parseMarker', () => {
  it('recognises the numbering styles of official documents', () => {
    expect(parseMarker('1 事業運営の基本方針')).toMatchObject({ level: 1, label: '1' });
    expect(parseMarker('(2) 留意事項')).toMatchObject({ level: 2, label: '(2)', rest: '留意事項' });
    expect(parseMarker('ア メンタルヘルス')).toMatchObject({ level: 3, label: 'ア' });
    expect(parseMarker('(イ) 相談')).toMatchObject({ level: 4, label: '(イ)' });
    expect(parseMarker('①申込書')).toMatchObject({ level: 5, label: '①' });
  });

  it('does not take ordinary text for a marker', () => {
    expect(parseMarker('2023」では、メンタルヘルス')).toBeUndefined();
    expect(parseMarker('アセスメントの結果')).toBeUndefined();
  });
});
