/**
 * The main menu (the engine's own `menu:*` postbacks) and the short introduction shown for greetings.
 * Labels stay within LINE's limits (≤ 20 characters, ≤ 13 quick replies).
 */
import type { OutboundReply, QuickReply } from '../message.ts';

export const menuChoices = ['ask', 'consultation', 'visit', 'staff'] as const;
export type MenuChoice = (typeof menuChoices)[number];

const labels: Record<MenuChoice, string> = {
  ask: '質問する',
  consultation: '相談を予約',
  visit: '訪問を依頼',
  staff: '担当者と話す',
};

export function menuQuickReply(choice: MenuChoice): QuickReply {
  return { label: labels[choice], postback: `menu:${choice}` };
}

/** The main options; a group chat only gets the question option (bookings and staff are 1:1). */
export function menuQuickReplies(options: { isGroup?: boolean } = {}): QuickReply[] {
  return options.isGroup ? [menuQuickReply('ask')] : menuChoices.map(menuQuickReply);
}

export function introReply(options: { isGroup?: boolean } = {}): OutboundReply {
  const lines = [
    'さんぽアシスタントです。産業保健総合支援センター（さんぽセンター）と地域産業保健センター（地さんぽ）のサービスをご案内しています。',
    '',
    '・制度やサービスについてのご質問に、公式の資料をもとに出典つきでお答えします',
  ];
  if (!options.isGroup) {
    lines.push(
      '・専門スタッフへの相談（専門的相談）の予約や、事業場への個別訪問支援のお申し込みをお手伝いします',
      '・センターの担当者におつなぎします',
    );
  }
  lines.push('', '下のボタンから選ぶか、ご質問をそのまま入力してください。');
  return { type: 'text', text: lines.join('\n'), quickReplies: menuQuickReplies(options) };
}

export function askPromptReply(): OutboundReply {
  return {
    type: 'text',
    text: 'ご質問をどうぞ。たとえば「地域産業保健センターはどんな事業場が使えますか？」「ストレスチェックの集団分析とは何ですか？」のように入力してください。',
  };
}
