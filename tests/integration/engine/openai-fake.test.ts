/**
 * The OpenAI-compatible fake answers the official SDK as the real API would: embeddings in float and
 * base64 (the SDK's default), deterministic per text; an API key is required; requests are recorded.
 */
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deterministicVector, type OpenAiFake, startOpenAiFake } from '../../fakes/openai-server.ts';

describe('OpenAI fake server', () => {
  let fake: OpenAiFake;
  let client: OpenAI;
  beforeAll(async () => {
    fake = await startOpenAiFake({ embeddingDimension: 16 });
    client = new OpenAI({ apiKey: 'test-key', baseURL: fake.baseURL, maxRetries: 0 });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('returns the same unit vector for the same text, in float and in base64', async () => {
    const asFloat = await client.embeddings.create({
      model: 'm',
      input: ['地産保', '産業医'],
      encoding_format: 'float',
    });
    const asBase64 = await client.embeddings.create({ model: 'm', input: ['地産保', '産業医'] });
    const expected = deterministicVector('地産保', 16);
    expect(asFloat.data[0]?.embedding).toEqual(expected);
    expect(asBase64.data[0]?.embedding.map((v) => Math.round(v * 1e5))).toEqual(
      expected.map((v) => Math.round(v * 1e5)),
    );
    expect(Math.hypot(...(asFloat.data[1]?.embedding ?? []))).toBeCloseTo(1, 5);
    expect(asFloat.data[0]?.embedding).not.toEqual(asFloat.data[1]?.embedding);
    expect(
      fake.requests
        .filter((r) => r.path === '/v1/embeddings')
        .map((r) => (r.body as { encoding_format?: string }).encoding_format),
    ).toEqual(['float', 'base64']);
  });

  it('answers scripted chat replies in order, then the fallback, and records the requests', async () => {
    fake.chat.enqueue({ kind: 'content', content: 'first' });
    fake.chat.fallback = (body) => ({ kind: 'content', content: `echo ${body.model}` });
    const ask = () =>
      client.chat.completions.create({ model: 'fake', messages: [{ role: 'user', content: 'hi' }] });
    expect((await ask()).choices[0]?.message.content).toBe('first');
    expect((await ask()).choices[0]?.message.content).toBe('echo fake');
    fake.chat.enqueue({ kind: 'error', status: 429, retryAfterSeconds: 7 });
    await expect(ask()).rejects.toMatchObject({ status: 429 });
  });

  it('refuses a request without an API key, as the real API does', async () => {
    const response = await fetch(`${fake.baseURL}/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(401);
  });

  it('flags moderation categories on demand', async () => {
    fake.moderation.enqueue({ kind: 'categories', flagged: ['self-harm'] });
    const flagged = await client.moderations.create({ input: 'x' });
    expect(flagged.results[0]?.categories['self-harm']).toBe(true);
    const clean = await client.moderations.create({ input: 'y' });
    expect(clean.results[0]?.flagged).toBe(false);
  });
});
