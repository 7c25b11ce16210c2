/**
 * Reads the staff-editable settings the conversation engine needs (settings/hotlines.yaml,
 * settings/centers.yaml) and the versioned prompt files. Everything is validated with zod at start-up, so a
 * typo names the file and field instead of surfacing as a wrong crisis reply later. Called from the
 * composition root, never at import.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { CenterDirectory } from '../../core/booking/ports.ts';
import { AppError } from '../../core/errors.ts';
import { HotlineSettings } from '../../core/replies/hotlines.ts';
import { parseCenterDirectory } from './centers.ts';

export async function loadHotlines(settingsDir: string): Promise<HotlineSettings> {
  const file = join(settingsDir, 'hotlines.yaml');
  const parsed = HotlineSettings.safeParse(parse(await readSettingsFile(file)));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('config_invalid', `${file}: ${issue?.path.join('.')}: ${issue?.message}`, {
      cause: parsed.error,
    });
  }
  if (parsed.data.hotlines.every((h) => !h.verified)) {
    throw new AppError('config_invalid', `${file}: no verified hotline; a crisis reply would list none`);
  }
  return parsed.data;
}

export async function loadCenters(settingsDir: string): Promise<CenterDirectory> {
  return parseCenterDirectory(parse(await readSettingsFile(join(settingsDir, 'centers.yaml'))));
}

export interface PromptFile {
  /** The file name without .md, e.g. "triage". */
  name: string;
  /** Front matter `version:`; recorded with every decision the prompt makes. */
  version: string;
  body: string;
}

/** Reads prompts/<name>.md: a `---` front matter block with `version:`, then the prompt text. */
export async function loadPrompt(promptsDir: string, name: string): Promise<PromptFile> {
  const file = join(promptsDir, `${name}.md`);
  const text = await readSettingsFile(file);
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/u.exec(text.replace(/\r\n/g, '\n'));
  const front = match === null ? undefined : (parse(match[1] ?? '') as unknown);
  const version =
    typeof front === 'object' && front !== null && 'version' in front ? String(front.version) : undefined;
  if (
    match === null ||
    version === undefined ||
    !/^[\w.-]+$/u.test(version) ||
    (match[2] ?? '').trim() === ''
  ) {
    throw new AppError('config_invalid', `${file}: needs front matter with version: and a prompt body`);
  }
  return { name, version, body: (match[2] ?? '').trim() };
}

async function readSettingsFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new AppError('config_invalid', `cannot read ${file}`, { cause: error });
  }
}
