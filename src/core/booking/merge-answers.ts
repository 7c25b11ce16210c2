/**
 * Merges what one message answered into the draft. Before consent, details that identify a person are
 * dropped; new dates are checked (business day, horizon, daytime) and appended up to three.
 */
import { type BookingDraft, fieldLabels } from './booking-types.ts';
import type { DateWish } from './date-parser.ts';
import type { CenterDirectory } from './ports.ts';
import { routeBooking } from './routing.ts';
import { checkWish, describeRefusal, maxPreferredDates } from './slot-rules.ts';

/** Details that identify a person: not kept before consent. */
const personalFields: readonly string[] = ['name', 'contact', 'organisation', 'address', 'summary'];

export interface Merged {
  draft: BookingDraft;
  /** Labels of the answers that changed, for a short acknowledgement. */
  changed: string[];
  /** Why some dates could not be taken, one sentence each. */
  notes: string[];
}

export function mergeAnswers(
  current: BookingDraft,
  values: Partial<BookingDraft>,
  dates: DateWish[],
  options: { now: Date; centers: CenterDirectory },
): Merged {
  const { now } = options;
  const draft: BookingDraft = { ...current };
  const changed: string[] = [];
  const notes: string[] = [];
  for (const [key, value] of Object.entries(values) as [keyof BookingDraft, unknown][]) {
    if (value === undefined) continue;
    if (draft.consentAt === undefined && personalFields.includes(key)) continue;
    (draft as Record<string, unknown>)[key] = value;
    if (key in fieldLabels) changed.push(fieldLabels[key as keyof typeof fieldLabels]);
  }
  if (values.selfEmployed === false) delete draft.specialInsurance;
  if (dates.length > 0) {
    // Changing the dates starts from an empty list (see the flow's edit handling), so new dates append.
    const kept: DateWish[] = [...(draft.dates ?? [])];
    const hours = routeBooking(draft, options.centers)?.center.businessHours ?? undefined;
    for (const wish of dates) {
      const refusal = checkWish(wish, now, hours);
      if (refusal) {
        notes.push(describeRefusal(refusal, now));
        continue;
      }
      if (kept.length >= maxPreferredDates) {
        notes.push(
          `ご希望の日時は${maxPreferredDates}つまでのため、最初の${maxPreferredDates}つを承りました。`,
        );
        break;
      }
      if (!kept.some((k) => k.date === wish.date && k.time === wish.time && k.part === wish.part))
        kept.push(wish);
    }
    if (kept.length > (draft.dates?.length ?? 0)) {
      draft.dates = kept;
      changed.push(fieldLabels.dates);
      if (kept.length >= maxPreferredDates) draft.datesDone = true;
    }
  }
  return { draft, changed: [...new Set(changed)], notes };
}
