/**
 * Where a booking goes. The prefecture picks the center. A workplace under 50 workers asking for what the
 * regional offices (地域窓口・地域産業保健センター) provide free of charge goes to that prefecture's regional
 * desk (facts.md §2-1, §2-2). Self-employed people go to center staff for review, since the services for
 * them are still being defined (facts.md §9).
 */
import type { BookingDraft, Desk } from './booking-types.ts';
import type { Center, CenterDirectory } from './ports.ts';

/**
 * 医師の意見聴取, 長時間労働者・高ストレス者の面接指導, 保健指導, 健康相談 (安衛法66条の4/8/10), also as people
 * say them: 「医師の意見」「意見を聞きたい」「医師との面談」「産業医に面談してもらいたい」. The topic reader
 * (request-readers.ts) files the same phrases under 健康診断・面接指導, so both read one list.
 */
export const regionalServicePattern =
  /意見聴取|意見を(聴|聞|き)|医師の意見|面接指導|(医師|産業医)(の|との|による|に)?面(談|接)|保健指導|健康相談|高ストレス/;

export interface Routing {
  center: Center;
  desk: Desk;
  needsStaffReview: boolean;
}

export function isUnderFifty(draft: Pick<BookingDraft, 'headcount'>): boolean {
  return draft.headcount?.max !== undefined && draft.headcount.max !== null && draft.headcount.max < 50;
}

/** True when the request is for a service the regional offices give to small workplaces. */
export function asksForRegionalService(draft: BookingDraft): boolean {
  if (draft.topic === '健康診断・面接指導') return true;
  const text = [draft.summary, draft.purpose].filter(Boolean).join(' ');
  return regionalServicePattern.test(text);
}

export function routeBooking(draft: BookingDraft, centers: CenterDirectory): Routing | null {
  if (draft.prefecture === undefined) return null;
  const center = centers.byPrefecture(draft.prefecture);
  if (center === undefined) return null;
  if (draft.selfEmployed === true) return { center, desk: 'center', needsStaffReview: true };
  const regional = isUnderFifty(draft) && asksForRegionalService(draft);
  return { center, desk: regional ? 'regional' : 'center', needsStaffReview: false };
}

/** 「東京産業保健総合支援センター」 or 「東京産業保健総合支援センター 地域窓口（地域産業保健センター）」. */
export function describeDesk(center: Center, desk: Desk): string {
  return desk === 'regional' ? `${center.name} 地域窓口（地域産業保健センター）` : center.name;
}
