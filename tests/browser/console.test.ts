/**
 * The local console in a real browser (Debian's Chromium), against the app as `npm start` runs it
 * without LINE or Slack. One app serves every scenario (starting the durable queue on PGlite
 * takes a while); each scenario is its own browser context, so its own web user and staff member.
 *
 *   (a) ask a question and see its sources;
 *   (b) book a consultation in the chat and accept it on the staff side; the user sees the outcome;
 *   (c) a mental-health message reaches the staff side, staff claim and reply, the user sees the reply;
 *   (d) an unanswered question becomes a center answer once a second staff member approves it;
 *   and the page works by keyboard and at phone width.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDays,
  holidayName,
  isYearEndClosure,
  toTokyoDate,
  weekdayOf,
} from '../../src/core/booking/calendar.ts';
import { browserTestsEnabled, keepScreenshot, launchChromium, waitForText } from './support/chromium.ts';
import { type ConsoleApp, startConsoleApp } from './support/console-app.ts';

/** A weekday at least a week ahead that is neither a national holiday nor in 年末年始. */
function nextOpenDay(now: Date): string {
  let date = addDays(toTokyoDate(now), 8);
  while (
    weekdayOf(date) === 0 ||
    weekdayOf(date) === 6 ||
    holidayName(date) !== null ||
    isYearEndClosure(date)
  ) {
    date = addDays(date, 1);
  }
  return date;
}

