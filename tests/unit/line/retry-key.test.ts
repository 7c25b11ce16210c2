import { describe, expect, it } from 'vitest';
import { deriveRetryKey, uuidV5 } from '../../../src/channels/line/retry-key.ts';

describe('deriveRetryKey', () => {
  it('is a version-5 UUID, the same for the same batch and different for any other', () => {
    const key = deriveRetryKey('event:01HZX', 0);
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deriveRetryKey('event:01HZX', 0)).toBe(key);
    expect(deriveRetryKey('event:01HZX', 1)).not.toBe(key);
    expect(deriveRetryKey('push:01HZX', 0)).not.toBe(key);
  });

  it('is the RFC 4122 name-based (SHA-1) construction', () => {
    // The well-known vector: www.example.com in the DNS namespace.
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(new Set(Array.from({ length: 1000 }, (_, i) => uuidV5(`n${i}`))).size).toBe(1000);
  });
});
