/** Shown for consultation/visit requests while no booking flow is registered (or from a group chat). */
import type { OutboundReply } from '../message.ts';
import { menuQuickReply } from './menu.ts';

export function bookingUnavailableReply(kind: 'consultation' | 'visit'): OutboundReply {
  const what =
    kind === 'consultation'
      ? '専門スタッフへの相談（面談・電話・メール・オンライン）の予約'
      : '事業場への個別訪問支援のお申し込み';
  return {
    type: 'text',
    text: `${what}は、このトークではまだお受けできません。お近くの産業保健総合支援センターに直接お問い合わせいただくか、担当者におつなぎします。`,
    quickReplies: [menuQuickReply('staff'), menuQuickReply('ask')],
  };
}

export function answerUnavailableReply(): OutboundReply {
  return {
    type: 'text',
    text: '申し訳ありません。ただいまお答えを用意できませんでした。少し時間をおいてもう一度お試しいただくか、担当者におつなぎします。',
    quickReplies: [menuQuickReply('staff'), menuQuickReply('consultation')],
  };
}

export function flowCancelledReply(): OutboundReply {
  return {
    type: 'text',
    text: 'お手続きを中止しました。ほかにお手伝いできることがあれば、お知らせください。',
    quickReplies: [
      menuQuickReply('ask'),
      menuQuickReply('consultation'),
      menuQuickReply('visit'),
      menuQuickReply('staff'),
    ],
  };
}
