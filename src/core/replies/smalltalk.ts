/** Replies for greetings, thanks and other small talk, and for messages the bot cannot read. */
import { type MediaKind, mediaKinds, type OutboundReply } from '../message.ts';
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

/** Stickers and media: the engine reads text only (stickers are not taken as greetings or answers). */
export type UnreadableKind = MediaKind;

const unreadableWhat: Record<UnreadableKind, string> = {
  sticker: 'スタンプ',
  image: '画像',
  audio: '音声',
  video: '動画',
  file: 'ファイル',
  location: '位置情報',
};

export function isUnreadableKind(kind: string): kind is UnreadableKind {
  return (mediaKinds as readonly string[]).includes(kind);
}

/**
 * The polite "text only" reply. During a handoff the staff thread gets only a note, so the user is told
 * that the content did not reach staff (a sticker, a reaction, needs no such reply); no menu then.
 */
export function unreadableReply(
  kind: UnreadableKind,
  options: { isGroup?: boolean; handoff?: boolean } = {},
): OutboundReply[] {
  const what = unreadableWhat[kind];
  if (options.handoff) {
    if (kind === 'sticker') return [];
    return [
      {
        type: 'text',
        text: `申し訳ありません。${what}の内容は担当者に届けられません。お伝えになりたいことは文字で送っていただけますか。`,
      },
    ];
  }
  const opening =
    kind === 'sticker'
      ? 'スタンプをありがとうございます。'
      : `申し訳ありません。${what}の内容は読み取れません。`;
  return [
    {
      type: 'text',
      text: `${opening}このアシスタントは文字のメッセージだけを理解できます。ご用件を文字で送っていただけますか。`,
      quickReplies: menuQuickReplies(options),
    },
  ];
}

/** What staff see in the case thread instead of a sticker or media message. */
export function unreadableStaffNote(kind: UnreadableKind): string {
  return kind === 'sticker'
    ? '（スタンプが送られました）'
    : `（${unreadableWhat[kind]}が送られました。内容は表示されません）`;
}
