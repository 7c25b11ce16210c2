/** Replies for greetings, thanks and other small talk, and for messages the bot cannot read. */
import type { OutboundReply } from '../message.ts';
import { introReply, menuQuickReplies } from './menu.ts';

export const smalltalkKinds = ['greeting', 'thanks', 'bye', 'about', 'ack', 'other'] as const;
export type SmalltalkKind = (typeof smalltalkKinds)[number];

export function smalltalkReply(kind: SmalltalkKind, options: { isGroup?: boolean } = {}): OutboundReply[] {
  const quickReplies = menuQuickReplies(options);
  switch (kind) {
    case 'thanks':
      return [
        { type: 'text', text: 'どういたしまして。ほかにもご質問があれば、いつでもどうぞ。', quickReplies },
      ];
    case 'bye':
      return [{ type: 'text', text: 'ご利用ありがとうございました。またいつでもどうぞ。', quickReplies }];
    case 'ack':
      return [
        {
          type: 'text',
          text: '承知しました。ほかにお手伝いできることがあれば、お知らせください。',
          quickReplies,
        },
      ];
    default:
      return [introReply(options)];
  }
}

/** Images, audio, files, locations: the bot reads only text. */
export function unreadableReply(options: { isGroup?: boolean } = {}): OutboundReply[] {
  return [
    {
      type: 'text',
      text: '申し訳ありません。画像やファイル、音声の内容は確認できません。ご用件を文字で送っていただけますか。',
      quickReplies: menuQuickReplies(options),
    },
  ];
}
