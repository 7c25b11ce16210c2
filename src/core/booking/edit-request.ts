/**
 * 「電話番号を変更したい」「日程を直したい」: which answer the user wants to change. Only a message that
 * says change/fix with the name of a form field counts (or, on the field chooser, just the field name), so
 * 「電話で相談したい」 is an answer and 「残業時間の上限を変えたい」 is a request, not an edit.
 */
import type { FieldName } from './booking-types.ts';

export interface EditRequest {
  field: FieldName;
}

const editVerb = /変更|修正|訂正|変え|直し|直す|間違|違います|ちがいます|違ってい/;

/** Most specific first: 「電話番号」 is the contact, 「相談方法」 the method, 「相談内容」 the summary. */
const fieldWords: [RegExp, FieldName][] = [
  [/電話番号|連絡先|メールアドレス|アドレス|メアド/, 'contact'],
  [/相談方法|方法/, 'method'],
  [/相談内容|内容|概要/, 'summary'],
  [/名前|氏名/, 'name'],
  [/住所|所在地/, 'address'],
  [/都道府県/, 'prefecture'],
  [/会社名|事業場名|事業所名|社名|事業場の名前|会社の名前/, 'organisation'],
  [/人数|従業員数|規模/, 'headcount'],
  [/立場|役職/, 'role'],
  [/日時|日程|日付|希望日/, 'dates'],
  [/テーマ/, 'topic'],
  [/目的/, 'purpose'],
  [/特別加入/, 'specialInsurance'],
];

/**
 * `freeTextAnswer`: the question just asked takes free text (ご相談内容, 事業場名 …). Such an answer may
 * well mention changing something, so only a short message about the form itself counts as an edit then.
 */
export function readEditRequest(
  text: string,
  options: { choosingField: boolean; freeTextAnswer: boolean },
): EditRequest | null {
  if (!options.choosingField) {
    if (!editVerb.test(text)) return null;
    if (options.freeTextAnswer && (text.length > 25 || !/[をの](変更|修正|訂正|変え|直)/.test(text)))
      return null;
  }
  for (const [pattern, field] of fieldWords) if (pattern.test(text)) return { field };
  return null;
}
