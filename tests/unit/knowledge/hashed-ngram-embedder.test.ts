import { describe, expect, it } from 'vitest';
import { createHashedNgramEmbedder } from '../../../src/infra/llm/hashed-ngram-embedder.ts';

const cosine = (a: number[], b: number[]) => a.reduce((sum, v, i) => sum + v * b[i]!, 0);

describe('hashed n-gram embedder', () => {
  const embedder = createHashedNgramEmbedder();

  it('is deterministic, unit length, of its declared dimension and names it in its id', async () => {
    const [a, b] = await embedder.embed(['地域産業保健センターの利用', '地域産業保健センターの利用']);
    expect(a).toEqual(b);
    expect(a).toHaveLength(512);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 6);
    expect(embedder.id).toBe('hashed-ngram-v2-512');
  });

  it('puts texts that share words closer than unrelated texts', async () => {
    const [query, related, unrelated] = await embedder.embed([
      'ストレスチェックの結果は会社に知られますか',
      'ストレスチェックの結果は本人の同意がなければ事業者に提供されません。',
      '団体経由産業保健活動推進助成金の助成率と上限額',
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!) + 0.1);
  });

  it('normalises before hashing: full-width and radical look-alikes embed like the plain text', async () => {
    const [plain, wide] = await embedder.embed(['長時間労働 50人', '⻑時間労働　５０人']);
    expect(cosine(plain!, wide!)).toBeCloseTo(1, 6);
  });

  it('gives empty text a unit vector rather than a zero vector', async () => {
    const [empty] = await embedder.embed(['']);
    expect(Math.hypot(...empty!)).toBeCloseTo(1);
  });
});
