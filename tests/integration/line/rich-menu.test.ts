/**
 * The rich menu sync against the emulator (which checks the request against LINE's spec and the image's
 * PNG size against the menu): created with its image and made the default, left alone when unchanged,
 * replaced when changed; and `npm run line:richmenu` itself.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLineApi } from '../../../src/channels/line/line-api.ts';
import { syncRichMenu } from '../../../src/channels/line/rich-menu.ts';
import { type LineEmulator, startLineEmulator } from '../../fakes/line-emulator.ts';
import { accessToken, channelSecret } from './line-harness.ts';

const image = new URL('../../../settings/line-rich-menu.png', import.meta.url);

describe('LINE rich menu', () => {
  let line: LineEmulator;
  beforeAll(async () => {
    line = await startLineEmulator({ channelAccessToken: accessToken });
  });
  afterAll(async () => {
    await line?.close();
  });

  const api = () =>
    createLineApi({
      apiBaseUrl: line.url,
      dataApiBaseUrl: line.url,
      channelAccessToken: accessToken,
      timeoutMs: 2000,
    });

  it('creates the menu with the four postbacks, uploads the image and makes it the default, idempotently', async () => {
    const png = new Uint8Array(await readFile(image));
    const first = await syncRichMenu(api(), png);
    expect(first.changed).toBe(true);
    expect(line.defaultRichMenuId).toBe(first.richMenuId);
    const record = line.richMenus.get(first.richMenuId);
    expect(record?.image?.length).toBe(png.length);
    const areas = record?.menu.areas as { action: { data: string; label: string } }[];
    expect(areas.map((a) => [a.action.label, a.action.data])).toEqual([
      ['質問する', 'menu:ask'],
      ['相談を予約', 'menu:consultation'],
      ['訪問を依頼', 'menu:visit'],
      ['担当者と話す', 'menu:staff'],
    ]);

    const again = await syncRichMenu(api(), png);
    expect(again).toEqual({ richMenuId: first.richMenuId, changed: false, deleted: [] });
    expect(line.richMenus.size).toBe(1);

    // A new image (or definition) replaces the menu; the old one is deleted after the new one is default.
    const changedPng = new Uint8Array(png);
    changedPng[changedPng.length - 20] = (changedPng[changedPng.length - 20] ?? 0) ^ 1;
    const replaced = await syncRichMenu(api(), changedPng);
    expect(replaced.changed).toBe(true);
    expect(replaced.deleted).toEqual([first.richMenuId]);
    expect(line.defaultRichMenuId).toBe(replaced.richMenuId);
    expect([...line.richMenus.keys()]).toEqual([replaced.richMenuId]);
    expect(line.violations).toEqual([]);
  });

  it('runs as npm run line:richmenu', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['scripts/line-richmenu.ts'], {
      env: {
        ...process.env,
        LINE_CHANNEL_SECRET: channelSecret,
        LINE_CHANNEL_ACCESS_TOKEN: accessToken,
        LINE_API_BASE_URL: line.url,
        LINE_DATA_API_BASE_URL: line.url,
      },
    });
    expect(stdout).toMatch(/Rich menu richmenu-[0-9a-f]+ (created and set as default|is already up to date)/);
    expect(line.violations).toEqual([]);
  });
});
