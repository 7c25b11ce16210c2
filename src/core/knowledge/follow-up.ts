/**
 * Follow-up questions lean on the previous turn: 「それは無料ですか？」 right after a question about 地産保
 * is about 地産保. When a question is weak on its own — short, pointing back (それ, その, こちら …) or
 * naming no topic — it is searched together with the user's previous question, so passages on the
 * earlier topic that also answer the new detail rank first.
 */
import { normalizeQuery } from './normalize-japanese.ts';

const pointsBack =
  /(それ|その|これ|この|あれ|あの|そこ|そちら|こちら|そっち|こっち|同じ|さっき|先ほど|前の|上記)/u;
/** Characters of a question that can stand alone ("地域産業保健センターは無料ですか" has 15). */
const shortQuestionChars = 12;

export function isWeakQuestion(question: string, topicTokenCount: number): boolean {
  const text = normalizeQuery(question).replace(/[\s?？!！。、]/gu, '');
  return (
    pointsBack.test(text) || topicTokenCount < 2 || (text.length <= shortQuestionChars && topicTokenCount < 3)
  );
}

/** The question to search with: the question itself, or the previous question followed by it. */
export function withConversationContext(
  question: string,
  history: readonly string[] | undefined,
  topicTokenCount: number,
): string {
  const previous = history?.filter((h) => h.trim() !== '').at(-1);
  if (previous === undefined || !isWeakQuestion(question, topicTokenCount)) return question;
  return `${previous}\n${question}`;
}
