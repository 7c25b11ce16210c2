/**
 * How a booking reads to people: the label/value rows of the confirmation card, the user's booking list,
 * and the staff announcement. One place, so the user and staff see the same words.
 */
import type { OutboundReply, QuickReply } from '../message.ts';
import {
  type BookingDraft,
  fieldLabels,
  formatHeadcount,
  kindLabels,
  specialInsuranceLabels,
} from './booking-types.ts';
import { formatJapaneseDate, parseLocalDate, toTokyoDate, toTokyoMinutes } from './calendar.ts';
import { formatContact } from './contact.ts';
import type { Booking, BookingRequest, BookingStatus } from './ports.ts';
import { formatWish } from './slot-rules.ts';

type Row = { label: string; value: string };

export const statusLabels: Record<BookingStatus, string> = {
  requested: '受付中（センターの確認待ち）',
  accepted: '受付済み',
  alternative_proposed: '別の日時のご提案あり',
  declined: 'お受けできませんでした',
  cancelled: '取り消し済み',
};

/** 「12月5日（金）14:00」 for an instant, in Tokyo. */
export function formatInstant(instant: Date, now: Date): string {
  const { year } = parseLocalDate(toTokyoDate(now));
  const minutes = toTokyoMinutes(instant);
  const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  return `${formatJapaneseDate(toTokyoDate(instant), year)}${time}`;
}

function formatDates(draft: Pick<BookingDraft, 'dates' | 'datesDone'>, now: Date): string {
  if (!draft.dates || draft.dates.length === 0) return '指定なし（センターからご提案します）';
  return draft.dates.map((wish) => formatWish(wish, now)).join('\n');
}

/** Rows of a draft in collection order; fields not given are left out. */
export function describeDraft(draft: BookingDraft, kind: Booking['kind'], now: Date): Row[] {
  const rows: Row[] = [{ label: '申し込み', value: kindLabels[kind] }];
  const add = (label: string, value: string | undefined) => {
    if (value !== undefined && value !== '') rows.push({ label, value });
  };
  add(fieldLabels.topic, draft.topic);
  add(fieldLabels.purpose, draft.purpose);
  add(fieldLabels.method, draft.method);
  add(fieldLabels.prefecture, draft.prefecture);
  add(fieldLabels.organisation, draft.organisation);
  add('業種', draft.industry);
  add(fieldLabels.address, draft.address);
  add(fieldLabels.headcount, draft.headcount ? formatHeadcount(draft.headcount) : undefined);
  add(fieldLabels.role, draft.role);
  add(
    fieldLabels.specialInsurance,
    draft.specialInsurance ? specialInsuranceLabels[draft.specialInsurance] : undefined,
  );
  add(fieldLabels.name, draft.name);
  add(fieldLabels.contact, draft.contact ? formatContact(draft.contact) : undefined);
  if (draft.datesDone || (draft.dates && draft.dates.length > 0))
    add(fieldLabels.dates, formatDates(draft, now));
  add(fieldLabels.summary, draft.summary);
  return rows;
}

export function requestToDraft(request: BookingRequest): BookingDraft {
  const draft: BookingDraft = {
    topic: request.topic,
    prefecture: request.prefecture,
    selfEmployed: request.selfEmployed,
    name: request.contactName,
    contact: request.contact,
    dates: request.preferredDates,
    datesDone: true,
    summary: request.summary,
  };
  if (request.method) draft.method = request.method;
  if (request.organisation) draft.organisation = request.organisation;
  if (request.industry) draft.industry = request.industry;
  if (request.headcount) draft.headcount = request.headcount;
  if (request.role) draft.role = request.role;
  if (request.specialInsurance) draft.specialInsurance = request.specialInsurance;
  if (request.address) draft.address = request.address;
  if (request.purpose) draft.purpose = request.purpose;
  return draft;
}

/** The staff view: everything the user gave, plus the routing and status. */
export function describeBookingForStaff(booking: Booking, deskName: string, now: Date): Row[] {
  const rows: Row[] = [
    { label: '受付番号', value: booking.reference },
    { label: '状態', value: statusLabels[booking.status] },
    { label: '窓口', value: deskName },
  ];
  if (booking.needsStaffReview) {
    rows.push({
      label: '確認事項',
      value: '個人事業主等のご相談です。対応できる支援を担当者がご確認ください。',
    });
  }
  rows.push(...describeDraft(requestToDraft(booking), booking.kind, now));
  rows.push({ label: '個人情報の同意', value: `${formatInstant(booking.consentAt, now)} に同意` });
  return rows;
}

/** The user's card for one booking in 「予約の確認」 and after a staff decision. */
export function describeBookingForUser(booking: Booking, deskName: string, now: Date): Row[] {
  const rows: Row[] = [
    { label: '受付番号', value: booking.reference },
    { label: '状態', value: statusLabels[booking.status] },
    { label: '申し込み先', value: deskName },
    { label: fieldLabels.topic, value: booking.topic },
  ];
  if (booking.scheduledAt) rows.push({ label: '日時', value: formatInstant(booking.scheduledAt, now) });
  else if (booking.status === 'alternative_proposed') {
    rows.push({
      label: 'ご提案の日時',
      value: booking.proposedDates.map((d) => formatInstant(d, now)).join('\n'),
    });
  } else {
    rows.push({ label: fieldLabels.dates, value: formatDates({ dates: booking.preferredDates }, now) });
  }
  rows.push({ label: '申し込み日', value: formatJapaneseDate(toTokyoDate(booking.createdAt)) });
  return rows;
}

export function summaryCard(title: string, rows: Row[], actions?: QuickReply[]): OutboundReply {
  return actions && actions.length > 0
    ? { type: 'summary', title, rows, actions }
    : { type: 'summary', title, rows };
}
