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
  'work_related',
  'legal',
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
    '申し訳ありません。従業員の方をその仕事に就かせてよいか、配置や処分をどうするかは事業者が、健康状態や就業上の配慮の必要性は医師が判断するものなので、こちらで代わりに決めることはできません。判断の進め方（医師の意見の聴き方など）についてのご質問にはお答えできますし、産業医などの専門スタッフへの相談もご利用いただけます。',
  work_related:
    '申し訳ありません。けがや病気が業務によるもの（労災）にあたるかどうかは、労働基準監督署が個別の事情を調べて判断するものなので、こちらではお答えできません。労災保険の手続きは、事業場を管轄する労働基準監督署にご確認ください。再発を防ぐ職場の対策については、ご相談をお受けできます。',
  legal:
    '申し訳ありません。訴訟や紛争の見通し、法的な主張や反論については、このアシスタントではお答えできません。弁護士などの専門家にご相談ください。職場の健康管理の進め方については、ご相談をお受けできます。',
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
