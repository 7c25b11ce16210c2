import { describe, expect, it } from 'vitest';
import { escapeMrkdwn } from '../../../src/channels/slack/mrkdwn.ts';
import { toPlainText } from '../../../src/channels/slack/slack-text.ts';
import { stripInternalNotes } from '../../../src/core/handoff/lifecycle.ts';

describe('stripInternalNotes', () => {
  it('keeps a message whose first line is a note entirely internal', () => {
    expect(stripInternalNotes('メモ: 上長に共有済み\n本人には明日連絡')).toBeNull();
    expect(stripInternalNotes('メモ：全角コロン')).toBeNull();
    expect(stripInternalNotes('note: checked with the doctor')).toBeNull();
    expect(stripInternalNotes('  NOTE: upper case')).toBeNull();
  });

  it('drops note lines inside a reply and relays the rest', () => {
    expect(stripInternalNotes('ご連絡ありがとうございます。\nメモ: 前回の相談者\n明日お電話します。')).toBe(
      'ご連絡ありがとうございます。\n明日お電話します。',
    );
  });

  it('relays ordinary replies unchanged, including メモ in the middle of a line', () => {
    expect(stripInternalNotes('メモを取っておいてください。')).toBe('メモを取っておいてください。');
  });
});

describe('toPlainText (Slack → LINE)', () => {
  it('unescapes entities and flattens links and mentions', () => {
    expect(toPlainText('詳しくは <https://example.jp/a|こちら> &amp; <@U123> さんに &lt;確認&gt;')).toBe(
      '詳しくは こちら (https://example.jp/a) & さんに <確認>',
    );
    expect(toPlainText('<!here> <https://example.jp>')).toBe('https://example.jp');
  });
});

describe('escapeMrkdwn (LINE → Slack)', () => {
  it('stops user text from pinging channels or forging links', () => {
    expect(escapeMrkdwn('<!channel> <https://evil|ok> & co')).toBe(
      '&lt;!channel&gt; &lt;https://evil|ok&gt; &amp; co',
    );
  });
});
