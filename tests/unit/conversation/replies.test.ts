/**
 * Reply building: the crisis reply from the hotlines file (119/110 first, verified entries only, never
 * unverified hours), control words, center matching and staff summaries.
 */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { detectControlWord } from '../../../src/core/conversation/control-words.ts';
import { findCenterInText } from '../../../src/core/handoff/center-match.ts';
import { summarizeHandoff } from '../../../src/core/handoff/open-handoff.ts';
import { buildCrisisReply } from '../../../src/core/replies/crisis.ts';
import { HotlineSettings } from '../../../src/core/replies/hotlines.ts';
import { menuQuickReplies } from '../../../src/core/replies/menu.ts';
import { testHotlines } from './fakes.ts';

const textOf = (reply: ReturnType<typeof buildCrisisReply>) => (reply.type === 'text' ? reply.text : '');

describe('crisis reply', () => {
  it('leads with 119/110, lists 24-hour lines first, and never shows unverified entries or hours', () => {
    const text = textOf(buildCrisisReply(testHotlines, { immediate: false, staff: 'alerted' }));
    expect(text.split('\n')[0]).toBe(
      '命に危険が迫っているときは、すぐに119（救急）または110（警察）に電話してください。',
    );
    expect(text.indexOf('0120-000-001')).toBeLessThan(text.indexOf('0570-000-002'));
    expect(text).toContain('0120-000-003');
    expect(text).not.toContain('平日17〜22時');
    expect(text).not.toContain('0120-000-004');
    expect(text).toContain('担当者にもすぐに知らせました');
  });

  it('tells the user to call now when a life is in danger now, and points groups to a 1:1 chat', () => {
    const text = textOf(buildCrisisReply(testHotlines, { immediate: true, staff: 'group' }));
    expect(text.startsWith('今すぐ119（救急）または110（警察）に電話してください。')).toBe(true);
    expect(text).toContain('1対1のトーク');
    expect(text).not.toContain('知らせました');
  });

  it('shows the real settings/hotlines.yaml without its unverified number and hours', async () => {
    const settings = HotlineSettings.parse(parse(await readFile('settings/hotlines.yaml', 'utf8')));
    const text = textOf(buildCrisisReply(settings, { immediate: false, staff: 'alerted' }));
    for (const entry of settings.hotlines) {
      if (!entry.verified) expect(text).not.toContain(entry.number);
      if (entry.hours_unverified !== undefined) expect(text).not.toContain(entry.hours_unverified);
    }
    expect(text.match(/0570-064-556/g)).toHaveLength(1);
  });

  it('refuses a hotlines file that lists an unverified line as always open', () => {
    const broken = {
      ...testHotlines,
      hotlines: [{ id: 'x', name: 'x', number: '0120', hours: '', always_open: true, verified: false }],
    };
    expect(HotlineSettings.safeParse(broken).success).toBe(false);
  });
});

describe('control words', () => {
  it.each(['やめる', 'やめます', 'ヤメル', 'キャンセル', '中止', 'もういいです', 'cancel'])(
    '%s cancels',
    (t) => {
      expect(detectControlWord(t)).toBe('cancel');
    },
  );
  it.each(['最初から', 'さいしょから', '最初からやり直し', 'やり直し', 'リセット'])('%s restarts', (t) => {
    expect(detectControlWord(t)).toBe('restart');
  });
  it.each(['会社をやめるべきか迷っています', '最初から予約を取り直す方法は？'])(
    '%s is not a control word',
    (t) => {
      expect(detectControlWord(t)).toBeUndefined();
    },
  );
});

describe('center matching and summaries', () => {
  const centers = [
    { id: 'kyoto', prefecture: '京都府', aliases: ['京都', 'きょうと', 'kyoto'] },
    { id: 'tokyo', prefecture: '東京都', aliases: ['東京', 'とうきょう', 'tokyo'] },
    { id: 'shiga', prefecture: '滋賀県', aliases: ['滋賀', 'しが', 'shiga'] },
  ];
  it('matches the full prefecture name first, so 東京都 is not 京都', () => {
    expect(findCenterInText('東京都の会社です', centers)?.id).toBe('tokyo');
    expect(findCenterInText('京都の事業所です', centers)?.id).toBe('kyoto');
  });
  it('matches kana and romaji aliases only as whole tokens', () => {
    expect(findCenterInText('わたしが担当です', centers)).toBeNull();
    expect(findCenterInText('しが', centers)?.id).toBe('shiga');
    expect(findCenterInText('office in tokyo', centers)?.id).toBe('tokyo');
  });
  it('summarises from labels, never from the user text', () => {
    expect(summarizeHandoff('person_case', 'subordinate', 'return_to_work')).toBe(
      '部下の休職・復職についての相談',
    );
    expect(summarizeHandoff('crisis', null, undefined)).toContain('【緊急】');
  });
});

describe('menu', () => {
  it('fits LINE quick-reply limits and offers only questions in groups', () => {
    const items = menuQuickReplies();
    expect(items.length).toBeLessThanOrEqual(13);
    expect(items.every((q) => [...q.label].length <= 20 && (q.postback ?? '').length <= 300)).toBe(true);
    expect(menuQuickReplies({ isGroup: true }).map((q) => q.label)).toEqual(['質問する']);
  });
});
