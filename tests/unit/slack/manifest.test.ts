import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { slashCommand } from '../../../src/channels/slack/report-command.ts';

/** The manifest must ask for exactly what the Slack channel listens to and calls. */
describe('slack-app-manifest.yaml', () => {
  it('subscribes to the events, scopes, command and URLs the app uses', async () => {
    const manifest = parse(
      await readFile(new URL('../../../slack-app-manifest.yaml', import.meta.url), 'utf8'),
    );
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      'app_home_opened',
      'app_mention',
      'message.channels',
      'message.groups',
    ]);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining([
        'app_mentions:read',
        'channels:history',
        'groups:history',
        'channels:read',
        'groups:read',
        'chat:write',
        'commands',
      ]),
    );
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([
      slashCommand,
    ]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
    ];
    for (const url of urls) expect(url).toMatch(/^https:\/\/YOUR-HOST\.example\.jp\/slack\/events$/);
  });
});
