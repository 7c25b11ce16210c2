/**
 * Forged, missing and truncated LINE signatures. Starting from valid signed webhook bodies, over a thousand
 * mutations (bit flips in body and signature, truncations, wrong secrets, letter-case changes, Base64
 * garbage, re-serialised JSON, duplicated headers) are posted to the real server. Every one must get 401,
 * and nothing may be stored, processed or sent. Controls show that the same bodies, correctly signed, are
 * accepted, and that the header name's case does not matter (HTTP header names are case-insensitive).
 */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../support/db.ts';
import { createScriptedEngine, type ScriptedEngine } from '../line/scripted-engine.ts';
import { lineSecret, signLine, startTestApp, type TestApp } from '../ops/app-harness.ts';

const userId = () => `U${randomBytes(16).toString('hex')}`;
const eventId = () => randomBytes(13).toString('hex').toUpperCase();

function body(text: string): Buffer {
  const user = userId();
  return Buffer.from(
    JSON.stringify({
      destination: `U${'0'.repeat(32)}`,
      events: [
        {
          type: 'message',
          mode: 'active',
          timestamp: Date.now(),
          source: { type: 'user', userId: user },
          webhookEventId: eventId(),
          deliveryContext: { isRedelivery: false },
          replyToken: randomBytes(16).toString('hex'),
          message: { type: 'text', id: '1', quoteToken: 'q', text },
        },
      ],
    }),
  );
}

function flipBit(buf: Buffer, bit: number): Buffer {
  const copy = Buffer.from(buf);
  const i = Math.floor(bit / 8) % copy.length;
  copy[i] = (copy[i] ?? 0) ^ (1 << (bit % 8));
  return copy;
}

interface Mutation {
  kind: string;
  raw: Buffer;
  /** Header value(s); null sends no header; an array sends the header several times. */
  signature: string | string[] | null;
  headerName?: string;
}

