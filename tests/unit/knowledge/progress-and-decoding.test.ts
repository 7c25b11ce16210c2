import { describe, expect, it } from 'vitest';
import { createProgressBar } from '../../../src/cli/progress-bar.ts';
import { decodeBase64Floats } from '../../../src/infra/llm/openai-embeddings.ts';

describe('progress bar', () => {
  it('draws on a terminal and ends the line', () => {
    const written: string[] = [];
    const bar = createProgressBar({ isTTY: true, columns: 80, write: (t) => written.push(t) }, 'ingest');
    bar.update(1, 4, 'chisanpo');
    bar.finish();
    expect(written[0]).toMatch(/^\ringest \[#{6}-{18}\] 1\/4 chisanpo/u);
    expect(written.at(-1)).toBe('\n');
  });

  it('writes nothing when the stream is not a terminal (CI logs, pipes)', () => {
    const written: string[] = [];
    const bar = createProgressBar({ isTTY: false, write: (t) => written.push(t) }, 'ingest');
    bar.update(1, 2);
    bar.finish();
    expect(written).toEqual([]);
  });
});

describe('base64 embeddings', () => {
  it('decodes little-endian float32 values as the API sends them', () => {
    const values = [0.5, -0.25, 1e-3];
    const base64 = Buffer.from(new Float32Array(values).buffer).toString('base64');
    const decoded = decodeBase64Floats(base64);
    values.forEach((v, i) => {
      expect(decoded[i]).toBeCloseTo(v, 6);
    });
  });

  it('refuses a payload that is not whole float32 values', () => {
    expect(() => decodeBase64Floats(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/float32/u);
  });
});
