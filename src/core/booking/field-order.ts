/**
 * Which questions a booking asks, in which order. Some depend on earlier answers: self-employed people
 * are asked about 特別加入 instead of the workplace, and e-mail consultations need no dates.
 */
import type { BookingDraft, BookingKind, FieldName } from './booking-types.ts';

/** The questions of each kind, in the order they are asked; some only apply to some answers. */
export function fieldsFor(kind: BookingKind, draft: BookingDraft): FieldName[] {
  const self = draft.selfEmployed === true;
  const fields: FieldName[] = ['consent', 'topic'];
  if (kind === 'visit') fields.push('purpose');
  if (kind === 'consultation') fields.push('method');
  fields.push('prefecture', 'role');
  if (self) fields.push('specialInsurance');
  if (!self) fields.push('organisation');
  if (kind === 'visit') fields.push('address');
  if (!self) fields.push('headcount');
  fields.push('name', 'contact');
  // Staff reply to e-mail consultations by e-mail, and self-employed requests are reviewed first.
  if (!self && draft.method !== 'メール') fields.push('dates');
  fields.push('summary');
  return fields;
}

function isAnswered(field: FieldName, draft: BookingDraft): boolean {
  switch (field) {
    case 'consent':
      return draft.consentAt !== undefined;
    case 'dates':
      return draft.datesDone === true;
    default:
      return draft[field] !== undefined;
  }
}

export function nextField(kind: BookingKind, draft: BookingDraft): FieldName | null {
  return fieldsFor(kind, draft).find((field) => !isAnswered(field, draft)) ?? null;
}