/** Builds the mutations from a few valid bodies; every kind is a way a forged request could look. */
function buildMutations(): Mutation[] {
  const out: Mutation[] = [];
  const texts = [
    'こんにちは😀',
    'ストレスチェックは何人から？',
    'a',
    '𠮷野家で\u0007\u001b\u202e',
    'x'.repeat(4000),
  ];
  const bodies = texts.map(body);
  const rnd = (n: number) => Math.floor(Math.random() * n);
  for (const [i, raw] of bodies.entries()) {
    const good = signLine(raw);
    const sigBytes = Buffer.from(good, 'base64');
    // Bit flips anywhere in the body, signature unchanged.
    for (let k = 0; k < 70; k++)
      out.push({ kind: 'body-bit-flip', raw: flipBit(raw, rnd(raw.length * 8)), signature: good });
    // Every bit of the 32-byte MAC, flipped one at a time (over the five bodies: each bit at least once).
    for (let k = 0; k < 52; k++) {
      out.push({
        kind: 'signature-bit-flip',
        raw,
        signature: flipBit(sigBytes, (i * 52 + k) % 256).toString('base64'),
      });
    }
    // The body cut short (the signature is of the whole body), and the body with bytes added.
    for (let k = 0; k < 16; k++)
      out.push({ kind: 'body-truncated', raw: raw.subarray(0, rnd(raw.length)), signature: good });
    out.push({ kind: 'body-extended', raw: Buffer.concat([raw, Buffer.from('\n')]), signature: good });
    out.push({ kind: 'body-extended', raw: Buffer.concat([raw, Buffer.from(' ')]), signature: good });
    // Re-serialised JSON (different spacing, escaped non-ASCII) is different bytes: LINE signs its own bytes.
    const parsed = JSON.parse(raw.toString('utf8')) as unknown;
    const escaped = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
    const reserialised = [
      JSON.stringify(parsed, null, 1),
      JSON.stringify(parsed).replace(/[^ -~]/g, escaped),
    ];
    for (const text of reserialised) {
      // A body without non-ASCII text re-serialises to the same bytes: that is no mutation.
      if (!Buffer.from(text).equals(raw))
        out.push({ kind: 'body-reserialised', raw: Buffer.from(text), signature: good });
    }
    // The signature string cut short, or with the padding removed.
    // (At most 42 of the 44 characters: dropping only the final '=' leaves the same MAC, see below.)
    for (let k = 0; k < 8; k++)
      out.push({ kind: 'signature-truncated', raw, signature: good.slice(0, rnd(good.length - 1)) });
    // Wrong secrets: near misses of the real one and random ones.
    const near = [
      lineSecret.slice(0, -1),
      `${lineSecret}x`,
      lineSecret.toUpperCase(),
      ` ${lineSecret}`,
      `${lineSecret}\n`,
      '',
      randomBytes(16).toString('hex'),
      randomBytes(32).toString('base64'),
    ];
    for (const secret of near) out.push({ kind: 'wrong-secret', raw, signature: signLine(raw, secret) });
    for (let k = 0; k < 14; k++)
      out.push({
        kind: 'wrong-secret',
        raw,
        signature: signLine(raw, randomBytes(1 + rnd(40)).toString('hex')),
      });
    // Base64 is case-sensitive: the right MAC with letters' case swapped is a different MAC.
    for (let k = 0; k < 10; k++) {
      const chars = [...good];
      const letters = chars.flatMap((c, j) => (/[a-zA-Z]/.test(c) ? [j] : []));
      const j = letters[rnd(letters.length)] ?? 0;
      chars[j] =
        chars[j] === chars[j]?.toUpperCase()
          ? (chars[j]?.toLowerCase() ?? '')
          : (chars[j]?.toUpperCase() ?? '');
      out.push({ kind: 'signature-case', raw, signature: chars.join('') });
    }
    out.push({ kind: 'signature-case', raw, signature: good.toUpperCase() });
    out.push({ kind: 'signature-case', raw, signature: good.toLowerCase() });
    // Garbage and near-formats: hex digest, prefixed, url-safe Base64, padded, whitespace, doubled.
    const hex = Buffer.from(good, 'base64').toString('hex');
    const garbage = [
      hex,
      `sha256=${good}`,
      `sha256=${hex}`,
      '!!!!',
      '====',
      'null',
      'undefined',
      '0',
      'A'.repeat(44),
      '*'.repeat(44),
      randomBytes(32).toString('base64'),
      randomBytes(31).toString('base64'),
      randomBytes(33).toString('base64'),
      randomBytes(3000).toString('base64'),
      Buffer.from(lineSecret).toString('base64'),
    ];
    for (const g of garbage) out.push({ kind: 'signature-garbage', raw, signature: g });
    // No header, an empty one, and the header sent twice (once right, once wrong).
    out.push({ kind: 'signature-missing', raw, signature: null });
    out.push({ kind: 'signature-empty', raw, signature: '' });
    out.push({ kind: 'signature-duplicated', raw, signature: ['AAAA', good] });
    // Another header carrying the right signature does not count.
    out.push({ kind: 'signature-wrong-header', raw, signature: good, headerName: 'x-line-signature2' });
    out.push({ kind: 'signature-wrong-header', raw, signature: good, headerName: 'x-slack-signature' });
  }
  return out;
}

/**
 * Not forgeries: each carries the true MAC, written in a form a lenient Base64 decoder (Node's, which the
 * SDK's validateSignature uses) reads as the same 32 bytes. LINE sends exactly base64(HMAC); anything else
 * is not LINE, so these are refused too.
 */
