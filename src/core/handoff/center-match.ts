/**
 * Finding a prefecture in what a user wrote, so a handoff reaches the right center's staff. The centers
 * themselves are settings/centers.yaml (loaded and validated by src/infra/settings/centers.ts).
 */

/** What matching needs of a center (structurally the booking feature's Center). */
export interface CenterRef {
  id: string;
  prefecture: string;
  aliases: readonly string[];
}

const kanjiOnly = /^[\u4e00-\u9fff]+$/u;

/**
 * The center whose prefecture the text names. Full prefecture names are matched first (「東京都」 contains
 * 京都); kanji aliases may match inside text; kana and romaji aliases only as a whole message or a whole
 * token, never as a substring (「わたしが」 contains しが).
 */
export function findCenterInText<C extends CenterRef>(text: string, centers: readonly C[]): C | null {
  const normalized = text.normalize('NFKC');
  for (const c of centers) if (normalized.includes(c.prefecture)) return c;
  for (const c of centers) {
    for (const alias of c.aliases) {
      if (kanjiOnly.test(alias) && alias.length >= 2 && normalized.includes(alias)) return c;
    }
  }
  const tokens = new Set(
    normalized
      .toLowerCase()
      .split(/[\s、。,.!?！？「」()（）]+/u)
      .filter((t) => t !== ''),
  );
  for (const c of centers) {
    for (const alias of c.aliases) {
      if (!kanjiOnly.test(alias) && tokens.has(alias.toLowerCase())) return c;
    }
  }
  return null;
}
