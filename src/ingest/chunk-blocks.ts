/**
 * Cuts a document's paragraphs into retrieval chunks. A chunk never crosses a heading (its section path is
 * its citation) and never splits a sentence; within a section, sentences are packed into chunks of about
 * `targetChars`–`maxChars`, balanced so the last one is not a stub. A sentence longer than `maxChars`
 * stays whole.
 */
import { splitSentences } from '../core/knowledge/sentences.ts';
import { formatSectionPath, type TextBlock } from './text-block.ts';

export interface Chunk {
  /** 0-based position in the document; with the document id it names the chunk. */
  ordinal: number;
  section: string;
  /** Sentences of the chunk; paragraphs are separated by "\n". */
  content: string;
  /** The section's own official sources (TextBlock.sources), when it names any. */
  sources?: readonly string[];
}

export interface ChunkOptions {
  targetChars: number;
  maxChars: number;
}

export const defaultChunkOptions: ChunkOptions = { targetChars: 200, maxChars: 500 };

interface Sentence {
  text: string;
  /** True for the first sentence of a paragraph: joined with "\n" instead of directly. */
  opensParagraph: boolean;
}

function packSection(sentences: readonly Sentence[], options: ChunkOptions): string[] {
  const total = sentences.reduce((sum, s) => sum + s.text.length, 0);
  const count = Math.max(1, Math.ceil(total / options.maxChars));
  // Aim for equal parts, but never smaller than the target unless the whole section is.
  const goal = Math.max(options.targetChars, total / count);
  const chunks: string[] = [];
  let current = '';
  for (const sentence of sentences) {
    if (current !== '' && current.length + sentence.text.length > options.maxChars) {
      chunks.push(current);
      current = '';
    }
    current += current === '' ? sentence.text : (sentence.opensParagraph ? '\n' : '') + sentence.text;
    if (current.length >= goal) {
      chunks.push(current);
      current = '';
    }
  }
  if (current !== '') chunks.push(current);
  return chunks;
}

export function chunkBlocks(
  blocks: readonly TextBlock[],
  options: ChunkOptions = defaultChunkOptions,
): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < blocks.length) {
    const section = formatSectionPath(blocks[i]!.path);
    const sources = blocks[i]!.sources;
    const sentences: Sentence[] = [];
    while (i < blocks.length && formatSectionPath(blocks[i]!.path) === section) {
      splitSentences(blocks[i]!.text).forEach((text, n) => {
        sentences.push({ text, opensParagraph: n === 0 });
      });
      i++;
    }
    for (const content of packSection(sentences, options)) {
      chunks.push({
        ordinal: chunks.length,
        section,
        content,
        ...(sources === undefined ? {} : { sources }),
      });
    }
  }
  return chunks;
}
