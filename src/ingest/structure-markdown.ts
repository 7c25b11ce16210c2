/**
 * Paragraphs of a markdown guide under their `##`/`###` headings. The `#` heading is the document title
 * and is not part of the section path. Inline markup is removed so quotes read as plain sentences.
 *
 * A section names the official pages it rests on with lines `<!-- source: https://… -->` (anywhere in
 * it, usually under its heading); a subsection without its own inherits its parent's. The citation of a
 * quote from the section links them, not just the document's first source.
 */
import { normalizeJapanese, tidyJapaneseSpacing } from '../core/knowledge/normalize-japanese.ts';
import type { TextBlock } from './text-block.ts';

const heading = /^(#{1,6})\s+(.*?)\s*#*\s*$/u;
const listItem = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/u;
const fence = /^\s*(```|~~~)/u;
const sourceComment = /^\s*<!--\s*source:\s*(\S+)\s*-->\s*$/u;

function stripInline(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/gu, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/gu, '$1')
    .replace(/(\*\*|__)(.+?)\1/gu, '$2')
    .replace(/(\*|_)(\S(?:.*?\S)?)\1/gu, '$2')
    .replace(/`([^`]+)`/gu, '$1')
    .replace(/<[^>]+>/gu, '');
}

function clean(text: string): string {
  return tidyJapaneseSpacing(normalizeJapanese(stripInline(text)));
}

export interface MarkdownStructure {
  blocks: TextBlock[];
  /** Every `<!-- source: … -->` URL, for validation by the caller. */
  sources: string[];
}

export function structureMarkdown(body: string): TextBlock[] {
  return structureMarkdownWithSources(body).blocks;
}

const pathKey = (path: readonly string[]) => path.join('\u0000');

export function structureMarkdownWithSources(body: string): MarkdownStructure {
  const blocks: TextBlock[] = [];
  const allSources: string[] = [];
  const sourcesByPath = new Map<string, string[]>();
  let path: string[] = [];
  let paragraph: string[] = [];
  let inFence = false;
  const flush = () => {
    const text = clean(paragraph.join('\n').replace(/\n/gu, ' '));
    if (text !== '') blocks.push({ path: [...path], text });
    paragraph = [];
  };
  for (const line of body.split(/\r\n|\r|\n/u)) {
    if (fence.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      paragraph.push(line);
      continue;
    }
    const h = heading.exec(line);
    if (h) {
      flush();
      const level = h[1]!.length;
      const title = clean(h[2]!);
      // Level 1 is the title; level 2 starts a path, deeper levels extend it.
      path = level === 1 ? [] : [...path.slice(0, level - 2), title];
      continue;
    }
    const source = sourceComment.exec(line);
    if (source) {
      flush();
      allSources.push(source[1]!);
      const key = pathKey(path);
      sourcesByPath.set(key, [...(sourcesByPath.get(key) ?? []), source[1]!]);
      continue;
    }
    const item = listItem.exec(line);
    if (item) {
      flush();
      paragraph.push(item[1]!);
      continue;
    }
    if (line.trim() === '' || /^\s*(---+|\*\*\*+)\s*$/u.test(line)) {
      flush();
      continue;
    }
    paragraph.push(line.replace(/^\s*>\s?/u, ''));
  }
  flush();
  // A section's sources are its own, else its nearest parent's (they may follow its first paragraph).
  const sourcesOf = (blockPath: readonly string[]): string[] | undefined => {
    for (let n = blockPath.length; n >= 0; n--) {
      const found = sourcesByPath.get(pathKey(blockPath.slice(0, n)));
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return {
    blocks: blocks.map((block) => {
      const sources = sourcesOf(block.path);
      return sources === undefined ? block : { ...block, sources };
    }),
    sources: allSources,
  };
}
