import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWebUserMessenger } from '../../../src/channels/web/web-messenger.ts';
import { testDbKind } from '../../support/db.ts';
import { type ConsoleServer, startConsoleServer } from './console-harness.ts';

const userA = 'a'.repeat(32);
const userB = 'b'.repeat(32);

function post(server: ConsoleServer, path: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-console-user': userA, ...headers },
    body: JSON.stringify(body),
  });
}

/** fetch() will not send a forged Host header; node:http will. */
function getWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { host } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe(`console user API (${testDbKind})`, () => {
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it('leads from / to the page and serves it with a strict CSP', async () => {
    const root = await fetch(`${server.url}/`, { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/console/');
    const page = await fetch(`${server.url}/console/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await page.text();
    expect(html).toContain('<html lang="ja">');
    // No inline script: every <script> names a file.
    expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/g)).toBeNull();
    const script = await fetch(`${server.url}/console/app.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    expect((await fetch(`${server.url}/console/../config.ts`)).status).toBe(404);
    expect((await fetch(`${server.url}/console/nothing.js`)).status).toBe(404);
  });

  it('turns a message into one web InboundMessage and returns the stored timeline', async () => {
    const response = await post(server, '/console/api/messages', {
      kind: 'text',
      id: 'msg-0001',
      text: '地産保とは',
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const { entries } = (await response.json()) as {
      entries: { kind: string; text?: string; replies?: unknown[] }[];
    };
    expect(entries.map((e) => e.kind)).toEqual(['user', 'reply']);
    expect(entries[0]?.text).toBe('地産保とは');
    expect(entries[1]?.replies).toHaveLength(2);
    const inbound = server.engine.received.at(-1);
    expect(inbound).toMatchObject({
      channel: 'web',
      userId: userA,
      conversationId: userA,
      isGroup: false,
      kind: 'text',
      text: '地産保とは',
      eventId: 'msg-0001',
    });
  });

  it('stores a message with U+0000 or a lone surrogate (as U+FFFD) instead of failing on it', async () => {
    const response = await post(
      server,
      '/console/api/messages',
      {
        kind: 'text',
        id: 'msg-nul1',
        text: '残業\u0000の\uD800相談',
      },
      { 'x-console-user': 'c'.repeat(32) },
    );
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as { entries: { kind: string; text?: string }[] };
    expect(entries.some((e) => e.kind === 'user' && e.text === '残業\uFFFDの\uFFFD相談')).toBe(true);
  });

  it('handles a re-sent message once', async () => {
    await post(server, '/console/api/messages', { kind: 'text', id: 'msg-0002', text: 'もう一度' });
    const again = await post(server, '/console/api/messages', {
      kind: 'text',
      id: 'msg-0002',
      text: 'もう一度',
    });
    const { entries } = (await again.json()) as { entries: { kind: string; text?: string }[] };
    expect(entries.filter((e) => e.kind === 'user' && e.text === 'もう一度')).toHaveLength(1);
    expect(entries.filter((e) => e.kind === 'reply')).toHaveLength(2);
  });

  it('passes postbacks with picker parameters and shows the chosen label', async () => {
    const response = await post(server, '/console/api/messages', {
      kind: 'postback',
      id: 'msg-0003',
      data: 'consultation:date',
      params: { datetime: '2026-12-01T14:00' },
      displayText: '2026年12月1日 14:00',
    });
    expect(response.status).toBe(200);
    expect(server.engine.received.at(-1)).toMatchObject({
      kind: 'postback',
      postback: { data: 'consultation:date', params: { datetime: '2026-12-01T14:00' } },
    });
    const { entries } = (await response.json()) as { entries: { kind: string; text?: string }[] };
    expect(entries.some((e) => e.kind === 'user' && e.text === '2026年12月1日 14:00')).toBe(true);
  });

  it('keeps pushes in the timeline, once per idempotency key, for that user only', async () => {
    const messenger = createWebUserMessenger(server.timeline);
    const push = [{ type: 'text' as const, text: '担当者からのお返事です。' }];
    await messenger.push({ channel: 'web', userId: userA }, push, 'handoff:h1:staff:1');
    await messenger.push({ channel: 'web', userId: userA }, push, 'handoff:h1:staff:1');
    await expect(messenger.push({ channel: 'line', userId: userA }, push, 'x')).rejects.toThrow(
      /web messenger/,
    );
    const mine = await fetch(`${server.url}/console/api/timeline`, { headers: { 'x-console-user': userA } });
    const { entries } = (await mine.json()) as { entries: { kind: string }[] };
    expect(entries.filter((e) => e.kind === 'push')).toHaveLength(1);
    const other = await fetch(`${server.url}/console/api/timeline`, { headers: { 'x-console-user': userB } });
    expect(((await other.json()) as { entries: unknown[] }).entries).toEqual([]);
  });

  it('refuses bad input, other origins and other host names', async () => {
    expect((await post(server, '/console/api/messages', { kind: 'text', id: 'x', text: '' })).status).toBe(
      400,
    );
    expect(
      (
        await post(
          server,
          '/console/api/messages',
          { kind: 'text', id: 'msg-0004', text: 'a' },
          { 'x-console-user': 'short' },
        )
      ).status,
    ).toBe(400);
    const form = await fetch(`${server.url}/console/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'x-console-user': userA },
      body: JSON.stringify({ kind: 'text', id: 'msg-0005', text: 'a' }),
    });
    expect(form.status).toBe(400);
    const crossSite = await post(
      server,
      '/console/api/messages',
      { kind: 'text', id: 'msg-0006', text: 'a' },
      { origin: 'https://evil.example' },
    );
    expect(crossSite.status).toBe(403);
    // DNS rebinding: a page on another name that resolves to 127.0.0.1 must not read the open console.
    expect(await getWithHost(`${server.url}/console/`, 'evil.example')).toBe(421);
    expect(await getWithHost(`${server.url}/console/`, 'localhost:3000')).toBe(200);
  });
});

describe(`console with a token (${testDbKind})`, () => {
  const token = 'console-token-for-tests-0123456789';
  let server: ConsoleServer;
  beforeAll(async () => {
    server = await startConsoleServer({ token });
  });
  afterAll(async () => {
    await server.close();
  });

  it('refuses the page and the API without the token', async () => {
    for (const path of ['/console/', '/console/app.js', '/console/api/timeline']) {
      const response = await fetch(`${server.url}${path}`, { headers: { 'x-console-user': userA } });
      expect(response.status, path).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
    }
    const wrong = await fetch(`${server.url}/console/api/timeline`, {
      headers: { 'x-console-user': userA, authorization: `Bearer ${token}x` },
    });
    expect(wrong.status).toBe(401);
    const posted = await post(server, '/console/api/messages', { kind: 'text', id: 'msg-0100', text: 'a' });
    expect(posted.status).toBe(401);
    expect(server.engine.received).toHaveLength(0);
  });

  it('accepts a Bearer token', async () => {
    const response = await fetch(`${server.url}/console/api/timeline`, {
      headers: { 'x-console-user': userA, authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(200);
  });

  it('exchanges ?token= once for an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const wrong = await fetch(`${server.url}/console/?token=nope`, { redirect: 'manual' });
    expect(wrong.status).toBe(401);
    const first = await fetch(`${server.url}/?token=${token}`, { redirect: 'manual' });
    expect(first.headers.get('location')).toBe(`/console/?token=${token}`);
    const exchange = await fetch(`${server.url}/console/?token=${token}`, { redirect: 'manual' });
    expect(exchange.status).toBe(303);
    expect(exchange.headers.get('location')).toBe('/console/');
    const cookie = exchange.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/console/);
    expect(cookie).not.toContain(token);
    const pair = cookie.split(';')[0] ?? '';
    const page = await fetch(`${server.url}/console/`, { headers: { cookie: pair } });
    expect(page.status).toBe(200);
    const api = await post(
      server,
      '/console/api/messages',
      { kind: 'text', id: 'msg-0101', text: '質問' },
      { cookie: pair },
    );
    expect(api.status).toBe(200);
    const forged = await fetch(`${server.url}/console/`, { headers: { cookie: `${pair}x` } });
    expect(forged.status).toBe(401);
  });
});
