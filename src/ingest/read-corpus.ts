/**
 * Finds the corpus documents and their metadata without parsing their text: `corpus/**\/*.md` with YAML
 * front matter, `*.txt` and `*.pdf` with a `<name>.meta.yaml` sidecar. Each document gets a content hash
 * over everything that shapes its chunks, so ingestion can skip unchanged documents cheaply.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, relative, sep } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AppError } from '../core/errors.ts';
import { okuriganaVariants, synonymGroups } from '../core/knowledge/synonyms.ts';
import { DocumentMeta, describeMetaIssues } from './document-meta.ts';

/**
 * Bump when normalisation or chunking changes: every document's hash changes with it, so the next
 * ingestion rebuilds all chunks instead of keeping ones cut the old way.
 */
export const ingestPipelineVersion = 'ingest-v3';

/** The synonym and okurigana tables shape every document's lexemes: editing them re-indexes the corpus. */
function lexicalForm(): string {
  return JSON.stringify([okuriganaVariants, synonymGroups]);
}

export type DocumentFormat = 'md' | 'txt' | 'pdf';

export interface CorpusFile {
  meta: DocumentMeta;
  /** Path relative to the corpus directory, with "/" separators (for messages and the index). */
  relativePath: string;
  format: DocumentFormat;
  /** The file's bytes; for markdown, the body after the front matter is `body`. */
  bytes: Uint8Array;
  body?: string;
  contentHash: string;
}

const frontMatter = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/u;

function invalid(path: string, problem: string, cause?: unknown): AppError {
  return new AppError('corpus_invalid', `${path}: ${problem}`, { cause, details: { file: path } });
}

function parseMeta(path: string, yamlText: string): DocumentMeta {
  let raw: unknown;
  try {
    raw = parseYaml(yamlText);
  } catch (error) {
    throw invalid(path, `metadata is not valid YAML (${(error as Error).message})`, error);
  }
  const result = DocumentMeta.safeParse(raw ?? {});
  if (!result.success) throw invalid(path, `invalid metadata: ${describeMetaIssues(result.error)}`);
  return result.data;
}

/** A content hash as the corpus's own documents get it (pipeline version and lexical tables included). */
export function hashDocumentContent(...parts: (string | Uint8Array)[]): string {
  return hashOf(ingestPipelineVersion, lexicalForm(), ...parts);
}

function hashOf(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\u0000');
  return hash.digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** Reads one document (and its sidecar). `root` is the corpus directory paths are reported against. */
export async function readCorpusFile(path: string, root: string): Promise<CorpusFile> {
  const relativePath = relative(root, path).split(sep).join('/') || path;
  const format = extname(path).slice(1).toLowerCase() as DocumentFormat;
  const bytes = new Uint8Array(await readFile(path));
  if (format === 'md') {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const match = frontMatter.exec(text);
    if (!match)
      throw invalid(relativePath, 'missing YAML front matter (--- … ---) with the document metadata');
    const meta = parseMeta(relativePath, match[1]!);
    return {
      meta,
      relativePath,
      format,
      bytes,
      body: text.slice(match[0].length),
      contentHash: hashOf(ingestPipelineVersion, lexicalForm(), bytes),
    };
  }
  if (format !== 'txt' && format !== 'pdf') throw invalid(relativePath, 'unsupported file type');
  const sidecarPath = `${path.slice(0, -extname(path).length)}.meta.yaml`;
  let sidecar: string;
  try {
    sidecar = await readFile(sidecarPath, 'utf8');
  } catch (error) {
    throw invalid(relativePath, `needs a metadata file ${relative(root, sidecarPath)}`, error);
  }
  const meta = parseMeta(relative(root, sidecarPath), sidecar);
  return {
    meta,
    relativePath,
    format,
    bytes,
    contentHash: hashOf(ingestPipelineVersion, lexicalForm(), sidecar, bytes),
  };
}

/** All documents under `dir`, checked: valid metadata, unique ids. */
export async function readCorpus(dir: string): Promise<CorpusFile[]> {
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) {
    throw new AppError('corpus_invalid', `The corpus directory ${dir} does not exist`);
  }
  const files: CorpusFile[] = [];
  for (const path of await listFiles(dir)) {
    if (!/\.(md|txt|pdf)$/iu.test(path) || /(^|\/)README\.md$/iu.test(path)) continue;
    files.push(await readCorpusFile(path, dir));
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const other = seen.get(file.meta.id);
    if (other !== undefined) {
      throw invalid(file.relativePath, `document id "${file.meta.id}" is already used by ${other}`);
    }
    seen.set(file.meta.id, file.relativePath);
  }
  return files;
}

/** One hash over the whole corpus and what the index was built with: equal means nothing to do. */
export function hashCorpus(files: readonly CorpusFile[], builtWith: readonly string[]): string {
  const lines = files.map((f) => `${f.relativePath}\t${f.meta.id}\t${f.contentHash}`).sort();
  return hashOf(ingestPipelineVersion, ...builtWith, ...lines);
}
