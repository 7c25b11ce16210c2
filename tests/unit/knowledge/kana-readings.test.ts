/**
 * Kana typed for the corpus's kanji terms: the reading table matches the corpus in the checkout (rebuild
 * with `npm run build:readings` after editing corpus/), and questions typed in kana find the terms.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import {
  buildKanaReadings,
  kanaReadingsPath,
  serializeKanaReadings,
} from '../../../src/cli/build-kana-readings.ts';
import { kanjiForKana } from '../../../src/core/knowledge/kana-readings.ts';

describe('kana readings of the corpus terms', () => {
  it('is the table the corpus in the checkout makes (run npm run build:readings after changing corpus/)', async () => {
    const built = serializeKanaReadings(
      await buildKanaReadings(new URL('../../../corpus/', import.meta.url).pathname),
    );
    expect(built).toBe(await readFile(kanaReadingsPath, 'utf8'));
  }, 60_000);

  it.each([
    ['えいせい委員会は月に何回ですか', '衛生委員会は月に何回ですか'],
    ['しゃいんのカウンセリングとかしんりょうしてくれますか', '社員のカウンセリングとか診療してくれますか'],
    // ぎじろく and ちさんぽ are the synonym table's own aliases: left for it to map.
    ['衛生委員会のぎじろくはしゅうちが必要？', '衛生委員会のぎじろくは周知が必要？'],
    ['ちさんぽの申込', 'ちさんぽの申込'],
  ])('%s → %s', (typed, searched) => {
    expect(kanjiForKana(typed)).toBe(searched);
  });

  it('leaves grammar and verbs as typed', () => {
    for (const text of [
      'いつあいてますか',
      'どうしたらいいですか',
      'おしえてください',
      'ありがとうございます',
    ])
      expect(kanjiForKana(text)).toBe(text);
  });
});
