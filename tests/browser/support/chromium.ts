/**
 * Debian's Chromium driven by playwright-core (test tools cannot download a browser here). CI installs it
 * (scripts/ci/install-chromium.sh) and exports CHROMIUM_PATH; a missing browser fails there, while a
 * developer without it gets a clear skip message.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type Browser, chromium, type Page } from 'playwright-core';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const onCi = process.env.CI === 'true' || process.env.CI === '1';

/** False only on a developer machine without Chromium: the browser tests are skipped there. */
export const browserTestsEnabled = existsSync(chromiumPath) || onCi;
if (!browserTestsEnabled) {
  console.warn(
    `Browser tests skipped: no Chromium at ${chromiumPath}. Install it with ` +
      '`bash scripts/ci/install-chromium.sh` (or set CHROMIUM_PATH); in CI a missing browser fails the run.',
  );
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is required for the browser tests but was not found at ${chromiumPath}`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--lang=ja',
    ],
  });
}

export const artifactsDir = new URL('../../artifacts/', import.meta.url).pathname;

/** Keeps a screenshot in tests/artifacts/ (gitignored; CI keeps the directory). */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(artifactsDir, { recursive: true });
  const path = `${artifactsDir}${name}.png`;
  await page.screenshot({ path, fullPage: false });
  return path;
}

/** The page polls every 1.5–2 s, and a turn may take a moment: wait up to 15 s for text to appear. */
export async function waitForText(
  locator: { textContent(): Promise<string | null> },
  text: string,
  timeoutMs = 15_000,
): Promise<void> {
  const started = Date.now();
  let last: string | null = null;
  while (Date.now() - started < timeoutMs) {
    last = await locator.textContent();
    if (last?.includes(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for 「${text}」; the element shows: ${last ?? '(nothing)'}`,
  );
}
