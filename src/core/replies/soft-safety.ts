/**
 * The soft safety line: added to an ordinary reply when a message carries distress and finality together
 * but the detectors are not sure it is a crisis (docs/decisions/0007-safety-net.md). It never replaces the
 * answer; it adds one gentle line with a verified 24-hour line and the offer of a person. Staff are told
 * with a normal-priority watch handoff, so the line says so.
 */
import type { OutboundReply } from '../message.ts';
import { type HotlineSettings, selectShownHotlines } from './hotlines.ts';
import { menuQuickReply } from './menu.ts';

/** A phrase only the soft line uses: evaluation recognises the line by it. */
export const softSafetyMarker = 'おつらい気持ちが続くときは';

export function softSafetyReply(settings: HotlineSettings): OutboundReply {
  const allDay = selectShownHotlines(settings).find((h) => h.always_open);
  const line =
    allDay === undefined
      ? ''
      : `${allDay.name}（${allDay.number}${allDay.hours.trim() === '' ? '' : `、${allDay.hours.trim()}`}）にいつでも電話で相談できます。`;
  return {
    type: 'text',
    text:
      `${softSafetyMarker}、ひとりで抱えずに誰かに話してみてください。${line}` +
      'センターの担当者にもお伝えしました。担当者と話したいときは、下のボタンからどうぞ。',
    quickReplies: [menuQuickReply('staff')],
  };
}
