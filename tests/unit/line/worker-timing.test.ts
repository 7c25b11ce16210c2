import { describe, expect, it } from 'vitest';
import { backoffMs, loadingSecondsFor } from '../../../src/channels/line/conversation-worker.ts';

describe('retry backoff', () => {
  it('doubles from the base with ±20% jitter and stops at the cap', () => {
    const settings = { retryBaseMs: 1000, retryMaxMs: 60_000 };
    for (let attempt = 1; attempt <= 5; attempt++) {
      const expected = 1000 * 2 ** (attempt - 1);
      const value = backoffMs(attempt, settings);
      expect(value).toBeGreaterThanOrEqual(expected * 0.8);
      expect(value).toBeLessThanOrEqual(expected * 1.2);
    }
    expect(backoffMs(30, settings)).toBeLessThanOrEqual(72_000);
  });
});

describe('loading animation length', () => {
  it('rounds the model deadline up to steps of 5 s within 5–60 s', () => {
    expect(loadingSecondsFor(500)).toBe(5);
    expect(loadingSecondsFor(8000)).toBe(10);
    expect(loadingSecondsFor(15_000)).toBe(15);
    expect(loadingSecondsFor(120_000)).toBe(60);
  });
});
