/** A paragraph of normalised text under its section path (the document's own headings, outermost first). */
export interface TextBlock {
  path: readonly string[];
  text: string;
  /** The official pages this block's section rests on (`<!-- source: URL -->` under its heading). */
  sources?: readonly string[];
}

/** How a section path is shown and stored: "2 産業保健総合支援センターの取組 > (1) > ア …". */
export function formatSectionPath(path: readonly string[]): string {
  return path.join(' > ');
}
