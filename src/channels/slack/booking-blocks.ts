/**
 * Block Kit for the booking desk: a request with Accept / Propose another date / Decline, the modal for
 * proposing dates, and the outcome line that replaces the buttons.
 */
import type { types } from '@slack/bolt';
import type { Booking } from '../../core/booking/ports.ts';
import type { BookingAnnouncement } from '../../core/staff-desk.ts';
import { caseBlockIds } from './handoff-blocks.ts';
import { clampText, escapeMrkdwn, mentionStaff, truncate } from './mrkdwn.ts';

type Block = types.KnownBlock;

export const bookingActionIds = {
  accept: 'booking_accept',
  propose: 'booking_propose',
  decline: 'booking_decline',
} as const;
export const proposeModal = {
  callbackId: 'booking_propose_modal',
  dateBlocks: ['propose_date_1', 'propose_date_2', 'propose_date_3'],
  dateAction: 'when',
  noteBlock: 'propose_note',
  noteAction: 'note',
} as const;

/** What the buttons and status line need of a booking. */
export type BookingState = Pick<Booking, 'id' | 'status' | 'decidedBy'>;

const kindTitle = { consultation: '📅 専門的相談の予約申込', visit: '🏢 個別訪問支援の申込' } as const;

export function renderBookingPost(
  event: BookingAnnouncement,
  centerName: string,
): { text: string; blocks: Block[] } {
  // 40 rows in sections of 8 is far more than a booking has, and keeps the post under 50 blocks.
  const rows = event.rows
    .slice(0, 40)
    .map((r) => `*${escapeMrkdwn(truncate(r.label, 40))}*：${escapeMrkdwn(truncate(r.value, 300))}`);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: kindTitle[event.kind], emoji: true } },
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: clampText(
            `受付番号 *${escapeMrkdwn(event.reference)}*　${escapeMrkdwn(truncate(centerName, 100))}`,
            2000,
          ),
        },
      ],
    },
  ];
  // Several sections keep each under the 3000-character limit however many rows the booking has.
  for (let i = 0; i < rows.length; i += 8) {
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: clampText(rows.slice(i, i + 8).join('\n')) },
    });
  }
  blocks.push(...renderBookingState({ id: event.bookingId, status: 'requested', decidedBy: null }));
  return { text: `${kindTitle[event.kind]}（受付番号 ${event.reference}）`, blocks };
}

/** The outcome line and, while staff may still decide, the buttons. */
export function renderBookingState(booking: BookingState): Block[] {
  const by = booking.decidedBy === null ? '' : `（${mentionStaff(booking.decidedBy.id)}）`;
  const statusText = {
    requested: '⏳ 未対応',
    accepted: `✅ 承諾しました${by}`,
    alternative_proposed: `📅 別の日時を提案しました${by}。利用者の返事を待っています`,
    declined: `🙅 お断りしました${by}`,
    cancelled: '🚫 利用者が申込を取り消しました',
  }[booking.status];
  const blocks: Block[] = [
    { type: 'context', block_id: caseBlockIds.status, elements: [{ type: 'mrkdwn', text: statusText }] },
  ];
  if (booking.status !== 'requested' && booking.status !== 'alternative_proposed') return blocks;
  const bookingId = booking.id;
  blocks.push({
    type: 'actions',
    block_id: caseBlockIds.actions,
    elements: [
      {
        type: 'button',
        action_id: bookingActionIds.accept,
        text: plain('承諾する'),
        value: bookingId,
        style: 'primary',
      },
      {
        type: 'button',
        action_id: bookingActionIds.propose,
        text: plain('別の日時を提案'),
        value: bookingId,
      },
      {
        type: 'button',
        action_id: bookingActionIds.decline,
        text: plain('お断りする'),
        value: bookingId,
        style: 'danger',
        confirm: {
          title: plain('お断りしますか？'),
          text: plain('利用者にお断りの連絡が届きます。'),
          confirm: plain('お断りする'),
          deny: plain('やめる'),
        },
      },
    ],
  });
  return blocks;
}

/**
 * The modal for proposing up to three other dates and times; `privateMetadata` carries the booking.
 * `initialAt` is the first picker's starting value (unix seconds).
 */
export function renderProposeModal(privateMetadata: string, initialAt: number): types.ModalView {
  return {
    type: 'modal',
    callback_id: proposeModal.callbackId,
    private_metadata: privateMetadata,
    title: plain('別の日時を提案'),
    submit: plain('提案する'),
    close: plain('やめる'),
    blocks: [
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: '利用者に提案する日時を選んでください。利用者はこの中から選んで返事をします。',
        },
      },
      ...proposeModal.dateBlocks.map(
        (blockId, i): Block => ({
          type: 'input',
          block_id: blockId,
          optional: i > 0,
          label: plain(`候補${i + 1}`),
          element: {
            type: 'datetimepicker',
            action_id: proposeModal.dateAction,
            ...(i === 0 ? { initial_date_time: initialAt } : {}),
          },
        }),
      ),
      {
        type: 'input',
        block_id: proposeModal.noteBlock,
        optional: true,
        label: plain('利用者へのひとこと'),
        element: {
          type: 'plain_text_input',
          action_id: proposeModal.noteAction,
          multiline: true,
          max_length: 500,
        },
      },
    ],
  };
}

/** A later change to a booking (the user picked a proposed date …), posted in the request's thread. */
export function renderBookingUpdate(event: BookingAnnouncement): { text: string; blocks: Block[] } {
  const rows = event.rows
    .slice(0, 12)
    .map((r) => `*${escapeMrkdwn(truncate(r.label, 40))}*：${escapeMrkdwn(truncate(r.value, 200))}`);
  const text = `🔄 申込（受付番号 ${event.reference}）が更新されました。`;
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(text) } },
      { type: 'section', text: { type: 'mrkdwn', text: clampText(rows.join('\n')) } },
    ],
  };
}

export function renderCancelledNote(reference: string): { text: string } {
  return { text: `🚫 利用者が申込（受付番号 ${reference}）を取り消しました。` };
}

function plain(text: string): types.PlainTextElement {
  return { type: 'plain_text', text };
}
