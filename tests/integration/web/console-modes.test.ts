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

  it('lets only the staff member who claimed a case reply to the user', async () => {
    const person = 'e'.repeat(32);
    const [alice, bob] = ['a1'.repeat(16), 'b2'.repeat(16)];
    const send = await fetch(`${t.app.url}/console/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-console-user': person },
      body: JSON.stringify({
        kind: 'text',
        id: 'msg-mh-0001',
        text: '部下がうつで休職中です。復職の相談をしたいです',
      }),
    });
    expect(send.status).toBe(200);
    const act = async (who: string, action: string, body: Record<string, unknown>) => {
      const response = await fetch(`${t.app.url}/console/api/staff/handoffs/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-console-staff': who },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { outcome?: string } };
    };
    const view = async (who: string) => {
      const response = await fetch(`${t.app.url}/console/api/staff`, { headers: { 'x-console-staff': who } });
      return (
        (await response.json()) as {
          handoffs: { id: string; user: { userId: string }; claimedByMe: boolean }[];
        }
      ).handoffs;
    };
    const handoff = (await view(alice)).find((h) => h.user.userId === person);
    expect(handoff).toBeDefined();
    const handoffId = handoff?.id ?? '';

    expect((await act(bob, 'reply', { handoffId, text: 'こんにちは', id: 'reply-0001' })).body.outcome).toBe(
      'not-claimed',
    );
    expect((await act(alice, 'claim', { handoffId })).body.outcome).toBe('claimed');
    expect((await act(bob, 'claim', { handoffId })).body.outcome).toBe('owned-by-other');
    expect(
      (await act(bob, 'reply', { handoffId, text: '横から失礼します', id: 'reply-0002' })).body.outcome,
    ).toBe('owned-by-other');
    expect(
      (await act(alice, 'reply', { handoffId, text: '担当の者です', id: 'reply-0003' })).body.outcome,
    ).toBe('relayed');
    // A re-sent reply (same id) reaches the user once.
    await act(alice, 'reply', { handoffId, text: '担当の者です', id: 'reply-0003' });
    expect((await view(bob)).find((h) => h.id === handoffId)?.claimedByMe).toBe(false);

    const timeline = await fetch(`${t.app.url}/console/api/timeline`, {
      headers: { 'x-console-user': person },
    });
    const texts = JSON.stringify(await timeline.json());
    expect(texts.match(/担当の者です/g)).toHaveLength(1);
    expect(texts).not.toContain('横から失礼します');

    // Bob takes the case over: his replies reach the user now, Alice's no longer.
    expect((await act(bob, 'takeover', { handoffId })).body.outcome).toBe('taken-over');
    expect((await view(bob)).find((h) => h.id === handoffId)?.claimedByMe).toBe(true);
    expect(
      (await act(alice, 'reply', { handoffId, text: 'まだ私です', id: 'reply-0004' })).body.outcome,
    ).toBe('owned-by-other');
    expect(
      (await act(bob, 'reply', { handoffId, text: '交代した者です', id: 'reply-0005' })).body.outcome,
    ).toBe('relayed');
    const after = JSON.stringify(
      await (
        await fetch(`${t.app.url}/console/api/timeline`, { headers: { 'x-console-user': person } })
      ).json(),
    );
    expect(after).toContain('担当者が交代しました');
    expect(after).toContain('交代した者です');
    expect(after).not.toContain('まだ私です');

    expect((await act(alice, 'nonsense', { handoffId })).status).toBe(404);
    expect((await act(alice, 'claim', {})).status).toBe(400);
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
