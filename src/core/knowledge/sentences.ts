/**
 * Japanese sentence boundaries, shared by chunking (a chunk never splits a sentence) and extractive
 * answers (which quote whole sentences).
 */
const opening = new Set(['「', '『', '(', '（', '[', '【', '〔']);
const closing = new Set(['」', '』', ')', '）', ']', '】', '〕']);
const terminal = new Set(['。', '!', '?', '！', '？']);
/** Past this many characters an unbalanced bracket is a typo, not a quotation: stop waiting for it. */
const maxQuoteChars = 200;

/**
 * Splits after 。！？ (with any closing brackets that follow), but not inside brackets:
 * 「センター（以下「センター」という。）が…」 is one sentence.
 */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  const chars = [...text];
  let start = 0;
  let depth = 0;
  let depthSince = 0;
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (opening.has(ch)) {
      if (depth === 0) depthSince = i;
      depth++;
    } else if (closing.has(ch)) {
      depth = Math.max(0, depth - 1);
    }
    if (depth > 0 && i - depthSince > maxQuoteChars) depth = 0;
    if (!terminal.has(ch) || depth > 0) continue;
    let end = i + 1;
    while (end < chars.length && (terminal.has(chars[end]!) || closing.has(chars[end]!))) end++;
    const sentence = chars.slice(start, end).join('').trim();
    if (sentence !== '') sentences.push(sentence);
    start = end;
    i = end - 1;
  }
  const tail = chars.slice(start).join('').trim();
  if (tail !== '') sentences.push(tail);
  return sentences;
}
