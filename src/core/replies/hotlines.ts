/**
 * The crisis-contact data file (settings/hotlines.yaml) as the core sees it. Staff edit the file; an entry
 * reaches users only when `verified: true`, and `hours_unverified` never does (decision 0001).
 */
import { z } from 'zod';

const dateLike = z.union([z.string(), z.date()]).nullable().optional();

export const HotlineEntry = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  number: z.string().regex(/^[0-9#-]+$/),
  hours: z.string().default(''),
  /** What a secondary source says; kept for staff, never shown. */
  hours_unverified: z.string().optional(),
  always_open: z.boolean(),
  note: z.string().default(''),
  source: z.string().optional(),
  verified: z.boolean(),
  last_verified: dateLike,
  verified_by: z.string().nullable().optional(),
  duplicate_of: z.string().optional(),
});
export type HotlineEntry = z.infer<typeof HotlineEntry>;

export const HotlineLink = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  url: z.url(),
  note: z.string().default(''),
  /** false: cannot help right now (mail, SNS lists), never offered as the way to get help in a crisis. */
  urgent_ok: z.boolean(),
  verified: z.boolean(),
  last_verified: dateLike,
  verified_by: z.string().nullable().optional(),
});
export type HotlineLink = z.infer<typeof HotlineLink>;

export const HotlineSettings = z
  .object({
    emergency: z.array(z.object({ number: z.string().regex(/^[0-9]+$/), label: z.string().min(1) })).min(1),
    hotlines: z.array(HotlineEntry),
    links: z.array(HotlineLink).default([]),
  })
  .superRefine((value, ctx) => {
    const ids = new Set<string>();
    for (const [i, entry] of value.hotlines.entries()) {
      if (ids.has(entry.id))
        ctx.addIssue({ code: 'custom', path: ['hotlines', i, 'id'], message: 'duplicate id' });
      ids.add(entry.id);
      if (entry.always_open && !entry.verified) {
        ctx.addIssue({
          code: 'custom',
          path: ['hotlines', i, 'always_open'],
          message: 'an unverified line cannot be listed as always open',
        });
      }
    }
  });
export type HotlineSettings = z.infer<typeof HotlineSettings>;

/** The lines a user may be shown: verified, one per number, 24-hour lines first (file order otherwise). */
export function selectShownHotlines(settings: HotlineSettings): HotlineEntry[] {
  const shown = settings.hotlines.filter((h) => h.verified && h.duplicate_of === undefined);
  const seen = new Set<string>();
  const unique = shown.filter((h) => {
    if (seen.has(h.number)) return false;
    seen.add(h.number);
    return true;
  });
  return [...unique.filter((h) => h.always_open), ...unique.filter((h) => !h.always_open)];
}
