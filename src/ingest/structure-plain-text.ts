/**
 * Recovers paragraphs and the numbering hierarchy from plain text and PDF text. Both come hard-wrapped at
 * a fixed width, so a sentence continues on the next line; official documents number their sections
 * 「１」「（１）」「ア」「（ア）」「①」, and that numbering is what a reader cites, so it becomes the section path.
 */
import { normalizeJapanese, tidyJapaneseSpacing } from '../core/knowledge/normalize-japanese.ts';
import type { TextBlock } from './text-block.ts';

interface Marker {
  level: number;
  /** The marker as it is cited after NFKC: "1", "(1)", "ア", "(ア)", "①". */
  label: string;
  rest: string;
}

/** Numbering styles from outermost to innermost, matched on NFKC-normalised lines. */
const markerPatterns: { level: number; pattern: RegExp }[] = [
  { level: 0, pattern: /^(第\d{1,2}[章部])\s*(.*)$/u },
  { level: 1, pattern: /^(\d{1,2})(?:\s+|\.\s+)(\S.*)$/u },
  { level: 2, pattern: /^(\(\d{1,2}\))\s*(.*)$/u },
  { level: 3, pattern: /^([ア-ン])\s+(\S.*)$/u },
  { level: 4, pattern: /^(\([ア-ン]\))\s*(.*)$/u },
  { level: 5, pattern: /^([\u2460-\u2473])\s*(.*)$/u },
];

/** A numbered block longer than this, or containing 。, is body text under a bare marker. */
const maxHeadingChars = 60;

export function parseMarker(line: string): Marker | undefined {
  for (const { level, pattern } of markerPatterns) {
    const match = pattern.exec(line);
    if (match) return { level, label: match[1]!, rest: match[2] ?? '' };
  }
  return undefined;
}

interface Line {
  text: string;
  indented: boolean;
  /** Display width of the raw line (full-width characters count 2), for spotting hard wraps. */
  width: number;
}

const wide = /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/u;

function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += wide.test(ch) ? 2 : 1;
  return width;
}

function readLines(raw: string): Line[] {
  const lines: Line[] = [];
  for (const rawLine of raw.split(/\r\n|\r|\n|\f/u)) {
    const trimmed = rawLine.trim();
    if (trimmed === '') continue;
    lines.push({
      text: normalizeJapanese(trimmed).trim(),
      indented: /^[\s\u3000]/u.test(rawLine),
      width: displayWidth(trimmed),
    });
  }
  return lines;
}

/** The width a hard-wrapped line reaches: most lines of running text are close to it. */
function wrapWidth(lines: readonly Line[]): number {
  const widths = lines.map((l) => l.width).sort((a, b) => a - b);
  return widths[Math.floor(widths.length * 0.9)] ?? 0;
}

const endsSentence = /[。!?！？]$/u;

function joinWrapped(left: string, right: string): string {
  // Latin words split across lines need their space back; Japanese never has one.
  return /[A-Za-z0-9]$/u.test(left) && /^[A-Za-z0-9]/u.test(right) ? `${left} ${right}` : left + right;
}

/**
 * Joins hard-wrapped lines into blocks. A line continues the previous one when that one was full width and
 * did not end a sentence, and the new line neither starts with a numbering marker nor is indented (a
 * paragraph start).
 */
function joinLines(lines: readonly Line[]): string[] {
  const full = wrapWidth(lines) * 0.85;
  const blocks: string[] = [];
  let previous: Line | undefined;
  for (const line of lines) {
    const continues =
      previous !== undefined &&
      !line.indented &&
      parseMarker(line.text) === undefined &&
      !endsSentence.test(previous.text) &&
      previous.width >= full;
    if (continues) blocks[blocks.length - 1] = joinWrapped(blocks[blocks.length - 1]!, line.text);
    else blocks.push(line.text);
    previous = line;
  }
  return blocks;
}

/**
 * Turns hard-wrapped, numbered plain text into paragraphs under their section path. A numbered block that
 * reads as a title (no 。, short) becomes a heading ("ア メンタルヘルス対策関連の個別訪問支援の強化");
 * a numbered paragraph keeps its bare marker as the path element ("(1)") and its text as the body.
 * Paragraphs before the first heading that only repeat the document title are dropped.
 */
export function structurePlainText(raw: string, title?: string): TextBlock[] {
  const normalizedTitle = title === undefined ? undefined : tidyJapaneseSpacing(normalizeJapanese(title));
  const stack: { level: number; element: string }[] = [];
  const blocks: TextBlock[] = [];
  for (const block of joinLines(readLines(raw))) {
    const marker = parseMarker(block);
    if (marker === undefined) {
      const text = tidyJapaneseSpacing(block);
      if (stack.length === 0 && text === normalizedTitle) continue;
      blocks.push({ path: stack.map((s) => s.element), text });
      continue;
    }
    while (stack.length > 0 && stack[stack.length - 1]!.level >= marker.level) stack.pop();
    const rest = tidyJapaneseSpacing(marker.rest);
    const isHeading = rest !== '' && !rest.includes('。') && rest.length <= maxHeadingChars;
    if (isHeading || rest === '') {
      stack.push({ level: marker.level, element: rest === '' ? marker.label : `${marker.label} ${rest}` });
      continue;
    }
    stack.push({ level: marker.level, element: marker.label });
    blocks.push({ path: stack.map((s) => s.element), text: rest });
  }
  return blocks;
}
