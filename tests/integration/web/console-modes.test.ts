/**
 * The console as startApp mounts it. Without LINE or Slack it is open (loopback only) and runs on the real
 * engine; next to LINE it is off unless CONSOLE_ENABLED=true, and then every request needs CONSOLE_TOKEN,
 * because it would show real people's messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDbKind } from '../../support/db.ts';
import { startTestApp, type TestApp } from '../ops/app-harness.ts';

const user = 'c'.repeat(32);

function postFollow(t: TestApp, headers: Record<string, string> = {}) {
  return fetch(`${t.app.url}/console/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-console-user': user, ...headers },
    body: JSON.stringify({ kind: 'follow', id: `follow-${user}` }),
  });
}

describe(`console without LINE or Slack (${testDbKind})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  });

  it('is served at / and greets a new web user through the real engine', async () => {
    const root = await fetch(`${t.app.url}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/console/');
    expect((await fetch(`${t.app.url}/console/`)).status).toBe(200);
    const response = await postFollow(t);
    expect(response.status).toBe(200);
    const { entries } = (await response.json()) as {
      entries: { kind: string; replies?: { text?: string }[] }[];
    };
    expect(entries[0]?.replies?.[0]?.text).toContain('さんぽアシスタントです');
    const staff = await fetch(`${t.app.url}/console/api/staff`, { headers: { 'x-console-staff': user } });
    expect(await staff.json()).toMatchObject({ features: { handoffs: true, bookings: true, report: true } });
  });
});

describe(`console next to LINE (${testDbKind})`, () => {
  it('is off unless enabled', async () => {
    const t = await startTestApp({ line: true });
    try {
      expect((await fetch(`${t.app.url}/console/`)).status).toBe(404);
      expect((await postFollow(t)).status).toBe(404);
    } finally {
      await t.close();
    }
  }, 180_000);

  it('asks for the token on every request when enabled', async () => {
    const token = 'a-long-console-token-0123456789';
    const t = await startTestApp({ line: true, env: { CONSOLE_ENABLED: 'true', CONSOLE_TOKEN: token } });
    try {
      expect((await fetch(`${t.app.url}/console/`)).status).toBe(401);
      expect((await postFollow(t)).status).toBe(401);
      const page = await fetch(`${t.app.url}/console/`, { headers: { authorization: `Bearer ${token}` } });
      expect(page.status).toBe(200);
      expect((await postFollow(t, { authorization: `Bearer ${token}` })).status).toBe(200);
    } finally {
      await t.close();
    }
  }, 180_000);
});
