import { describe, expect, it } from 'vitest';
import { buildClientOptions } from '../../../src/channels/slack/slack-app.ts';
import { isSlackConfigured, slackSettingsFromConfig } from '../../../src/channels/slack/staff-side.ts';
import { parseConfig } from '../../../src/config.ts';

describe('Slack settings from the environment', () => {
  it('reads HTTP and Socket Mode settings and needs the app token for Socket Mode', () => {
    const base = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_STAFF_CHANNEL: 'C0STAFF001' };
    expect(isSlackConfigured(parseConfig({}))).toBe(false);
    const http = parseConfig({ ...base, SLACK_ONCALL_GROUP: 'S0ONCALL01' });
    expect(slackSettingsFromConfig(http)).toEqual({
      botToken: 'xoxb-1',
      signingSecret: 's',
      socketMode: false,
      appToken: undefined,
      apiUrl: 'https://slack.com/api/',
      oncallGroup: 'S0ONCALL01',
    });
    expect(() => parseConfig({ ...base, SLACK_SOCKET_MODE: 'true' })).toThrow(/SLACK_APP_TOKEN/);
    const socket = parseConfig({ ...base, SLACK_SOCKET_MODE: 'true', SLACK_APP_TOKEN: 'xapp-1' });
    expect(slackSettingsFromConfig(socket)).toMatchObject({ socketMode: true, appToken: 'xapp-1' });
  });

  it('bounds the Web API client: a timeout and at most about 30 s of retries, not the SDK’s 30 minutes', () => {
    const options = buildClientOptions({ apiUrl: 'http://127.0.0.1:1/api/' });
    expect(options.slackApiUrl.endsWith('/')).toBe(true);
    expect(options.timeout).toBeGreaterThan(0);
    expect(options.retryConfig.maxRetryTime).toBeLessThanOrEqual(30_000);
  });
});
