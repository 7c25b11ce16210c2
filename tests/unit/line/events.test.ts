import { describe, expect, it } from 'vitest';
import { chatOf, EventCommon, toInboundMessage } from '../../../src/channels/line/events.ts';

const user = `U${'a'.repeat(32)}`;
const group = `C${'b'.repeat(32)}`;
const room = `R${'c'.repeat(32)}`;
const at = new Date('2026-11-24T10:00:00+09:00');

function event(
  type: string,
  extra: Record<string, unknown>,
  source: Record<string, unknown> = { type: 'user', userId: user },
) {
  return {
    type,
    webhookEventId: '01JDQ5XJ0000000000000000AB',
    timestamp: at.getTime(),
    mode: 'active',
    deliveryContext: { isRedelivery: false },
    source,
    ...extra,
  };
}

describe('toInboundMessage', () => {
  it('maps a 1:1 text message', () => {
    expect(
      toInboundMessage(event('message', { message: { type: 'text', id: '1', text: '質問です' } }), at),
    ).toEqual({
      channel: 'line',
      userId: user,
      conversationId: user,
      isGroup: false,
      kind: 'text',
      text: '質問です',
      receivedAt: at,
      eventId: '01JDQ5XJ0000000000000000AB',
    });
  });

  it('maps a datetime picker postback with its params', () => {
    const message = toInboundMessage(
      event('postback', { postback: { data: 'pick:date', params: { date: '2026-12-01' } } }),
      at,
    );
    expect(message).toMatchObject({
      kind: 'postback',
      postback: { data: 'pick:date', params: { date: '2026-12-01' } },
    });
  });

  it('maps every non-text message type to its kind', () => {
    for (const type of ['sticker', 'image', 'audio', 'video', 'file', 'location']) {
      expect(toInboundMessage(event('message', { message: { type, id: '1' } }), at)?.kind).toBe(type);
    }
  });

  it('uses the group or room as the conversation, and the group when LINE leaves the sender out', () => {
    const inGroup = toInboundMessage(
      event(
        'message',
        { message: { type: 'text', text: 'x' } },
        { type: 'group', groupId: group, userId: user },
      ),
      at,
    );
    expect(inGroup).toMatchObject({ isGroup: true, conversationId: group, userId: user });
    const noSender = toInboundMessage(
      event('postback', { postback: { data: 'menu:ask' } }, { type: 'room', roomId: room }),
      at,
    );
    expect(noSender).toMatchObject({ isGroup: true, conversationId: room, userId: room });
  });

  it('maps follow and unfollow, and ignores types the engine has no use for', () => {
    expect(toInboundMessage(event('follow', { follow: { isUnblocked: true } }), at)?.kind).toBe('follow');
    expect(toInboundMessage(event('unfollow', {}), at)?.kind).toBe('unfollow');
    expect(toInboundMessage(event('join', {}), at)).toBeNull();
    expect(toInboundMessage(event('message', { message: { type: 'hologram' } }), at)).toBeNull();
  });

  it('has no chat without a source', () => {
    const { source: _s, ...noSource } = event('message', {});
    expect(chatOf(EventCommon.parse(noSource))).toBeNull();
  });
});
