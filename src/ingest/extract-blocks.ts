/**
 * Text of a corpus document as paragraphs under section paths, whatever its format.
 */
import { extractText, getDocumentProxy } from 'unpdf';
import { AppError } from '../core/errors.ts';
import { isOfficialUrl } from '../core/knowledge/official-sources.ts';
import type { CorpusFile } from './read-corpus.ts';
import { structureMarkdownWithSources } from './structure-markdown.ts';
import { structurePlainText } from './structure-plain-text.ts';
import type { TextBlock } from './text-block.ts';

/** PDF text with one line per visual line (pdf.js marks line ends); pages are joined by a line break. */
export async function readPdfText(bytes: Uint8Array): Promise<string> {
  // pdf.js takes ownership of (detaches) the buffer it is given; keep the caller's bytes intact.
  const pdf = await getDocumentProxy(new Uint8Array(bytes));
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text.join('\n');
  } finally {
    await pdf.loadingTask.destroy();
  }
}

export async function extractBlocks(file: CorpusFile): Promise<TextBlock[]> {
  try {
    switch (file.format) {
      case 'md': {
        const { blocks, sources } = structureMarkdownWithSources(file.body ?? '');
        const unofficial = sources.find((url) => !isOfficialUrl(url));
        if (unofficial !== undefined) throw new Error(`section source ${unofficial} is not an official page`);
        return blocks;
      }
      case 'txt':
        return structurePlainText(
          new TextDecoder('utf-8', { fatal: true }).decode(file.bytes),
          file.meta.title,
        );
      case 'pdf':
        return structurePlainText(await readPdfText(file.bytes), file.meta.title);
    }
  } catch (error) {
    throw new AppError(
      'corpus_invalid',
      `${file.relativePath}: cannot read the text (${(error as Error).message})`,
      {
        cause: error,
        details: { file: file.relativePath },
      },
    );
  }
}
