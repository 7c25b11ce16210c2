/**
 * Word forms that must meet although they are spelled differently: inflections of one verb (stems),
 * okurigana written or left out, and the heading's part in ranking.
 */
import { describe, expect, it } from 'vitest';
import {
  type AnswerabilityModel,
  answerabilityFeatureNames,
  answerabilityProbability,
} from '../../../src/core/knowledge/answerability.ts';
import { coverageOfLexemes, measureCoverage, partialCredit } from '../../../src/core/knowledge/evidence.ts';
import { lexicalTokensOf, prepareQuery } from '../../../src/core/knowledge/query-terms.ts';
import { canonicalizeSynonyms } from '../../../src/core/knowledge/synonyms.ts';
import { createIntlSegmenterTokenizer, stemOf } from '../../../src/core/knowledge/tokenizer.ts';

const tokenizer = createIntlSegmenterTokenizer();

describe('stems', () => {
  it('reduces kanji with a kana ending to the kanji and the stem mark, and leaves other words alone', () => {
    expect(stemOf('頼み')).toBe('頼〜');
    expect(stemOf('頼める')).toBe('頼〜');
    expect(stemOf('受けられ')).toBe('受〜');
    expect(stemOf('頼', true)).toBe('頼〜');
    expect(stemOf('所')).toBe('所');
    expect(stemOf('申込み')).toBe('申込');
    expect(stemOf('受診し')).toBe('受診');
    expect(stemOf('相談', true)).toBe('相談');
    expect(stemOf('面接指導')).toBe('面接指導');
    expect(stemOf('ストレスチェック')).toBe('ストレスチェック');
    expect(stemOf('ください')).toBe('ください');
  });

  it('lets a question about 頼み方 cover a passage that says 頼めます', () => {
    const { evidenceTokens } = prepareQuery('訪問の頼み方を知りたい', tokenizer);
    expect(evidenceTokens).toContain('頼〜');
    const passage = new Set(lexicalTokensOf('訪問はセンターに電話で頼めます。', tokenizer));
    const terms = { tokens: evidenceTokens, idf: new Map(evidenceTokens.map((t) => [t, 1])) };
    expect(coverageOfLexemes(passage, terms)).toBe(1);
  });

  it('gives a stem full credit where its kanji starts a word with a kana ending, and none inside a compound', () => {
    expect(partialCredit('入〜', 'パートも人数に入ります')).toBe(1);
    expect(partialCredit('頼〜', '依頼のしかた')).toBe(0);
  });
});

describe('okurigana', () => {
  it('spells 申し込み, 問い合わせ and 受け付け one way', () => {
    expect(canonicalizeSynonyms('申し込み')).toBe(canonicalizeSynonyms('申込み'));
    expect(canonicalizeSynonyms('お問い合わせ先')).toBe('お問合せ先');
    expect(canonicalizeSynonyms('受け付け時間')).toBe('受付時間');
  });

  it('makes a question written with okurigana cover a passage written without', () => {
    const { evidenceTokens } = prepareQuery('申し込み方法は？', tokenizer);
    const terms = { tokens: evidenceTokens, idf: new Map(evidenceTokens.map((t) => [t, 1])) };
    expect(measureCoverage('申込みの方法は、電話での受け付けです。', terms, tokenizer)).toBe(1);
  });
});

describe('the answerability probability', () => {
  it('leaves an unknown feature (NaN) out instead of reading it as zero', () => {
    const model: AnswerabilityModel = {
      version: 'test',
      weights: answerabilityFeatureNames.map((n) => (n === 'topVector' ? 2 : 0)),
      bias: 0,
      means: answerabilityFeatureNames.map((n) => (n === 'topVector' ? 0.3 : 0)),
      deviations: answerabilityFeatureNames.map(() => 0.1),
      supported: 0.6,
      partial: 0.5,
    };
    const features = Object.fromEntries(answerabilityFeatureNames.map((n) => [n, 0])) as Record<
      (typeof answerabilityFeatureNames)[number],
      number
    >;
    expect(answerabilityProbability(model, { ...features, topVector: 0 })).toBeLessThan(0.01);
    expect(answerabilityProbability(model, { ...features, topVector: Number.NaN })).toBe(0.5);
  });

  it('reads similarities only from the embedder the model was fitted on', () => {
    const model: AnswerabilityModel = {
      version: 'test',
      vectorFrom: 'hashed-ngram-v2-512',
      weights: answerabilityFeatureNames.map((n) => (n === 'topVector' ? 2 : 0)),
      bias: 0,
      means: answerabilityFeatureNames.map(() => 0),
      deviations: answerabilityFeatureNames.map(() => 1),
      supported: 0.6,
      partial: 0.5,
    };
    const features = Object.fromEntries(
      answerabilityFeatureNames.map((n) => [n, n === 'topVector' ? 1 : 0]),
    ) as Record<(typeof answerabilityFeatureNames)[number], number>;
    expect(answerabilityProbability(model, features, 'hashed-ngram-v2-512')).toBeGreaterThan(0.8);
    expect(answerabilityProbability(model, features, 'openai:text-embedding-3-small@1536')).toBe(0.5);
  });
});
