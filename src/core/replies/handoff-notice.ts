/** What the user is told when a person, not the bot, takes over. No advice on anyone's condition. */
import type { OutboundReply } from '../message.ts';

export function handoffOpenedReply(reason: 'person_case' | 'human_request'): OutboundReply {
  const head =
    reason === 'human_request'
      ? '承知しました。センターの担当者におつなぎします。'
      : 'ご相談ありがとうございます。この内容は、ボットではなくセンターの担当者が直接うかがいます。';
  return {
    type: 'text',
    text: [
      head,
      '担当者に知らせましたので、このトークで返信をお待ちください。受付時間外は、返信までお時間をいただくことがあります。',
      'このあと送っていただくメッセージも、担当者に届きます。',
    ].join('\n'),
  };
}

/** A brief note while a handoff waits for staff (sent at most now and then, never to every message). */
export function handoffWaitingReply(): OutboundReply {
  return { type: 'text', text: 'メッセージは担当者に届いています。担当者からの返信をお待ちください。' };
}

/** Handoffs and bookings are not taken in group chats: they concern one person or one workplace. */
export function groupOneToOneReply(subject: 'person' | 'booking'): OutboundReply {
  return {
    type: 'text',
    text:
      subject === 'person'
        ? '個人の状況にかかわるご相談は、グループではお受けしていません。このアカウントと1対1のトークでメッセージを送っていただければ、センターの担当者におつなぎします。'
        : '相談の予約や訪問支援のお申し込みは、このアカウントと1対1のトークでお手続きください。',
  };
}
