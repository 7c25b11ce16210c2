/** The emulator's spec checker must catch what LINE would refuse, or the emulator proves nothing. */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadLineSpec, type SpecValidator } from '../../fakes/line-openapi.ts';

describe('LINE OpenAPI checker', () => {
  let spec: SpecValidator;
  beforeAll(async () => {
    spec = await loadLineSpec();
  });

  const text = (value: string) => ({ type: 'text', text: value });

  it('accepts a valid reply with quick replies and a Flex bubble', () => {
    expect(
      spec.validate('ReplyMessageRequest', {
        replyToken: 't',
        messages: [
          text('こんにちは'),
          {
            type: 'flex',
            altText: '出典',
            contents: {
              type: 'bubble',
              body: {
                type: 'box',
                layout: 'vertical',
                contents: [{ type: 'text', text: '資料', wrap: true }],
              },
            },
            quickReply: {
              items: [
                {
                  type: 'action',
                  action: { type: 'datetimepicker', label: '日付', data: 'd', mode: 'date' },
                },
              ],
            },
          },
        ],
      }),
    ).toEqual([]);
  });

  it('refuses missing required fields, too many messages and unknown message types', () => {
    expect(spec.validate('ReplyMessageRequest', { messages: [text('x')] })).toContain(
      '$.replyToken: required',
    );
    expect(spec.validate('PushMessageRequest', { to: 'U1', messages: Array(6).fill(text('x')) })).toContain(
      '$.messages: more than 5 items',
    );
    expect(spec.validate('PushMessageRequest', { to: 'U1', messages: [{ type: 'hologram' }] })[0]).toMatch(
      /unknown value/,
    );
    expect(spec.validate('PushMessageRequest', { to: 'U1', messages: [{ type: 'text' }] })).toContain(
      '$.messages[0].text: required',
    );
  });

  it('refuses wrong enums, types, lengths and undeclared properties deep inside Flex', () => {
    const bubble = (component: Record<string, unknown>) => ({
      to: 'U1',
      messages: [
        {
          type: 'flex',
          altText: 'a',
          contents: { type: 'bubble', body: { type: 'box', layout: 'vertical', contents: [component] } },
        },
      ],
    });
    expect(
      spec.validate('PushMessageRequest', bubble({ type: 'text', text: 'x', weight: 'heavy' }))[0],
    ).toMatch(/weight/);
    expect(spec.validate('PushMessageRequest', bubble({ type: 'text', text: 'x', wrap: 'yes' }))[0]).toMatch(
      /expected boolean/,
    );
    expect(
      spec.validate('PushMessageRequest', bubble({ type: 'text', text: 'x', colour: '#000' }))[0],
    ).toMatch(/colour: not in the spec/);
    const longData = { type: 'button', action: { type: 'postback', label: 'l', data: 'x'.repeat(301) } };
    expect(spec.validate('PushMessageRequest', bubble(longData))[0]).toMatch(/longer than 300/);
  });

  it('refuses more than 13 quick replies and out-of-range loading seconds', () => {
    const items = Array.from({ length: 14 }, () => ({
      type: 'action',
      action: { type: 'message', label: 'l', text: 't' },
    }));
    expect(
      spec.validate('PushMessageRequest', { to: 'U1', messages: [{ ...text('x'), quickReply: { items } }] }),
    ).toContain('$.messages[0].quickReply.items: more than 13 items');
    expect(spec.validate('ShowLoadingAnimationRequest', { chatId: 'U1', loadingSeconds: 65 })).toContain(
      '$.loadingSeconds: above 60',
    );
  });
});
