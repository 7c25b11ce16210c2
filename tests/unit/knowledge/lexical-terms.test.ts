import { describe, expect, it } from 'vitest';
import { fuseRankings } from '../../../src/core/knowledge/fuse-rankings.ts';
import {
  isEvidenceToken,
  katakanaReadings,
  lexicalTokensOf,
  prepareQuery,
} from '../../../src/core/knowledge/query-terms.ts';
import { canonicalizeSynonyms, conceptsIn, expandSynonyms } from '../../../src/core/knowledge/synonyms.ts';
import {
  characterBigramTokenizer,
  createIntlSegmenterTokenizer,
  scriptBigramTokenizer,
} from '../../../src/core/knowledge/tokenizer.ts';

describe('synonyms', () => {
  it('expands abbreviations to the official names, longest match first', () => {
    expect(expandSynonyms('さんぽの研修').added).toContain('産業保健総合支援センター');
    const regional = expandSynonyms('地さんぽの申込み').added;
    expect(regional).toContain('地域産業保健センター');
    expect(regional).not.toContain('産業保健総合支援センター');
    expect(expandSynonyms('復職の手引き').added).toContain('職場復帰');
    expect(expandSynonyms('一人親方です').added).toEqual(expect.arrayContaining(['個人事業主', '特別加入']));
  });

  it('names each concept a text mentions once, as an extra lexeme', () => {
    expect(conceptsIn('地産保と地域産業保健センター、さんぽ')).toEqual([
      '地域産業保健センター',
      '産業保健総合支援センター',
    ]);
    const tokens = lexicalTokensOf('地産保は無料？', createIntlSegmenterTokenizer());
    expect(tokens).toEqual(expect.arrayContaining(['§地域産業保健センター', '§無料', '地域']));
  });

  it('rewrites every member of a group to its canonical form', () => {
    expect(canonicalizeSynonyms('ちさんぽとストチェ')).toBe('地域産業保健センターとストレスチェック');
    expect(canonicalizeSynonyms('メンタルヘルスとメンタル')).toBe('メンタルヘルスとメンタルヘルス');
  });
});

describe('tokenizers', () => {
  it('character bigrams keep ASCII runs whole', () => {
    expect(characterBigramTokenizer.tokenize('50人未満')).toEqual(['50人', '人未', '未満']);
  });

  it('script bigrams do not straddle a particle', () => {
    expect(scriptBigramTokenizer.tokenize('会社の近く')).toEqual(['会社', '近']);
  });

  it('Intl.Segmenter words drop particles and punctuation and record the ICU version', () => {
    const tokenizer = createIntlSegmenterTokenizer('74.1');
    expect(tokenizer.id).toBe('intl-segmenter-v2-stems@icu74.1');
    const tokens = tokenizer.tokenize('ストレスチェックの結果を、会社は見られますか？');
    expect(tokens).toContain('結果');
    expect(tokens).not.toContain('の');
    expect(tokens).not.toContain('、');
  });
});

describe('prepareQuery', () => {
  const tokenizer = createIntlSegmenterTokenizer();

  it('searches hiragana loanwords as katakana', () => {
    expect(katakanaReadings('すとれすちぇっく 50人')).toEqual(['ストレスチェック']);
    expect(prepareQuery('すとれすちぇっく いつから', tokenizer).readingTokens.join('')).toContain('ストレス');
  });

  it('uses canonical synonyms for lexical tokens and leaves framing words out of evidence', () => {
    const query = prepareQuery('うちの会社で地産保は使えますか', tokenizer);
    expect(query.tokens).toEqual(expect.arrayContaining(['地域', '産業', '保健']));
    expect(query.evidenceTokens).not.toContain('会社');
    expect(query.expandedText).toContain('地域産業保健センター');
    expect(isEvidenceToken('駐車場')).toBe(true);
    expect(isEvidenceToken('使')).toBe(false);
    expect(isEvidenceToken('30')).toBe(false);
  });
});

describe('fuseRankings', () => {
  it('ranks items found high in both lists first and records each rank', () => {
    const fused = fuseRankings(
      [
        ['a', 'b', 'c'],
        ['b', 'd', 'a'],
      ],
      (x) => x,
    );
    expect(fused.map((f) => f.item)).toEqual(['b', 'a', 'd', 'c']);
    expect(fused[0]!.ranks).toEqual([2, 1]);
    expect(fused[2]!.ranks).toEqual([undefined, 2]);
    expect(fused[0]!.fused).toBeCloseTo(1 / 62 + 1 / 61);
  });
});
