import { describe, expect, it } from 'vitest';
import {
  normalizeJapanese,
  normalizeQuery,
  tidyJapaneseSpacing,
} from '../../../src/core/knowledge/normalize-japanese.ts';

describe('normalizeJapanese', () => {
  it('applies NFKC: full-width digits, latin and brackets, half-width katakana', () => {
    expect(normalizeJapanese('（１）ＦＡＸで令和６年度')).toBe('(1)FAXで令和6年度');
    expect(normalizeJapanese('ｾﾝﾀｰ')).toBe('センター');
  });

  it('maps CJK radical look-alikes that NFKC leaves alone', () => {
    expect('⻑時間'.normalize('NFKC')).toBe('⻑時間');
    expect(normalizeJapanese('⻑時間労働者')).toBe('長時間労働者');
    expect(normalizeJapanese('⻄日本の⻘森と⻝品⻤')).toBe('西日本の青森と食品鬼');
    // Kangxi radicals (U+2F00 block) are NFKC's job and still work.
    expect(normalizeJapanese('\u2F47本')).toBe('日本');
  });

  it('maps PDF middle-dot look-alikes to ・ and drops invisible characters', () => {
    expect(normalizeJapanese('メンタルヘルス‧両立支援')).toBe('メンタルヘルス・両立支援');
    expect(normalizeJapanese('産業\u200B保健\uFEFF')).toBe('産業保健');
  });

  it('keeps circled numbers, which NFKC would turn into bare digits', () => {
    expect(normalizeJapanese('①申込み ②受付')).toBe('①申込み ②受付');
  });
});

describe('tidyJapaneseSpacing', () => {
  it('removes spaces between Japanese characters but keeps them around latin and digits', () => {
    expect(tidyJapaneseSpacing('産 業 保 健 の 基本方針 2023 を')).toBe('産業保健の基本方針 2023 を');
  });

  it('normalizes a query the same way as documents', () => {
    expect(normalizeQuery('　ストレス　チェック？　')).toBe('ストレスチェック?');
  });
});
