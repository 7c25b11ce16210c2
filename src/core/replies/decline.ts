/**
 * Polite refusals: why the assistant cannot help with this, and what the centers can help with instead.
 * The centers neither diagnose nor treat nor counsel (facts.md §1-4); judgements that belong to the
 * employer or a doctor are not made for them.
 */
import type { OutboundReply } from '../message.ts';
import { menuQuickReplies, menuQuickReply } from './menu.ts';

export const declineReasons = [
  'medical',
  'counselling',
  'judgement',
  'labour_law',
  'offtopic',
  'injection',
] as const;
export type DeclineReason = (typeof declineReasons)[number];

const instead =
  'さんぽセンターでは、職場の健康管理やメンタルヘルス対策の進め方について、事業者や人事労務担当者、産業保健スタッフの方からのご質問やご相談をお受けしています。';

const reasons: Record<DeclineReason, string> = {
  medical:
    '申し訳ありません。さんぽセンターは医療機関ではないため、病気の診断や治療、お薬についての判断はできません。体調やお薬のことは、主治医や医療機関にご相談ください。',
  counselling:
    '申し訳ありません。さんぽセンターはカウンセリング機関ではないため、継続してお話をうかがうカウンセリングはお受けしていません。',
  judgement:
    '申し訳ありません。健康診断を行うかどうかは事業者が、検査の項目は医師が判断するものなので、こちらで代わりに決めることはできません。判断の考え方や手順についてのご質問にはお答えできますし、専門スタッフへの相談もご利用いただけます。',
  labour_law:
    '申し訳ありません。賃金や残業代の計算など労働条件のご質問は、このアシスタントではお答えしていません。労働基準監督署などにご確認ください。',
  offtopic:
    '申し訳ありません。このアシスタントは、産業保健総合支援センターのサービスや職場の健康管理についてのご案内専用のため、そのご質問にはお答えできません。',
  injection:
    '申し訳ありません。このアシスタントの設定や指示の内容をお見せしたり、役割を変えたりすることはできません。',
};

export function declineReply(reason: DeclineReason, options: { isGroup?: boolean } = {}): OutboundReply[] {
  const quickReplies =
    reason === 'counselling' && !options.isGroup
      ? [menuQuickReply('staff'), menuQuickReply('ask')]
      : menuQuickReplies(options);
  return [{ type: 'text', text: `${reasons[reason]}\n\n${instead}`, quickReplies }];
}
