/**
 * The last step of a booking flow: route the confirmed draft, store it (idempotent on the flow's request
 * key) and announce it to staff through the service, then tell the user the reference number.
 */
import type { FlowContext } from '../conversation/flow.ts';
import { AppError } from '../errors.ts';
import type { OutboundReply } from '../message.ts';
import type { ConsentNotice } from './booking-prompts.ts';
import type { BookingService } from './booking-service.ts';
import type { BookingDraft, BookingKind } from './booking-types.ts';
import { formatContact } from './contact.ts';
import type { CenterDirectory, NewBooking } from './ports.ts';
import { describeDesk, routeBooking } from './routing.ts';

export async function submitBooking(
  kind: BookingKind,
  draft: BookingDraft,
  requestKey: string,
  ctx: FlowContext,
  deps: { service: BookingService; centers: CenterDirectory },
  notice: ConsentNotice,
): Promise<OutboundReply[]> {
  const routing = routeBooking(draft, deps.centers);
  const { topic, prefecture, name, contact, summary, consentAt } = draft;
  if (!routing || !topic || !prefecture || !name || !contact || !summary || !consentAt) {
    throw new AppError('bad_request', 'booking draft is incomplete', { details: { kind } });
  }
  const input: NewBooking = {
    requestKey,
    kind,
    channel: ctx.channel,
    userId: ctx.userId,
    conversationId: ctx.conversationId,
    centerId: routing.center.id,
    desk: routing.desk,
    needsStaffReview: routing.needsStaffReview,
    consentAt: new Date(consentAt),
    consentNotice: notice.version,
    topic,
    method: kind === 'consultation' ? (draft.method ?? null) : null,
    prefecture,
    organisation: draft.organisation ?? null,
    industry: draft.industry ?? null,
    headcount: draft.headcount ?? null,
    role: draft.role ?? null,
    selfEmployed: draft.selfEmployed === true,
    specialInsurance: draft.specialInsurance ?? null,
    contactName: name,
    contact,
    preferredDates: draft.dates ?? [],
    summary,
    address: draft.address ?? null,
    purpose: draft.purpose ?? null,
  };
  const booking = await deps.service.submit(input);
  const desk = describeDesk(routing.center, routing.desk);
  const lines = [`お申し込みを受け付けました。受付番号は ${booking.reference} です。`];
  if (routing.needsStaffReview) {
    lines.push(
      `個人事業主・一人親方の方へのご支援は、内容に応じて担当者がご案内しています。${desk}の担当者が内容を確認し、${formatContact(contact)} へご連絡します。`,
    );
  } else {
    lines.push(
      `${desk}の担当者が内容を確認し、${formatContact(contact)} へご連絡します。日時はまだ確定していません。`,
    );
  }
  if (routing.desk === 'regional') {
    lines.push(
      '従業員50人未満の事業場の健康診断の意見聴取や面接指導などは、地域窓口（地域産業保健センター）が担当します。',
    );
  }
  lines.push('お申し込みの状況は「予約の確認」からご覧いただけます。');
  return [
    {
      type: 'text',
      text: lines.join('\n'),
      quickReplies: [{ label: '予約の確認', postback: 'booking:list' }],
    },
  ];
}
