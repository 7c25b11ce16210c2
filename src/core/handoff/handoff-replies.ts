/**
 * What the user reads when staff join, leave or are away. Polite です・ます; no health information is
 * repeated back, because these messages are also what a shared phone screen shows.
 */

import type { OutboundReply } from '../message.ts';
import { formatJapaneseDateTime } from './business-hours.ts';

export const ratingNamespace = 'rating';

export function buildClaimedNotice(): OutboundReply[] {
  return [
    {
      type: 'text',
      text:
        'センターの担当者が対応を始めました。\n' +
        'このトークでそのままお話しください。ここからは担当者がお返事します。',
    },
  ];
}

export function buildTakenOverNotice(): OutboundReply[] {
  return [
    {
      type: 'text',
      text: 'センターの担当者が交代しました。引き続き、このトークでそのままお話しください。',
    },
  ];
}

export function buildResolvedNotice(handoffId: string): OutboundReply[] {
  return [
    {
      type: 'text',
      text:
        'ご相談いただき、ありがとうございました。担当者との対応はここで終了し、' +
        'これからは自動応答でご案内します。\n' +
        'よろしければ、今回の対応を5段階で評価してください（5がいちばん良い）。',
      quickReplies: [1, 2, 3, 4, 5].map((n) => ({
        label: `${'★'.repeat(n)}（${n}）`,
        postback: `${ratingNamespace}:${handoffId}:${n}`,
      })),
    },
  ];
}

export function buildReturnedNotice(): OutboundReply[] {
  return [
    {
      type: 'text',
      text:
        '担当者との対応を終了し、自動応答に戻ります。\n' +
        '制度やサービスについてのご質問は、いつでもお送りください。担当者と話したいときは「担当者と話したい」とお送りください。',
    },
  ];
}

/**
 * Sent after the engine's own reply when staff are away. A crisis reply has already given the emergency
 * numbers and hotlines; this notice only points back to them and never replaces them.
 */
export function buildOffHoursNotice(route: 'handoff' | 'crisis', nextOpening: Date): OutboundReply[] {
  const when = formatJapaneseDateTime(nextOpening);
  const base =
    'ただいまセンターの受付時間外のため、担当者からのお返事は' +
    `${when}以降になる見込みです。メッセージはこのまま担当者に届きます。`;
  const tail =
    route === 'crisis'
      ? '\nそれまでの間に危険を感じたときは、ためらわずに119番（救急）・110番（警察）や、先ほどお伝えした相談窓口に連絡してください。'
      : '';
  return [{ type: 'text', text: `${base}${tail}` }];
}
