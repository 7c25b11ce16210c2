/**
 * The crisis reply: the very first reply to a sign of suicide, self-harm or danger to life. It leads with
 * the emergency numbers, then the verified hotlines from settings/hotlines.yaml (24-hour lines first; never
 * an unverified entry or unverified hours), then what happens next. No advice, no diagnosis.
 */
import type { OutboundReply } from '../message.ts';
import { type HotlineEntry, type HotlineSettings, selectShownHotlines } from './hotlines.ts';

export interface CrisisReplyOptions {
  /** A life is in danger right now (bleeding, an overdose taken, violence): call first, read later. */
  immediate: boolean;
  /** alerted: an urgent handoff was opened or raised; group: no handoff from a group chat. */
  staff: 'alerted' | 'group';
}

export function buildCrisisReply(settings: HotlineSettings, options: CrisisReplyOptions): OutboundReply {
  const emergency = settings.emergency.map((e) => `${e.number}（${e.label}）`);
  const lines: string[] = [
    options.immediate
      ? `今すぐ${emergency.join('または')}に電話してください。`
      : `命に危険が迫っているときは、すぐに${emergency.join('または')}に電話してください。`,
  ];
  const shown = selectShownHotlines(settings);
  const allDay = shown.filter((h) => h.always_open);
  const others = shown.filter((h) => !h.always_open);
  if (allDay.length > 0) lines.push('', '【24時間つながる相談窓口】', ...allDay.flatMap(formatHotline));
  if (others.length > 0) {
    lines.push(
      '',
      allDay.length > 0 ? '【そのほかの相談窓口】' : '【相談窓口】',
      ...others.flatMap(formatHotline),
    );
  }
  lines.push(
    '',
    options.staff === 'alerted'
      ? 'センターの担当者にもすぐに知らせました。担当者からこのトークでご連絡します。'
      : 'センターの担当者と話したいときは、このアカウントと1対1のトークでメッセージを送ってください。',
  );
  return { type: 'text', text: lines.join('\n') };
}

function formatHotline(entry: HotlineEntry): string[] {
  const hours = entry.hours.trim();
  const head = `・${entry.name} ${entry.number}${hours === '' ? '' : `（${hours}）`}`;
  return entry.note.trim() === '' ? [head] : [head, `　${entry.note.trim()}`];
}
