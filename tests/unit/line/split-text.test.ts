import { describe, expect, it } from 'vitest';
import { maxTextLength, splitText } from '../../../src/channels/line/split-text.ts';

describe('splitText', () => {
  it('keeps a text within the limit whole', () => {
    expect(splitText('短い回答です。')).toEqual(['短い回答です。']);
    expect(splitText('a'.repeat(maxTextLength))).toHaveLength(1);
  });

  it('cuts at the last sentence end that fits', () => {
    const text = `${'あ'.repeat(30)}。${'い'.repeat(30)}！${'う'.repeat(30)}`;
    expect(splitText(text, 70)).toEqual([`${'あ'.repeat(30)}。${'い'.repeat(30)}！`, 'う'.repeat(30)]);
  });

  it('keeps a closing quote with its sentence', () => {
    expect(splitText('「前の文です。」次の文がここから始まります', 13)).toEqual([
      '「前の文です。」',
      '次の文がここから始まります',
    ]);
  });

  it('falls back to a line break, then to a hard cut', () => {
    expect(splitText(`${'a'.repeat(8)}\n${'b'.repeat(8)}`, 12)).toEqual(['a'.repeat(8), 'b'.repeat(8)]);
    expect(splitText('c'.repeat(25), 10)).toEqual(['c'.repeat(10), 'c'.repeat(10), 'c'.repeat(5)]);
  });

  it('counts UTF-16 units and never splits a surrogate pair', () => {
    const text = '😀'.repeat(6); // 12 units
    const parts = splitText(text, 5);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(5);
      expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
    }
    expect(parts.join('')).toBe(text);
  });

  it('splits a 12,000-character answer into parts of at most 5,000 that end at sentence ends', () => {
    const text = '産業保健総合支援センターの支援についての説明です。'.repeat(500);
    const parts = splitText(text);
    expect(parts.length).toBeGreaterThan(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(maxTextLength);
      expect(part.endsWith('。')).toBe(true);
    }
    expect(parts.join('')).toBe(text);
  });
});