function buildNonCanonical(): Mutation[] {
  const out: Mutation[] = [];
  for (const raw of [body('non-canonical 1'), body('non-canonical 2')]) {
    const good = signLine(raw);
    out.push({ kind: 'padding-dropped', raw, signature: good.replace(/=+$/, '') });
    out.push({ kind: 'padding-added', raw, signature: `${good}==` });
    out.push({ kind: 'mac-then-junk', raw, signature: `${good}${good}` });
    out.push({ kind: 'mac-then-junk', raw, signature: `${good}!!` });
    out.push({ kind: 'header-twice', raw, signature: [good, good] });
    out.push({ kind: 'header-twice', raw, signature: [good, 'AAAA'] });
    const urlSafe = good.replaceAll('+', '-').replaceAll('/', '_');
    if (urlSafe !== good) out.push({ kind: 'url-safe-alphabet', raw, signature: urlSafe });
  }
  return out;
}

function post(url: URL, m: Mutation): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | string[]> = {
      'content-type': 'application/json',
      'content-length': String(m.raw.length),
    };
    if (m.signature !== null) headers[m.headerName ?? 'x-line-signature'] = m.signature;
    const req = request(url, { method: 'POST', headers }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => {
        text += c.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(m.raw);
  });
}

describe(`LINE webhook signatures (${testDbKind})`, { timeout: 180_000 }, () => {
  let t: TestApp;
  let engine: ScriptedEngine;
  let url: URL;
  beforeAll(async () => {
    engine = createScriptedEngine();
    t = await startTestApp({ line: true, app: { engine } });
    url = new URL(`${t.app.url}/webhooks/line`);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('rejects over 1,000 mutated signatures with 401 and stores, processes and sends nothing', async () => {
    const mutations = buildMutations();
    expect(mutations.length).toBeGreaterThanOrEqual(1000);
    const wrong: string[] = [];
    const kinds = new Map<string, number>();
    // A few at a time, like a burst of forged requests.
    for (let i = 0; i < mutations.length; i += 8) {
      const slice = mutations.slice(i, i + 8);
      const results = await Promise.all(slice.map((m) => post(url, m)));
      results.forEach((r, j) => {
        const m = slice[j]!;
        kinds.set(m.kind, (kinds.get(m.kind) ?? 0) + 1);
        if (r.status !== 401 || r.body !== '{"error":"signature_invalid"}')
          wrong.push(`${m.kind}: ${r.status}`);
      });
    }
    expect(wrong).toEqual([]);
    const stored = await t.app.db.query('SELECT count(*)::int AS n FROM channel_inbox');
    expect(stored.rows[0]).toEqual({ n: 0 });
    await new Promise((r) => setTimeout(r, 500));
    expect(engine.calls).toEqual([]);
    expect(t.line!.requests).toEqual([]);
    console.info(
      `signature mutations rejected: ${mutations.length} ${JSON.stringify(Object.fromEntries(kinds))}`,
    );
  });

  // The SDK's validateSignature decodes the header with Node's lenient Base64 decoder; the webhook also
  // requires the one form LINE sends (exactly base64(HMAC-SHA256)), so none of these is accepted.
  it('refuses the true MAC in any form other than exactly base64(HMAC-SHA256)', async () => {
    const accepted: string[] = [];
    for (const m of buildNonCanonical()) {
      const r = await post(url, m);
      if (r.status !== 401) accepted.push(`${m.kind}: ${r.status}`);
    }
    expect(accepted).toEqual([]);
  });

  it('control: the same kinds of bodies, correctly signed, are accepted and stored, whatever the header name case', async () => {
    const before = await t.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM channel_inbox');
    const raws = [body('こんにちは😀'), body('control 2'), body('control 3')];
    const names = ['x-line-signature', 'X-Line-Signature', 'X-LINE-SIGNATURE'];
    for (const [i, raw] of raws.entries()) {
      const r = await post(url, { kind: 'control', raw, signature: signLine(raw), headerName: names[i]! });
      expect(r.status).toBe(200);
    }
    const after = await t.app.db.query<{ n: number }>('SELECT count(*)::int AS n FROM channel_inbox');
    expect((after.rows[0]?.n ?? 0) - (before.rows[0]?.n ?? 0)).toBe(3);
  });
});
