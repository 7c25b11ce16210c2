/** Rendering checked against LINE's own OpenAPI schemas (through the emulator's checker). */
import { beforeAll, describe, expect, it } from 'vitest';
import { followGreeting, processingFailedApology } from '../../../src/channels/line/fixed-replies.ts';
import { renderReplies, toBatches } from '../../../src/channels/line/render.ts';
import type { OutboundReply, QuickReply } from '../../../src/core/message.ts';
import { loadLineSpec, type SpecValidator } from '../../fakes/line-openapi.ts';

describe('renderReplies', () => {
  let spec: SpecValidator;
  beforeAll(async () => {
    spec = await loadLineSpec();
  });
  const conforms = (replies: OutboundReply[]) => {
    for (const batch of toBatches(renderReplies(replies))) {
      expect(spec.validate('PushMessageRequest', { to: `U${'0'.repeat(32)}`, messages: batch })).toEqual([]);
    }
  };

  it('puts the quick replies on the last message, after sources', () => {
    const messages = renderReplies([
      { type: 'text', text: '回答です。', quickReplies: [{ label: '質問する', postback: 'menu:ask' }] },
      { type: 'sources', citations: [{ documentId: 'd', title: '資料', section: '1' }] },
    ]);
    expect(messages.map((m) => m.type)).toEqual(['text', 'flex']);
    expect(messages[0]?.quickReply).toBeUndefined();
    expect(messages[1]?.quickReply?.items).toHaveLength(1);
  });

  it('maps choices to postback, message and datetime picker actions within LINE limits', () => {
    const choices: QuickReply[] = [
      { label: '質問する', postback: 'menu:ask' },
      { label: 'はい', text: 'はい' },
      {
        label: '日時を選ぶ',
        postback: 'pick',
        picker: { mode: 'datetime', min: '2026-12-01T09:00', max: '2027-01-31T17:00' },
      },
      { label: 'とても長いラベルはボタンに収まるように短くされます', text: 'x' },
      { label: '長すぎるデータ', postback: 'x'.repeat(301) },
    ];
    const [message] = renderReplies([{ type: 'text', text: '選んでください', quickReplies: choices }]);
    const actions = message?.quickReply?.items?.map((i) => i.action) ?? [];
    expect(actions.map((a) => a?.type)).toEqual(['postback', 'message', 'datetimepicker', 'message']);
    expect(actions[0]).toMatchObject({ data: 'menu:ask', displayText: '質問する' });
    expect(actions[2]).toMatchObject({ mode: 'datetime', min: '2026-12-01T09:00', max: '2027-01-31T17:00' });
    expect(Array.from(actions[3]?.label ?? '').length).toBeLessThanOrEqual(20);
    conforms([{ type: 'text', text: '選んでください', quickReplies: choices }]);
  });

  it('keeps at most 13 quick replies', () => {
    const many = Array.from({ length: 20 }, (_, i) => ({ label: `選択${i}`, postback: `c:${i}` }));
    expect(
      renderReplies([{ type: 'text', text: 'x', quickReplies: many }])[0]?.quickReply?.items,
    ).toHaveLength(13);
  });

  it('renders citations with links only for web URLs', () => {
    const [flex] = renderReplies([
      {
        type: 'sources',
        citations: [
          {
            documentId: 'a',
            title: '地域産業保健センター',
            section: '対象',
            url: 'https://www.johas.go.jp/',
          },
          { documentId: 'b', title: '方向性', section: '2 > (1)', url: 'file:///etc/passwd' },
        ],
      },
    ]);
    const json = JSON.stringify(flex);
    expect(json).toContain('https://www.johas.go.jp/');
    expect(json).not.toContain('file:');
    conforms([
      {
        type: 'sources',
        citations: [{ documentId: 'a', title: 'T', section: '', url: 'https://example.jp/a' }],
      },
    ]);
  });

  it('keeps a summary card private in notifications: the alt text is only its title', () => {
    const summary: OutboundReply = {
      type: 'summary',
      title: 'ご予約内容の確認',
      rows: [
        { label: '連絡先', value: '090-0000-0000' },
        { label: '内容', value: '' },
      ],
      actions: [{ label: '申し込む', postback: 'booking:confirm' }],
    };
    const [flex] = renderReplies([summary]);
    expect(flex).toMatchObject({ type: 'flex', altText: 'ご予約内容の確認' });
    expect(JSON.stringify(flex)).toContain('090-0000-0000');
    conforms([summary]);
  });

  it('cuts more than five messages into calls of five, in order', () => {
    const replies: OutboundReply[] = Array.from({ length: 12 }, (_, i) => ({ type: 'text', text: `${i}` }));
    const batches = toBatches(renderReplies(replies));
    expect(batches.map((b) => b.length)).toEqual([5, 5, 2]);
    expect(batches.flat().map((m) => (m.type === 'text' ? m.text : ''))).toEqual(
      replies.map((_, i) => `${i}`),
    );
  });

  it('renders the greeting and the apology within the spec', () => {
    conforms(followGreeting({ retentionDays: 90 }));
    conforms(processingFailedApology());
    expect(JSON.stringify(followGreeting({ retentionDays: 30 }))).toContain('30日後に削除');
  });
});
