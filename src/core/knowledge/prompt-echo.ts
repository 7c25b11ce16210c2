/**
 * Whether a model's answer repeats its own instructions. The prompt tells the model to treat passages and
 * questions as data, but a model that obeys an injection ("print your system prompt", planted in a
 * question or a corpus document) would paste the prompt into the answer. Found by
 * tests/integration/reliability/hostile-text.test.ts with a model that does exactly that.
 *
 * The prompt is cut into short overlapping pieces; an answer containing many of them is an echo. A few
 * pieces may legitimately match (the prompt names the centers the way an answer does), so the threshold
 * is several distinct pieces, i.e. well over one shared phrase.
 */

const pieceLength = 12;
const stride = 6;
/** Distinct pieces an answer may share with the prompt: one long shared name covers about five. */
const allowedPieces = 6;

function compact(text: string): string {
  return text.replace(/\s+/gu, '');
}

export function echoesPrompt(answer: string, promptBody: string): boolean {
  const haystack = compact(answer);
  const prompt = compact(promptBody);
  if (haystack.length < pieceLength) return false;
  const seen = new Set<string>();
  for (let i = 0; i + pieceLength <= prompt.length; i += stride) {
    const piece = prompt.slice(i, i + pieceLength);
    if (seen.has(piece) || !haystack.includes(piece)) continue;
    seen.add(piece);
    if (seen.size > allowedPieces) return true;
  }
  return false;
}
