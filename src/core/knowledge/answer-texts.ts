/**
 * What users read from the knowledge base, in one place: polite Japanese, never a guess.
 */

/** The corpus does not support an answer: say so, do not guess, offer staff (the caller adds buttons). */
export const notCoveredText =
  '公式の資料では、このご質問にお答えできる記述が見つかりませんでした。推測でお答えすることは控えます。' +
  'よろしければ、センターの担当者におつなぎします。';

export function introFor(kinds: ReadonlySet<'official' | 'guide'>): string {
  if (!kinds.has('guide')) return '公式の資料では、次のように説明されています。';
  if (!kinds.has('official')) return 'センターの公開情報をもとにした案内では、次のように説明されています。';
  return '公式の資料とセンターの公開情報をもとにした案内では、次のように説明されています。';
}

export const closingText = '詳しくは出典をご確認ください。';

/** Added when a cited document is marked needs_verification. */
export const verificationNote =
  '※ 引用した内容には、確認が必要な情報が含まれています。最新の状況は、お近くのさんぽセンターにご確認ください。';

/** How a quoted passage names its source inside the answer text. */
export function sourceLabel(title: string, section: string): string {
  return section === '' ? `（出典：${title}）` : `（出典：${title}「${section}」）`;
}
