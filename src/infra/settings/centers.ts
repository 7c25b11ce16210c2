/**
 * Loads settings/centers.yaml (the 47 産業保健総合支援センター, edited by staff) into the booking feature's
 * CenterDirectory. Checked with zod at start-up: a typo names the entry and field instead of surfacing as
 * a wrong routing later. Fields used by other features (slack_channel, code) pass through untouched.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Center, CenterDirectory } from '../../core/booking/ports.ts';
import { AppError } from '../../core/errors.ts';
import { BusinessHoursSchema } from '../../core/handoff/business-hours.ts';

const CenterEntry = z.looseObject({
  id: z.string().regex(/^[a-z]+$/, 'lower-case romaji such as tokyo'),
  prefecture: z.string().regex(/^.{2,3}[都道府県]$/, 'a prefecture name such as 東京都'),
  aliases: z.array(z.string().min(1)).default([]),
  name: z.string().regex(/産業保健総合支援センター$/, '「{都道府県名}産業保健総合支援センター」'),
  url: z.url().nullable().default(null),
  business_hours: BusinessHoursSchema.nullable().default(null),
});

const CentersFile = z.looseObject({
  centers: z
    .array(CenterEntry)
    .min(1)
    .refine((list) => new Set(list.map((c) => c.id)).size === list.length, 'center ids must be unique')
    .refine(
      (list) => new Set(list.map((c) => c.prefecture)).size === list.length,
      'one center per prefecture',
    ),
});

/** `raw` is the parsed YAML; throws AppError('config_invalid') naming the first bad field. */
export function parseCenterDirectory(raw: unknown): CenterDirectory {
  const parsed = CentersFile.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      'config_invalid',
      `settings/centers.yaml: ${issue?.path.join('.')}: ${issue?.message}`,
      {
        cause: parsed.error,
      },
    );
  }
  const centers: Center[] = parsed.data.centers.map((c) => ({
    id: c.id,
    prefecture: c.prefecture,
    aliases: c.aliases,
    name: c.name,
    url: c.url,
    businessHours: c.business_hours,
  }));
  const byId = new Map(centers.map((c) => [c.id, c]));
  const byPrefecture = new Map(centers.map((c) => [c.prefecture, c]));
  return {
    list: () => centers,
    byId: (id) => byId.get(id),
    byPrefecture: (prefecture) => byPrefecture.get(prefecture),
  };
}

export async function loadCenterDirectory(path: string | URL): Promise<CenterDirectory> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new AppError('config_invalid', `Cannot read ${String(path)}`, { cause: error });
  }
  return parseCenterDirectory(parse(text));
}

/** settings/centers.yaml in the checkout. */
export const defaultCentersPath = new URL('../../../settings/centers.yaml', import.meta.url);
