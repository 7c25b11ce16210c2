/**
 * The `booking:*` postbacks, outside any flow: the user's booking list (「予約の確認」), cancelling a
 * booking (asked once more before it happens), and accepting a date staff proposed.
 *   booking:list · booking:cancel:<id> · booking:cancel-confirm:<id> · booking:keep:<id>
 *   booking:accept-proposal:<id>:<n>
 */
import type { FlowContext, PostbackHandler, TextCommand } from '../conversation/flow.ts';
import type { EngineResult } from '../engine.ts';
import { isAppError } from '../errors.ts';
import type { OutboundReply, QuickReply } from '../message.ts';
import type { UserAddress } from '../user-messenger.ts';
import type { BookingService } from './booking-service.ts';
import { describeBookingForUser, formatInstant, summaryCard } from './booking-view.ts';
import { proposalChoices } from './decision-messages.ts';
import type { Booking } from './ports.ts';

/** LINE sends at most 5 messages per reply: one text and four cards. */
const maxCards = 4;
const cancellable = new Set<Booking['status']>(['requested', 'alternative_proposed', 'accepted']);

/** Typed requests for the list: 「予約の確認」「予約を確認したい」「予約状況」. */
export function isBookingListRequest(text: string): boolean {
  const t = text.normalize('NFKC').trim();
  return /^(予約|申し?込み)の?(確認|一覧|状況)(をしたい|したい|をお願いします|をする)?[。!]?$|^(予約|申し?込み)を(確認|見)/.test(
    t,
  );
}

export function createBookingPostbacks(service: BookingService): PostbackHandler & {
  listReplies(user: UserAddress, now: Date): Promise<OutboundReply[]>;
} {
  const reply = (replies: OutboundReply[]): EngineResult => ({ decision: null, replies, duplicate: false });
  const text = (message: string, quickReplies?: QuickReply[]): OutboundReply =>
    quickReplies ? { type: 'text', text: message, quickReplies } : { type: 'text', text: message };

  const listReplies = async (user: UserAddress, now: Date): Promise<OutboundReply[]> => {
    const bookings = await service.listForUser(user);
    if (bookings.length === 0) {
      return [
        text('現在、お申し込み中の予約はありません。', [
          { label: '相談を予約', postback: 'menu:consultation' },
          { label: '訪問を依頼', postback: 'menu:visit' },
        ]),
      ];
    }
    const shown = bookings.slice(0, maxCards);
    const more = bookings.length > maxCards ? `（新しい順に${maxCards}件を表示しています）` : '';
    return [
      text(`お申し込みの状況です。${more}`),
      ...shown.map((booking) =>
        summaryCard(
          `受付番号 ${booking.reference}`,
          describeBookingForUser(booking, service.deskName(booking), now),
          actionsFor(booking, now),
        ),
      ),
    ];
  };

  return {
    namespace: 'booking',
    listReplies,

    async handle(_message, payload, ctx: FlowContext) {
      if (ctx.isGroup) return reply([text('予約の確認や取り消しは、1対1のトークでお願いします。')]);
      const user: UserAddress = { channel: ctx.channel, userId: ctx.userId };
      const [action, id, arg] = payload.split(':');
      try {
        switch (action) {
          case 'list':
            return reply(await listReplies(user, ctx.now));
          case 'cancel': {
            const booking = await service.getForUser(id ?? '', user);
            if (booking === null) return reply([text('予約が見つかりませんでした。')]);
            if (!cancellable.has(booking.status))
              return reply([text(`この予約（${booking.reference}）は取り消せません。`)]);
            return reply([
              text(`受付番号 ${booking.reference}（${booking.topic}）の予約を取り消しますか？`, [
                { label: '取り消す', postback: `booking:cancel-confirm:${booking.id}` },
                { label: '取り消さない', postback: `booking:keep:${booking.id}` },
              ]),
            ]);
          }
          case 'cancel-confirm': {
            const booking = await service.cancelByUser(id ?? '', user);
            return reply([
              text(
                `予約（受付番号 ${booking.reference}）を取り消しました。センターの担当者にもお知らせしました。`,
              ),
            ]);
          }
          case 'keep':
            return reply([text('予約はそのままにしました。')]);
          case 'accept-proposal': {
            const index = Number(arg);
            if (!Number.isInteger(index) || index < 0)
              return reply([text('ご提案の日時が見つかりませんでした。')]);
            const booking = await service.acceptProposal(id ?? '', user, index);
            const when = booking.scheduledAt ? formatInstant(booking.scheduledAt, ctx.now) : '';
            return reply([
              text(
                `${when}で承りました（受付番号 ${booking.reference}）。詳しいことは担当者からご連絡します。`,
              ),
            ]);
          }
          default:
            return reply(await listReplies(user, ctx.now));
        }
      } catch (error) {
        if (isAppError(error) && error.userVisible) return reply([text(error.message)]);
        throw error;
      }
    },
  };
}

function actionsFor(booking: Booking, now: Date): QuickReply[] | undefined {
  if (booking.status === 'alternative_proposed') return proposalChoices(booking, now);
  if (cancellable.has(booking.status))
    return [{ label: '予約を取り消す', postback: `booking:cancel:${booking.id}` }];
  return undefined;
}

/** 「予約の確認」 typed as text: the same list as the `booking:list` button. */
export function createBookingListCommand(
  postbacks: Pick<ReturnType<typeof createBookingPostbacks>, 'listReplies'>,
): TextCommand {
  return {
    name: 'booking-list',
    matches: isBookingListRequest,
    handle: async (message, ctx) => ({
      decision: null,
      replies: ctx.isGroup
        ? [{ type: 'text', text: '予約の確認や取り消しは、1対1のトークでお願いします。' }]
        : await postbacks.listReplies({ channel: message.channel, userId: message.userId }, ctx.now),
      duplicate: false,
    }),
  };
}
