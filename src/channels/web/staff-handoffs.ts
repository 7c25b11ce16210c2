/**
 * The console's handoff queue: the same lifecycle calls Slack's buttons and thread replies make (claim,
 * relay, resolve, return to the bot), with the cases and their transcripts read from the database, so the
 * console stays right when Slack is configured too and a case is claimed there.
 */
import { z } from 'zod';
import type { HandoffRecord, HandoffRepository } from '../../core/handoff/handoff-repository.ts';
import type {
  ClaimOutcome,
  CloseOutcome,
  HandoffLifecycle,
  RelayOutcome,
  StaffMember,
  TakeOverOutcome,
} from '../../core/handoff/lifecycle.ts';
import type { WebStaffEventsRepository } from '../../infra/db/web-staff-events-repository.ts';
import { parseWith } from './console-request.ts';

export interface ConsoleHandoffDeps {
  lifecycle: HandoffLifecycle;
  handoffs: Pick<HandoffRepository, 'get'>;
  /** What the console's StaffDesk recorded: which cases were announced, and their conversation. */
  events: WebStaffEventsRepository;
  centerName(centerId: string | null): string;
}

/** Cases announced most recently; the ones still open or claimed form the queue. */
const announcedLimit = 100;

export const HandoffActionBody = z.object({ handoffId: z.string().min(1).max(64) });
export const HandoffReplyBody = HandoffActionBody.extend({
  text: z.string().trim().min(1).max(2000),
  /** Made by the page per reply, so a re-sent reply reaches the user once. */
  id: z.string().regex(/^[A-Za-z0-9-]{8,64}$/),
});

const isActive = (h: HandoffRecord) => h.status === 'open' || h.status === 'claimed';

export async function listHandoffsForConsole(deps: ConsoleHandoffDeps, staff: StaffMember) {
  const ids = await deps.events.listAnnouncedHandoffs(announcedLimit);
  const records = await Promise.all(ids.map((id) => deps.handoffs.get(id)));
  const active = records.filter((h): h is HandoffRecord => h !== null && isActive(h));
  // Crises first, then the oldest waiting case: the order staff should work in.
  active.sort(
    (a, b) =>
      Number(b.route === 'crisis') - Number(a.route === 'crisis') ||
      a.createdAt.getTime() - b.createdAt.getTime(),
  );
  return Promise.all(
    active.map(async (h) => {
      const notes = await deps.events.notesFor(h.id);
      return {
        id: h.id,
        route: h.route,
        urgency: h.urgency,
        status: h.status,
        claimedBy: h.claimedBy,
        claimedByMe: h.claimedBy === staff.id,
        summary: h.summary,
        centerName: deps.centerName(h.centerId),
        user: { channel: h.channel, userId: h.userId },
        createdAt: h.createdAt.toISOString(),
        workplace: notes.workplace,
        lines: notes.lines.map((line) => ({ from: line.from, text: line.text, at: line.at.toISOString() })),
      };
    }),
  );
}

/** Japanese feedback for the staff member, one per outcome the lifecycle can report. */
const claimMessages: Record<ClaimOutcome, string> = {
  claimed: '担当になりました。利用者には担当者が対応を始めたことを伝えました。返信欄から返信できます。',
  'already-yours': 'すでにあなたが担当しています。',
  'owned-by-other': 'ほかの担当者が対応しています。',
  closed: 'この引き継ぎはすでに終了しています。',
  'not-found': 'この引き継ぎは見つかりませんでした。',
};

const takeOverMessages: Record<TakeOverOutcome, string> = {
  'taken-over': '担当を引き継ぎました。利用者には担当者の交代を伝えました。返信欄から返信できます。',
  claimed: claimMessages.claimed,
  'already-yours': claimMessages['already-yours'],
  'owned-by-other': claimMessages['owned-by-other'],
  closed: claimMessages.closed,
  'not-found': claimMessages['not-found'],
};

const relayMessages: Record<RelayOutcome, string> = {
  relayed: '返信を利用者に送りました。',
  'internal-note': '「メモ:」で始まるメッセージは利用者に送られません（コンソールには残りません）。',
  'not-claimed': '返信する前に「担当する」を押してください。',
  'owned-by-other': 'ほかの担当者が対応しているため、返信は送られませんでした。',
  closed: 'この引き継ぎはすでに終了しています。',
  'not-found': 'この引き継ぎは見つかりませんでした。',
};

const closeMessages: Record<'resolve' | 'return', Record<CloseOutcome, string>> = {
  resolve: {
    closed: '解決済みにしました。利用者にお礼と評価のお願いを送りました。',
    'already-closed': 'この引き継ぎはすでに終了しています。',
    'owned-by-other': 'ほかの担当者が対応しているため、終了できません。',
    'not-found': 'この引き継ぎは見つかりませんでした。',
  },
  return: {
    closed: 'ボットに戻しました。利用者には自動応答に戻ることを伝えました。',
    'already-closed': 'この引き継ぎはすでに終了しています。',
    'owned-by-other': 'ほかの担当者が対応しているため、ボットに戻せません。',
    'not-found': 'この引き継ぎは見つかりませんでした。',
  },
};

export async function runHandoffAction(
  deps: ConsoleHandoffDeps,
  staff: StaffMember,
  action: string,
  body: unknown,
): Promise<{ outcome: string; message: string } | undefined> {
  switch (action) {
    case 'claim': {
      const { handoffId } = parseWith(HandoffActionBody, body);
      const { outcome } = await deps.lifecycle.claim(handoffId, staff);
      return { outcome, message: claimMessages[outcome] };
    }
    case 'takeover': {
      const { handoffId } = parseWith(HandoffActionBody, body);
      const { outcome } = await deps.lifecycle.takeOver(handoffId, staff);
      return { outcome, message: takeOverMessages[outcome] };
    }
    case 'reply': {
      const { handoffId, text, id } = parseWith(HandoffReplyBody, body);
      const { outcome } = await deps.lifecycle.relayStaffReply({
        handoffId,
        staff,
        text,
        messageKey: `web:${id}`,
      });
      // The lifecycle records the reply through the console's desk (recordStaffReply), as for Slack's.
      return { outcome, message: relayMessages[outcome] };
    }
    case 'resolve':
    case 'return': {
      const { handoffId } = parseWith(HandoffActionBody, body);
      const result =
        action === 'resolve'
          ? await deps.lifecycle.resolve(handoffId, staff)
          : await deps.lifecycle.returnToBot(handoffId, staff);
      return { outcome: result.outcome, message: closeMessages[action][result.outcome] };
    }
    default:
      return undefined;
  }
}
