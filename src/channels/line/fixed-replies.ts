/**
 * The few replies the LINE channel writes itself: the notice a new follower gets after the engine's
 * greeting (what the assistant cannot do, and privacy), a whole greeting for an engine without one, and
 * the apology sent when an event could not be processed after every retry, so that every accepted event
 * still gets exactly one answer. The main menu matches the rich menu.
 */
import type { OutboundReply, QuickReply } from '../../core/message.ts';

/** The same four choices as the rich menu (src/channels/line/rich-menu.ts). */
export const mainMenu: QuickReply[] = [
  { label: '質問する', postback: 'menu:ask', text: '質問する' },
  { label: '相談を予約', postback: 'menu:consultation', text: '相談を予約したい' },
  { label: '訪問を依頼', postback: 'menu:visit', text: '訪問を依頼したい' },
  { label: '担当者と話す', postback: 'menu:staff', text: '担当者と話したい' },
];

/**
 * What a new follower must read on LINE besides the engine's introduction: what the assistant cannot do,
 * and how their (health) information is handled. Sent after the engine's greeting on `follow`.
 */
export function followNotice(options: { retentionDays: number }): OutboundReply {
  return {
    type: 'text',
    text: [
      '【できないこと】',
      '・病気の診断や治療、カウンセリングはできません',
      '・特定の方の健康状態や、事業者・医師が行う判断はできません（担当者がお話を伺います）',
      '・命に関わる緊急のときは、119番（救急）・110番（警察）へご連絡ください',
      '',
      '【個人情報の取り扱い】',
      '健康に関する情報は、特に慎重な取り扱いが必要な個人情報です。',
      `・お送りいただいたメッセージは、ご相談への対応のために保存し、${options.retentionDays}日後に削除します`,
      '・ご予約の内容（日時・連絡先など）は、ご予約の対応に必要な間、保存します',
      '・内容を見るのは、センターの担当者だけです',
      'ご相談に必要のない個人情報（ご本人以外のお名前や病名など）は、送らないようお願いします。',
    ].join('\n'),
  };
}

/** The whole greeting when the engine has none of its own: introduction, the notice, and the menu. */
export function followGreeting(options: { retentionDays: number }): OutboundReply[] {
  const intro = [
    '友だち追加ありがとうございます。さんぽアシスタントです。',
    '産業保健総合支援センター（さんぽセンター）と地域産業保健センターのご利用について、公式の資料にもとづいてご案内します。',
    '',
    '【できること】',
    '・産業保健についてのご質問に、出典を添えてお答えします',
    '・専門的相談のご予約と、事業場への個別訪問支援のご依頼を受け付けます',
    '・センターの担当者におつなぎします',
  ].join('\n');
  return [
    { type: 'text', text: intro },
    followNotice(options),
    { type: 'text', text: '下のメニューからお選びください。', quickReplies: mainMenu },
  ];
}

export function processingFailedApology(): OutboundReply[] {
  return [
    {
      type: 'text',
      text: [
        '申し訳ありません。ただいまメッセージを処理できませんでした。',
        'お手数ですが、少し時間をおいてからもう一度お送りください。',
        '命に関わる緊急のときは、119番（救急）・110番（警察）へご連絡ください。',
      ].join('\n'),
      quickReplies: mainMenu,
    },
  ];
}