describe.skipIf(!browserTestsEnabled)('local console in Chromium', () => {
  let app: ConsoleApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    app = await startConsoleApp();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** A new browser profile: a new web user (and staff member), as a second person would be. */
  async function openConsole(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const context = await browser.newContext({ viewport, locale: 'ja-JP', timezoneId: 'Asia/Tokyo' });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${app.url}/`);
    await waitForText(page.locator('#timeline'), 'さんぽアシスタントです');
    return page;
  }

  /**
   * The user's side of the chat. Answers come at a person's pace (3 s apart): the engine's flood control
   * lets a sender burst 10 messages and then about one every 6 s, and a booking takes 15.
   */
  function chat(page: Page) {
    const timeline = page.locator('#timeline');
    const quickReplies = page.locator('#quick-replies');
    const input = page.getByLabel('メッセージ', { exact: true });
    let lastSent = 0;
    const pace = async () => {
      const wait = lastSent + 3_000 - Date.now();
      if (wait > 0) await page.waitForTimeout(wait);
      lastSent = Date.now();
    };
    return {
      timeline,
      quickReplies,
      input,
      pace,
      async say(text: string) {
        await input.fill(text);
        await pace();
        await input.press('Enter');
      },
      async choose(label: string) {
        const button = quickReplies.getByRole('button', { name: label, exact: true });
        await button.waitFor({ timeout: 15_000 });
        await pace();
        await button.click();
      },
    };
  }

  it('(a) answers a question with its sources as cards', { timeout: 90_000 }, async () => {
    const page = await openConsole();
    const user = chat(page);
    await user.say('地域産業保健センターは何回まで使えますか？');
    const sources = page.locator('#timeline .card-sources').last();
    await waitForText(sources, '出典');
    // The fact, whichever of the guides that state it ranks first (the 地産保 guide and the FAQ both do).
    await waitForText(sources, '新しく利用する事業場を優先');
    await waitForText(user.timeline, '新しく利用する事業場を優先');
    // Titles link to the page the document came from, opened safely in a new tab.
    const link = sources.getByRole('link').first();
    expect(await link.getAttribute('href')).toMatch(/^https:\/\//);
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    await keepScreenshot(page, 'console-question');
  });

  it('(b) books a consultation in the chat; staff accept it and the user is told', {
    timeout: 150_000,
  }, async () => {
    const page = await openConsole();
    const user = chat(page);
    await user.choose('相談を予約');
    await waitForText(user.timeline, '個人情報の取り扱い');
    await user.choose('同意する');
    await user.choose('メンタルヘルス対策');
    await user.choose('オンライン');
    await waitForText(user.timeline, '都道府県');
    await user.say('東京都');
    await user.choose('人事労務担当者');
    await waitForText(user.timeline, '事業場（会社）のお名前');
    await user.say('株式会社さんぽ商事');
    await user.choose('100〜299人');
    await waitForText(user.timeline, 'ご担当者のお名前');
    await user.say('山田花子');
    await waitForText(user.timeline, '電話番号かメールアドレス');
    await user.say('hanako.yamada@example.co.jp');

    // LINE's datetime picker is an <input type="datetime-local"> in the console.
    const picker = user.quickReplies.getByRole('textbox', { name: '日時をえらぶ' });
    await picker.waitFor({ timeout: 15_000 });
    const day = nextOpenDay(new Date());
    await picker.fill(`${day}T10:00`);
    await user.pace();
    await user.quickReplies.getByRole('button', { name: '決定' }).click();
    await waitForText(user.timeline, 'あと2つまで');
    await user.choose('これで決定');
    await waitForText(user.timeline, 'ご相談になりたい内容');
    await user.say('ストレスチェックの集団分析の結果を職場改善にどう活かすか相談したい');

    const summary = page.locator('#timeline .card-summary').last();
    await waitForText(summary, '専門的相談のお申し込み内容');
    await waitForText(summary, '東京産業保健総合支援センター');
    await user.pace();
    await summary.getByRole('button', { name: '送信する' }).click();
    await waitForText(user.timeline, '受付番号は C-');
    const reference = /C-\d{4}-\d{4}/.exec((await user.timeline.textContent()) ?? '')?.[0] ?? '';
    expect(reference).not.toBe('');

    const card = page.locator('#booking-list .case', { hasText: reference });
    await waitForText(card, '株式会社さんぽ商事');
    await card.getByText('対応する（承諾・別の日時の提案・お断り）').click();
    await card.getByLabel('確定する日時（任意・日本時間）').fill(`${day}T10:00`);
    await card.getByRole('button', { name: '承諾する' }).click();
    await waitForText(page.locator('#staff-status'), `${reference} を承諾し、利用者に伝えました。`);
    await waitForText(
      user.timeline,
      `ご予約（受付番号 ${reference}）を東京産業保健総合支援センターでお受けしました。`,
    );
    await waitForText(card, '受付済み');
    // The month's figures follow the decision.
    await waitForText(page.locator('#report-output'), '専門的相談 承諾');
    await keepScreenshot(page, 'console-booking');
  });

  it('(c) hands a mental-health message to staff, who claim it and reply; the user sees the reply', {
    timeout: 90_000,
  }, async () => {
    const page = await openConsole();
    const user = chat(page);
    await user.say('部下がうつで休職中です。復職について、どう接したらよいか相談したいです');
    await waitForText(user.timeline, 'センターの担当者が直接うかがいます');
    // No model or document answered it: the chat holds no source card.
    expect(await page.locator('#timeline .card-sources').count()).toBe(0);

    const card = page.locator('#handoff-list .case', { hasText: '部下がうつで休職中です' });
    await waitForText(card, '有人対応');
    await card.getByRole('button', { name: '担当する' }).click();
    await waitForText(user.timeline, 'センターの担当者が対応を始めました');
    const reply = card.getByLabel('利用者への返信');
    // Claiming moves the keyboard focus to the reply box.
    await expect
      .poll(() => reply.evaluate((node) => node === document.activeElement), { timeout: 5_000 })
      .toBe(true);
    await reply.fill(
      '産業保健総合支援センターの担当です。ご相談ありがとうございます。復職の時期について伺えますか。',
    );
    await reply.press('Control+Enter');
    await waitForText(user.timeline, '産業保健総合支援センターの担当です。ご相談ありがとうございます。');
    await waitForText(card, '担当：あなた');

    await user.say('来月には戻りたいと本人は言っています');
    await waitForText(card, '来月には戻りたいと本人は言っています');
    await keepScreenshot(page, 'console-handoff');

    await card.getByRole('button', { name: '解決' }).click();
    await waitForText(user.timeline, '5段階で評価してください');
    await expect.poll(() => user.quickReplies.getByRole('button').count(), { timeout: 10_000 }).toBe(5);
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(0);
  });

  it('works by keyboard and shows user and staff as tabs at phone width', { timeout: 90_000 }, async () => {
    const page = await openConsole({ width: 390, height: 844 });
    const userTab = page.getByRole('tab', { name: '利用者の画面' });
    const staffTab = page.getByRole('tab', { name: /センター職員の画面/ });
    expect(await userTab.getAttribute('aria-selected')).toBe('true');
    expect(await page.locator('#staff-pane').isVisible()).toBe(false);

    await userTab.focus();
    await page.keyboard.press('ArrowRight');
    expect(await staffTab.getAttribute('aria-selected')).toBe('true');
    expect(await staffTab.evaluate((node) => node === document.activeElement)).toBe(true);
    expect(await page.locator('#staff-pane').isVisible()).toBe(true);
    expect(await page.locator('#user-pane').isVisible()).toBe(false);
    await page.keyboard.press('ArrowLeft');
    expect(await page.locator('#user-pane').isVisible()).toBe(true);

    // From the top of the page, the skip link leads to the composer; Enter sends, Shift+Enter is a new line.
    await page.reload();
    await waitForText(page.locator('#timeline'), 'さんぽアシスタントです');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('メッセージ入力へ移動');
    await page.keyboard.press('Enter');
    const user = chat(page);
    await expect
      .poll(() => user.input.evaluate((node) => node === document.activeElement), { timeout: 5_000 })
      .toBe(true);
    await page.keyboard.type('こんにちは');
    await page.keyboard.press('Shift+Enter');
    expect(await user.input.inputValue()).toBe('こんにちは\n');
    await page.keyboard.press('Enter');
    await waitForText(page.locator('#timeline .entry-user').last(), 'こんにちは');
    expect(await user.input.inputValue()).toBe('');
    const box = await page.locator('#timeline').boundingBox();
    expect(box?.width ?? 0).toBeLessThanOrEqual(390);
    await keepScreenshot(page, 'console-phone');
  });
  it('(d) a question the materials do not answer becomes a center answer once a second staff member approves it', {
    timeout: 150_000,
  }, async () => {
    const question = '地域産業保健センターの相談で、手話通訳をお願いすることはできますか？';
    const page = await openConsole();
    const user = chat(page);
    await user.say(question);
    await waitForText(user.timeline, '見つかりませんでした');

    // This browser's staff member finds the question among the month's gaps and drafts the answer.
    const gaps = page.locator('#gaps-output');
    await page.locator('#gaps-form').getByRole('button', { name: '表示する' }).click();
    const gap = gaps.locator('.gap', { hasText: question });
    await waitForText(gap, '回答できず');
    await gap.getByRole('button', { name: '回答を作成' }).click();
    await gap.getByLabel('センター').selectOption({ label: '東京産業保健総合支援センター' });
    await gap
      .getByLabel('回答', { exact: true })
      .fill(
        '手話通訳が必要な場合は、申込の際にお知らせください。センターが手配の可否を確認してご連絡します。',
      );
    await gap.getByLabel(/根拠となる公式ページのURL/u).fill('https://www.tokyos.johas.go.jp/');
    await gap.scrollIntoViewIfNeeded();
    await keepScreenshot(page, 'console-gaps');
    await gap.getByRole('button', { name: '承認を依頼' }).click();
    await waitForText(page.locator('#staff-status'), '承認を依頼しました');
    const draft = gaps.locator('.center-answer', { hasText: '手話通訳が必要な場合は' });
    await waitForText(draft, '作成者以外の担当者が承認してください');

    // The drafter's own approval is refused; nothing reaches users yet.
    await draft.getByRole('button', { name: '承認する' }).click();
    await waitForText(page.locator('#staff-status'), 'ご自身が作成した回答は承認できません');

    // A second staff member (another browser) approves it.
    const reviewer = await openConsole();
    await reviewer.locator('#gaps-form').getByRole('button', { name: '表示する' }).click();
    const pending = reviewer.locator('#gaps-output .center-answer', { hasText: '手話通訳が必要な場合は' });
    await waitForText(pending, '作成：');
    await pending.getByRole('button', { name: '承認する' }).click();
    await waitForText(reviewer.locator('#staff-status'), '承認しました');

    // The same question, asked again, gets the center's answer with its official source.
    await user.say(question);
    const sources = page.locator('#timeline .card-sources').last();
    await waitForText(sources, '東京産業保健総合支援センターの回答');
    await waitForText(user.timeline, '手配の可否を確認してご連絡します');
  });
});
