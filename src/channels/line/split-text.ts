/**
 * LINE allows at most 5,000 characters per text message, counted in UTF-16 code units (an emoji outside
 * the BMP counts as 2), which is exactly JavaScript's `length`. Longer answers are split at the last
 * sentence end that fits (。！？ and their ASCII forms), otherwise at the last line break, and only as a
 * last resort in the middle of a line, never inside a surrogate pair.
 */
export const maxTextLength = 5000;

const sentenceEnds = new Set(['。', '！', '？', '!', '?']);
/** Closing marks that belong to the sentence they end: 「…。」 stays together. */
const closers = new Set(['」', '』', '）', ')', '】']);

export function splitText(text: string, limit: number = maxTextLength): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = findCut(rest, limit);
    const head = rest.slice(0, cut).trimEnd();
    if (head !== '') parts.push(head);
    rest = rest.slice(cut).replace(/^\s+/, '');
  }
  if (rest.trim() !== '') parts.push(rest);
  return parts;
}

function findCut(text: string, limit: number): number {
  const window = text.slice(0, limit);
  for (let i = window.length - 1; i > 0; i--) {
    if (!sentenceEnds.has(window[i] ?? '')) continue;
    let end = i + 1;
    while (end < window.length && closers.has(window[end] ?? '')) end++;
    return end;
  }
  const newline = window.lastIndexOf('\n');
  if (newline > 0) return newline + 1;
  const last = window.charCodeAt(limit - 1);
  const isHighSurrogate = last >= 0xd800 && last <= 0xdbff;
  return isHighSurrogate ? limit - 1 : limit;
}
