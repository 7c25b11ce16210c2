import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SlackEmulator, startSlackEmulator } from '../../fakes/slack-emulator.ts';

/** The emulator's checks must be able to fail, or the integration tests' `violations == []` proves nothing. */
describe('Slack emulator checks requests against the Web API spec', () => {
  let slack: SlackEmulator;
  beforeAll(async () => {
    slack = await startSlackEmulator();
  });
  afterAll(async () => {
    await slack.close();
  });

  const call = (method: string, body: Record<string, string>, token = 'xoxb-test') =>
    fetch(`${slack.apiUrl}${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
      body: new URLSearchParams(body).toString(),
    }).then((r) => r.json() as Promise<Record<string, unknown>>);

  it('accepts a valid post and records it', async () => {
    const result = await call('chat.postMessage', {
      channel: 'C1',
      text: 'こんにちは',
      unfurl_links: 'false',
    });
    expect(result).toMatchObject({ ok: true, channel: 'C1' });
    expect(slack.messagesIn('C1')).toHaveLength(1);
    expect(slack.violations).toEqual([]);
  });

  it('flags a missing required parameter, a wrong type, a missing token and too many blocks', async () => {
    expect(await call('chat.postMessage', { text: 'x' })).toMatchObject({
      ok: false,
      error: 'invalid_arguments',
    });
    await call('chat.postMessage', { channel: 'C1', text: 'x', reply_broadcast: 'maybe' });
    await call('chat.postMessage', { channel: 'C1', text: 'x' }, 'not-a-token');
    const blocks = JSON.stringify(Array.from({ length: 51 }, () => ({ type: 'divider' })));
    await call('chat.postMessage', { channel: 'C1', text: 'x', blocks });
    expect(slack.violations).toEqual([
      'chat.postMessage: missing required channel',
      'chat.postMessage: reply_broadcast is not a boolean',
      'chat.postMessage: missing token',
      'chat.postMessage: too many blocks (51)',
    ]);
    slack.violations.length = 0;
  });

  it('answers 429 with Retry-After on demand', async () => {
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const response = await fetch(`${slack.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer xoxb-test' },
      body: JSON.stringify({ channel: 'C1', text: 'x' }),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
  });
});
