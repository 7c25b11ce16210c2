/**
 * What the user is told, outside a reply, when staff decide on their booking. Staff notes are staff's own
 * words to the user (typed in the Slack modal), shown as such.
 */
import type { OutboundReply, QuickReply } from '../message.ts';
import { describeBookingForUser, formatInstant, summaryCard } from './booking-view.ts';
import type { Booking } from './ports.ts';

export function renderDecisionPush(booking: Booking, deskName: string, now: Date): OutboundReply[] {
  const card = summaryCard('ご予約の状況', describeBookingForUser(booking, deskName, now));
  const note = booking.staffNote ? `\n\n担当者より：${booking.staffNote}` : '';
  switch (booking.status) {
    case 'accepted': {
      const when = booking.scheduledAt ? `日時は${formatInstant(booking.scheduledAt, now)}です。` : '';
      return [
        {
          type: 'text',
          text: `ご予約（受付番号 ${booking.reference}）を${deskName}でお受けしました。${when}詳しいことは担当者からご連絡します。${note}`,
        },
        card,
      ];
    }
    case 'alternative_proposed':
      return [
        {
          type: 'text',
          text: `ご予約（受付番号 ${booking.reference}）について、${deskName}から別の日時のご提案があります。ご都合のよい日時を選んでください。${note}`,
          quickReplies: proposalChoices(booking, now),
        },
      ];
    case 'declined':
      return [
        {
          type: 'text',
          text: `申し訳ありません。ご予約（受付番号 ${booking.reference}）は、${deskName}でお受けできませんでした。${note}\n\nほかの方法でのご相談は、センターへ直接お問い合わせください。`,
        },
      ];
    default:
      return [];
  }
}

/** One button per proposed date, then a way out; at most 13 quick replies (LINE). */
export function proposalChoices(booking: Booking, now: Date): QuickReply[] {
  const choices: QuickReply[] = booking.proposedDates.slice(0, 12).map((date, index) => ({
    label: formatInstant(date, now).slice(0, 20),
    postback: `booking:accept-proposal:${booking.id}:${index}`,
  }));
  choices.push({ label: '予約を取り消す', postback: `booking:cancel:${booking.id}` });
  return choices;
}
