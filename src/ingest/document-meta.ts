/**
 * Metadata every corpus document carries: YAML front matter in markdown, a `<name>.meta.yaml` sidecar for
 * .txt and .pdf. Strict, so a misspelt key (e.g. `needs_verfication`) is an error rather than a silently
 * unverified document.
 */
import { z } from 'zod';
import { isOfficialUrl, officialHostList } from '../core/knowledge/official-sources.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD');

export const DocumentMeta = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'must be lowercase letters, digits, "-" or "_" (at most 64)'),
    title: z.string().trim().min(1),
    kind: z.enum(['official', 'guide']),
    sources: z
      .array(
        z.url().refine(isOfficialUrl, {
          message: `must be an official page (${officialHostList.join(', ')})`,
        }),
      )
      .default([]),
    fiscal_year: z.number().int().min(1989).max(2100).optional(),
    // YAML 1.2 (the `yaml` package's default) reads 2026-11-24 as a string; a Date arrives from YAML 1.1.
    as_of: z.union([isoDate, z.date().transform((d) => d.toISOString().slice(0, 10))]).optional(),
    needs_verification: z.boolean().default(false),
  })
  .refine((m) => m.fiscal_year !== undefined || m.as_of !== undefined, {
    message: 'needs fiscal_year or as_of',
    path: ['fiscal_year'],
  });
export type DocumentMeta = z.infer<typeof DocumentMeta>;

/** Formats zod issues as "key: problem" lines for an error that names the file. */
export function describeMetaIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(metadata)'}: ${issue.message}`).join('; ');
}
