/**
 * Deterministic X-Line-Retry-Key values. LINE executes a push at most once per key (for 24 hours) and
 * answers a repeat with 409, so the key must be the same on every attempt of the same batch — also after
 * a crash — and different for every other batch. An RFC 4122 version-5 (name-based, SHA-1) UUID of
 * "<source key>#<batch index>" gives exactly that.
 */
import { createHash } from 'node:crypto';

/** The product's own namespace for name-based UUIDs (a random v4 UUID, fixed forever). */
const productNamespace = '6f1d3c1e-9a2b-4c47-8e0a-5b7d2f9c4a11';

export function deriveRetryKey(sourceKey: string, batchIndex: number): string {
  return uuidV5(`${sourceKey}#${batchIndex}`);
}

export function uuidV5(name: string, namespace: string = productNamespace): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
