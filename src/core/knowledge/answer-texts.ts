import type { DocumentKind } from './ports.ts';

/**
 * What users read from the knowledge base, in one place: polite Japanese, never a guess.
 */

/**
 * The corpus does not support an answer: say so, do not guess, offer staff (the caller adds buttons). The
 * corpus is guides written from official pages plus official documents, so it is 「手元の資料」, not
 * 「公式の資料」.
 */
export const notCoveredText =
  '手元の資料には、このご質問にお答えできる記述が見つかりませんでした。推測でお答えすることは控えます。' +
  'よろしければ、センターの担当者におつなぎします。';

/** Opens a partial answer: what the materials do not say comes first, then what they do. */
export const partialIntro =
  'ご質問の点にそのまま答える記述は、手元の資料には見つかりませんでした。関連する記述として、次のように書かれています。';

/** Closes a partial answer instead of closingText. */
export const partialClosing =
  'ご質問の点は、センターの担当者が確認してお答えできます。よろしければおつなぎします。';

/** An extractive answer's text re-framed as partial: its intro and closing replaced, the quotes kept. */
export function partialAnswerText(extractiveText: string): string {
  const blocks = extractiveText.split('\n\n');
  return [partialIntro, ...blocks.slice(1, -1), partialClosing].join('\n\n');
}

export function introFor(kinds: ReadonlySet<DocumentKind>): string {
  if (kinds.has('center'))
    return 'このご質問には、センターの担当者が公式の資料をもとに作成し、別の担当者が確認した回答があります。';
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
