/**
 * Regenerates settings/line-rich-menu.png (2500×843) from the rich menu's labels, by rendering a small
 * HTML page in the system Chromium with Noto Sans CJK. Run it after changing the menu:
 *   node scripts/line-richmenu-image.ts            (CHROMIUM_PATH overrides /usr/bin/chromium)
 * then `npm run line:richmenu` uploads it. Not needed at run time: the PNG is committed.
 */
import { writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { mainMenu } from '../src/channels/line/fixed-replies.ts';
import { richMenuSize } from '../src/channels/line/rich-menu.ts';

const subtitles: Record<string, string> = {
  'menu:ask': '制度や手続きを調べる',
  'menu:consultation': '専門スタッフに相談',
  'menu:visit': '事業場への個別訪問',
  'menu:staff': 'センターの担当者へ',
};
const colors = ['#1f6f43', '#2b6cb0', '#8a5a14', '#6b4c9a'];

const panels = mainMenu
  .map(
    (item, i) => `<div class="panel" style="background:${colors[i % colors.length]}">
      <div class="label">${item.label}</div><div class="sub">${subtitles[item.postback ?? ''] ?? ''}</div></div>`,
  )
  .join('');
const html = `<!doctype html><html><head><meta charset="utf-8"><style>
  html,body{margin:0;width:${richMenuSize.width}px;height:${richMenuSize.height}px;overflow:hidden}
  body{display:flex;font-family:'Noto Sans CJK JP',sans-serif}
  .panel{flex:1 1 0;min-width:0;display:flex;flex-direction:column;align-items:center;justify-content:center;color:#fff;
    border-right:6px solid #ffffff55}
  .panel:last-child{border-right:none}
  .label{font-size:92px;font-weight:700;white-space:nowrap}
  .sub{margin-top:40px;font-size:50px;opacity:.92;white-space:nowrap}
</style></head><body>${panels}</body></html>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: richMenuSize, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: 'load' });
  const png = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...richMenuSize } });
  const target = new URL('../settings/line-rich-menu.png', import.meta.url);
  await writeFile(target, png);
  console.log(`wrote ${target.pathname} (${png.length} bytes)`);
} finally {
  await browser.close();
}
