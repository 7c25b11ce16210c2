/**
 * `npm run line:richmenu`: creates or updates the rich menu (質問する / 相談を予約 / 訪問を依頼 / 担当者と話す)
 * through the Messaging API and makes it the default. Idempotent: an unchanged menu is left alone, a
 * changed one replaces the old. Needs LINE_CHANNEL_ACCESS_TOKEN (and the secret, as for `npm start`).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLineApi } from '../src/channels/line/line-api.ts';
import { syncRichMenu } from '../src/channels/line/rich-menu.ts';
import { parseConfig } from '../src/config.ts';

try {
  const config = parseConfig(process.env);
  if (config.LINE_CHANNEL_ACCESS_TOKEN === undefined) {
    throw new Error('LINE_CHANNEL_ACCESS_TOKEN is not set; see README "Connecting LINE".');
  }
  const image = new Uint8Array(await readFile(join(config.SETTINGS_DIR, 'line-rich-menu.png')));
  const api = createLineApi({
    apiBaseUrl: config.LINE_API_BASE_URL,
    dataApiBaseUrl: config.LINE_DATA_API_BASE_URL,
    channelAccessToken: config.LINE_CHANNEL_ACCESS_TOKEN,
    timeoutMs: config.LINE_REQUEST_TIMEOUT_MS,
  });
  const result = await syncRichMenu(api, image);
  console.log(
    result.changed
      ? `Rich menu ${result.richMenuId} created and set as default.`
      : `Rich menu ${result.richMenuId} is already up to date (default).`,
  );
  if (result.deleted.length > 0) console.log(`Deleted the previous menu(s): ${result.deleted.join(', ')}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
